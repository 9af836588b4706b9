package htmlreport

import (
	"fmt"
	"strings"
	"testing"

	"custimport/record"
)

func TestCollectCounts(t *testing.T) {
	report := reportOf(t,
		named(2, "created", "Acme"),
		named(3, "created", "Globex"),
		named(4, "updated", "Initech"),
		named(5, "skipped", ""),
		named(6, "invalid", "", fe("revenue", "not_integer", "12,5")),
		named(7, "failed", "Umbrella", record.FieldError{Code: "api_error", Message: "server said no"}),
		named(8, "valid", "Hooli"),
		named(9, "exploded", "Weird"),
	).String()
	report += "\n   \nnot json at all\n{\"row\":10}\n"
	c := collect(t, report, Options{})

	want := map[string]int{"valid": 1, "created": 2, "updated": 1, "skipped": 1, "invalid": 1, "failed": 1}
	for name, n := range want {
		if got := c.count(name); got != n {
			t.Errorf("count(%q) = %d, want %d", name, got, n)
		}
	}
	if c.total != 8 {
		t.Errorf("total = %d, want 8", c.total)
	}
	if c.other != 1 || c.otherName != "exploded" {
		t.Errorf("other = %d %q, want 1 \"exploded\"", c.other, c.otherName)
	}
	if c.unreadable != 2 {
		t.Errorf("unreadable = %d, want 2", c.unreadable)
	}
	if c.firstBad != 11 {
		t.Errorf("firstBad = %d, want 11", c.firstBad)
	}
	if c.problemRows != 2 {
		t.Errorf("problemRows = %d, want 2", c.problemRows)
	}
	if c.lastRow != 9 {
		t.Errorf("lastRow = %d, want 9", c.lastRow)
	}
}

func TestCollectSampleBounds(t *testing.T) {
	var lines []testLine
	for i := range 10 {
		lines = append(lines, named(i+2, "invalid", "", fe("size", "fraction", fmt.Sprint(i)+".5")))
	}
	for i := range 4 {
		lines = append(lines, named(i+20, "invalid", "", fe("domains", "invalid_domain", "x")))
	}
	// One row with both codes, after both have used their share.
	lines = append(lines, named(30, "invalid", "", fe("size", "fraction", "1.5"), fe("domains", "invalid_domain", "y")))
	c := collect(t, reportOf(t, lines...).String(), Options{RowsPerCode: 3, MaxRows: 5})

	if got := len(c.rows); got != 5 {
		t.Fatalf("sampled rows = %d, want 5", got)
	}
	tests := []struct {
		code                   string
		rows, sampled, leftOut int
	}{
		{"fraction", 11, 3, 8},
		{"invalid_domain", 5, 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			cs := c.codes[tt.code]
			if cs.Rows != tt.rows {
				t.Errorf("Rows = %d, want %d", cs.Rows, tt.rows)
			}
			if cs.Sampled != tt.sampled {
				t.Errorf("Sampled = %d, want %d", cs.Sampled, tt.sampled)
			}
			if got := cs.Rows - cs.Sampled; got != tt.leftOut {
				t.Errorf("left out = %d, want %d", got, tt.leftOut)
			}
		})
	}
	v := newView(c, Meta{}, Options{RowsPerCode: 3, MaxRows: 5}.withDefaults())
	if v.LeftOut != 10 {
		t.Errorf("view LeftOut = %d, want 10", v.LeftOut)
	}
	wantRows := []int{2, 3, 4, 20, 21}
	for i, r := range c.rows {
		if r.Row != wantRows[i] {
			t.Errorf("sampled row %d is row %d, want %d", i, r.Row, wantRows[i])
		}
	}
}

func TestCollectRowCountedOncePerCode(t *testing.T) {
	report := reportOf(t,
		named(2, "invalid", "", fe("domains", "invalid_domain", "a"), fe("domains", "invalid_domain", "b")),
	).String()
	c := collect(t, report, Options{})
	cs := c.codes["invalid_domain"]
	if cs.Errors != 2 {
		t.Errorf("Errors = %d, want 2", cs.Errors)
	}
	if cs.Rows != 1 {
		t.Errorf("Rows = %d, want 1", cs.Rows)
	}
	if cs.Sampled != 1 {
		t.Errorf("Sampled = %d, want 1", cs.Sampled)
	}
}

