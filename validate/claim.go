package validate

import (
	"fmt"
	"hash/maphash"
	"math"

	"custimport/record"
)

// keyKind keeps keys of different fields apart: each kind hashes with
// its own seed.
type keyKind byte

const (
	keyID keyKind = iota
	keyDomain
	keyExternalID
	keySlackChannel
	numKeyKinds
)

// Claim registers the keys of a row's input as Row returned it: its id,
// each domain, each external id and its Slack channel id, all of which
// must be unique across the workspace. Rows must be claimed in input
// order. A key that an earlier row claimed gives a duplicate_in_file error
// that names that row; the row's other keys are claimed all the same. A
// row that Row found other errors in may be claimed too. Either way its
// accepted values are still the customer's, so a later row that repeats
// one is reported in the same run rather than after the first row is
// fixed.
//
// Claim is not safe for concurrent use: call it from one goroutine, in
// row order, while other goroutines call Row.
//
// Memory grows with the number of distinct keys only: each is stored as a
// 64-bit hash and a 32-bit row number in an open-addressing table, which
// takes 15 to 30 bytes a key, or 15 when Options.ExpectedKeys was right.
//
// NOTE: two different keys with the same 64-bit hash would be reported as
// a duplicate. With n keys the chance is about n*n/2^65 (3e-6 for ten
// million keys).
func (v *Validator) Claim(row int, in *record.Input) []record.FieldError {
	if in == nil {
		return nil
	}
	keys := v.rowKeys(in)
	v.claimed.touch(keys)
	var errs []record.FieldError
	for _, k := range keys {
		if earlier, found := v.claimed.find(k.hash); found {
			if earlier != rowNumber(row) { // a key twice in one row is no repeat
				errs = append(errs, v.duplicateError(row, k, earlier))
			}
			continue
		}
		v.claimed.put(k.hash, rowNumber(row))
	}
	return errs
}

// A rowKey is one key of a row, hashed.
type rowKey struct {
	hash  uint64
	field record.Field
	value string
}

// rowKeys returns the keys of in, in a slice that the next call reuses.
func (v *Validator) rowKeys(in *record.Input) []rowKey {
	keys := v.keys[:0]
	add := func(kind keyKind, f record.Field, value string) {
		keys = append(keys, rowKey{maphash.String(v.seeds[kind], value), f, value})
	}
	if id, ok := in.ID.Get(); ok {
		add(keyID, record.FieldID, id)
	}
	for _, d := range in.Domains.Value() {
		add(keyDomain, record.FieldDomains, d)
	}
	for _, id := range in.ExternalIDs.Value() {
		add(keyExternalID, record.FieldExternalIDs, id)
	}
	if id, ok := in.SlackChannelID.Get(); ok {
		add(keySlackChannel, record.FieldSlackChannelID, id)
	}
	v.keys = keys
	return keys
}

// duplicateError returns the error for key k of row, which an earlier
// row claimed.
func (v *Validator) duplicateError(row int, k rowKey, earlier int32) record.FieldError {
	msg := fmt.Sprintf("row %d, %s %q: %s is already used by row %d of this file; "+
		"merge the two rows into one customer, or give each its own value",
		row, v.unit(), v.column(k.field), quoteClipped(k.value), earlier)
	return record.FieldError{
		Field: k.field.String(), Code: record.CodeDuplicateInFile, Message: msg, Value: k.value,
	}
}

// rowNumber fits row into the int32 that Claim stores.
//
// NOTE: rows past 2147483647 are all stored as 2147483647, so a message
// about a duplicate that far into a file names that row number.
func rowNumber(row int) int32 {
	return int32(max(min(row, math.MaxInt32), math.MinInt32))
}
