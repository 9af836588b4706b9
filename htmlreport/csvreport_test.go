package htmlreport

import (
	"bytes"
	"maps"
	"testing"

	"custimport/record"
	"custimport/reports"
)

// writeReport writes lines through the importer's own report writer.
func writeReport(t *testing.T, format string, lines []reports.Line) string {
	t.Helper()
	var b bytes.Buffer
	w, err := reports.NewWriter(&b, format)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lines {
		if err := w.Write(&lines[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCollectCSVMatchesJSONLines(t *testing.T) {
	in := &record.Input{Name: "=cmd|' /C calc'!A0"}
	lines := []reports.Line{
		{Row: 2, Line: 2, Status: reports.Created, Input: in, ID: "id-1"},
		{Row: 3, Line: 3, Status: reports.Invalid, Errors: []record.FieldError{
			{Field: "revenue", Code: "fraction", Message: "row 3, revenue: 1.5 has a fraction", Value: "1.5"},
			{Field: "", Code: "wrong_cell_count", Message: "row 3 has 4 cells; the header has 5"},
		}},
		{Row: 4, Line: 5, Status: reports.Failed, Input: &record.Input{Name: "Acme; Co"}, Errors: []record.FieldError{
			{Field: "domains", Code: "duplicate_in_file", Message: "-domains acme.com | already used", Value: "acme.com"},
		}},
		{Row: 5, Line: 6, Status: reports.Skipped, Reason: "blank"},
	}
	fromJSON := collect(t, writeReport(t, "jsonl", lines), Options{})
	fromCSV := collect(t, writeReport(t, "csv", lines), Options{})

	if fromCSV.unreadable != 0 {
		t.Errorf("CSV report: %d unreadable lines", fromCSV.unreadable)
	}
	if fromCSV.counts != fromJSON.counts {
		t.Errorf("CSV counts %v, JSON Lines counts %v", fromCSV.counts, fromJSON.counts)
	}
	if !maps.Equal(fromCSV.cells, fromJSON.cells) {
		t.Errorf("CSV cells %v, JSON Lines cells %v", fromCSV.cells, fromJSON.cells)
	}
	if !maps.Equal(fromCSV.reasons.counts, fromJSON.reasons.counts) {
		t.Errorf("CSV reasons %v, JSON Lines reasons %v", fromCSV.reasons.counts, fromJSON.reasons.counts)
	}
	if len(fromCSV.rows) != 2 {
		t.Fatalf("CSV sampled rows = %d, want 2", len(fromCSV.rows))
	}
	if got := fromCSV.rows[0].Errors[0][3]; got != "row 3, revenue: 1.5 has a fraction" {
		t.Errorf("CSV first message = %q", got)
	}
	if got := fromCSV.rows[1].Errors[0][3]; got != "-domains acme.com | already used" {
		t.Errorf("CSV message with a separator and a neutralised start = %q", got)
	}
	if got := fromCSV.rows[1].Name; got != "Acme; Co" {
		t.Errorf("CSV name = %q, want %q", got, "Acme; Co")
	}
}

func TestCSVErrors(t *testing.T) {
	tests := []struct {
		name                    string
		fields, codes, messages string
		want                    []reportError
	}{
		{"none", "", "", "", nil},
		{"one row-level", "", "wrong_cell_count", "short row",
			[]reportError{{Code: "wrong_cell_count", Message: "short row"}}},
		{"two", "revenue;", "fraction;wrong_cell_count", "a | b",
			[]reportError{{Field: "revenue", Code: "fraction", Message: "a"}, {Code: "wrong_cell_count", Message: "b"}}},
		{"message with separator", "revenue;size", "fraction;fraction", "a | b | c",
			[]reportError{{Field: "revenue", Code: "fraction", Message: "a | b | c"}, {Field: "size", Code: "fraction"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := csvErrors(nil, tt.fields, tt.codes, tt.messages)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors %v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("error %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
