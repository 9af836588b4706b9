package record

// Codes of FieldError for resolving owner, status and tier words and ids
// against the workspace (package resolve). Like the codes in codes.go,
// each is stable.
const (
	CodeUnknownOwner       = "unknown_owner"
	CodeAmbiguousOwner     = "ambiguous_owner"
	CodeOwnerNotAssignable = "owner_not_assignable"
	CodeUnknownOwnerID     = "unknown_owner_id"
	CodeOwnerMismatch      = "owner_mismatch"

	CodeUnknownStatus   = "unknown_status"
	CodeAmbiguousStatus = "ambiguous_status"
	CodeUnknownStatusID = "unknown_status_id"
	CodeStatusMismatch  = "status_mismatch"

	CodeUnknownTier    = "unknown_tier"
	CodeAmbiguousTier  = "ambiguous_tier"
	CodeUnknownTierID  = "unknown_tier_id"
	CodeTierMismatch   = "tier_mismatch"
	CodeTierNotCreated = "tier_not_created"
)

// The resolve stage's entries come last in the catalogue, after the
// stages that run before it.
func init() {
	catalogue = append(catalogue, resolveCatalogue...)
}

var resolveCatalogue = []codeEntry{
	{CodeUnknownOwner,
		"No user of the workspace has this email, name or display name. Letter case, accents and extra spaces are ignored.",
		"Write the email of a workspace member, as shown in Linear's member list; the message lists the closest names."},
	{CodeAmbiguousOwner,
		"More than one user of the workspace has this name or display name, so the owner is unclear.",
		"Write the email of the user you mean; the message lists the emails of the matching users."},
	{CodeOwnerNotAssignable,
		"The user exists but cannot own customers: it is an app (bot) user, or its account is disabled.",
		"Name an active workspace member, or leave the cell blank for no owner."},
	{CodeUnknownOwnerID,
		"No user of the workspace has this id. Ids are compared exactly, letter case included.",
		"Check the id, or give the owner's email in an owner column instead."},
	{CodeOwnerMismatch,
		"The row names an owner both by word and by id, and the two are different users.",
		"Keep one of the two cells, or make them name the same user."},
	{CodeUnknownStatus,
		"No customer status of the workspace has this name or display name. Letter case, accents and extra spaces are ignored.",
		"Write the name of one of the workspace's customer statuses (the message lists the closest), or create the status in Linear first."},
	{CodeAmbiguousStatus,
		"More than one customer status has this name or display name, so the status is unclear.",
		"Give the status id in a statusId column, or rename one of the statuses in Linear."},
	{CodeUnknownStatusID,
		"No customer status of the workspace has this id. Ids are compared exactly, letter case included.",
		"Check the id, or give the status name in a status column instead."},
	{CodeStatusMismatch,
		"The row names a customer status both by word and by id, and the two are different statuses.",
		"Keep one of the two cells, or make them name the same status."},
	{CodeUnknownTier,
		"No customer tier of the workspace has this name or display name. Letter case, accents and extra spaces are ignored.",
		"Write the name of one of the workspace's tiers (the message lists the closest), or pass --create-missing-tiers to create it."},
	{CodeAmbiguousTier,
		"More than one customer tier has this name or display name, so the tier is unclear.",
		"Give the tier id in a tierId column, or rename one of the tiers in Linear."},
	{CodeUnknownTierID,
		"No customer tier of the workspace has this id. Ids are compared exactly, letter case included.",
		"Check the id, or give the tier name in a tier column instead."},
	{CodeTierMismatch,
		"The row names a customer tier both by word and by id, and the two are different tiers.",
		"Keep one of the two cells, or make them name the same tier."},
	{CodeTierNotCreated,
		"The tier is missing from the workspace, --create-missing-tiers asked to create it, and creating it failed.",
		"Create the tier in Linear, or fix the cause the message gives and run again."},
}
