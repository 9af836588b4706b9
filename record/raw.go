package record

// Field names one column target: a CustomerCreateInput field, or one of
// the extra targets that spreadsheets carry (an owner email, a status
// name, additional domains, a website).
type Field int

// The targets a column can map to. Their String forms are the gocsv
// column tags of Raw and the names used in column mappings.
const (
	FieldID Field = iota
	FieldName
	FieldDomains
	FieldAdditionalDomains // more domains, merged with FieldDomains
	FieldWebsite           // a URL, used for domains only when no domain cell has a value
	FieldExternalIDs
	FieldSlackChannelID
	FieldOwner // an email, full name or display name
	FieldOwnerID
	FieldStatus // a status name
	FieldStatusID
	FieldRevenue
	FieldSize
	FieldTier // a tier name
	FieldTierID
	FieldLogoURL
	FieldMainSourceID
	NumFields int = iota
)

var fieldNames = [NumFields]string{
	"id", "name", "domains", "additionalDomains", "website", "externalIds",
	"slackChannelId", "owner", "ownerId", "status", "statusId", "revenue",
	"size", "tier", "tierId", "logoUrl", "mainSourceId",
}

func (f Field) String() string {
	if f < 0 || int(f) >= NumFields {
		return "unknown"
	}
	return fieldNames[f]
}

// ParseField returns the Field whose String form is name, exactly.
func ParseField(name string) (Field, bool) {
	for i, n := range fieldNames {
		if n == name {
			return Field(i), true
		}
	}
	return 0, false
}

// Raw is one record as read from a file, before validation: each target's
// cell text, untouched but for the blank-is-undefined rule. CSV rows are
// mapped onto it by gocsv through the csv tags; JSON records fill it
// directly, and also fill Lists for values that were JSON arrays.
type Raw struct {
	ID                Opt[string] `csv:"id"`
	Name              Opt[string] `csv:"name"`
	Domains           Opt[string] `csv:"domains"`
	AdditionalDomains Opt[string] `csv:"additionalDomains"`
	Website           Opt[string] `csv:"website"`
	ExternalIDs       Opt[string] `csv:"externalIds"`
	SlackChannelID    Opt[string] `csv:"slackChannelId"`
	Owner             Opt[string] `csv:"owner"`
	OwnerID           Opt[string] `csv:"ownerId"`
	Status            Opt[string] `csv:"status"`
	StatusID          Opt[string] `csv:"statusId"`
	Revenue           Opt[string] `csv:"revenue"`
	Size              Opt[string] `csv:"size"`
	Tier              Opt[string] `csv:"tier"`
	TierID            Opt[string] `csv:"tierId"`
	LogoURL           Opt[string] `csv:"logoUrl"`
	MainSourceID      Opt[string] `csv:"mainSourceId"`

	// JSON holds what only JSON records have; nil for CSV rows.
	JSON *JSONValues `csv:"-"`
}

// JSONValues carries the parts of a JSON record that do not fit a cell.
type JSONValues struct {
	// Lists holds, per Field, the elements of a value that was a JSON
	// array of scalars (strings and numbers as written, null elements as
	// null). The matching Raw cell is then undefined.
	Lists [NumFields][]Opt[string]
	// Kinds names, per Field, a JSON type that the field cannot take
	// ("boolean", "object", "array of objects"); empty when the value fit.
	Kinds [NumFields]string
}

// Cell returns a pointer to the cell of field f.
func (r *Raw) Cell(f Field) *Opt[string] {
	switch f {
	case FieldID:
		return &r.ID
	case FieldName:
		return &r.Name
	case FieldDomains:
		return &r.Domains
	case FieldAdditionalDomains:
		return &r.AdditionalDomains
	case FieldWebsite:
		return &r.Website
	case FieldExternalIDs:
		return &r.ExternalIDs
	case FieldSlackChannelID:
		return &r.SlackChannelID
	case FieldOwner:
		return &r.Owner
	case FieldOwnerID:
		return &r.OwnerID
	case FieldStatus:
		return &r.Status
	case FieldStatusID:
		return &r.StatusID
	case FieldRevenue:
		return &r.Revenue
	case FieldSize:
		return &r.Size
	case FieldTier:
		return &r.Tier
	case FieldTierID:
		return &r.TierID
	case FieldLogoURL:
		return &r.LogoURL
	case FieldMainSourceID:
		return &r.MainSourceID
	}
	return nil
}
