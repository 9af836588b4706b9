package parse

import (
	"strings"
	"testing"
)

func TestCSVRecords(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		opts  Options
		wants []want
	}{
		{"LF", "name,size\nAcme,1\nGlobex,2\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"CRLF", "name,size\r\nAcme,1\r\nGlobex,2\r\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"lone CR", "name,size\rAcme,1\rGlobex,2\r", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"lone CR blank line", "name,size\rAcme,1\r\rGlobex,2", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, SkipBlank, noErrs, c{}},
			{4, 4, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"mixed line endings", "name,size\nAcme,1\r\nGlobex,2\rInitech,3", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Globex", "size": "2"}},
			{4, 4, "", noErrs, c{"name": "Initech", "size": "3"}},
		}},
		{"no final line break", "name,size\nAcme,1", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"header only", "name,size\n", Options{}, nil},
		{"quoted line breaks LF", "name,size\n\"Acme\nEMEA\nDivision\",1\nGlobex,2\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme\nEMEA\nDivision", "size": "1"}},
			{3, 5, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"quoted CRLF becomes LF", "name,size\r\n\"Acme\r\nEMEA\",1\r\nGlobex,2\r\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme\nEMEA", "size": "1"}},
			{3, 4, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"quoted lone CR", "name,size\r\"Acme\rEMEA\",1\rGlobex,2\r", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme\nEMEA", "size": "1"}},
			{3, 4, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"doubled quotes", "name,size\n\"Acme \"\"Red\"\" Robotics\",1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": `Acme "Red" Robotics`, "size": "1"}},
		}},
		{"stray quotes in unquoted cells", "name,size\nAcme \"Red\" Robotics,1\n12\" Displays,2\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": `Acme "Red" Robotics`, "size": "1"}},
			{3, 3, "", noErrs, c{"name": `12" Displays`, "size": "2"}},
		}},
		{"lone quote inside quotes", "name,size\n\"Acme \"Red\" Robotics\",1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": `Acme "Red" Robotics`, "size": "1"}},
		}},
		{"spaces after closing quote", "name,size\n\"Acme\"  ,1\n\"Globex\" \n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", []string{":wrong_cell_count"}, c{"name": "Globex"}},
		}},
		{"quoted delimiter", "name,size\n\"Fabrikam, Inc.\",1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Fabrikam, Inc.", "size": "1"}},
		}},
		{"quoted empty cell", "name,size\n\"Acme\",\"\"\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme"}},
		}},
		{"every cell quoted", "\"name\",\"size\"\r\n\"Acme\",\"1\"\r\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"unclosed quote then good rows", "name,size\nAcme,1\n\"Globex,2\nInitech,3\nContoso,4\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", []string{":unclosed_quote"}, c{"name": "Globex,2"}},
			{4, 4, "", noErrs, c{"name": "Initech", "size": "3"}},
			{5, 5, "", noErrs, c{"name": "Contoso", "size": "4"}},
		}},
		{"quote closed before text", "name,domains,size\n\"Acme\" Robotics,acme.example.com,250\nGlobex,globex.example.com,40\n", Options{}, []want{
			{2, 2, "", []string{":unclosed_quote"}, c{"name": "Acme\" Robotics,acme.example.com,250"}},
			{3, 3, "", noErrs, c{"name": "Globex", "domains": "globex.example.com", "size": "40"}},
		}},
		{"unclosed quote in second cell", "name,size\r\nAcme,\"1\r\nInitech,3\r\n", Options{}, []want{
			{2, 2, "", []string{":unclosed_quote"}, c{"name": "Acme", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Initech", "size": "3"}},
		}},
		{"unclosed quote on the last line", "name,size\nAcme,1\n\"Globex,2", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", []string{":unclosed_quote"}, c{"name": "Globex,2"}},
		}},
		{"stray quote before quoted cells", "name,domains,notes\n\"Big\" Corp,big.example.com,plain\nAcme,acme.example.com,\"renewal, Q3\"\nGlobex,globex.example.com,x\n", Options{}, []want{
			{2, 2, "", []string{":unclosed_quote"}, c{"name": "Big\" Corp,big.example.com,plain"}},
			{3, 3, "", noErrs, c{"name": "Acme", "domains": "acme.example.com"}},
			{4, 4, "", noErrs, c{"name": "Globex", "domains": "globex.example.com"}},
		}},
		{"lone opening quote before a quoted cell", "name,domains\n\"Big Corp,big.example.com\n\"Acme, Inc\",acme.example.com\nGlobex,globex.example.com\n", Options{}, []want{
			{2, 2, "", []string{":unclosed_quote"}, c{"name": "Big Corp,big.example.com"}},
			{3, 3, "", noErrs, c{"name": "Acme, Inc", "domains": "acme.example.com"}},
			{4, 4, "", noErrs, c{"name": "Globex", "domains": "globex.example.com"}},
		}},
		{"lone quote on a line", "name,domains\n\"\nAcme Robotics,acme.example.com\n", Options{}, []want{
			{2, 2, "", []string{":unclosed_quote"}, c{}},
			{3, 3, "", noErrs, c{"name": "Acme Robotics", "domains": "acme.example.com"}},
		}},
		{"short row", "name,domains,size\nAcme,acme.example.com\n", Options{}, []want{
			{2, 2, "", []string{":wrong_cell_count"}, c{"name": "Acme", "domains": "acme.example.com"}},
		}},
		{"surplus blank cells", "name,size\nAcme,1,, ,\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"surplus value", "name,size\nAcme,1,,extra\n", Options{}, []want{
			{2, 2, "", []string{":wrong_cell_count"}, c{"name": "Acme", "size": "1"}},
		}},
		{"blank header with blank cells", "name,,size\nAcme, ,1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"blank header with a value", "name,,size\nAcme,note,1\n", Options{}, []want{
			{2, 2, "", []string{":blank_header"}, c{"name": "Acme", "size": "1"}},
		}},
		{"blank rows", "name,size\n\n , \n,\nAcme,1\n\u00a0,\u00a0\n", Options{}, []want{
			{2, 2, SkipBlank, noErrs, c{}},
			{3, 3, SkipBlank, noErrs, c{}},
			{4, 4, SkipBlank, noErrs, c{}},
			{5, 5, "", noErrs, c{"name": "Acme", "size": "1"}},
			{6, 6, SkipBlank, noErrs, c{}},
		}},
		{"whitespace cells are undefined", "name,size,revenue\nAcme,\u00a0, \t\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme"}},
		}},
		{"Salesforce report footer", "\"Account Name\",\"Annual Revenue\"\n\"Acme\",\"100\"\n\n\"Grand Totals (1 records)\",\"100\"\n\n\"Confidential Information - Do Not Distribute\"\n\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "revenue": "100"}},
			{3, 3, SkipBlank, noErrs, c{}},
			{4, 4, SkipFooter, noErrs, c{}},
			{5, 5, SkipBlank, noErrs, c{}},
			{6, 6, SkipFooter, noErrs, c{}},
			{7, 7, SkipFooter, noErrs, c{}},
		}},
		{"footer text before blank row", "name,size\nCopyright Agency,1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Copyright Agency", "size": "1"}},
		}},
		{"totals rows", "name,domains,revenue,size\nAcme,acme.com,5,1\n\"Total\",\"\",\"\",\"\"\nGrand Totals (3 records),,\"$1,200.50\",12\ntotals ,, -3 ,\nTotal (2 rows),,7,\nSubtotal,,3500,15\nTOTAL:,,3500,15\nSub-total (4 records):,,1,\nSubtotal (3),,12000,7\nTotal 5 records,,1,\nGrand Total: 5 records,,1,\nTotal (5),,1,\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "domains": "acme.com", "revenue": "5", "size": "1"}},
			{3, 3, SkipTotals, noErrs, c{}},
			{4, 4, SkipTotals, noErrs, c{}},
			{5, 5, SkipTotals, noErrs, c{}},
			{6, 6, SkipTotals, noErrs, c{}},
			{7, 7, SkipTotals, noErrs, c{}},
			{8, 8, SkipTotals, noErrs, c{}},
			{9, 9, SkipTotals, noErrs, c{}},
			{10, 10, SkipTotals, noErrs, c{}},
			{11, 11, SkipTotals, noErrs, c{}},
			{12, 12, SkipTotals, noErrs, c{}},
			{13, 13, SkipTotals, noErrs, c{}},
		}},
		{"companies named like totals", "name,domains,size\nTotal,total.com,1\nTotal Wine,,2\nTotals (many records),,3\nTotal,,N/A\nSubtotals Inc,,4\nTotally Nuts,,5\nTotal 5 stars,,6\nTotal 360,,7\nTotal .,,8\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Total", "domains": "total.com", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Total Wine", "size": "2"}},
			{4, 4, "", noErrs, c{"name": "Totals (many records)", "size": "3"}},
			{5, 5, "", noErrs, c{"name": "Total", "size": "N/A"}},
			{6, 6, "", noErrs, c{"name": "Subtotals Inc", "size": "4"}},
			{7, 7, "", noErrs, c{"name": "Totally Nuts", "size": "5"}},
			{8, 8, "", noErrs, c{"name": "Total 5 stars", "size": "6"}},
			{9, 9, "", noErrs, c{"name": "Total 360", "size": "7"}},
			{10, 10, "", noErrs, c{"name": "Total .", "size": "8"}},
		}},
		{"company named like a footer", "name,size\n\nCopyright Agency,12\n", Options{}, []want{
			{2, 2, SkipBlank, noErrs, c{}},
			{3, 3, "", noErrs, c{"name": "Copyright Agency", "size": "12"}},
		}},
		{"semicolon", "name;size\nAcme, Inc.;1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme, Inc.", "size": "1"}},
		}},
		{"pipe", "name|size\nAcme, Inc.|1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme, Inc.", "size": "1"}},
		}},
		{"tab", "name\tsize\nAcme, Inc.\t1\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme, Inc.", "size": "1"}},
		}},
		{"quoted delimiters in the header", "\"name, legal\";\"size, total\";revenue\nAcme, Inc.;1;2\n", Options{Map: map[string]string{"name, legal": "name", "size, total": "size"}}, []want{
			{2, 2, "", noErrs, c{"name": "Acme, Inc.", "size": "1", "revenue": "2"}},
		}},
		{"Delimiter option", "name;size\nAcme;1\n", Options{Delimiter: ';'}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"Format tsv", "name\tsize\nAcme,1\t2\n", Options{Format: "tsv"}, []want{
			{2, 2, "", noErrs, c{"name": "Acme,1", "size": "2"}},
		}},
		{"tsv with quotes", "name\tsize\n\"Acme\tInc.\"\t1\n", Options{Name: "x.tsv"}, []want{
			{2, 2, "", noErrs, c{"name": "Acme\tInc.", "size": "1"}},
		}},
		{"missing column leaves the target undefined", "name\nAcme\n", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, tt.opts), tt.wants)
		})
	}
}

