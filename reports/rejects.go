package reports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strings"
)

// Rejects writes the records that did not go through, as they were read,
// with one added column (or, for JSON, key) that gives the reason, so the file can
// be fixed in a spreadsheet and imported again. Cells are repeated exactly
// as read, so a re-import reads the same values; only the added column is
// neutralised against formula injection.
type Rejects struct {
	b      *bufio.Writer
	csv    *csv.Writer
	json   bool
	column string
	header []string
	wrote  bool
	row    []string
}

// NewCSVRejects returns a Rejects that writes CSV with the input's header
// and delimiter, plus an "error" column (named "custimport_error" when the
// input already has a column called error).
func NewCSVRejects(w io.Writer, header []string, delimiter rune) *Rejects {
	b := bufio.NewWriter(w)
	c := csv.NewWriter(b)
	if delimiter != 0 {
		c.Comma = delimiter
	}
	column := "error"
	if slices.ContainsFunc(header, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), "error") }) {
		column = "custimport_error"
	}
	return &Rejects{b: b, csv: c, column: column, header: header}
}

// NewJSONRejects returns a Rejects that writes one JSON object per line:
// the record's original object with an "error" key added first.
func NewJSONRejects(w io.Writer) *Rejects {
	return &Rejects{b: bufio.NewWriter(w), json: true, column: "error"}
}

// Write adds one rejected record. cells are the CSV cells as read; text is
// the JSON record's original text. Only the one matching the writer's
// form is used.
func (r *Rejects) Write(cells []string, text []byte, l *Line) error {
	reason := joinErrors(l)
	if reason == "" {
		reason = string(l.Status)
	}
	if r.json {
		return r.writeJSON(text, reason)
	}
	if !r.wrote {
		r.wrote = true
		if err := r.csv.Write(append(slices.Clip(r.header), r.column)); err != nil {
			return err
		}
	}
	r.row = append(append(r.row[:0], cells...), Neutralize(reason))
	return r.csv.Write(r.row)
}

func (r *Rejects) writeJSON(text []byte, reason string) error {
	text = bytes.TrimSpace(text)
	b := append([]byte(`{"error":`), appendString(nil, reason)...)
	if len(text) > 1 && text[0] == '{' {
		rest := bytes.TrimSpace(text[1:])
		if len(rest) > 0 && rest[0] != '}' {
			b = append(b, ',')
		}
		b = append(b, rest...)
	} else {
		// The record was not an object (or not JSON at all): keep it
		// under its own key so nothing is lost.
		b = append(b, `,"record":`...)
		b = appendString(b, string(text))
		b = append(b, '}')
	}
	b = append(b, '\n')
	_, err := r.b.Write(b)
	return err
}

// Flush writes buffered rejects to the underlying writer.
func (r *Rejects) Flush() error {
	if r.csv != nil {
		r.csv.Flush()
		if err := r.csv.Error(); err != nil {
			return err
		}
	}
	return r.b.Flush()
}
