package parse

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestNDJSON(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		wants []want
	}{
		{"values", `{"name": "Acme", "revenue": 12345678901234567890, "size": -1.5e3, "id": null, "tier": "Gold"}` + "\n", []want{
			{1, 1, "", noErrs, c{"name": "Acme", "revenue": "12345678901234567890", "size": "-1.5e3", "id": "<null>", "tier": "Gold"}},
		}},
		{"escapes", `{"name": "Acme \"Red\" \u00dcber \ud83d\ude80 \\ \/ \n"}` + "\n", []want{
			{1, 1, "", noErrs, c{"name": "Acme \"Red\" Über 🚀 \\ / \n"}},
		}},
		{"blank strings are undefined", `{"name": "Acme", "size": " ", "tier": ""}`, []want{
			{1, 1, "", noErrs, c{"name": "Acme"}},
		}},
		{"lists", `{"name": "Acme", "domains": ["a.example.com", "b.example.com"], "externalIds": [98765, null, "x"], "additionalDomains": []}`, []want{
			{1, 1, "", noErrs, c{"name": "Acme", "domains": "[a.example.com|b.example.com]", "externalIds": "[98765|<null>|x]", "additionalDomains": "[]"}},
		}},
		{"kinds", `{"name": "Acme", "size": true, "owner": {"email": "a@example.com"}, "domains": [{"d": 1}], "tier": [[1]], "status": [false]}`, []want{
			{1, 1, "", noErrs, c{"name": "Acme", "size": "<boolean>", "owner": "<object>", "domains": "<array of objects>", "tier": "<array of arrays>", "status": "<array of booleans>"}},
		}},
		{"keys match like headers", `{"Company Name": "Acme", "External_IDs": "x", "Annual Revenue": 5, "Industry": "Retail"}`, []want{
			{1, 1, "", noErrs, c{"name": "Acme", "externalIds": "x", "revenue": "5"}},
		}},
		{"unknown values are checked but dropped", `{"name": "Acme", "extra": {"a": [1, 2, {"b": null}]}}`, []want{
			{1, 1, "", noErrs, c{"name": "Acme"}},
		}},
		{"blank lines", "{\"name\": \"A\"}\n\n   \n{\"name\": \"B\"}\n", []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 2, SkipBlank, noErrs, c{}},
			{3, 3, SkipBlank, noErrs, c{}},
			{4, 4, "", noErrs, c{"name": "B"}},
		}},
		{"CRLF and lone CR", "{\"name\": \"A\"}\r\n{\"name\": \"B\"}\r{\"name\": \"C\"}", []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 2, "", noErrs, c{"name": "B"}},
			{3, 3, "", noErrs, c{"name": "C"}},
		}},
		{"invalid lines", "{\"name\": \"A\"}\n{\"name\": \"B\",}\n[1]\n\"x\"\n{\"name\" \"C\"}\n{\"name\": \"D\"} x\n{\"name\": \"E\"}\n", []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 2, "", []string{":invalid_json"}, c{}},
			{3, 3, "", []string{":invalid_json"}, c{}},
			{4, 4, "", []string{":invalid_json"}, c{}},
			{5, 5, "", []string{":invalid_json"}, c{}},
			{6, 6, "", []string{":invalid_json"}, c{}},
			{7, 7, "", noErrs, c{"name": "E"}},
		}},
		{"bad literals and numbers", "{\"name\": tru}\n{\"size\": 01}\n{\"size\": 1.}\n{\"size\": -}\n{\"name\": \"x\ty\"}\n{\"name\": \"\\q\"}\n{\"name\": \"\\u12\"}\n{\"name\": \"open\n", []want{
			{1, 1, "", []string{":invalid_json"}, c{}},
			{2, 2, "", []string{":invalid_json"}, c{}},
			{3, 3, "", []string{":invalid_json"}, c{}},
			{4, 4, "", []string{":invalid_json"}, c{}},
			{5, 5, "", []string{":invalid_json"}, c{}},
			{6, 6, "", []string{":invalid_json"}, c{}},
			{7, 7, "", []string{":invalid_json"}, c{}},
			{8, 8, "", []string{":invalid_json"}, c{}},
		}},
		{"duplicate key", `{"name": "A", "size": 1, "name": "B"}`, []want{
			{1, 1, "", []string{":duplicate_key"}, c{"name": "A", "size": "1"}},
		}},
		{"two keys for one target", `{"name": "A", "Company Name": "B"}`, []want{
			{1, 1, "", []string{"name:duplicate_key"}, c{"name": "A"}},
		}},
		{"duplicate unknown key", `{"name": "A", "x": 1, "x": 2}`, []want{
			{1, 1, "", []string{":duplicate_key"}, c{"name": "A"}},
		}},
		{"invalid UTF-8 in a value", "{\"name\": \"M\xfcller\", \"domains\": [\"a\xff\"]}", []want{
			{1, 1, "", []string{"domains:invalid_utf8", "name:invalid_utf8"}, c{"domains": "[]"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, Options{Format: "ndjson"}), tt.wants)
		})
	}
}

