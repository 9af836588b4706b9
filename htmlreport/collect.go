package htmlreport

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// statuses lists the report statuses in the order the page shows them.
var statuses = [...]string{"valid", "created", "updated", "skipped", "invalid", "failed"}

// Bounds on what the page keeps of values from the report. They keep the
// page small whatever the report holds.
const (
	maxCodes        = 100 // distinct error codes; more are counted as otherCode
	maxFields       = 50  // distinct fields; more are counted as otherField
	maxReasons      = 20  // distinct skip reasons and notes each
	maxValueRunes   = 200
	maxMessageRunes = 400
	maxNameRunes    = 120
	maxRowErrors    = 20 // errors kept per sampled row

	// maxSampleBytes caps the text of the sampled rows, so that rows with
	// many long values cannot make the page large even under MaxRows.
	maxSampleBytes = 3 << 20
)

// Names that stand in for values beyond the bounds above, or missing.
const (
	otherCode  = "(other codes)"
	otherField = "(other fields)"
	otherText  = "(other)"
	noCode     = "(no code)"
)

// entry is one report line, as far as the page needs it.
type entry struct {
	Row    int    `json:"row"`
	Line   int    `json:"line"`
	Status string `json:"status"`
	ID     string `json:"id"`
	Input  struct {
		Name string `json:"name"`
	} `json:"input"`
	Errors []reportError `json:"errors"`
	Notes  []string      `json:"notes"`
	Reason string        `json:"reason"`
	Skip   string        `json:"skip"`
}

type reportError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Value   string `json:"value"`
}

// codeStats holds the counts and examples the page shows for one error code.
type codeStats struct {
	Code     string
	Errors   int // occurrences, over every row
	Rows     int // rows with at least one error of the code
	Sampled  int // of Rows, those in the row sample
	Examples []example
}

// example is one distinct offending value of a code, with the first row
// that had it and how many times it occurred.
type example struct {
	Row     int
	Line    int
	Field   string
	Value   string
	Message string
	Times   int
}

// sampleRow is one row of the page's row table. Its JSON form is compact
// because the page embeds up to Options.MaxRows of them.
type sampleRow struct {
	Row    int         `json:"r"`
	Line   int         `json:"l"`
	Status string      `json:"s"`
	Name   string      `json:"n,omitempty"`
	ID     string      `json:"i,omitempty"`
	Errors [][4]string `json:"e"`           // field, code, value, message
	More   int         `json:"m,omitempty"` // errors beyond maxRowErrors
}

// tally is a bounded counter of short texts such as skip reasons.
type tally struct {
	counts map[string]int
}

func (t *tally) add(s string) {
	if t.counts == nil {
		t.counts = map[string]int{}
	}
	s = clip(s, maxValueRunes)
	if _, ok := t.counts[s]; !ok && len(t.counts) >= maxReasons {
		s = otherText
	}
	t.counts[s]++
}

// clip shortens s to at most n runes, marking a cut with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n-1 {
			break
		}
		k++
	}
	return s[:i] + "…"
}

// collector reads a report and keeps what the page shows: every count,
// and bounded samples of rows and values.
type collector struct {
	opts      Options
	byMessage bool // tell examples apart by message: the report has no values

	lines      int
	total      int
	counts     [len(statuses)]int
	other      int    // lines with a status not in statuses
	otherName  string // the first such status
	unreadable int
	firstBad   int // line number of the first unreadable line
	lastRow    int

	problemRows int // rows with errors, or invalid or failed
	codes       map[string]*codeStats
	cells       map[[2]string]int // [field, code] -> errors
	fieldErrors map[string]int
	rows        []sampleRow
	sampleBytes int // sum of the rows' size

	reasons   tally
	notedRows int // rows whose values were normalised

	e      entry
	rowSet []string // codes of the current row, to count each row once
}

func newCollector(opts Options) *collector {
	return &collector{
		opts:        opts,
		codes:       map[string]*codeStats{},
		cells:       map[[2]string]int{},
		fieldErrors: map[string]int{},
	}
}

// read consumes the whole report, in JSON Lines or in CSV form. Only an
// error reading r stops it: a line that is not a report entry is counted
// as unreadable.
func (c *collector) read(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if isCSVReport(br) {
		return c.readCSV(br)
	}
	lr := newLineReader(br)
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read report line %d: %w", lr.n+1, err)
		}
		c.lines++
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if lr.long || !c.decode(line) {
			c.markUnreadable(lr.n)
			continue
		}
		c.add(&c.e)
	}
}

func (c *collector) decode(line []byte) bool {
	c.e = entry{Errors: c.e.Errors[:0]}
	if err := json.Unmarshal(line, &c.e); err != nil {
		return false
	}
	return c.e.Status != ""
}

func (c *collector) markUnreadable(n int) {
	if c.unreadable == 0 {
		c.firstBad = n
	}
	c.unreadable++
}

