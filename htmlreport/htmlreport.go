// Package htmlreport builds a single self-contained HTML page from the
// report of an import run. The page shows the counts by status as a chart
// and a matrix of error codes by column, with explanations and example
// values. It ends with a filterable table of the rows that did not go
// through.
//
// The page loads nothing from the network. Its styles, script and charts
// are inline and a Content-Security-Policy meta tag forbids every other
// source, so it can be opened from a mail attachment. Every value taken
// from the report is escaped by html/template.
//
// The report is read as a stream. Memory use and page size are bounded by
// [Options]: every count is exact, but only a sample of the rows and of
// the offending values is kept.
package htmlreport

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// Meta describes the run the report comes from. Every field may be left
// zero; the page then leaves that fact out.
type Meta struct {
	File        string // input file the run read
	Report      string // report file the page is built from
	Destination string // workspace the rows went to; ignored when DryRun
	// DryRun is true when the run validated only and sent nothing. When it
	// is false and Destination is empty, a report with "valid" rows and
	// none created or updated is shown as a dry run, because only a dry run
	// reports that status.
	DryRun      bool
	Started     time.Time
	Finished    time.Time
	Interrupted bool // the run was stopped before it read the whole file

	// IgnoredColumns lists input columns that matched no field.
	IgnoredColumns []string

	// Counts holds the run's own row counts by status ("valid", "created",
	// ...), for example from its summary file. When given, the page warns
	// where they differ from the counts found in the report.
	Counts map[string]int
}

// Options tunes the page. The zero value works.
type Options struct {
	// Explain returns a plain-language explanation of an error code and a
	// hint on how to fix it. For a code it does not know it returns ok
	// false, and the page shows the code with its messages only. When nil,
	// record.Explain is used.
	Explain func(code string) (explanation, fix string, ok bool)

	// ExamplesPerCode caps the distinct offending values shown for each
	// error code; 0 means 10.
	ExamplesPerCode int

	// RowsPerCode caps the rows kept in the row table for each error code,
	// and MaxRows caps the rows kept in all; 0 means 200 and 5,000. Rows
	// beyond them are counted, and the page states how many were left out.
	RowsPerCode int
	MaxRows     int
}

func (o Options) withDefaults() Options {
	if o.ExamplesPerCode <= 0 {
		o.ExamplesPerCode = 10
	}
	if o.RowsPerCode <= 0 {
		o.RowsPerCode = 200
	}
	if o.MaxRows <= 0 {
		o.MaxRows = 5000
	}
	if o.Explain == nil {
		o.Explain = defaultExplain
	}
	return o
}

// Write reads a run's report from report and writes the HTML page for it
// to w. The report is JSON Lines, one object per input record, or the CSV
// form of the same report, recognised by its header, which starts with
// "row,". The CSV form has no offending values, so the page shows
// messages only. Lines that are not report entries are skipped and
// counted, and the page says so. Only an error reading report or writing
// w is returned.
func Write(w io.Writer, report io.Reader, meta Meta, opts Options) error {
	opts = opts.withDefaults()
	c := newCollector(opts)
	if err := c.read(report); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplate.Execute(bw, newView(c, meta, opts)); err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	return nil
}