func TestJSONArray(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		wants []want
	}{
		{"one line", `[{"name": "A"}, {"name": "B"}]`, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 1, "", noErrs, c{"name": "B"}},
		}},
		{"empty", "[ ]\n", nil},
		{"lines", "[\n  {\"name\": \"A\",\n   \"size\": 1},\n\n  {\"name\": \"B\"}\n]\n", []want{
			{1, 2, "", noErrs, c{"name": "A", "size": "1"}},
			{2, 5, "", noErrs, c{"name": "B"}},
		}},
		{"lone CR lines", "[\r{\"name\": \"A\"},\r{\"name\": \"B\"}\r]", []want{
			{1, 2, "", noErrs, c{"name": "A"}},
			{2, 3, "", noErrs, c{"name": "B"}},
		}},
		{"syntax error inside an element", "[\n{\"name\": \"A\"},\n{\"name\": \"B\",},\n{\"name\" 1},\n{\"name\": \"C\"}\n]", []want{
			{1, 2, "", noErrs, c{"name": "A"}},
			{2, 3, "", []string{":invalid_json"}, c{}},
			{3, 4, "", []string{":invalid_json"}, c{}},
			{4, 5, "", noErrs, c{"name": "C"}},
		}},
		{"strings with brackets", `[{"name": "A ] } [ {", "tier": "\"}"}, {"name": "B"}]`, []want{
			{1, 1, "", noErrs, c{"name": "A ] } [ {", "tier": "\"}"}},
			{2, 1, "", noErrs, c{"name": "B"}},
		}},
		{"elements that are not objects", `[1, "x", null, true, [], {"name": "A"}]`, []want{
			{1, 1, "", []string{":invalid_json"}, c{}},
			{2, 1, "", []string{":invalid_json"}, c{}},
			{3, 1, "", []string{":invalid_json"}, c{}},
			{4, 1, "", []string{":invalid_json"}, c{}},
			{5, 1, "", []string{":invalid_json"}, c{}},
			{6, 1, "", noErrs, c{"name": "A"}},
		}},
		{"missing comma", `[{"name": "A"} {"name": "B"}, {"name": "C"}]`, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 1, "", []string{":invalid_json"}, c{"name": "B"}},
			{3, 1, "", noErrs, c{"name": "C"}},
		}},
		{"duplicate key", `[{"name": "A", "name": "B"}]`, []want{
			{1, 1, "", []string{":duplicate_key"}, c{"name": "A"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, Options{Name: "customers.json"}), tt.wants)
		})
	}
}

