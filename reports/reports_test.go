package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"custimport/record"
)

func TestAppendLineMatchesEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		line Line
	}{
		{"minimal", Line{Row: 2, Line: 2, Status: Valid, Input: &record.Input{Name: "Acme"}}},
		{"every field", Line{Row: 3, Line: 4, Status: Created, ID: "b06b392d-bbef-4644-9604-ea7aaa56f796", Input: &record.Input{
			ID: record.Some("b06b392d-bbef-4644-9604-ea7aaa56f796"), Name: "Acme \"Red\"\n<b>&",
			Domains: record.Some([]string{"acme.com", "acme.io"}), ExternalIDs: record.Some([]string{"007"}),
			SlackChannelID: record.Some("C1"), OwnerID: record.Some("u1"), StatusID: record.Some("s1"),
			Revenue: record.Some[int64](2147483647), Size: record.Some[int64](0), TierID: record.Some("t1"),
			LogoURL: record.Some("https://a.example/x.png?a=1&b=2"), MainSourceID: record.Some("007"),
		}}},
		{"nulls", Line{Row: 5, Line: 5, Status: Valid, Input: &record.Input{
			ID: record.Null[string](), Name: "x", Domains: record.Null[[]string](), Revenue: record.Null[int64](),
		}}},
		{"errors and extras", Line{Row: 9, Line: 12, Status: Invalid,
			Errors: []record.FieldError{{Field: "revenue", Code: "fraction", Message: "row 9: \"1.5\"\t\u2028", Value: "1.5"}, {Code: "wrong_cell_count", Message: "m"}},
			Refs:   &record.Refs{Owner: "ana@example.com", Tier: "Gold"}, Notes: []string{"n1", "n2"}, Reason: "r", Fingerprint: "f"}},
		{"refs without owner", Line{Row: 10, Status: Valid, Refs: &record.Refs{Status: "Active", Tier: "Gold"}}},
		{"refs with tier alone", Line{Row: 11, Status: Valid, Refs: &record.Refs{Tier: "Gold"}}},
		{"control and invalid bytes", Line{Row: 1, Status: Skipped, Reason: "a\x00b\x1f\xffc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendLine(nil, &tt.line))
			if tt.line.Errors == nil {
				tt.line.Errors = []record.FieldError{}
			}
			want, err := json.Marshal(&tt.line)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("appendLine:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+2", "'=1+2"}, {"+x", "'+x"}, {"-x", "'-x"}, {"@SUM(1)", "'@SUM(1)"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"Acme", "Acme"}, {"", ""}, {"1-2", "1-2"},
	}
	for _, tt := range tests {
		if got := Neutralize(tt.in); got != tt.want {
			t.Errorf("Neutralize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestCSVWriterNeutralizesCells(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "csv")
	if err != nil {
		t.Fatal(err)
	}
	l := &Line{Row: 2, Line: 2, Status: Invalid, Errors: []record.FieldError{{Field: "revenue", Code: "not_integer", Message: "=A2*2 is not a number", Value: "=A2*2"}}}
	if err := w.Write(l); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want header and one row", len(rows))
	}
	if got := rows[1][4]; got != "'=A2*2 is not a number" {
		t.Errorf("errors cell\n got %q\nwant %q", got, "'=A2*2 is not a number")
	}
	if got := rows[1][7]; got != "not_integer" {
		t.Errorf("error_codes cell\n got %q\nwant not_integer", got)
	}
	if got := rows[1][11]; got != `["=A2*2"]` {
		t.Errorf("error_values cell\n got %q\nwant %q", got, `["=A2*2"]`)
	}
}

func TestRejectsCSVKeepsCells(t *testing.T) {
	var buf bytes.Buffer
	r := NewCSVRejects(&buf, []string{"name", "revenue"}, ';')
	l := &Line{Status: Invalid, Errors: []record.FieldError{{Field: "revenue", Code: "x", Message: "-bad"}}}
	if err := r.Write([]string{"=1+2", "1;5"}, nil, l); err != nil {
		t.Fatal(err)
	}
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "name;revenue;error\n=1+2;\"1;5\";'-bad\n"
	if got := buf.String(); got != want {
		t.Errorf("rejects\n got %q\nwant %q", got, want)
	}
}

func TestRejectsJSONAddsErrorKey(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"object", `{"name": "A"}`, `{"error":"m","name": "A"}`},
		{"empty object", `{}`, `{"error":"m"}`},
		{"not an object", `[1]`, `{"error":"m","record":"[1]"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			r := NewJSONRejects(&buf)
			l := &Line{Status: Invalid, Errors: []record.FieldError{{Message: "m"}}}
			if err := r.Write(nil, []byte(tt.text), l); err != nil {
				t.Fatal(err)
			}
			if err := r.Flush(); err != nil {
				t.Fatal(err)
			}
			got := strings.TrimSpace(buf.String())
			if got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("not valid JSON: %s", got)
			}
		})
	}
}

func TestSummaryCountsAndExitCode(t *testing.T) {
	var s Summary
	for _, l := range []*Line{
		{Status: Valid}, {Status: Skipped, Reason: "blank"},
		{Status: Invalid, Errors: []record.FieldError{{Field: "revenue", Code: "fraction"}, {Field: "name", Code: "required"}}},
		{Status: Invalid, Errors: []record.FieldError{{Field: "revenue", Code: "fraction"}}},
	} {
		s.Add(l)
	}
	if s.Rows != 4 || s.Valid != 1 || s.Invalid != 2 || s.Blank != 1 {
		t.Errorf("counts: rows %d valid %d invalid %d blank %d", s.Rows, s.Valid, s.Invalid, s.Blank)
	}
	top := s.TopCodes(1)
	if len(top) != 1 || top[0] != (CodeCount{"fraction", 2}) {
		t.Errorf("TopCodes(1) = %v, want [{fraction 2}]", top)
	}
	if got := s.Fields["revenue"]["fraction"]; got != 2 {
		t.Errorf("Fields[revenue][fraction] = %d, want 2", got)
	}
	if got := s.ExitCode(); got != 1 {
		t.Errorf("ExitCode() = %d, want 1", got)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a", "\"\\", "\x00\x7f\xff", "\u2028<>&", "é漢", "\b\f",
		"https://company-1.example.com/logo.png", "Company 12345 & Sons <Ltd>", "01234567\"89abcdef\x1f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendString(nil, s)
		want, _ := json.Marshal(s)
		if string(got) != string(want) {
			t.Errorf("appendString(%q)\n got %s\nwant %s", s, got, want)
		}
	})
}

// FuzzAppendCell checks that a record written by appendCell reads back
// through encoding/csv as the same cells, and that its quoting matches
// encoding/csv's writer.
func FuzzAppendCell(f *testing.F) {
	for _, s := range []string{"", "a", `{"a":"b"}`, "x,y", " lead", "\t", "a\nb", "a\r\nb", `\.`, "\u00a0x", "\"\""} {
		f.Add(s, "second")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		got := appendCell(append(appendCell(nil, a), ','), b)
		got = append(got, '\n')
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.Write([]string{a, b})
		w.Flush()
		if string(got) != want.String() {
			t.Errorf("appendCell(%q, %q)\n got %q\nwant %q", a, b, got, want.String())
		}
	})
}

func TestSummaryJSONEmptyCounts(t *testing.T) {
	var s Summary
	s.Add(&Line{Row: 2, Status: Valid})
	var b bytes.Buffer
	if err := s.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"codes", "fields"} {
		if m, ok := got[key].(map[string]any); !ok || len(m) != 0 {
			t.Errorf("%s = %v, want an empty object", key, got[key])
		}
	}
}
