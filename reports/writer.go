package reports

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Writer writes report lines in the order it is given them. Lines are
// buffered; Flush puts every line written so far on disk (when the
// underlying writer is a file), so a run that is killed leaves every
// flushed row behind. A Writer is not safe for concurrent use: one
// goroutine owns it.
type Writer interface {
	Write(l *Line) error
	Flush() error
}

// FormatFor returns the report format for a path: "csv" for .csv, and
// "jsonl" for .jsonl, .ndjson and .json.
func FormatFor(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return "csv", nil
	case ".jsonl", ".ndjson", ".json":
		return "jsonl", nil
	}
	return "", fmt.Errorf("report %q: unknown format; name it .csv or .jsonl", path)
}

// NewWriter returns a Writer for format "jsonl" or "csv".
func NewWriter(w io.Writer, format string) (Writer, error) {
	switch format {
	case "jsonl":
		return &jsonlWriter{w: bufio.NewWriterSize(w, 64<<10)}, nil
	case "csv":
		return newCSVWriter(w), nil
	}
	return nil, fmt.Errorf("unknown report format %q", format)
}

type jsonlWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (j *jsonlWriter) Write(l *Line) error {
	j.buf = appendLine(j.buf[:0], l)
	j.buf = append(j.buf, '\n')
	_, err := j.w.Write(j.buf)
	return err
}

func (j *jsonlWriter) Flush() error { return j.w.Flush() }

// csvHeader lists the CSV report's columns: those of the JSON Lines form,
// then the ones a spreadsheet user filters on.
var csvHeader = []string{"row", "line", "status", "id", "errors", "input", "error_fields", "error_codes", "notes", "reason", "fingerprint", "error_values"}

type csvWriter struct {
	b      *bufio.Writer
	w      *csv.Writer
	header bool
	buf    []byte
	cells  []string
}

func newCSVWriter(w io.Writer) *csvWriter {
	b := bufio.NewWriterSize(w, 64<<10)
	return &csvWriter{b: b, w: csv.NewWriter(b), cells: make([]string, len(csvHeader))}
}

func (c *csvWriter) Write(l *Line) error {
	if !c.header {
		c.header = true
		if err := c.w.Write(csvHeader); err != nil {
			return err
		}
	}
	c.cells[0] = strconv.Itoa(l.Row)
	c.cells[1] = strconv.Itoa(l.Line)
	c.cells[2] = string(l.Status)
	c.cells[3] = Neutralize(l.ID)
	c.cells[4] = Neutralize(joinErrors(l))
	c.cells[5] = ""
	if l.Input != nil {
		c.buf = appendInput(c.buf[:0], l.Input)
		c.cells[5] = Neutralize(string(c.buf))
	}
	fields, codes := make([]string, 0, len(l.Errors)), make([]string, 0, len(l.Errors))
	for _, e := range l.Errors {
		fields = append(fields, e.Field)
		codes = append(codes, e.Code)
	}
	c.cells[6] = Neutralize(strings.Join(fields, ";"))
	c.cells[7] = Neutralize(strings.Join(codes, ";"))
	c.cells[8] = Neutralize(strings.Join(l.Notes, "; "))
	c.cells[9] = Neutralize(l.Reason)
	c.cells[10] = l.Fingerprint
	c.cells[11] = ""
	if len(l.Errors) > 0 {
		// The offending values, as a JSON array in the order of
		// error_codes, so that values holding separators stay exact.
		c.buf = append(c.buf[:0], '[')
		for i, e := range l.Errors {
			if i > 0 {
				c.buf = append(c.buf, ',')
			}
			c.buf = appendString(c.buf, e.Value)
		}
		c.cells[11] = string(append(c.buf, ']'))
	}
	return c.w.Write(c.cells)
}

func (c *csvWriter) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.b.Flush()
}

func joinErrors(l *Line) string {
	msgs := make([]string, len(l.Errors))
	for i, e := range l.Errors {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, " | ")
}

// Neutralize makes a cell safe to open in a spreadsheet: a cell that
// starts with =, +, -, @, a tab or a carriage return would be run as a
// formula, so it gets a leading apostrophe, which spreadsheets hide and
// treat as "this is text".
func Neutralize(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