// TestJSONArrayFileErrors checks the errors that end a JSON array: the
// records before the problem come out, then Read returns a *FileError,
// again on every later call.
func TestJSONArrayFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		records int
		line    int
		part    string
	}{
		{"mismatched bracket", "[\n{\"name\": \"A\"},\n{\"name\": [\"B\"},\n{\"name\": \"C\"}\n]", 1, 3, "does not match"},
		{"unclosed element", "[{\"name\": \"A\"},\n{\"name\": \"B\"\n", 1, 3, "ends inside"},
		{"unclosed array", "[{\"name\": \"A\"}\n", 1, 2, "before the array is closed"},
		{"trailing comma", "[{\"name\": \"A\"},\n]", 1, 2, "comma before"},
		{"text after the array", "[{\"name\": \"A\"}]\nx", 1, 2, "after the closing"},
		{"garbage between elements", "[{\"name\": \"A\"} x]", 1, 1, "unexpected"},
		{"mismatched bracket past the depth limit", "[{\"name\": \"A\"},\n{\"x\": " + strings.Repeat("[", 2*maxDepth) + "}]", 1, 2, "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.data), Options{Name: "c.json"})
			if err != nil {
				t.Fatal(err)
			}
			var recs []*Record
			for {
				rec, err := rd.Read()
				if err == nil {
					recs = append(recs, rec)
					continue
				}
				var fe *FileError
				if !errors.As(err, &fe) {
					t.Fatalf("Read error = %v, want a *FileError", err)
				}
				if fe.Line != tt.line {
					t.Errorf("Line = %d, want %d (%v)", fe.Line, tt.line, fe)
				}
				if !strings.Contains(fe.Error(), tt.part) {
					t.Errorf("error %q does not mention %s", fe, tt.part)
				}
				if _, again := rd.Read(); again != err {
					t.Errorf("second Read error = %v, want the same error", again)
				}
				break
			}
			if len(recs) != tt.records {
				t.Errorf("got %d records before the error, want %d", len(recs), tt.records)
			}
		})
	}
}

func TestJSONFormatDetection(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		want string
	}{
		{"array by content", " \n[]", Options{}, FormatJSON},
		{"NDJSON by content", "\n{\"name\": \"A\"}", Options{}, FormatNDJSON},
		{"jsonl extension", "{\"name\": \"A\"}", Options{Name: "x.jsonl"}, FormatNDJSON},
		{"ndjson extension", "{\"name\": \"A\"}", Options{Name: "x.ndjson"}, FormatNDJSON},
		{"json extension with objects per line", "{\"name\": \"A\"}", Options{Name: "x.json"}, FormatNDJSON},
		{"json format", "[]", Options{Format: "json"}, FormatJSON},
		{"json format with objects per line", "{\"name\": \"A\"}", Options{Format: "json"}, FormatNDJSON},
		{"BOM", "\xef\xbb\xbf[]", Options{}, FormatJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.data), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := rd.Format(); got != tt.want {
				t.Errorf("Format = %q, want %q", got, tt.want)
			}
			if rd.Header() != nil {
				t.Errorf("Header = %q, want nil", rd.Header())
			}
		})
	}
}

func TestJSONFileErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		part string
	}{
		{"empty", "", Options{Name: "x.json"}, "empty"},
		{"white space only", " \n ", Options{Name: "x.json"}, "empty"},
		{"not JSON", "name,size\n", Options{Name: "x.json"}, "does not start with"},
		{"array format on other text", "name\n", Options{Format: "json"}, "starts with \"[\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.data), tt.opts)
			if err == nil {
				_, err = rd.Read()
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error = %v, want a *FileError", err)
			}
			if !strings.Contains(fe.Error(), tt.part) {
				t.Errorf("error %q does not mention %s", fe, tt.part)
			}
		})
	}
}

func TestJSONRecordText(t *testing.T) {
	data := "[\n  {\"name\": \"A\",\n   \"size\": 1},\n  {\"name\": \"B\"}\n]"
	recs := readAll(t, data, Options{})
	if got, want := string(recs[0].Text), "{\"name\": \"A\",\n   \"size\": 1}"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if recs[0].Cells != nil {
		t.Errorf("Cells = %q, want nil for JSON", recs[0].Cells)
	}
	nd := readAll(t, "{\"name\": \"A\"}\r\n", Options{})
	if got, want := string(nd[0].Text), "{\"name\": \"A\"}"; got != want {
		t.Errorf("NDJSON Text = %q, want %q", got, want)
	}
}

