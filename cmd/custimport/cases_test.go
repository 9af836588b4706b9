package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// caseRow is what a dry run must report for one row of a case file.
// status "valid" needs the exact input; "invalid" needs an error naming
// each of fields (an empty list asks for a row-level error, one with no
// field); "skipped" allows the row to be absent or skipped; "not-valid"
// allows it to be absent or anything but valid, created or updated.
type caseRow struct {
	row    int
	status string
	line   int
	input  string
	fields []string
}

type caseTest struct {
	file  string
	fatal bool
	rows  []caseRow
}

var caseTests = []caseTest{
	{file: "B01-bom-header.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"id":"b06b392d-bbef-4644-9604-ea7aaa56f796","name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"]}`},
	}},
	{file: "B03-utf16le-unicode-text.txt", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Zürich Präzision AG","domains":["zuerich-praezision.example.com"],"size":140}`},
		{row: 3, status: "valid", input: `{"name":"Kōbe Seimitsu","domains":["kobe-seimitsu.example.com"],"size":60}`},
	}},
	{file: "B04-windows-1252.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "invalid", fields: []string{"name"}},
		{row: 3, status: "valid", input: `{"name":"Contoso Widgets","domains":["contoso.example.com"],"size":45}`},
		{row: 4, status: "invalid", fields: []string{"name"}},
	}},
	{file: "B05-semicolon-delimited.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"id":"56935ab7-85bf-49cd-871c-a7d760446a44","name":"Fabrikam Tools, Inc.","domains":["fabrikam.example.com"],"revenue":4500000,"size":120}`},
		{row: 3, status: "valid", input: `{"name":"Tailspin Data","domains":["tailspin.example.org"],"size":15}`},
	}},
	{file: "B06-crlf.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","revenue":1200000,"domains":["acme-robotics.example.com"]}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","revenue":800000,"domains":["globex.example.com"]}`},
	}},
	{file: "B08-quoted-newline.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", line: 2, input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"size":250}`},
		{row: 3, status: "valid", line: 3, input: `{"name":"Globex Analytics\nEMEA Division","domains":["globex.example.com"],"size":40}`},
		{row: 4, status: "valid", line: 5, input: `{"name":"Initech Labs","domains":["initech.example.com"],"size":85}`},
	}},
	{file: "B09-bare-quote.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme \"Red\" Robotics","domains":["acme-robotics.example.com"],"size":250}`},
		{row: 3, status: "valid", input: `{"name":"Contoso 12\" Displays","domains":["contoso.example.com"],"size":30}`},
		{row: 4, status: "valid", input: `{"name":"Initech Labs","domains":["initech.example.com"],"size":85}`},
	}},
	{file: "B11-trailing-empty-columns.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"size":250}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"size":40}`},
		{row: 4, status: "valid", input: `{"name":"Initech Labs","domains":["initech.example.com"],"size":85}`},
		{row: 5, status: "invalid", fields: []string{}},
	}},
	{file: "B13-duplicate-headers.csv", fatal: true, rows: []caseRow{
		{row: 2, status: "not-valid"},
		{row: 3, status: "not-valid"},
	}},
	{file: "B14-blank-header.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"size":250}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"size":40}`},
		{row: 4, status: "invalid", fields: []string{}},
	}},
	{file: "B15-header-case-whitespace.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000,"size":250,"logoUrl":"https://acme-robotics.example.com/logo.png","externalIds":["ext-1001"],"mainSourceId":"ext-1001"}`},
	}},
	{file: "B16-unknown-columns.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"revenue":800000}`},
	}},
	{file: "B18-whitespace.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000,"logoUrl":"https://acme-robotics.example.com/logo.png"}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"]}`},
		{row: 4, status: "invalid", fields: []string{"name"}},
	}},
	{file: "B19-thousands-separators.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"size"}},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"Contoso Widgets","domains":["contoso.example.com"],"revenue":450000,"size":45}`},
	}},
	{file: "B20-currency-symbols.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"revenue"}},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"Contoso Widgets","domains":["contoso.example.com"],"revenue":450000}`},
	}},
	{file: "B22-decimal-integers.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000,"size":250}`},
		{row: 3, status: "invalid", fields: []string{"revenue"}},
		{row: 4, status: "invalid", fields: []string{"size"}},
	}},
	{file: "B23-int64-overflow.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"revenue"}},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"Tailspin Data","domains":["tailspin.example.org"],"revenue":2147483647}`},
	}},
	{file: "B24-placeholders.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"size"}},
		{row: 4, status: "invalid", fields: []string{"logoUrl"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "invalid", fields: []string{"name"}},
		{row: 7, status: "valid", input: `{"name":"Tailspin Data","domains":["tailspin.example.org"]}`},
	}},
	{file: "B27-formula-injection.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"=1+2","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 3, status: "valid", input: `{"name":"@SUM(1,2)","domains":["globex.example.com"],"revenue":800000}`},
		{row: 4, status: "valid", input: `{"name":"+Initech Labs","domains":["initech.example.com"],"revenue":300000}`},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"-Contoso Widgets","domains":["contoso.example.com"],"revenue":450000}`},
	}},
	{file: "B28-public-email-domains.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "invalid", fields: []string{"domains"}},
		{row: 3, status: "invalid", fields: []string{"domains"}},
		{row: 4, status: "valid", input: `{"name":"Name Registry Co","domains":["name.com"]}`},
		{row: 5, status: "valid", input: `{"name":"Initech Labs","domains":["initech.example.com"]}`},
		{row: 6, status: "invalid", fields: []string{"domains"}},
	}},
	{file: "B29-blank-rows.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"size":250}`},
		{row: 3, status: "skipped"},
		{row: 4, status: "skipped"},
		{row: 5, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"size":40}`},
		{row: 6, status: "skipped"},
		{row: 7, status: "skipped"},
		{row: 8, status: "skipped"},
		{row: 9, status: "skipped"},
	}},
	{file: "B30-ndjson.ndjson", fatal: false, rows: []caseRow{
		{row: 1, status: "valid", input: `{"id":"c23bca54-004b-4c45-953f-eb4d9036aba4","name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 2, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"size":40}`},
	}},
	{file: "B30-top-level-array.json", fatal: false, rows: []caseRow{
		{row: 1, status: "valid", input: `{"id":"c23bca54-004b-4c45-953f-eb4d9036aba4","name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 2, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"size":40}`},
	}},
	{file: "B31-ndjson-blank-lines.ndjson", fatal: false, rows: []caseRow{
		{row: 1, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"]}`},
		{row: 2, status: "skipped"},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"]}`},
		{row: 4, status: "skipped"},
		{row: 5, status: "valid", input: `{"name":"Initech Labs","domains":["initech.example.com"]}`},
		{row: 6, status: "skipped"},
	}},
	{file: "B32-json-bom.json", fatal: false, rows: []caseRow{
		{row: 1, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"]}`},
		{row: 2, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"]}`},
	}},
	{file: "B33-null-vs-missing.json", fatal: false, rows: []caseRow{
		{row: 1, status: "valid", input: `{"name":"Acme Robotics","size":250}`},
		{row: 2, status: "valid", input: `{"name":"Globex Analytics","size":40}`},
		{row: 3, status: "valid", input: `{"name":"Initech Labs","revenue":0,"size":0}`},
		{row: 4, status: "invalid", fields: []string{"name"}},
	}},
	{file: "B35-numbers-as-strings.json", fatal: false, rows: []caseRow{
		{row: 1, status: "valid", input: `{"name":"Acme Robotics","revenue":1200000,"size":250,"externalIds":["98765"],"mainSourceId":"98765"}`},
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "valid", input: `{"name":"Initech Labs","size":85}`},
	}},
	{file: "B38-one-bad-row.csv", fatal: false, rows: []caseRow{
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"revenue":800000}`},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"name"}},
		{row: 6, status: "valid", input: `{"name":"Contoso Widgets","domains":["contoso.example.com"],"revenue":450000}`},
	}},
}

// reportLine is the part of a JSON Lines report line the case tests read.
type reportLine struct {
	Row    int             `json:"row"`
	Line   int             `json:"line"`
	Status string          `json:"status"`
	Input  json.RawMessage `json:"input"`
	Errors []struct {
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"errors"`
}

func readReport(t *testing.T, path string) []reportLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []reportLine
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l reportLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("report line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// strictJSON decodes b keeping numbers as their exact text, so 1200000
// and 1200000.0 differ.
func strictJSON(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

// dryRun runs custimport import --dry-run on path and returns the exit
// status and the report.
func dryRun(t *testing.T, path string, extra ...string) (int, []reportLine, string) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.jsonl")
	args := append([]string{"import", "--dry-run", "--progress", "none", "--report", report}, extra...)
	var stdout, stderr bytes.Buffer
	code := run(append(args, path), &stdout, &stderr)
	var lines []reportLine
	if _, err := os.Stat(report); err == nil {
		lines = readReport(t, report)
	}
	return code, lines, stderr.String()
}

func TestCases(t *testing.T) {
	for _, tc := range caseTests {
		t.Run(tc.file, func(t *testing.T) {
			code, lines, stderr := dryRun(t, filepath.Join("testdata", "cases", tc.file))
			byRow := map[int]reportLine{}
			for i, l := range lines {
				if i > 0 && l.Row <= lines[i-1].Row {
					t.Errorf("report rows not increasing: %d after %d", l.Row, lines[i-1].Row)
				}
				byRow[l.Row] = l
			}
			if tc.fatal {
				if code != 2 {
					t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
				}
				for _, l := range lines {
					if l.Status == "valid" {
						t.Errorf("row %d is valid in a file that cannot be used", l.Row)
					}
				}
				return
			}
			if code != 0 && code != 1 {
				t.Fatalf("exit status %d, want 0 or 1; stderr:\n%s", code, stderr)
			}
			for _, want := range tc.rows {
				checkCaseRow(t, want, byRow)
			}
		})
	}
}

func checkCaseRow(t *testing.T, want caseRow, byRow map[int]reportLine) {
	t.Helper()
	got, ok := byRow[want.row]
	switch want.status {
	case "skipped":
		if ok && got.Status != "skipped" {
			t.Errorf("row %d: status %q, want skipped", want.row, got.Status)
		}
		return
	case "not-valid":
		if ok && slices.Contains([]string{"valid", "created", "updated"}, got.Status) {
			t.Errorf("row %d: status %q, want not valid", want.row, got.Status)
		}
		return
	}
	if !ok {
		t.Errorf("row %d: missing from the report", want.row)
		return
	}
	if got.Status != want.status {
		t.Errorf("row %d: status %q, want %q (errors %+v)", want.row, got.Status, want.status, got.Errors)
		return
	}
	if want.line != 0 && got.Line != want.line {
		t.Errorf("row %d: line %d, want %d", want.row, got.Line, want.line)
	}
	if want.input != "" {
		g, w := strictJSON(t, got.Input), strictJSON(t, []byte(want.input))
		if !reflect.DeepEqual(g, w) {
			t.Errorf("row %d: input\n got %s\nwant %s", want.row, got.Input, want.input)
		}
	}
	if want.status == "invalid" {
		checkFields(t, want, got)
	}
}

func checkFields(t *testing.T, want caseRow, got reportLine) {
	t.Helper()
	named := map[string]bool{}
	for _, e := range got.Errors {
		named[e.Field] = true
	}
	if len(want.fields) == 0 && !named[""] {
		t.Errorf("row %d: want a row-level error, got %+v", want.row, got.Errors)
	}
	for _, f := range want.fields {
		if !named[f] {
			t.Errorf("row %d: no error names field %q; got %+v", want.row, f, got.Errors)
		}
	}
}

// The rejects of a tab-separated file keep its tabs, unless the rejects
// file is named .csv, which spreadsheets open by commas.
func TestRejectsDelimiter(t *testing.T) {
	input := filepath.Join(t.TempDir(), "in.tsv")
	os.WriteFile(input, []byte("name\trevenue\nAcme\t1,200\nInitech\t5\n"), 0o644)
	for _, tt := range []struct{ name, want string }{
		{"rejects.tsv", "name\trevenue\terror\n"},
		{"rejects.txt", "name\trevenue\terror\n"},
		{"rejects.csv", "name,revenue,error\n"},
	} {
		path := filepath.Join(t.TempDir(), tt.name)
		if code, _, stderr := dryRun(t, input, "--rejects", path); code != 1 {
			t.Fatalf("%s: exit status %d, want 1; stderr:\n%s", tt.name, code, stderr)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(got), tt.want) || !strings.Contains(string(got), "Acme") {
			t.Errorf("%s starts %q, want %q and the Acme row", tt.name, got, tt.want)
		}
	}
}

// A file that breaks off is reported up to the break, and the summary
// gives the reason the rest was not read.
func TestFileThatBreaksOff(t *testing.T) {
	input := filepath.Join(t.TempDir(), "cut.json")
	os.WriteFile(input, []byte("[{\"name\": \"A\"},\n {\"name\": \"B\"},\n {\"name\": \"C\""), 0o644)
	summary := filepath.Join(t.TempDir(), "summary.json")
	code, lines, stderr := dryRun(t, input, "--summary-json", summary)
	if code != 2 {
		t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
	}
	if len(lines) != 2 || lines[0].Status != "valid" || lines[1].Status != "valid" {
		t.Errorf("report has %+v, want the two records before the break, valid", lines)
	}
	b, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Error string }
	if err := json.Unmarshal(b, &s); err != nil || !strings.Contains(s.Error, "line 3") {
		t.Errorf("summary error %q (%v), want the break on line 3 named", s.Error, err)
	}
	if !strings.Contains(stderr, "stopped early") {
		t.Errorf("summary text does not say the run stopped early:\n%s", stderr)
	}
}
