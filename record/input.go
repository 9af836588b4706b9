package record

// Input is Linear's CustomerCreateInput. Every field but Name is optional:
// an undefined field is left out of the request, which is not the same as
// sending null (null also cancels the server's empty-list default of
// domains and externalIds).
type Input struct {
	ID             Opt[string]   `json:"id,omitzero"`
	Name           string        `json:"name"`
	Domains        Opt[[]string] `json:"domains,omitzero"`
	ExternalIDs    Opt[[]string] `json:"externalIds,omitzero"`
	SlackChannelID Opt[string]   `json:"slackChannelId,omitzero"`
	OwnerID        Opt[string]   `json:"ownerId,omitzero"`
	StatusID       Opt[string]   `json:"statusId,omitzero"`
	Revenue        Opt[int64]    `json:"revenue,omitzero"`
	Size           Opt[int64]    `json:"size,omitzero"`
	TierID         Opt[string]   `json:"tierId,omitzero"`
	LogoURL        Opt[string]   `json:"logoUrl,omitzero"`
	MainSourceID   Opt[string]   `json:"mainSourceId,omitzero"`
}

// Refs holds the words a spreadsheet uses for workspace objects that the
// API wants by id: an owner by email or name, a status or tier by name.
// They are resolved against the workspace before a row is sent.
type Refs struct {
	Owner  string `json:"owner,omitempty"`
	Status string `json:"status,omitempty"`
	Tier   string `json:"tier,omitempty"`
}

// IsZero reports whether no reference is set.
func (r Refs) IsZero() bool { return r == Refs{} }
