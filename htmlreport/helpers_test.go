package htmlreport

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"custimport/record"
)

// testLine is one report line as the importer writes it.
type testLine struct {
	Row    int                 `json:"row"`
	Line   int                 `json:"line"`
	Status string              `json:"status"`
	Input  map[string]any      `json:"input,omitempty"`
	ID     string              `json:"id,omitempty"`
	Errors []record.FieldError `json:"errors"`
	Notes  []string            `json:"notes,omitempty"`
	Reason string              `json:"reason,omitempty"`
}

func named(row int, status, name string, errs ...record.FieldError) testLine {
	l := testLine{Row: row, Line: row, Status: status, Errors: errs}
	if name != "" {
		l.Input = map[string]any{"name": name}
	}
	if l.Errors == nil {
		l.Errors = []record.FieldError{}
	}
	return l
}

func fe(field, code, value string) record.FieldError {
	return record.FieldError{
		Field: field, Code: code, Value: value,
		Message: "column " + field + ": " + code + " for " + value,
	}
}

// reportOf encodes lines as a JSON Lines report.
func reportOf(t testing.TB, lines ...testLine) *bytes.Buffer {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			t.Fatal(err)
		}
	}
	return &b
}

// collect runs the collector over a report given as text.
func collect(t testing.TB, report string, opts Options) *collector {
	t.Helper()
	c := newCollector(opts.withDefaults())
	if err := c.read(strings.NewReader(report)); err != nil {
		t.Fatalf("read: %v", err)
	}
	return c
}

// buildPage builds the page for a report and returns it as text.
func buildPage(t testing.TB, report *bytes.Buffer, meta Meta, opts Options) string {
	t.Helper()
	var out bytes.Buffer
	if err := Write(&out, report, meta, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return out.String()
}