func TestJSONUnknownAndColumns(t *testing.T) {
	rd, err := NewReader(strings.NewReader("{\"Company\": \"A\", \"Industry\": \"x\", \"skip\": 1}\n{\"Notes\": \"y\", \"Industry\": \"z\"}\n"),
		Options{Map: map[string]string{"skip": ""}})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := rd.Read(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if got, want := rd.Unknown(), []string{"Industry", "Notes"}; !equalStrings(got, want) {
		t.Errorf("Unknown = %q, want %q", got, want)
	}
	if got := rd.Columns()[1]; got != "Company" {
		t.Errorf("Columns()[name] = %q, want %q", got, "Company")
	}
}

func TestJSONMessages(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		parts []string
	}{
		{"syntax", "[\n{\"name\": \"A\"},\n{\"name\": \"B\"\n \"size\": 1}\n]", []string{"element 2", "line 4, column 2", "comma"}},
		{"not an object", "[\"x\"]", []string{"element 1", "a string, not an object"}},
		{"element within a line", "[{\"name\": \"A\"}, {\"name\": x}]", []string{"element 2 (line 1)", "line 1, column 26"}},
		{"word that is no literal", "[{\"name\": \"A\"}, nope]", []string{"element 2", "not valid JSON", "column 17"}},
		{"line of text", "{\"name\": \"A\"}\nnope\n", []string{"line 2 is not valid JSON", "column 1"}},
		{"literal with text after it", "{\"name\": \"A\"}\ntrue story\n", []string{"line 2 is not valid JSON"}},
		{"string that never closes", "{\"name\": \"A\"}\n{\"name\":\"B}\n", []string{"line 2 is not valid JSON", "never closes starts at line 2, column 9"}},
		{"whole literal", "{\"name\": \"A\"}\n null \n", []string{"line 2 is null, not an object"}},
		{"duplicate", "{\"name\": \"A\", \"name\": \"B\"}", []string{"line 1", `"name" twice`}},
		{"two keys", "{\"name\": \"A\", \"Account Name\": \"B\"}", []string{`"name"`, `"Account Name"`, "both map to name", "--map 'Account Name='"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var msgs []string
			for _, rec := range readAll(t, tt.data, Options{}) {
				for _, e := range rec.Errs {
					msgs = append(msgs, e.Message)
				}
			}
			if len(msgs) != 1 {
				t.Fatalf("messages = %q, want one", msgs)
			}
			for _, part := range tt.parts {
				if !strings.Contains(msgs[0], part) {
					t.Errorf("message %q does not mention %s", msgs[0], part)
				}
			}
		})
	}
}

// nest returns a JSON value of n arrays, one inside the other.
func nest(n int) string {
	return strings.Repeat("[", n) + strings.Repeat("]", n)
}

// TestJSONTooDeep checks that a record nested deeper than maxDepth is
// rejected on its own and that reading goes on with the next record.
func TestJSONTooDeep(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		opts  Options
		wants []want
	}{
		{"array element at the limit", `[{"name": "A", "x": ` + nest(maxDepth) + `}, {"name": "B"}]`, Options{}, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 1, "", noErrs, c{"name": "B"}},
		}},
		{"array element past the limit", `[{"name": "A"}, {"name": "B", "x": ` + nest(maxDepth+1) + `}, {"name": "C"}]`, Options{}, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 1, "", []string{":invalid_json"}, c{}},
			{3, 1, "", noErrs, c{"name": "C"}},
		}},
		{"array element a million deep", "[{\"name\": \"A\"},\n{\"name\": " + nest(1_000_000) + "},\n{\"name\": \"C\"}]", Options{}, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 2, "", []string{":invalid_json"}, c{}},
			{3, 3, "", noErrs, c{"name": "C"}},
		}},
		{"array element that is itself too deep", `[` + nest(maxDepth+5) + `, {"name": "B"}]`, Options{}, []want{
			{1, 1, "", []string{":invalid_json"}, c{}},
			{2, 1, "", noErrs, c{"name": "B"}},
		}},
		{"NDJSON under an unknown key", "{\"name\": \"A\"}\n{\"name\": \"B\", \"notes\": " + nest(maxDepth+1) + "}\n{\"name\": \"C\"}\n", Options{Format: "ndjson"}, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 2, "", []string{":invalid_json"}, c{}},
			{3, 3, "", noErrs, c{"name": "C"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, tt.opts), tt.wants)
		})
	}
}

