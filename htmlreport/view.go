package htmlreport

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// view is the data the page template renders.
type view struct {
	Title    string
	Meta     Meta
	When     string
	Headline string
	Outcome  string // "ok", "problems" or "interrupted", for styling

	Total      int
	Statuses   []statusView
	Other      int
	OtherName  string
	Unreadable int
	FirstBad   int
	Mismatches []string

	Fields      []fieldView
	Codes       []codeView
	Errors      int // errors over every row and code
	ProblemRows int
	Reasons     []reasonView
	NotedRows   int

	Rows        rowData
	RowStatuses []string
	LeftOut     int
	RowsPerCode int
	MaxRows     int
}

type statusView struct {
	Name    string
	Count   int
	Percent string
	X, W    float64 // segment of the bar chart, in units of 1/1000 of its width
}

type fieldView struct {
	Name   string // as in the report; empty for row-level problems
	Label  string
	Errors int
}

type codeView struct {
	Index       int
	Code        string
	Errors      int
	Rows        int
	Sampled     int
	LeftOut     int
	Explanation string
	Fix         string
	Explained   bool
	Cells       []cellView
	Fields      []string
	Examples    []exampleView
}

type cellView struct {
	Field string
	Count int
	Heat  int // 0 for an empty cell, 1 to 5 by count
}

type exampleView struct {
	example
	FieldLabel string
}

type reasonView struct {
	Reason string
	Count  int
}

// rowData is the row table's data, embedded in the page as JSON.
type rowData struct {
	Rows []sampleRow `json:"rows"`
}

func newView(c *collector, meta Meta, opts Options) *view {
	if meta.Destination == "" && c.count("valid") > 0 && c.count("created")+c.count("updated") == 0 {
		meta.DryRun = true
	}
	v := &view{
		Title: "custimport report", Meta: meta, When: describeTime(meta),
		Total: c.total, Other: c.other, OtherName: c.otherName,
		Unreadable: c.unreadable, FirstBad: c.firstBad,
		ProblemRows: c.problemRows, NotedRows: c.notedRows,
		Rows: rowData{Rows: c.rows}, LeftOut: c.problemRows - len(c.rows),
		RowsPerCode: opts.RowsPerCode, MaxRows: opts.MaxRows,
	}
	if v.Rows.Rows == nil {
		v.Rows.Rows = []sampleRow{}
	}
	if meta.File != "" {
		v.Title = "custimport report: " + meta.File
	}
	v.Statuses = statusViews(c)
	v.Headline, v.Outcome = headline(c, meta)
	v.Mismatches = mismatches(c, meta.Counts)
	v.Fields = fieldViews(c)
	for _, f := range v.Fields {
		v.Errors += f.Errors
	}
	v.Codes = codeViews(c, v.Fields, opts)
	v.Reasons = reasonViews(c.reasons)
	v.RowStatuses = rowStatuses(c.rows)
	return v
}

// describeTime returns when the run happened and how long it took.
func describeTime(m Meta) string {
	const layout = "Mon 2 Jan 2006, 15:04:05 MST"
	switch {
	case !m.Started.IsZero() && !m.Finished.IsZero():
		d := m.Finished.Sub(m.Started).Round(time.Second)
		return fmt.Sprintf("%s, took %s", m.Started.Format(layout), d)
	case !m.Started.IsZero():
		return "started " + m.Started.Format(layout)
	case !m.Finished.IsZero():
		return "report written " + m.Finished.Format(layout)
	}
	return ""
}

func statusViews(c *collector) []statusView {
	out := make([]statusView, len(statuses))
	for i, name := range statuses {
		out[i] = statusView{Name: name, Count: c.counts[i], Percent: percent(c.counts[i], c.total)}
	}
	layoutBar(out)
	return out
}

// layoutBar places the segments of the stacked bar. A status with any
// rows gets at least a sliver, so a handful of failures among a million
// rows still shows.
func layoutBar(s []statusView) {
	const width, sliver = 1000.0, 6.0
	raw, sum := make([]float64, len(s)), 0.0
	total := 0
	for _, sv := range s {
		total += sv.Count
	}
	for i, sv := range s {
		if sv.Count > 0 {
			raw[i] = max(width*float64(sv.Count)/float64(total), sliver)
		}
		sum += raw[i]
	}
	x := 0.0
	for i := range s {
		if sum > 0 {
			s[i].W = raw[i] * width / sum
		}
		s[i].X = x
		x += s[i].W
	}
}

func percent(n, total int) string {
	switch {
	case total == 0 || n == 0:
		return "0%"
	case n == total:
		return "100%"
	}
	p := 100 * float64(n) / float64(total)
	if p < 0.1 {
		return "<0.1%"
	}
	if p > 99.9 {
		return ">99.9%"
	}
	return fmt.Sprintf("%.1f%%", p)
}

func (c *collector) count(status string) int {
	i := slices.Index(statuses[:], status)
	return c.counts[i]
}