func TestCSVCells(t *testing.T) {
	recs := readAll(t, "name,size\n\"Acme, Inc.\",1,,x\n", Options{})
	got := recs[0].Cells
	want := []string{"Acme, Inc.", "1", "", "x"}
	if !equalStrings(got, want) {
		t.Errorf("Cells = %q, want %q", got, want)
	}
	if recs[0].Text != nil {
		t.Errorf("Text = %q, want nil for CSV", recs[0].Text)
	}
}

func TestCSVMessages(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		value string
		parts []string
	}{
		{"short row", "name,domains,size\nAcme,acme.example.com\n", "",
			[]string{"row 2", "2 cells", "3 columns"}},
		{"surplus value", "name,size\nAcme,1,,priority\n", "priority",
			[]string{"row 2", `"priority"`, "column 4", "2 columns"}},
		{"blank header", "name,,size\nAcme,see notes,1\n", "see notes",
			[]string{"row 2", `"see notes"`, "column 2", "header is blank", "give the column a name"}},
		{"unclosed quote", "name,size\nAcme,1\nGlobex,\"2\nInitech,3\n", "2",
			[]string{"row 3", "column 2", `"size"`, "line 3", "never closes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs []string
			for _, rec := range readAll(t, tt.data, Options{}) {
				for _, e := range rec.Errs {
					if e.Field != "" {
						t.Errorf("Field = %q, want a row-level error", e.Field)
					}
					if e.Value != tt.value {
						t.Errorf("Value = %q, want %q", e.Value, tt.value)
					}
					errs = append(errs, e.Message)
				}
			}
			if len(errs) != 1 {
				t.Fatalf("got errors %q, want one", errs)
			}
			for _, part := range tt.parts {
				if !strings.Contains(errs[0], part) {
					t.Errorf("message %q does not mention %s", errs[0], part)
				}
			}
		})
	}
}