func TestCollectMatrix(t *testing.T) {
	report := reportOf(t,
		named(2, "invalid", "", fe("revenue", "not_integer", "abc"), fe("size", "not_integer", "x")),
		named(3, "invalid", "", fe("revenue", "not_integer", "def")),
		named(4, "invalid", "", fe("revenue", "thousands_separator", "1,000")),
		named(5, "invalid", "", record.FieldError{Code: "wrong_cell_count", Message: "short row"}),
		named(6, "failed", ""),
	).String()
	c := collect(t, report, Options{})
	v := newView(c, Meta{}, Options{}.withDefaults())

	wantFields := []string{"revenue", "", "size"}
	if got := labelsOf(v.Fields); strings.Join(got, "|") != strings.Join(wantFields, "|") {
		t.Errorf("fields = %q, want %q", got, wantFields)
	}
	wantCells := map[string][]int{
		"not_integer":         {2, 0, 1},
		"thousands_separator": {1, 0, 0},
		"wrong_cell_count":    {0, 1, 0},
		noCode:                {0, 1, 0},
	}
	if len(v.Codes) != len(wantCells) {
		t.Fatalf("codes = %d, want %d", len(v.Codes), len(wantCells))
	}
	if v.Codes[0].Code != "not_integer" {
		t.Errorf("first code = %q, want not_integer (most errors first)", v.Codes[0].Code)
	}
	for _, cv := range v.Codes {
		want := wantCells[cv.Code]
		for i, cell := range cv.Cells {
			if cell.Count != want[i] {
				t.Errorf("cell[%q][%q] = %d, want %d", cv.Code, cell.Field, cell.Count, want[i])
			}
			if (cell.Heat == 0) != (cell.Count == 0) {
				t.Errorf("cell[%q][%q] heat %d for count %d", cv.Code, cell.Field, cell.Heat, cell.Count)
			}
		}
	}
}

func labelsOf(fields []fieldView) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

func TestCollectExamplesDistinct(t *testing.T) {
	var lines []testLine
	for i := range 30 {
		lines = append(lines, named(i+2, "invalid", "", fe("revenue", "placeholder", []string{"N/A", "n/a", "-"}[i%3])))
	}
	for i := range 20 {
		lines = append(lines, named(i+40, "invalid", "", fe("size", "not_integer", fmt.Sprint("v", i))))
	}
	c := collect(t, reportOf(t, lines...).String(), Options{ExamplesPerCode: 4})

	ph := c.codes["placeholder"].Examples
	if len(ph) != 3 {
		t.Fatalf("placeholder examples = %d, want 3", len(ph))
	}
	wantFirst := map[string]int{"N/A": 2, "n/a": 3, "-": 4}
	for _, ex := range ph {
		if ex.Times != 10 {
			t.Errorf("example %q seen %d times, want 10", ex.Value, ex.Times)
		}
		if ex.Row != wantFirst[ex.Value] {
			t.Errorf("example %q first row %d, want %d", ex.Value, ex.Row, wantFirst[ex.Value])
		}
	}
	if got := len(c.codes["not_integer"].Examples); got != 4 {
		t.Errorf("not_integer examples = %d, want 4 (the cap)", got)
	}
}

func TestCollectBoundsHostileReport(t *testing.T) {
	var b strings.Builder
	for i := range 3 * maxCodes {
		fmt.Fprintf(&b, `{"row":%d,"status":"invalid","errors":[{"field":"f%d","code":"c%d","message":"m"}]}`+"\n", i+2, i, i)
	}
	b.WriteString(`{"row":1,"status":"invalid","errors":[{"field":"x","code":"` + strings.Repeat("é", 5000) + `","value":"` + strings.Repeat("v", 10000) + `"}]}` + "\n")
	c := collect(t, b.String(), Options{})

	if got := len(c.codes); got > maxCodes+1 {
		t.Errorf("distinct codes kept = %d, want at most %d", got, maxCodes+1)
	}
	if got := len(c.fieldErrors); got > maxFields+1 {
		t.Errorf("distinct fields kept = %d, want at most %d", got, maxFields+1)
	}
	if c.codes[otherCode] == nil {
		t.Errorf("no %q entry for the codes beyond the cap", otherCode)
	}
	for _, r := range c.rows {
		for _, e := range r.Errors {
			if n := len([]rune(e[2])); n > maxValueRunes {
				t.Errorf("row %d value kept with %d runes, want at most %d", r.Row, n, maxValueRunes)
			}
			if n := len([]rune(e[1])); n > maxNameRunes {
				t.Errorf("row %d code kept with %d runes, want at most %d", r.Row, n, maxNameRunes)
			}
		}
	}
}

func TestCollectLongLine(t *testing.T) {
	long := `{"row":2,"status":"invalid","errors":[{"field":"name","code":"x","value":"` + strings.Repeat("a", maxLineBytes) + `"}]}`
	report := long + "\n" + `{"row":3,"status":"valid","errors":[]}` + "\r\n" + `{"row":4,"status":"valid","errors":[]}`
	c := collect(t, report, Options{})
	if c.unreadable != 1 {
		t.Errorf("unreadable = %d, want 1", c.unreadable)
	}
	if got := c.count("valid"); got != 2 {
		t.Errorf("valid = %d, want 2 (CRLF line and a last line without newline)", got)
	}
}

