package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// c is shorthand for a cells map.
type c = map[string]string

// noErrs is the expected error list of a record without problems.
var noErrs = []string{}

// TestCaseFiles reads the files under testdata that reproduce reported
// import problems and checks every record parse produces. Rows whose
// values are wrong (a revenue of "abc") come out with their cells as
// written and no errors: checking values is package validate's work.
func TestCaseFiles(t *testing.T) {
	tests := []struct {
		file  string
		wants []want
	}{
		{"B01-bom-header.csv", []want{
			{2, 2, "", noErrs, c{"id": "b06b392d-bbef-4644-9604-ea7aaa56f796", "name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "1200000"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com"}},
		}},
		{"B03-utf16le-unicode-text.txt", []want{
			{2, 2, "", noErrs, c{"name": "Zürich Präzision AG", "domains": "zuerich-praezision.example.com", "size": "140"}},
			{3, 3, "", noErrs, c{"name": "Kōbe Seimitsu", "domains": "kobe-seimitsu.example.com", "size": "60"}},
		}},
		{"B04-windows-1252.csv", []want{
			{2, 2, "", []string{"name:invalid_utf8"}, c{"domains": "mueller-maschinenbau.example.com", "size": "310"}},
			{3, 3, "", noErrs, c{"name": "Contoso Widgets", "domains": "contoso.example.com", "size": "45"}},
			{4, 4, "", []string{"name:invalid_utf8"}, c{"domains": "creme-logistique.example.com", "size": "22"}},
		}},
		{"B05-semicolon-delimited.csv", []want{
			{2, 2, "", noErrs, c{"id": "56935ab7-85bf-49cd-871c-a7d760446a44", "name": "Fabrikam Tools, Inc.", "domains": "fabrikam.example.com", "revenue": "4500000", "size": "120"}},
			{3, 3, "", noErrs, c{"name": "Tailspin Data", "domains": "tailspin.example.org", "size": "15"}},
		}},
		{"B06-crlf.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "revenue": "1200000", "domains": "acme-robotics.example.com"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "revenue": "800000", "domains": "globex.example.com"}},
		}},
		{"B08-quoted-newline.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "size": "250"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics\nEMEA Division", "domains": "globex.example.com", "size": "40"}},
			{4, 5, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "size": "85"}},
		}},
		{"B09-bare-quote.csv", []want{
			{2, 2, "", noErrs, c{"name": `Acme "Red" Robotics`, "domains": "acme-robotics.example.com", "size": "250"}},
			{3, 3, "", noErrs, c{"name": `Contoso 12" Displays`, "domains": "contoso.example.com", "size": "30"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "size": "85"}},
		}},
		{"B11-trailing-empty-columns.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "size": "250"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "size": "40"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "size": "85"}},
			{5, 5, "", []string{":blank_header"}, c{"name": "Northwind Freight", "domains": "northwind.example.net", "size": "1200"}},
		}},
		{"B14-blank-header.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "size": "250"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "size": "40"}},
			{4, 4, "", []string{":blank_header"}, c{"name": "Initech Labs", "domains": "initech.example.com", "size": "85"}},
		}},
		{"B15-header-case-whitespace.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "1200000", "size": "250",
				"logoUrl": "https://acme-robotics.example.com/logo.png", "externalIds": "ext-1001", "mainSourceId": "ext-1001"}},
		}},
		{"B16-unknown-columns.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "1200000"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "revenue": "800000"}},
		}},
		{"B18-whitespace.csv", []want{
			{2, 2, "", noErrs, c{"name": "  Acme Robotics ", "domains": "acme-robotics.example.com ", "revenue": " 1200000", "logoUrl": " https://acme-robotics.example.com/logo.png"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com"}},
			{4, 4, "", noErrs, c{"domains": "initech.example.com", "revenue": "300000"}},
		}},
		{"B19-thousands-separators.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "1,200,000", "size": "250"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "revenue": "800000", "size": "1,250"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "revenue": "1.200.000", "size": "85"}},
			{5, 5, "", noErrs, c{"name": "Northwind Freight", "domains": "northwind.example.net", "revenue": "9 000 000", "size": "1200"}},
			{6, 6, "", noErrs, c{"name": "Contoso Widgets", "domains": "contoso.example.com", "revenue": "450000", "size": "45"}},
		}},
		{"B20-currency-symbols.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "$1200000"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "revenue": "USD 800000"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "revenue": "€300000"}},
			{5, 5, "", noErrs, c{"name": "Northwind Freight", "domains": "northwind.example.net", "revenue": "9000000 $"}},
			{6, 6, "", noErrs, c{"name": "Contoso Widgets", "domains": "contoso.example.com", "revenue": "450000"}},
		}},
		{"B22-decimal-integers.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "1200000.0", "size": "250.00"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "revenue": "800000.5", "size": "40"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "revenue": "300000", "size": "85.7"}},
		}},
		{"B23-int64-overflow.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "9223372036854775807"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "revenue": "9223372036854775808"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "revenue": "99999999999999999999"}},
			{5, 5, "", noErrs, c{"name": "Contoso Widgets", "domains": "contoso.example.com", "revenue": "2147483648"}},
			{6, 6, "", noErrs, c{"name": "Tailspin Data", "domains": "tailspin.example.org", "revenue": "2147483647"}},
		}},
		{"B24-placeholders.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "N/A", "size": "250"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "revenue": "800000", "size": "-"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "revenue": "300000", "size": "85", "logoUrl": "null"}},
			{5, 5, "", noErrs, c{"name": "Northwind Freight", "domains": "northwind.example.net", "revenue": "NULL", "size": "1200"}},
			{6, 6, "", noErrs, c{"name": "N/A", "domains": "contoso.example.com", "revenue": "450000", "size": "45"}},
			{7, 7, "", noErrs, c{"name": "Tailspin Data", "domains": "tailspin.example.org"}},
		}},
		{"B27-formula-injection.csv", []want{
			{2, 2, "", noErrs, c{"name": "=1+2", "domains": "acme-robotics.example.com", "revenue": "1200000"}},
			{3, 3, "", noErrs, c{"name": "@SUM(1,2)", "domains": "globex.example.com", "revenue": "800000"}},
			{4, 4, "", noErrs, c{"name": "+Initech Labs", "domains": "initech.example.com", "revenue": "300000"}},
			{5, 5, "", noErrs, c{"name": "Northwind Freight", "domains": "northwind.example.net", "revenue": "=A2*2"}},
			{6, 6, "", noErrs, c{"name": "-Contoso Widgets", "domains": "contoso.example.com", "revenue": "450000"}},
		}},
		{"B28-public-email-domains.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "gmail.com"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "Outlook.com"}},
			{4, 4, "", noErrs, c{"name": "Name Registry Co", "domains": "name.com"}},
			{5, 5, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com"}},
			{6, 6, "", noErrs, c{"name": "Northwind Freight", "domains": "yahoo.co.uk"}},
		}},
		{"B29-blank-rows.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "size": "250"}},
			{3, 3, SkipBlank, noErrs, c{}},
			{4, 4, SkipBlank, noErrs, c{}},
			{5, 5, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "size": "40"}},
			{6, 6, SkipBlank, noErrs, c{}},
			{7, 7, SkipBlank, noErrs, c{}},
			{8, 8, SkipBlank, noErrs, c{}},
			{9, 9, SkipBlank, noErrs, c{}},
		}},
		{"B30-ndjson.ndjson", []want{
			{1, 1, "", noErrs, c{"id": "c23bca54-004b-4c45-953f-eb4d9036aba4", "name": "Acme Robotics", "domains": "[acme-robotics.example.com]", "revenue": "1200000"}},
			{2, 2, "", noErrs, c{"name": "Globex Analytics", "domains": "[globex.example.com]", "size": "40"}},
		}},
		{"B30-top-level-array.json", []want{
			{1, 2, "", noErrs, c{"id": "c23bca54-004b-4c45-953f-eb4d9036aba4", "name": "Acme Robotics", "domains": "[acme-robotics.example.com]", "revenue": "1200000"}},
			{2, 10, "", noErrs, c{"name": "Globex Analytics", "domains": "[globex.example.com]", "size": "40"}},
		}},
		{"B31-ndjson-blank-lines.ndjson", []want{
			{1, 1, "", noErrs, c{"name": "Acme Robotics", "domains": "[acme-robotics.example.com]"}},
			{2, 2, SkipBlank, noErrs, c{}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "[globex.example.com]"}},
			{4, 4, SkipBlank, noErrs, c{}},
			{5, 5, "", noErrs, c{"name": "Initech Labs", "domains": "[initech.example.com]"}},
			{6, 6, SkipBlank, noErrs, c{}},
		}},
		{"B32-json-bom.json", []want{
			{1, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "[acme-robotics.example.com]"}},
			{2, 8, "", noErrs, c{"name": "Globex Analytics", "domains": "[globex.example.com]"}},
		}},
		{"B33-null-vs-missing.json", []want{
			{1, 2, "", noErrs, c{"name": "Acme Robotics", "revenue": "<null>", "size": "250"}},
			{2, 3, "", noErrs, c{"name": "Globex Analytics", "size": "40"}},
			{3, 4, "", noErrs, c{"name": "Initech Labs", "revenue": "0", "size": "0"}},
			{4, 5, "", noErrs, c{"name": "<null>", "domains": "[northwind.example.net]"}},
		}},
		{"B35-numbers-as-strings.json", []want{
			{1, 2, "", noErrs, c{"name": "Acme Robotics", "revenue": "1200000", "size": "250", "externalIds": "[98765]", "mainSourceId": "98765"}},
			{2, 3, "", noErrs, c{"name": "Globex Analytics", "revenue": "1.2E+07"}},
			{3, 4, "", noErrs, c{"name": "Initech Labs", "size": " 85 "}},
		}},
		{"H41-excel-sep-line.csv", []want{
			{2, 3, "", noErrs, c{"name": "Acme Robotics", "domains": "acme.example.com", "revenue": "1200000"}},
		}},
		{"H44-quote-then-text.csv", []want{
			{2, 2, "", []string{":unclosed_quote"}, c{"name": "Acme\" Robotics,acme.example.com,250"}},
			{3, 3, "", noErrs, c{"name": "Globex", "domains": "globex.example.com", "size": "40"}},
		}},
		{"u16-odd.txt", []want{
			{2, 2, "", noErrs, c{"name": "Acme", "domains": "acme.example.com"}},
			{3, 3, "", []string{":incomplete_character"}, c{}},
		}},
		{"H47-json-array-deep.json", []want{
			{1, 1, "", noErrs, c{"name": "Acme"}},
			{2, 2, "", []string{":invalid_json"}, c{}},
			{3, 3, "", noErrs, c{"name": "Globex"}},
		}},
		{"deep1001.json", []want{
			{1, 1, "", noErrs, c{"name": "Acme"}},
			{2, 1, "", []string{":invalid_json"}, c{}},
			{3, 1, "", noErrs, c{"name": "Globex"}},
		}},
		{"B38-one-bad-row.csv", []want{
			{2, 2, "", noErrs, c{"name": "Acme Robotics", "domains": "acme-robotics.example.com", "revenue": "1200000"}},
			{3, 3, "", noErrs, c{"name": "Globex Analytics", "domains": "globex.example.com", "revenue": "800000"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com", "revenue": "abc"}},
			{5, 5, "", noErrs, c{"domains": "northwind.example.net", "revenue": "9000000"}},
			{6, 6, "", noErrs, c{"name": "Contoso Widgets", "domains": "contoso.example.com", "revenue": "450000"}},
		}},
		{"B39-rerun-duplicates.csv", []want{
			{2, 2, "", noErrs, c{"id": "59ebd32d-cb03-4562-8079-915561ca9bbf", "name": "Acme Robotics", "domains": "acme-robotics.example.com"}},
			{3, 3, "", noErrs, c{"id": "c5113f03-9d42-463e-ab7f-ca920a608012", "name": "Globex Analytics", "domains": "globex.example.com"}},
			{4, 4, "", noErrs, c{"name": "Initech Labs", "domains": "initech.example.com"}},
			{5, 5, "", noErrs, c{"name": "Northwind Freight", "domains": "northwind.example.net"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			check(t, readFile(t, tt.file, Options{}), tt.wants)
		})
	}
}

func TestCaseDuplicateHeaders(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "B13-duplicate-headers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	fe := fileError(t, string(data), Options{Name: "B13-duplicate-headers.csv"})
	for _, part := range []string{`"revenue"`, `"Revenue"`, "rename", "--map 'Revenue='"} {
		if !strings.Contains(fe.Error(), part) {
			t.Errorf("error %q does not mention %s", fe.Error(), part)
		}
	}
}

func TestCaseWindows1252WithEncoding(t *testing.T) {
	recs := readFile(t, "B04-windows-1252.csv", Options{Encoding: "windows-1252"})
	check(t, recs, []want{
		{2, 2, "", noErrs, c{"name": "Müller Maschinenbau", "domains": "mueller-maschinenbau.example.com", "size": "310"}},
		{3, 3, "", noErrs, c{"name": "Contoso Widgets", "domains": "contoso.example.com", "size": "45"}},
		{4, 4, "", noErrs, c{"name": "Crème Logistique", "domains": "creme-logistique.example.com", "size": "22"}},
	})
}

func TestCaseInvalidUTF8Message(t *testing.T) {
	recs := readFile(t, "B04-windows-1252.csv", Options{})
	e := recs[0].Errs[0]
	if e.Value != `M\xfcller Maschinenbau` {
		t.Errorf("Value = %q, want the cell with \\xfc", e.Value)
	}
	for _, part := range []string{"row 2", `"name"`, "--encoding windows-1252", "windows-1252 or ISO-8859-1"} {
		if !strings.Contains(e.Message, part) {
			t.Errorf("message %q does not mention %s", e.Message, part)
		}
	}
	if strings.ContainsRune(recs[0].Raw.Name.Value(), '\uFFFD') {
		t.Error("the name holds a replacement character")
	}
}
