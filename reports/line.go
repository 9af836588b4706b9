// Package reports writes the per-row report of a run (JSON Lines or CSV),
// the rejects file that repeats the rows that did not go through, and the
// run summary.
package reports

import (
	"custimport/record"
)

// Status is the outcome of one input record.
type Status string

// The statuses a report line can have.
const (
	Valid   Status = "valid"   // passed validation in a dry run
	Invalid Status = "invalid" // rejected before sending
	Created Status = "created"
	Updated Status = "updated"
	Skipped Status = "skipped" // blank record, report footer, or an existing customer kept as is
	Failed  Status = "failed"  // sent, but the workspace did not take it
)

// Line is one report line: the outcome of one input record.
type Line struct {
	Row    int    `json:"row"`
	Line   int    `json:"line"`
	Status Status `json:"status"`
	// Input is the CustomerCreateInput sent, or that would be sent; nil
	// for a row that never became one (blank, invalid).
	Input  *record.Input       `json:"input,omitempty"`
	ID     string              `json:"id,omitempty"`
	Errors []record.FieldError `json:"errors"`
	// Refs are the owner, status and tier words the row names, kept
	// when they are not resolved to ids.
	Refs *record.Refs `json:"refs,omitempty"`
	// Notes lists normalisations made to the row's values.
	Notes []string `json:"notes,omitempty"`
	// Reason is why a row was skipped ("blank", "report footer", ...).
	Reason string `json:"reason,omitempty"`
	// Fingerprint identifies the row's content, so that a resumed run
	// can tell whether the row changed since.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Done reports whether the line's record reached the workspace, so a
// resumed run need not send it again.
func (l *Line) Done() bool {
	return l.Status == Created || l.Status == Updated || l.Status == Skipped && l.ID != ""
}