// TestCSVUnclosedQuoteLimit checks that a quote still open maxQuoted
// bytes later is reported and that reading resumes on the next line.
func TestCSVUnclosedQuoteLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,size\nAcme,\"1\nGlobex,2\n")
	for b.Len() < maxQuoted+bufSize {
		b.WriteString("Filler Company With A Long Name,12345\n")
	}
	b.WriteString("Tail\",9\n")
	recs := readAll(t, b.String(), Options{})
	check(t, recs[:3], []want{
		{2, 2, "", []string{":unclosed_quote"}, c{"name": "Acme", "size": "1"}},
		{3, 3, "", noErrs, c{"name": "Globex", "size": "2"}},
		{4, 4, "", noErrs, c{"name": "Filler Company With A Long Name", "size": "12345"}},
	})
	last := recs[len(recs)-1]
	if last.Row != len(recs)+1 || last.Line != last.Row {
		t.Errorf("last record: Row %d, Line %d, want both %d", last.Row, last.Line, len(recs)+1)
	}
	if got := last.Raw.Name.Value(); got != `Tail"` {
		t.Errorf("last name = %q, want the stray quote kept", got)
	}
}

// TestCSVQuotedCellOverOneMiB checks that a quoted cell of 2 MiB whose
// lines look like records comes out whole, with no record made of them.
func TestCSVQuotedCellOverOneMiB(t *testing.T) {
	lines := strings.Repeat("Phantom,phantom.example.com\n", (2<<20)/28)
	recs := readAll(t, "name,domains,notes\nAcme,acme.com,\""+lines+"\"\nGlobex,globex.com,\n", Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	if got := recs[1].Raw.Name.Value(); got != "Globex" || recs[1].Line != 3+strings.Count(lines, "\n") {
		t.Errorf("second record: name %q on line %d, want Globex on line %d", got, recs[1].Line, 3+strings.Count(lines, "\n"))
	}
	if len(recs[0].Errs) != 0 {
		t.Errorf("first record errors: %v", recs[0].Errs)
	}
}

// TestCSVLongQuotedCell checks that a quoted cell shorter than the limit
// but longer than the read buffer comes out whole.
func TestCSVLongQuotedCell(t *testing.T) {
	long := strings.Repeat("note line\n", bufSize/5)
	recs := readAll(t, "name,size\n\"Acme "+long+"\",1\nGlobex,2\n", Options{})
	lines := strings.Count(long, "\n")
	check(t, recs, []want{
		{2, 2, "", noErrs, c{"name": "Acme " + long, "size": "1"}},
		{3, 3 + lines, "", noErrs, c{"name": "Globex", "size": "2"}},
	})
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   byte
	}{
		{"comma", "a,b,c\n", ','},
		{"semicolon", "a;b;c\n", ';'},
		{"tab", "a\tb\tc\n", '\t'},
		{"pipe", "a|b|c\n", '|'},
		{"one column", "name\n", ','},
		{"quoted commas in a semicolon header", "\"a, b\";\"c, d, e\";f\n", ';'},
		{"quoted semicolons in a comma header", "\"a; b; c\",d\n", ','},
		{"tie goes to comma", "a,b;c\n", ','},
		{"only the first line counts", "a;b\nc,d,e,f\n", ';'},
		{"quoted line break in the header", "\"a\nb\";c;d\n", ';'},
		{"lone CR", "a;b\rc,d,e\r", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSource(strings.NewReader(tt.header))
			if got := detectDelimiter(s); got != tt.want {
				t.Errorf("detectDelimiter = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCSVFormat(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		want string
	}{
		{"comma", "name,size\n", Options{}, FormatCSV},
		{"tab is tsv", "name\tsize\n", Options{}, FormatTSV},
		{"txt with tabs", "name\tsize\n", Options{Name: "export.txt"}, FormatTSV},
		{"tsv extension", "name\n", Options{Name: "x.TSV"}, FormatTSV},
		{"csv extension wins over content", "[name]\n", Options{Name: "x.csv", Map: map[string]string{"[name]": "name"}}, FormatCSV},
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
		})
	}
}

func TestCSVFileErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		part string
	}{
		{"empty", "", Options{}, "empty"},
		{"BOM only", "\xef\xbb\xbf", Options{}, "empty"},
		{"no name column", "company_size,web\n1,x\n", Options{}, `"company_size", "web"`},
		{"blank header line", "\nAcme\n", Options{}, "header is blank"},
		{"duplicate target", "Company name,Account Name\n", Options{}, `"Company name"`},
		{"unknown target in map", "name\n", Options{Map: map[string]string{"name": "nome"}}, "unknown target"},
		{"unknown format", "name\n", Options{Format: "xlsx"}, "unknown format"},
		{"bad delimiter", "name\n", Options{Delimiter: '"'}, "delimiter"},
		{"non-ASCII delimiter", "name\n", Options{Delimiter: '¦'}, "delimiter"},
		{"unclosed quote in header", "\"name,size\nAcme,1\n", Options{}, "header never closes"},
		{"xlsx", "PK\x03\x04rest", Options{}, "Excel workbook"},
		{"xls", "\xd0\xcf\x11\xe0rest", Options{}, ".xls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := fileError(t, tt.data, tt.opts)
			if !strings.Contains(fe.Error(), tt.part) {
				t.Errorf("error %q does not mention %s", fe.Error(), tt.part)
			}
		})
	}
}

