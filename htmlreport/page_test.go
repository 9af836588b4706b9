package htmlreport

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"custimport/record"
)

// Hostile values a spreadsheet can carry into the report.
const (
	scriptName  = `<script>window.pwned=1;alert(1)</script>`
	formulaName = `=HYPERLINK("http://x.invalid/","click")`
	breakout    = `</script><script>window.pwned=2</script><!--`
	imgValue    = `<img src=x onerror="window.pwned=3">`
	lineSep     = "a\u2028b\u2029c"
)

func hostileReport(t testing.TB) []testLine {
	t.Helper()
	return []testLine{
		named(2, "created", scriptName),
		named(3, "invalid", formulaName, fe("revenue", "not_integer", imgValue)),
		named(4, "invalid", breakout, fe("name", "placeholder", breakout)),
		named(5, "failed", lineSep, record.FieldError{Field: "domains", Code: `"><b>code</b>`, Message: scriptName, Value: lineSep}),
		named(6, "valid", "Plain Company"),
	}
}

func TestPageEscapesHostileValues(t *testing.T) {
	out := buildPage(t, reportOf(t, hostileReport(t)...), Meta{File: `<b>in.csv</b>`, DryRun: true}, Options{})

	for _, raw := range []string{scriptName, breakout, imgValue, `<b>code</b>`, `<b>in.csv</b>`} {
		if strings.Contains(out, raw) {
			t.Errorf("page contains %q unescaped", raw)
		}
	}
	if got := strings.Count(strings.ToLower(out), "<script"); got != 2 {
		t.Errorf("page has %d <script tags, want 2 (row data and page script)", got)
	}
	if got := strings.Count(strings.ToLower(out), "</script"); got != 2 {
		t.Errorf("page has %d </script tags, want 2", got)
	}
	if m := rowDataRE.FindString(out); strings.ContainsAny(m, "\u2028\u2029") {
		t.Errorf("row data contains a raw U+2028 or U+2029")
	}
	if !strings.Contains(out, html.EscapeString(imgValue)) {
		t.Errorf("page does not show the img value as escaped text")
	}
}

var rowDataRE = regexp.MustCompile(`(?s)<script type="application/json" id="row-data">(.*?)</script>`)

func TestPageRowDataRoundTrip(t *testing.T) {
	out := buildPage(t, reportOf(t, hostileReport(t)...), Meta{}, Options{})
	m := rowDataRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no row-data script in page")
	}
	var data struct {
		Rows []sampleRow `json:"rows"`
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatalf("row data is not JSON: %v", err)
	}
	if len(data.Rows) != 3 {
		t.Fatalf("row data has %d rows, want 3", len(data.Rows))
	}
	want := map[int][2]string{3: {formulaName, imgValue}, 4: {breakout, breakout}, 5: {lineSep, lineSep}}
	for _, r := range data.Rows {
		w := want[r.Row]
		if r.Name != w[0] {
			t.Errorf("row %d name = %q, want %q", r.Row, r.Name, w[0])
		}
		if r.Errors[0][2] != w[1] {
			t.Errorf("row %d value = %q, want %q", r.Row, r.Errors[0][2], w[1])
		}
	}
}

var (
	scriptRE  = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	cspMetaRE = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
)

func TestPageContentSecurityPolicy(t *testing.T) {
	out := buildPage(t, reportOf(t, hostileReport(t)...), Meta{}, Options{})
	m := scriptRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no page script")
	}
	hash := scriptHash(m[1])
	meta := cspMetaRE.FindStringSubmatch(out)
	if meta == nil {
		t.Fatal("page has no Content-Security-Policy meta tag")
	}
	if got := html.UnescapeString(meta[1]); got != contentSecurityPolicy {
		t.Errorf("page policy = %q, want %q", got, contentSecurityPolicy)
	}
	if !strings.Contains(contentSecurityPolicy, "script-src '"+hash+"'") {
		t.Errorf("policy %q does not allow the page script, whose hash is %s", contentSecurityPolicy, hash)
	}
	if !strings.Contains(contentSecurityPolicy, "default-src 'none'") {
		t.Errorf("policy %q does not default to none", contentSecurityPolicy)
	}
	if !strings.Contains(out, `<link rel="icon" href="data:,">`) {
		t.Errorf("page has no empty icon link, so a browser would request /favicon.ico")
	}
}

// externalRE finds attributes that would load or link something outside
// the page.
var externalRE = regexp.MustCompile(`(?i)\b(src|href|action|srcset|poster|data)\s*=\s*"([^"#][^"]*)"`)

