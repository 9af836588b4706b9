// Package validate turns the raw cells of one row into Linear's
// CustomerCreateInput, or into errors that name the row, the column, the
// value and the fix. It also checks that the ids, domains, external ids
// and Slack channels of a file's rows do not repeat.
package validate

import (
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"sync/atomic"

	"custimport/record"
)

// Options configures a Validator. The zero value applies the strict rules.
type Options struct {
	// Columns holds, per target, the column header or JSON key as written
	// in the file, for messages. An empty entry falls back to the
	// target's name.
	Columns [record.NumFields]string
	// AllowDomains lists domains to accept even though they belong to a
	// public email provider (--allow-domain).
	AllowDomains []string
	// LenientNumbers makes revenue and size accept thousands separators,
	// a decimal comma and currency symbols or codes (--lenient-numbers).
	LenientNumbers bool
	// NullValues lists extra cell texts that mean undefined (--null-value).
	// They are compared after trimming, case-insensitively, and take
	// precedence over the placeholder check.
	NullValues []string
	// ExpectedKeys is the number of keys (ids, domains, external ids and
	// Slack channels) the file is expected to have, so that Claim can size
	// its table once. 0 starts small and grows as needed.
	ExpectedKeys int
}

// Result is the outcome of checking one row with Row.
type Result struct {
	Input  record.Input
	Refs   record.Refs         // owner, status and tier words to resolve against the workspace
	Notes  []string            // normalisations made, such as a domain read from a URL
	Errors []record.FieldError // empty when the row is valid
}

// A Validator checks the rows of one file. Row is safe for concurrent
// use by several goroutines. Claim is not: one goroutine calls it.
type Validator struct {
	opts    Options
	nulls   map[string]bool // Options.NullValues in lower case
	allowed map[string]bool // Options.AllowDomains as checked domains

	// jsonSeen is set once a JSON record was seen. Messages then name a
	// "key" instead of a "column".
	jsonSeen atomic.Bool

	seeds   [numKeyKinds]maphash.Seed
	claimed keyTable // key hash to the row that claimed it
	keys    []rowKey // scratch for Claim
}

// New returns a Validator configured by opts.
func New(opts Options) *Validator {
	v := &Validator{
		opts:    opts,
		nulls:   make(map[string]bool, len(opts.NullValues)),
		allowed: allowedDomains(opts.AllowDomains),
		claimed: newKeyTable(opts.ExpectedKeys),
	}
	for _, s := range opts.NullValues {
		v.nulls[strings.ToLower(trimSpace(s))] = true
	}
	for i := range v.seeds {
		v.seeds[i] = maphash.MakeSeed()
	}
	return v
}

// Row checks the cells of one row and returns the CustomerCreateInput
// they make, or every error found in them. row is the row number shown
// in messages. skip lists the errors that reading the row already found:
// the fields they name are not checked again, and they are not repeated
// in Result.Errors, so the caller merges the two. Errors name the
// CustomerCreateInput field a target feeds: a website or additional
// domain counts as domains, an owner, status or tier word as ownerId,
// statusId or tierId.
//
// Row is safe for concurrent use by several goroutines, also while one
// goroutine calls Claim. Row reads raw and skip and keeps no reference
// to them; Result's strings may share memory with raw's cells.
func (v *Validator) Row(row int, raw *record.Raw, skip []record.FieldError) Result {
	if raw == nil {
		raw = &record.Raw{}
	}
	if raw.JSON != nil && !v.jsonSeen.Load() {
		v.jsonSeen.Store(true)
	}
	c := rowCheck{v: v, row: row, raw: raw, skip: skip, keepIDs: raw.MainSourceID.IsSet()}
	c.checkID()
	c.checkName()
	c.checkDomains()
	c.checkExternalIDs()
	c.checkTextIDs()
	c.checkNumber(record.FieldRevenue, &c.res.Input.Revenue)
	c.checkNumber(record.FieldSize, &c.res.Input.Size)
	c.checkLogoURL()
	c.checkMainSource()
	c.checkRefs()
	return c.res
}

// unit returns the word for a value's place in messages: "column", or
// "key" once a JSON record was seen.
func (v *Validator) unit() string {
	if v.jsonSeen.Load() {
		return "key"
	}
	return "column"
}

// column returns the column header or JSON key of target f as written.
func (v *Validator) column(f record.Field) string {
	if name := v.opts.Columns[f]; name != "" {
		return name
	}
	return f.String()
}

func (v *Validator) isNull(s string) bool {
	return len(v.nulls) > 0 && v.nulls[strings.ToLower(s)]
}

// rowCheck is the state of one call to Row.
type rowCheck struct {
	v    *Validator
	row  int
	raw  *record.Raw
	skip []record.FieldError
	res  Result

	domains []string // accepted domains, in order
	extIDs  []string // accepted externalIds, in order
	allIDs  []string // every externalIds element, accepted or not, when keepIDs
	keepIDs bool     // the row has a mainSourceId to compare with allIDs
}

// fail records an error about value in the column of target f.
func (c *rowCheck) fail(f record.Field, value string, p problem) {
	msg := fmt.Sprintf("row %d, %s %q: %s %s; %s",
		c.row, c.v.unit(), c.v.column(f), quoteClipped(value), p.reason, p.fix)
	c.res.Errors = append(c.res.Errors, record.FieldError{
		Field: fieldName(f), Code: p.code, Message: msg, Value: value,
	})
}

// failValueless records an error about a value that has no text of its
// own, such as a missing name or a JSON boolean.
func (c *rowCheck) failValueless(f record.Field, p problem) {
	msg := fmt.Sprintf("row %d, %s %q: the value %s; %s",
		c.row, c.v.unit(), c.v.column(f), p.reason, p.fix)
	c.res.Errors = append(c.res.Errors, record.FieldError{
		Field: fieldName(f), Code: p.code, Message: msg,
	})
}

// note records that the text from in the column of target f was read as to.
func (c *rowCheck) note(f record.Field, from, to string) {
	c.res.Notes = append(c.res.Notes,
		fmt.Sprintf("%s: %s read as %s", c.v.column(f), quoteClipped(from), to))
}

// maxQuoted is the number of runes of a value that messages quote.
const maxQuoted = 100

// quoteClipped quotes s as Go does, cutting it to maxQuoted runes.
func quoteClipped(s string) string {
	n := 0
	for i := range s {
		if n == maxQuoted {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}

// skipped reports whether the errors given to Row already name target f.
func (c *rowCheck) skipped(f record.Field) bool {
	for _, e := range c.skip {
		if e.Field != "" && (e.Field == f.String() || e.Field == fieldName(f)) {
			return true
		}
	}
	return false
}