func TestCSVHeaderAndColumns(t *testing.T) {
	rd, err := NewReader(strings.NewReader("\xef\xbb\xbfCompany name,Industry,,Annual Revenue,Notes\n"), Options{Map: map[string]string{"Notes": ""}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rd.Header(), []string{"Company name", "Industry", "", "Annual Revenue", "Notes"}; !equalStrings(got, want) {
		t.Errorf("Header = %q, want %q", got, want)
	}
	if got, want := rd.Unknown(), []string{"Industry"}; !equalStrings(got, want) {
		t.Errorf("Unknown = %q, want %q", got, want)
	}
	cols := rd.Columns()
	if cols[1] != "Company name" || cols[11] != "Annual Revenue" || cols[0] != "" {
		t.Errorf("Columns = %q", cols)
	}
}

// TestCSVSepLine checks the "sep=" line that Excel writes before the
// header: it names the delimiter, it is skipped, and rows are counted
// from the header after it while lines stay physical.
func TestCSVSepLine(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		opts  Options
		wants []want
	}{
		{"semicolon CRLF", "sep=;\r\nname;domains;size\r\nAcme, Inc.;acme.example.com;1\r\n", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme, Inc.", "domains": "acme.example.com", "size": "1"}},
		}},
		{"comma LF", "sep=,\nname,size\nAcme;Inc,1\n", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme;Inc", "size": "1"}},
		}},
		{"tab", "sep=\t\nname\tsize\nAcme, Inc.\t1\n", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme, Inc.", "size": "1"}},
		}},
		{"pipe", "sep=|\nname|size\nAcme, Inc.|1\n", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme, Inc.", "size": "1"}},
		}},
		{"lone CR", "sep=;\rname;size\rAcme;1\r", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"upper case", "SEP=;\nname;size\nAcme;1\n", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"blank rows keep counting", "sep=;\nname;size\n\nAcme;1\n", Options{}, []want{
			{2, 3, SkipBlank, noErrs, c{}},
			{3, 4, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"Delimiter option wins", "sep=;\nname,size\nAcme;Inc,1\n", Options{Delimiter: ','}, []want{
			{2, 3, "", noErrs, c{"name": "Acme;Inc", "size": "1"}},
		}},
		{"UTF-8 BOM", "\xef\xbb\xbfsep=;\nname;size\nAcme;1\n", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme", "size": "1"}},
		}},
		{"UTF-16LE BOM", utf16Bytes("sep=;\r\nname;size\r\nZürich AG;140\r\n", false, true), Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Zürich AG", "size": "140"}},
		}},
		{"UTF-16BE without BOM", utf16Bytes("sep=;\r\nname;size\r\nZürich AG;140\r\n", true, false), Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Zürich AG", "size": "140"}},
		}},
		{"quoted line break after the header", "sep=;\nname;size\n\"Acme\nEMEA\";1\nGlobex;2\n", Options{}, []want{
			{2, 3, "", noErrs, c{"name": "Acme\nEMEA", "size": "1"}},
			{3, 5, "", noErrs, c{"name": "Globex", "size": "2"}},
		}},
		{"header that only starts like one", "sepal;name\n1;Acme\n", Options{Map: map[string]string{"sepal": ""}}, []want{
			{2, 2, "", noErrs, c{"name": "Acme"}},
		}},
		{"text after the delimiter is a header", "sep=;x,name\n1,Acme\n", Options{Map: map[string]string{"sep=;x": ""}}, []want{
			{2, 2, "", noErrs, c{"name": "Acme"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, tt.opts), tt.wants)
		})
	}
}