func TestJSONTooDeepMessage(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		parts []string
	}{
		{"under a key", "{\"name\": \"A\", \"notes\": " + nest(maxDepth+1) + "}\n",
			[]string{"line 1:", `the key "notes"`, "deeper than the limit of 1000 levels", "line 1, column 1024", "flatten"}},
		{"array element", "[{\"name\": \"A\"},\n {\"name\": \"B\", \"extra\": " + nest(maxDepth+1) + "}]",
			[]string{"element 2 (line 2)", `the key "extra"`, "limit of 1000 levels", "line 2, column 1025"}},
		{"element that is an array", "[" + nest(maxDepth+1) + "]",
			[]string{"element 1", "not valid JSON", "expected an object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := readAll(t, tt.data, Options{})
			var msgs []string
			for _, rec := range recs {
				for _, e := range rec.Errs {
					msgs = append(msgs, e.Message)
				}
			}
			if len(msgs) != 1 {
				t.Fatalf("messages = %q, want one", msgs)
			}
			for _, part := range tt.parts {
				if !strings.Contains(msgs[0], part) {
					t.Errorf("message %q does not mention %s", msgs[0], part)
				}
			}
		})
	}
}

// readReader returns a Reader that has read every record of data.
func readReader(t *testing.T, data string, opts Options) *Reader {
	t.Helper()
	rd, err := NewReader(strings.NewReader(data), opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	drain(t, rd)
	return rd
}

func TestJSONUnknownKeys(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		want []UnknownKey
	}{
		{"counts and first rows", "{\"name\": \"A\", \"industry\": \"x\"}\n\n{\"name\": \"B\", \"industry\": \"y\", \"Revenu\": \"5\"}\n", Options{}, []UnknownKey{
			{Name: "industry", Records: 2, FirstRow: 1},
			{Name: "Revenu", Records: 1, FirstRow: 3},
		}},
		{"array elements", `[{"name": "A"}, {"name": "B", "notes": null}, {"notes": 1}]`, Options{}, []UnknownKey{
			{Name: "notes", Records: 2, FirstRow: 2},
		}},
		{"duplicate key counts once", `{"name": "A", "x": 1, "x": 2}`, Options{}, []UnknownKey{
			{Name: "x", Records: 1, FirstRow: 1},
		}},
		{"ignored and mapped keys are left out", `{"Firma": "A", "skip": 1, "size": 2}`, Options{Map: map[string]string{"Firma": "name", "skip": ""}}, nil},
		{"blank key is left out", `{"name": "A", " ": 1}`, Options{}, nil},
		{"wrapper object", `{"customers": [{"name": "Acme"}, {"name": "Globex"}]}`, Options{}, []UnknownKey{
			{Name: "customers", Records: 1, FirstRow: 1, ObjectList: true},
		}},
		{"wrapper elements of an array", `[{"data": [{"name": "Acme"}], "total": 1}]`, Options{}, []UnknownKey{
			{Name: "data", Records: 1, FirstRow: 1, ObjectList: true},
			{Name: "total", Records: 1, FirstRow: 1},
		}},
		{"list of objects beside a name", `{"name": "Acme", "contacts": [{"email": "a@example.com"}]}`, Options{}, []UnknownKey{
			{Name: "contacts", Records: 1, FirstRow: 1},
		}},
		{"list of objects after the first record", "{\"id\": \"x\"}\n{\"items\": [{\"name\": \"A\"}]}\n", Options{}, []UnknownKey{
			{Name: "items", Records: 1, FirstRow: 2},
		}},
		{"list of mixed values", `{"items": [{"name": "A"}, 1]}`, Options{}, []UnknownKey{
			{Name: "items", Records: 1, FirstRow: 1},
		}},
		{"empty list", `{"items": []}`, Options{}, []UnknownKey{
			{Name: "items", Records: 1, FirstRow: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := readReader(t, tt.data, tt.opts)
			got, more := rd.UnknownKeys()
			if more {
				t.Errorf("more = true, want false")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("UnknownKeys\ngot:  %+v\nwant: %+v", got, tt.want)
			}
		})
	}
}

func TestJSONUnknownKeysFiles(t *testing.T) {
	tests := []struct {
		file string
		want []UnknownKey
	}{
		{"json-unknown.json", []UnknownKey{
			{Name: "industry", Records: 1, FirstRow: 1},
			{Name: "Revenu", Records: 1, FirstRow: 1},
		}},
		{"json-wrapper.json", []UnknownKey{
			{Name: "customers", Records: 1, FirstRow: 1, ObjectList: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rd := readReader(t, string(data), Options{Name: tt.file})
			got, _ := rd.UnknownKeys()
			if !slices.Equal(got, tt.want) {
				t.Errorf("UnknownKeys\ngot:  %+v\nwant: %+v", got, tt.want)
			}
		})
	}
}

// TestJSONUnknownKeysLimit checks that at most maxUnknownKeys keys are
// kept, that more is set past them, and that kept keys go on counting.
func TestJSONUnknownKeysLimit(t *testing.T) {
	var b strings.Builder
	for i := range maxUnknownKeys + 10 {
		fmt.Fprintf(&b, "{\"name\": \"A\", \"k%03d\": 1}\n", i)
	}
	b.WriteString("{\"name\": \"B\", \"k000\": 2}\n")
	rd := readReader(t, b.String(), Options{Format: "ndjson"})
	got, more := rd.UnknownKeys()
	if len(got) != maxUnknownKeys {
		t.Errorf("kept %d keys, want %d", len(got), maxUnknownKeys)
	}
	if !more {
		t.Errorf("more = false, want true")
	}
	if got[0].Name != "k000" || got[0].Records != 2 {
		t.Errorf("first key = %+v, want k000 in 2 records", got[0])
	}
	if n := len(rd.Unknown()); n != maxUnknownKeys {
		t.Errorf("Unknown has %d names, want %d", n, maxUnknownKeys)
	}
}

func TestUnknownKeysOfCSV(t *testing.T) {
	rd := readReader(t, "name,Industry\nAcme,x\n", Options{})
	if keys, more := rd.UnknownKeys(); keys != nil || more {
		t.Errorf("UnknownKeys = %v, %v; want nil, false for CSV", keys, more)
	}
}

// A key that the user's mapping gives a target wins over a key that
// matches the target by its name, wherever either is in the object.
func TestJSONExplicitMappingWins(t *testing.T) {
	opts := Options{Map: map[string]string{"Company": "name"}}
	tests := []struct{ name, data string }{
		{"mapped key first", `[{"Company":"Acme Inc","name":"acme"}]`},
		{"mapped key last", `[{"name":"acme","Company":"Acme Inc"}]`},
		{"name key a list", `[{"name":["a","b"],"Company":"Acme Inc"}]`},
		{"name key not UTF-8", "[{\"name\":\"\xff\",\"Company\":\"Acme Inc\"}]"},
		{"two keys matched by name first", `[{"name":"x","Company Name":"y","Company":"Acme Inc"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, opts), []want{{1, 1, "", noErrs, c{"name": "Acme Inc"}}})
		})
	}
}