func TestCollectSkipReasons(t *testing.T) {
	report := `{"row":2,"status":"skipped","reason":"blank","errors":[]}` + "\n" +
		`{"row":3,"status":"skipped","reason":"blank","errors":[]}` + "\n" +
		`{"row":4,"status":"skipped","skip":"exists","errors":[]}` + "\n" +
		`{"row":5,"status":"valid","notes":["revenue 1200000.00 read as 1200000"],"errors":[]}` + "\n"
	c := collect(t, report, Options{})
	want := map[string]int{"blank": 2, "exists": 1}
	for r, n := range want {
		if got := c.reasons.counts[r]; got != n {
			t.Errorf("reason %q = %d, want %d", r, got, n)
		}
	}
	if c.notedRows != 1 {
		t.Errorf("notedRows = %d, want 1", c.notedRows)
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "abc", 5, "abc"},
		{"exact", "abcde", 5, "abcde"},
		{"cut", "abcdefgh", 5, "abcd…"},
		{"multibyte kept whole", "ééééé", 5, "ééééé"},
		{"multibyte cut", "éééééé", 5, "éééé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clip(tt.in, tt.n); got != tt.want {
				t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func TestComma(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {40000, "40,000"},
		{1000000, "1,000,000"}, {-1234, "-1,234"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := comma(tt.n); got != tt.want {
				t.Errorf("comma(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		n, total int
		want     string
	}{
		{0, 0, "0%"}, {0, 10, "0%"}, {10, 10, "100%"}, {1, 4, "25.0%"},
		{1, 1000000, "<0.1%"}, {999999, 1000000, ">99.9%"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := percent(tt.n, tt.total); got != tt.want {
				t.Errorf("percent(%d, %d) = %q, want %q", tt.n, tt.total, got, tt.want)
			}
		})
	}
}

func TestLayoutBarSliver(t *testing.T) {
	s := []statusView{{Name: "valid", Count: 999990}, {Name: "failed", Count: 10}}
	layoutBar(s)
	if s[1].W < 5 {
		t.Errorf("failed segment width = %.2f, want a visible sliver", s[1].W)
	}
	if sum := s[0].W + s[1].W; sum < 999.9 || sum > 1000.1 {
		t.Errorf("segments add up to %.2f, want 1000", sum)
	}
	if s[1].X != s[0].W {
		t.Errorf("failed segment starts at %.2f, want %.2f", s[1].X, s[0].W)
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct {
		name    string
		report  string
		meta    Meta
		want    string
		outcome string
	}{
		{"dry run clean", `{"row":2,"status":"valid"}`, Meta{DryRun: true}, "Every row can be imported (1 row)", "ok"},
		{"dry run bad", `{"row":2,"status":"invalid"}`, Meta{DryRun: true}, "1 of 1 rows need fixing", "problems"},
		{"import clean", `{"row":2,"status":"created"}`, Meta{}, "Every row went through: 1 created", "ok"},
		{"import failed", `{"row":2,"status":"failed"}`, Meta{}, "1 of 1 rows did not go through (0 invalid, 1 failed)", "problems"},
		{"interrupted", `{"row":7,"status":"created"}`, Meta{Interrupted: true}, "interrupted after row 7", "interrupted"},
		{"empty", ``, Meta{}, "no rows", "problems"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := collect(t, tt.report, Options{})
			text, outcome := headline(c, tt.meta)
			if !strings.Contains(text, tt.want) {
				t.Errorf("headline = %q, want it to contain %q", text, tt.want)
			}
			if outcome != tt.outcome {
				t.Errorf("outcome = %q, want %q", outcome, tt.outcome)
			}
		})
	}
}

func TestMismatches(t *testing.T) {
	c := collect(t, `{"row":2,"status":"valid"}`+"\n"+`{"row":3,"status":"invalid"}`, Options{})
	got := mismatches(c, map[string]int{"valid": 1, "invalid": 2})
	if len(got) != 1 || !strings.HasPrefix(got[0], "invalid: 2 in the summary, 1 in the report") {
		t.Errorf("mismatches = %q, want one for invalid", got)
	}
}

func TestCollectSampleByteBudget(t *testing.T) {
	long := strings.Repeat("v", maxValueRunes)
	message := strings.Repeat("m", maxMessageRunes)
	var b strings.Builder
	for i := range 5000 {
		b.WriteString(fmt.Sprintf(`{"row":%d,"status":"invalid","errors":[`, i+2))
		for k := range maxRowErrors {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(fmt.Sprintf(`{"field":"f","code":"c%d","value":"%s","message":"%s"}`, k, long, message))
		}
		b.WriteString("]}\n")
	}
	c := collect(t, b.String(), Options{RowsPerCode: 5000})

	if c.sampleBytes > maxSampleBytes {
		t.Errorf("sampled %d bytes, want at most %d", c.sampleBytes, maxSampleBytes)
	}
	if len(c.rows) == 0 || len(c.rows) == 5000 {
		t.Errorf("sampled %d of 5000 rows, want some but not all", len(c.rows))
	}
	if c.problemRows != 5000 {
		t.Errorf("problemRows = %d, want 5000", c.problemRows)
	}
	var page strings.Builder
	if err := Write(&page, strings.NewReader(b.String()), Meta{}, Options{RowsPerCode: 5000}); err != nil {
		t.Fatal(err)
	}
	if page.Len() > 5<<20 {
		t.Errorf("page is %d bytes, want under 5 MiB", page.Len())
	}
}