func TestCSVSepLineFormat(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		want string
	}{
		{"tab is tsv", "sep=\t\nname\tsize\n", Options{}, FormatTSV},
		{"semicolon in a file named .tsv", "sep=;\nname;size\n", Options{Name: "x.tsv"}, FormatCSV},
		{"Format tsv wins", "sep=;\nname\tsize\n", Options{Format: "tsv"}, FormatTSV},
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
			if got, want := rd.Header(), []string{"name", "size"}; !equalStrings(got, want) {
				t.Errorf("Header = %q, want %q", got, want)
			}
		})
	}
}

func TestCSVSepLineFileErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		line int
		part string
	}{
		{"no name column", "sep=;\nsize;web\n", 2, `"size", "web"`},
		{"only the separator line", "sep=;\r\n", 0, "empty"},
		{"unclosed quote in the header", "sep=,\n\"name,size\nAcme,1\n", 2, "header never closes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := fileError(t, tt.data, Options{})
			if fe.Line != tt.line {
				t.Errorf("Line = %d, want %d", fe.Line, tt.line)
			}
			if !strings.Contains(fe.Error(), tt.part) {
				t.Errorf("error %q does not mention %s", fe.Error(), tt.part)
			}
		})
	}
}

// TestCSVQuoteThenText checks a quoted cell whose quote closes with text
// after it: the row comes out as before, with a message that names the
// closing quote and the text after it.
func TestCSVQuoteThenText(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		value  string
		parts  []string
		absent string
	}{
		{"text after the quote", "name,domains,size\n\"Acme\" Robotics,acme.example.com,250\nGlobex,globex.example.com,40\n",
			`Acme" Robotics,acme.example.com,250`,
			[]string{"row 2", `column 1 ("name")`, "line 2", `closes after "Acme"`, `the text " Robotics" follows it`, `("""Acme"" Robotics")`, "double each of them", "remove them"},
			"never closes"},
		{"spaces and text after the quote", "name,size\n\"Acme\"  Robotics,1\n",
			`Acme"  Robotics,1`,
			[]string{`closes after "Acme"`, `the text "  Robotics" follows it`},
			"never closes"},
		{"second cell", "name,size,revenue\nAcme,\"12\" inch,3\nGlobex,1,2\n",
			`12" inch,3`,
			[]string{"row 2", `column 2 ("size")`, `closes after "12"`, `the text " inch" follows it`, `("""12"" inch")`},
			"never closes"},
		{"quote that never closes", "name,size\n\"Acme Robotics,1\n",
			"Acme Robotics,1",
			[]string{"row 2", "never closes"},
			"closes after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := readAll(t, tt.data, Options{})
			errs := recs[0].Errs
			if len(errs) != 1 {
				t.Fatalf("errors = %v, want one", errs)
			}
			e := errs[0]
			if e.Code != CodeUnclosedQuote {
				t.Errorf("Code = %q, want %q", e.Code, CodeUnclosedQuote)
			}
			if e.Value != tt.value {
				t.Errorf("Value = %q, want %q", e.Value, tt.value)
			}
			for _, part := range tt.parts {
				if !strings.Contains(e.Message, part) {
					t.Errorf("message %q does not mention %s", e.Message, part)
				}
			}
			if strings.Contains(e.Message, tt.absent) {
				t.Errorf("message %q says %q", e.Message, tt.absent)
			}
		})
	}
}
