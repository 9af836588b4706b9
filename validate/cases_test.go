package validate

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"custimport/record"
)

// The files under testdata/inputs are spreadsheet exports with known
// problems. For each, caseWants lists row by row what a dry run must
// report: "valid" with the exact input, or "invalid" with the fields that
// the errors name. These tests read the files with the
// standard library into Raw values, as package parse would, and check
// Row against the expectations.

// caseWant is what one row of a case file must give.
type caseWant struct {
	row    int
	status string
	input  string
	fields []string
}

// caseRow is one record of an input file, as Row receives it.
type caseRow struct {
	row  int
	raw  *record.Raw
	opts Options
}

// wantCodes gives the error codes expected for the invalid rows of the
// cases, keyed by case and row.
var wantCodes = map[string][]string{
	"B18/4": {"required"},
	"B19/2": {"thousands_separator"},
	"B19/3": {"thousands_separator"},
	"B19/4": {"thousands_separator"},
	"B19/5": {"thousands_separator"},
	"B20/2": {"currency"},
	"B20/3": {"currency"},
	"B20/4": {"currency"},
	"B20/5": {"currency"},
	"B22/3": {"fraction"},
	"B22/4": {"fraction"},
	"B23/2": {"out_of_range"},
	"B23/3": {"out_of_range"},
	"B23/4": {"out_of_range"},
	"B23/5": {"out_of_range"},
	"B24/2": {"placeholder"},
	"B24/3": {"placeholder"},
	"B24/4": {"placeholder"},
	"B24/5": {"placeholder"},
	"B24/6": {"placeholder"},
	"B27/5": {"not_integer"},
	"B28/2": {"public_email_domain"},
	"B28/3": {"public_email_domain"},
	"B28/6": {"public_email_domain"},
	"B33/4": {"required"},
	"B35/2": {"scientific_display"},
	"B38/4": {"not_integer"},
	"B38/5": {"required"},
}

func TestCases(t *testing.T) {
	inputs, err := filepath.Glob("testdata/inputs/B*")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata: %v", err)
	}
	for _, path := range inputs {
		base := filepath.Base(path)
		t.Run(base, func(t *testing.T) {
			want, ok := caseWants[base]
			if !ok {
				t.Fatalf("no expectations for %s in caseWants", base)
			}
			rows := readCase(t, path)
			if len(rows) != len(want) {
				t.Fatalf("rows\ngot:  %d\nwant: %d", len(rows), len(want))
			}
			v := New(rows[0].opts)
			for i, r := range rows {
				if r.row != want[i].row {
					t.Fatalf("record %d is row %d, want %d", i, r.row, want[i].row)
				}
				checkCaseRow(t, v, base[:3], r, want[i].status, json.RawMessage(want[i].input), want[i].fields)
			}
		})
	}
}

func checkCaseRow(t *testing.T, v *Validator, name string, r caseRow,
	status string, input json.RawMessage, fields []string) {
	t.Helper()
	res := v.Row(r.row, r.raw, nil)
	if len(res.Errors) == 0 {
		res.Errors = v.Claim(r.row, &res.Input)
	}
	key := name + "/" + strconv.Itoa(r.row)
	switch status {
	case "valid":
		if len(res.Errors) > 0 {
			t.Errorf("row %d: errors\ngot:  %q\nwant: none", r.row, messages(res.Errors))
			return
		}
		assertInputJSON(t, res.Input, string(input))
	case "invalid":
		assertFields(t, r.row, res.Errors, fields)
		var codes []string
		for _, e := range res.Errors {
			codes = append(codes, e.Code)
		}
		if !reflect.DeepEqual(codes, wantCodes[key]) {
			t.Errorf("row %d: codes\ngot:  %q\nwant: %q", r.row, codes, wantCodes[key])
		}
		assertMessagesNameRow(t, r.row, res.Errors)
	default:
		t.Fatalf("row %d: unexpected status %q", r.row, status)
	}
}

func assertFields(t *testing.T, row int, errs []record.FieldError, want []string) {
	t.Helper()
	var got []string
	for _, e := range errs {
		if !slices.Contains(got, e.Field) {
			got = append(got, e.Field)
		}
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("row %d: fields\ngot:  %q\nwant: %q\nmessages: %q", row, got, want, messages(errs))
	}
}

func assertMessagesNameRow(t *testing.T, row int, errs []record.FieldError) {
	t.Helper()
	prefix := "row " + strconv.Itoa(row) + ", "
	for _, e := range errs {
		if !strings.HasPrefix(e.Message, prefix) {
			t.Errorf("message does not start with %q: %s", prefix, e.Message)
		}
	}
}

func readCase(t *testing.T, path string) []caseRow {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".json") {
		return readJSONCase(t, b)
	}
	return readCSVCase(t, b)
}

// targetOf matches a header to a target by its name, ignoring case and
// surrounding space.
func targetOf(t *testing.T, header string) record.Field {
	t.Helper()
	for f := range record.Field(record.NumFields) {
		if strings.EqualFold(strings.TrimSpace(header), f.String()) {
			return f
		}
	}
	t.Fatalf("no target for header %q", header)
	return 0
}

func readCSVCase(t *testing.T, b []byte) []caseRow {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var opts Options
	targets := make([]record.Field, len(records[0]))
	for i, h := range records[0] {
		targets[i] = targetOf(t, h)
		opts.Columns[targets[i]] = h
	}
	var rows []caseRow
	for i, rec := range records[1:] {
		raw := &record.Raw{}
		for j, cell := range rec {
			if err := raw.Cell(targets[j]).UnmarshalCSV(cell); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, caseRow{row: i + 2, raw: raw, opts: opts})
	}
	return rows
}

func readJSONCase(t *testing.T, b []byte) []caseRow {
	t.Helper()
	var objects []map[string]json.RawMessage
	if err := json.Unmarshal(b, &objects); err != nil {
		t.Fatal(err)
	}
	var rows []caseRow
	for i, obj := range objects {
		raw := &record.Raw{JSON: &record.JSONValues{}}
		var opts Options
		for key, value := range obj {
			f := targetOf(t, key)
			opts.Columns[f] = key
			setJSONValue(t, raw, f, value)
		}
		rows = append(rows, caseRow{row: i + 1, raw: raw, opts: opts})
	}
	return rows
}

// setJSONValue stores a JSON value in raw as package parse does: null as
// null, strings and numbers as their text, lists of them in Lists, and
// other types by name in Kinds.
func setJSONValue(t *testing.T, raw *record.Raw, f record.Field, value json.RawMessage) {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(value))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	switch v := v.(type) {
	case nil:
		*raw.Cell(f) = record.Null[string]()
	case string:
		*raw.Cell(f) = record.Some(v)
	case json.Number:
		*raw.Cell(f) = record.Some(v.String())
	case []any:
		for _, e := range v {
			raw.JSON.Lists[f] = append(raw.JSON.Lists[f], jsonElement(t, e))
		}
	case bool:
		raw.JSON.Kinds[f] = "boolean"
	default:
		raw.JSON.Kinds[f] = "object"
	}
}

func jsonElement(t *testing.T, e any) record.Opt[string] {
	t.Helper()
	switch e := e.(type) {
	case nil:
		return record.Null[string]()
	case string:
		return record.Some(e)
	case json.Number:
		return record.Some(e.String())
	}
	t.Fatalf("unexpected list element %v", e)
	return record.Opt[string]{}
}
