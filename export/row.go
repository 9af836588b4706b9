package export

import (
	"encoding/json"
	"math"
	"strconv"

	"custimport/linear"
	"custimport/record"
)

// Row is one customer as an export writes it. Undefined fields are left
// out. A reference to a user, status or tier is in Owner, Status or Tier
// as a word when [Names] has one for its id. Otherwise it is in OwnerID,
// StatusID or TierID as the id, so only one of each pair is set.
type Row struct {
	ID             string
	Name           string
	Domains        []string
	ExternalIDs    []string
	SlackChannelID record.Opt[string]
	Owner          record.Opt[string]
	OwnerID        record.Opt[string]
	Status         record.Opt[string]
	StatusID       record.Opt[string]
	Tier           record.Opt[string]
	TierID         record.Opt[string]
	Revenue        record.Opt[int64]
	// Size is a decimal number as text: a whole number has no decimal
	// point, because the API's Customer.size is a Float while
	// CustomerCreateInput.size is an Int.
	Size         record.Opt[json.Number]
	LogoURL      record.Opt[string]
	MainSourceID record.Opt[string]
}

// Row converts a customer read from the API. A null field becomes
// undefined. n may be nil, which writes every reference as its id.
func (n *Names) Row(c *linear.Customer) Row {
	r := Row{
		ID:             c.ID,
		Name:           c.Name,
		Domains:        c.Domains,
		ExternalIDs:    c.ExternalIDs,
		SlackChannelID: valueOnly(c.SlackChannelID),
		Revenue:        valueOnly(c.Revenue),
		LogoURL:        valueOnly(c.LogoURL),
		MainSourceID:   valueOnly(c.MainSourceID),
	}
	if size, ok := c.Size.Get(); ok {
		r.Size = record.Some(FormatSize(size))
	}
	if c.Owner != nil {
		r.Owner, r.OwnerID = reference(n.Owner, c.Owner.ID)
	}
	if c.Status != nil {
		r.Status, r.StatusID = reference(n.Status, c.Status.ID)
	}
	if c.Tier != nil {
		r.Tier, r.TierID = reference(n.Tier, c.Tier.ID)
	}
	return r
}

// valueOnly turns a null Opt into an undefined one.
func valueOnly[T any](o record.Opt[T]) record.Opt[T] {
	if o.IsSet() {
		return o
	}
	return record.Opt[T]{}
}

// reference returns the word for id when lookup has one, or else the id.
func reference(lookup func(string) (string, bool), id string) (word, rawID record.Opt[string]) {
	if id == "" {
		return word, rawID
	}
	if w, ok := lookup(id); ok {
		return record.Some(w), rawID
	}
	return word, record.Some(id)
}

// FormatSize writes a size as a plain decimal number: a whole number as
// an integer with no decimal point or exponent, anything else with the
// fewest digits that read back as v. The importer rejects a fraction
// rather than rounding it, so a fractional size shows up there as an
// invalid row.
func FormatSize(v float64) json.Number {
	if v == math.Trunc(v) && math.Abs(v) < 1<<63 {
		return json.Number(strconv.FormatInt(int64(v), 10))
	}
	return json.Number(strconv.FormatFloat(v, 'f', -1, 64))
}
