package reports

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"custimport/record"
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
	w *bufio.Writer
}

// Write encodes l straight into the free end of the buffer, so that a
// line that fits is not copied a second time.
func (j *jsonlWriter) Write(l *Line) error {
	b := appendLine(j.w.AvailableBuffer(), l)
	_, err := j.w.Write(append(b, '\n'))
	return err
}

func (j *jsonlWriter) Flush() error { return j.w.Flush() }

// csvHeader lists the CSV report's columns: those of the JSON Lines form,
// then the ones a spreadsheet user filters on.
var csvHeader = []string{"row", "line", "status", "id", "errors", "input", "error_fields", "error_codes", "notes", "reason", "fingerprint", "error_values"}

// csvWriter writes the CSV report. It quotes cells itself, as
// encoding/csv does, because the input column is JSON full of quotes and
// encoding/csv's writer took a fifth of a large dry run's time.
type csvWriter struct {
	b      *bufio.Writer
	header bool
	line   []byte
	buf    []byte
}

func newCSVWriter(w io.Writer) *csvWriter {
	return &csvWriter{b: bufio.NewWriterSize(w, 64<<10)}
}

func (c *csvWriter) Write(l *Line) error {
	if !c.header {
		c.header = true
		if _, err := c.b.WriteString(strings.Join(csvHeader, ",") + "\n"); err != nil {
			return err
		}
	}
	b := strconv.AppendInt(c.line[:0], int64(l.Row), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(l.Line), 10)
	b = append(b, ',')
	b = appendCell(b, string(l.Status))
	b = appendCell(append(b, ','), Neutralize(l.ID))
	b = appendCell(append(b, ','), Neutralize(joinErrors(l)))
	b = append(b, ',')
	if l.Input != nil {
		// A JSON object starts with {, so it never needs neutralising.
		c.buf = appendInput(c.buf[:0], l.Input)
		b = appendCell(b, string(c.buf))
	}
	b = appendCell(append(b, ','), Neutralize(joinField(l.Errors, func(e record.FieldError) string { return e.Field }, ";")))
	b = appendCell(append(b, ','), Neutralize(joinField(l.Errors, func(e record.FieldError) string { return e.Code }, ";")))
	b = appendCell(append(b, ','), Neutralize(strings.Join(l.Notes, "; ")))
	b = appendCell(append(b, ','), Neutralize(l.Reason))
	b = appendCell(append(b, ','), l.Fingerprint)
	b = append(b, ',')
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
		b = appendCell(b, string(append(c.buf, ']')))
	}
	c.line = append(b, '\n')
	_, err := c.b.Write(c.line)
	return err
}

func joinField(errs []record.FieldError, field func(record.FieldError) string, sep string) string {
	if len(errs) == 0 {
		return ""
	}
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = field(e)
	}
	return strings.Join(parts, sep)
}

// appendCell appends s as one CSV cell, quoted when encoding/csv would
// quote it: when it holds a comma, a quote or a line break, starts with
// white space, or is \. (which some readers take as an end of data).
func appendCell(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` || strings.ContainsAny(s, "\",\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

func (c *csvWriter) Flush() error { return c.b.Flush() }

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