// headline sums up the run in one sentence, and names its outcome.
func headline(c *collector, m Meta) (text, outcome string) {
	bad := c.count("invalid") + c.count("failed")
	switch {
	case m.Interrupted:
		return fmt.Sprintf("The run was interrupted after row %s: rows after it were not processed. %s of %s rows read did not go through.",
			comma(c.lastRow), comma(bad), comma(c.total)), "interrupted"
	case c.total == 0:
		return "The report has no rows.", "problems"
	case m.DryRun && bad == 0:
		return fmt.Sprintf("Every row can be imported (%s). Nothing was sent: this was a dry run.", plural(c.total, "row", "rows")), "ok"
	case m.DryRun:
		return fmt.Sprintf("%s of %s rows need fixing before they can be imported. Nothing was sent: this was a dry run.",
			comma(bad), comma(c.total)), "problems"
	case bad == 0:
		return fmt.Sprintf("Every row went through: %s created, %s updated, %s skipped.",
			comma(c.count("created")), comma(c.count("updated")), comma(c.count("skipped"))), "ok"
	}
	return fmt.Sprintf("%s of %s rows did not go through (%s invalid, %s failed).",
		comma(bad), comma(c.total), comma(c.count("invalid")), comma(c.count("failed"))), "problems"
}

// mismatches lists the statuses whose count in the run's summary differs
// from the count found in the report.
func mismatches(c *collector, counts map[string]int) []string {
	var out []string
	for _, name := range statuses {
		want, ok := counts[name]
		if got := c.count(name); ok && want != got {
			out = append(out, fmt.Sprintf("%s: %s in the summary, %s in the report", name, comma(want), comma(got)))
		}
	}
	return out
}

func fieldViews(c *collector) []fieldView {
	out := make([]fieldView, 0, len(c.fieldErrors))
	for name, n := range c.fieldErrors {
		out = append(out, fieldView{Name: name, Label: fieldLabel(name), Errors: n})
	}
	slices.SortFunc(out, func(a, b fieldView) int {
		return cmp.Or(cmp.Compare(b.Errors, a.Errors), strings.Compare(a.Name, b.Name))
	})
	return out
}

func fieldLabel(name string) string {
	if name == "" {
		return "(whole row)"
	}
	return name
}

func codeViews(c *collector, fields []fieldView, opts Options) []codeView {
	maxCell := 0
	for _, n := range c.cells {
		maxCell = max(maxCell, n)
	}
	out := make([]codeView, 0, len(c.codes))
	for _, cs := range c.codes {
		out = append(out, codeView{
			Code: cs.Code, Errors: cs.Errors, Rows: cs.Rows,
			Sampled: cs.Sampled, LeftOut: cs.Rows - cs.Sampled,
		})
	}
	slices.SortFunc(out, func(a, b codeView) int {
		return cmp.Or(cmp.Compare(b.Errors, a.Errors), strings.Compare(a.Code, b.Code))
	})
	for i := range out {
		cv := &out[i]
		cv.Index = i + 1
		cv.Explanation, cv.Fix, cv.Explained = explain(cv.Code, opts.Explain)
		cv.Cells, cv.Fields = cells(c, cv.Code, fields, maxCell)
		cv.Examples = exampleViews(c.codes[cv.Code].Examples)
	}
	return out
}

func explain(code string, fn func(string) (string, string, bool)) (explanation, fix string, ok bool) {
	if e, f, ok := explainOwn(code); ok {
		return e, f, ok
	}
	return fn(code)
}

// cells returns one matrix row: the errors of code in each field, and the
// labels of the fields that have any.
func cells(c *collector, code string, fields []fieldView, maxCell int) ([]cellView, []string) {
	row := make([]cellView, len(fields))
	var names []string
	for i, f := range fields {
		n := c.cells[[2]string{f.Name, code}]
		row[i] = cellView{Field: f.Name, Count: n, Heat: heat(n, maxCell)}
		if n > 0 {
			names = append(names, f.Label)
		}
	}
	return row, names
}

// heat maps a count to a shade from 1 to 5 on a logarithmic scale, so a
// column with ten errors is distinguished from one with ten thousand.
func heat(n, maxCount int) int {
	if n <= 0 {
		return 0
	}
	if maxCount <= 1 {
		return 5
	}
	return 1 + int(4*math.Log(float64(n))/math.Log(float64(maxCount))+0.5)
}

func exampleViews(ex []example) []exampleView {
	out := make([]exampleView, len(ex))
	for i, e := range ex {
		out[i] = exampleView{example: e, FieldLabel: fieldLabel(e.Field)}
	}
	return out
}

func reasonViews(t tally) []reasonView {
	out := make([]reasonView, 0, len(t.counts))
	for r, n := range t.counts {
		out = append(out, reasonView{Reason: r, Count: n})
	}
	slices.SortFunc(out, func(a, b reasonView) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Reason, b.Reason))
	})
	return out
}

// rowStatuses lists the statuses found in the row sample, in page order.
func rowStatuses(rows []sampleRow) []string {
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.Status] = true
	}
	var out []string
	for _, s := range statuses {
		if seen[s] {
			out = append(out, s)
			delete(seen, s)
		}
	}
	rest := make([]string, 0, len(seen))
	for s := range seen {
		rest = append(rest, s)
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// comma writes n with thousands separators, as 40,000.
func comma(n int) string {
	if n < 0 {
		return "-" + comma(-n)
	}
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