// add counts one report entry and samples it when it has problems.
func (c *collector) add(e *entry) {
	c.total++
	c.lastRow = max(c.lastRow, e.Row)
	c.countStatus(e.Status)
	if reason := cmp.Or(e.Reason, e.Skip); reason != "" {
		c.reasons.add(reason)
	}
	if len(e.Notes) > 0 {
		c.notedRows++
	}
	if len(e.Errors) == 0 && e.Status != "invalid" && e.Status != "failed" {
		return
	}
	c.problemRows++
	if len(e.Errors) == 0 {
		e.Errors = append(e.Errors, reportError{Code: noCode, Message: "The report gives no reason for this row."})
	}
	c.rowSet = c.rowSet[:0]
	for i := range e.Errors {
		c.addError(e, &e.Errors[i])
	}
	c.sample(e)
}

func (c *collector) countStatus(s string) {
	for i, name := range statuses {
		if s == name {
			c.counts[i]++
			return
		}
	}
	if c.other == 0 {
		c.otherName = clip(s, maxNameRunes)
	}
	c.other++
}

func (c *collector) addError(e *entry, fe *reportError) {
	code := c.codeName(fe.Code)
	field := c.fieldName(fe.Field)
	cs := c.codes[code]
	cs.Errors++
	c.cells[[2]string{field, code}]++
	c.fieldErrors[field]++
	if !slices.Contains(c.rowSet, code) {
		c.rowSet = append(c.rowSet, code)
		cs.Rows++
	}
	c.addExample(cs, e, field, fe)
}

// codeName returns the name the page files an error code under, creating
// its entry, and keeping the number of distinct codes bounded.
func (c *collector) codeName(code string) string {
	if code == "" {
		code = noCode
	}
	code = clip(code, maxNameRunes)
	if _, ok := c.codes[code]; ok {
		return code
	}
	if len(c.codes) >= maxCodes {
		code = otherCode
		if _, ok := c.codes[code]; ok {
			return code
		}
	}
	c.codes[code] = &codeStats{Code: code}
	return code
}

func (c *collector) fieldName(field string) string {
	field = clip(field, maxNameRunes)
	if _, ok := c.fieldErrors[field]; ok || len(c.fieldErrors) < maxFields {
		return field
	}
	return otherField
}

// addExample keeps the first ExamplesPerCode distinct values of a code (or
// messages, for a report that has no values) and counts how often each of
// them occurs.
func (c *collector) addExample(cs *codeStats, e *entry, field string, fe *reportError) {
	value := clip(fe.Value, maxValueRunes)
	message := clip(fe.Message, maxMessageRunes)
	for i := range cs.Examples {
		ex := &cs.Examples[i]
		same := ex.Value == value
		if c.byMessage {
			same = ex.Message == message
		}
		if ex.Field == field && same {
			ex.Times++
			return
		}
	}
	if len(cs.Examples) >= c.opts.ExamplesPerCode {
		return
	}
	cs.Examples = append(cs.Examples, example{
		Row: e.Row, Line: e.Line, Field: field, Value: value,
		Message: message, Times: 1,
	})
}

// sample keeps the row for the row table while the page has room for it
// and one of its codes has fewer than RowsPerCode rows kept.
func (c *collector) sample(e *entry) {
	if len(c.rows) >= c.opts.MaxRows {
		return
	}
	needed := false
	for _, code := range c.rowSet {
		if c.codes[code].Sampled < c.opts.RowsPerCode {
			needed = true
			break
		}
	}
	if !needed {
		return
	}
	row := c.sampleOf(e)
	size := row.size()
	if c.sampleBytes+size > maxSampleBytes {
		return
	}
	c.sampleBytes += size
	for _, code := range c.rowSet {
		c.codes[code].Sampled++
	}
	c.rows = append(c.rows, row)
}

// size returns the bytes of text in s, close to its size in the page.
func (s *sampleRow) size() int {
	n := 40 + len(s.Status) + len(s.Name) + len(s.ID)
	for _, e := range s.Errors {
		n += 20 + len(e[0]) + len(e[1]) + len(e[2]) + len(e[3])
	}
	return n
}

func (c *collector) sampleOf(e *entry) sampleRow {
	s := sampleRow{
		Row: e.Row, Line: e.Line,
		Status: clip(e.Status, maxNameRunes),
		Name:   clip(e.Input.Name, maxNameRunes),
		ID:     clip(e.ID, maxNameRunes),
	}
	errs := e.Errors[:min(len(e.Errors), maxRowErrors)]
	s.More = len(e.Errors) - len(errs)
	s.Errors = make([][4]string, len(errs))
	for i, fe := range errs {
		s.Errors[i] = [4]string{
			c.fieldName(fe.Field), c.codeName(fe.Code),
			clip(fe.Value, maxValueRunes), clip(fe.Message, maxMessageRunes),
		}
	}
	return s
}
