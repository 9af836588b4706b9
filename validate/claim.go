package validate

import (
	"fmt"
	"math"

	"custimport/record"
)

// keyKind keeps keys of different fields apart when hashed together.
type keyKind byte

const (
	keyID keyKind = iota + 1
	keyDomain
	keyExternalID
	keySlackChannel
)

// Claim registers the keys of a row that passed Row: its id, each domain,
// each external id and its Slack channel id, all of which must be unique
// across the workspace. Rows must be claimed in input order. A key that an
// earlier row claimed gives a duplicate_in_file error that names that row.
// A row with such an error claims none of its keys.
//
// Memory grows with the number of distinct keys only: each is stored as a
// 64-bit hash mapped to a 32-bit row number.
//
// NOTE: two different keys with the same 64-bit hash would be reported as
// a duplicate. With n keys the chance is about n*n/2^65 (3e-6 for ten
// million keys).
func (v *Validator) Claim(row int, in *record.Input) []record.FieldError {
	if in == nil {
		return nil
	}
	var errs []record.FieldError
	v.pending = v.pending[:0]
	if id, ok := in.ID.Get(); ok {
		errs = v.claimKey(row, keyID, record.FieldID, id, errs)
	}
	for _, d := range in.Domains.Value() {
		errs = v.claimKey(row, keyDomain, record.FieldDomains, d, errs)
	}
	for _, id := range in.ExternalIDs.Value() {
		errs = v.claimKey(row, keyExternalID, record.FieldExternalIDs, id, errs)
	}
	if id, ok := in.SlackChannelID.Get(); ok {
		errs = v.claimKey(row, keySlackChannel, record.FieldSlackChannelID, id, errs)
	}
	if len(errs) > 0 {
		return errs
	}
	for _, h := range v.pending {
		v.claimed[h] = rowNumber(row)
	}
	return nil
}

// claimKey appends to errs an error if an earlier row claimed the key,
// and otherwise adds the key to v.pending.
func (v *Validator) claimKey(row int, kind keyKind, f record.Field, value string,
	errs []record.FieldError) []record.FieldError {
	v.hash.Reset()
	v.hash.WriteByte(byte(kind))
	v.hash.WriteString(value)
	h := v.hash.Sum64()
	earlier, found := v.claimed[h]
	if !found {
		v.pending = append(v.pending, h)
		return errs
	}
	msg := fmt.Sprintf("row %d, %s %q: %s is already used by row %d of this file; "+
		"merge the two rows into one customer, or give each its own value",
		row, v.unit, v.column(f), quoteClipped(value), earlier)
	return append(errs, record.FieldError{
		Field: f.String(), Code: record.CodeDuplicateInFile, Message: msg, Value: value,
	})
}

// rowNumber fits row into the int32 that Claim stores.
//
// NOTE: rows past 2147483647 are all stored as 2147483647, so a message
// about a duplicate that far into a file names that row number.
func rowNumber(row int) int32 {
	return int32(max(min(row, math.MaxInt32), math.MinInt32))
}