func TestPageLoadsNothingExternal(t *testing.T) {
	lines := []testLine{
		named(2, "invalid", "", fe("logoUrl", "invalid_url", "ftp://example.invalid/logo.png")),
		named(3, "created", "Acme"),
	}
	out := buildPage(t, reportOf(t, lines...), Meta{Destination: "https://api.linear.app/graphql"}, Options{})
	for _, m := range externalRE.FindAllStringSubmatch(out, -1) {
		if m[2] != "data:," {
			t.Errorf("page refers outside itself: %s", m[0])
		}
	}
	if strings.Contains(out, "@import") || strings.Contains(out, "url(http") {
		t.Errorf("page style loads a resource")
	}
}

func TestPageExplanations(t *testing.T) {
	lines := []testLine{
		named(2, "invalid", "", fe("revenue", "not_integer", "abc")),
		named(3, "invalid", "", fe("size", "mystery_code", "zzz")),
	}
	explain := func(code string) (string, string, bool) {
		if code == "not_integer" {
			return "The cell is not a whole number.", "Write digits only.", true
		}
		return "", "", false
	}
	out := buildPage(t, reportOf(t, lines...), Meta{}, Options{Explain: explain})

	for _, want := range []string{
		"The cell is not a whole number.",
		"<strong>How to fix:</strong> Write digits only.",
		"No explanation is on file for this code.",
		"column size: mystery_code for zzz",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestPageDefaultExplain(t *testing.T) {
	lines := []testLine{named(2, "invalid", "", fe("revenue", record.CodeFraction, "1.5"))}
	out := buildPage(t, reportOf(t, lines...), Meta{}, Options{})
	explanation, _, ok := record.Explain(record.CodeFraction)
	if !ok {
		t.Fatalf("record.Explain has no entry for %q", record.CodeFraction)
	}
	if !strings.Contains(out, html.EscapeString(explanation)) {
		t.Errorf("page lacks record.Explain's text %q", explanation)
	}
}

func TestPageMeta(t *testing.T) {
	started := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	meta := Meta{
		File: "customers.csv", Report: "run.jsonl", Destination: "local:/tmp/ws.db",
		Started: started, Finished: started.Add(95 * time.Second),
		IgnoredColumns: []string{"Fax"}, Counts: map[string]int{"created": 7},
	}
	out := buildPage(t, reportOf(t, named(2, "created", "Acme")), meta, Options{})
	for _, want := range []string{
		"customers.csv", "run.jsonl", "local:/tmp/ws.db", "Wed 4 Mar 2026, 09:30:00 UTC, took 1m35s",
		"were ignored: Fax", "created: 7 in the summary, 1 in the report",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	dry := buildPage(t, reportOf(t, named(2, "valid", "Acme")), Meta{DryRun: true, Destination: "x"}, Options{})
	if !strings.Contains(dry, "dry run: nothing was sent") {
		t.Errorf("dry-run page does not say nothing was sent")
	}
}

func TestPageLeftOutCounts(t *testing.T) {
	var lines []testLine
	for i := range 12 {
		lines = append(lines, named(i+2, "invalid", "", fe("size", "fraction", "1.5")))
	}
	out := buildPage(t, reportOf(t, lines...), Meta{}, Options{RowsPerCode: 5})
	for _, want := range []string{
		"This page keeps 5 of the 12 rows with problems",
		"the other 7 are only in the report file",
		"The row table keeps 5 of these 12 rows; 7 more are only in the report file.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestPageUnreadableLines(t *testing.T) {
	report := reportOf(t, named(2, "valid", "Acme"))
	report.WriteString("{\"row\":3,\"status\":\"val")
	out := buildPage(t, report, Meta{}, Options{})
	if !strings.Contains(out, "1 report line is not a readable report entry (first at line 2)") {
		t.Errorf("page does not warn about the cut last line")
	}
}

func FuzzWrite(f *testing.F) {
	f.Add([]byte(`{"row":2,"status":"invalid","errors":[{"field":"a","code":"b","message":"c","value":"</script>"}]}`))
	f.Add([]byte("{\"row\":1,\"status\":\"created\",\"input\":{\"name\":\"<!--\"}}\n\n{"))
	f.Add([]byte(`{"status":"failed","errors":null}`))
	f.Add([]byte("row,line,status,id,errors,input,error_fields,error_codes,notes,reason\n2,2,invalid,,\"a | b\",,x;y,c;d,,\n3,\"3"))
	f.Fuzz(func(t *testing.T, report []byte) {
		var out strings.Builder
		if err := Write(&out, strings.NewReader(string(report)), Meta{}, Options{}); err != nil {
			t.Fatalf("Write: %v", err)
		}
		if n := strings.Count(strings.ToLower(out.String()), "</script"); n > 2 {
			t.Fatalf("page has %d </script tags, want at most 2", n)
		}
	})
}
