// Package export writes every customer of a Linear workspace to a CSV or
// JSON Lines file that custimport's importer reads back. The file has one
// column per CustomerCreateInput field. Owners, statuses and tiers are
// written as the words a spreadsheet uses for them where that is
// unambiguous, and as ids otherwise.
//
// [Run] reads the customers one page at a time and writes and flushes each
// page before it requests the next, so memory does not grow with the
// workspace. [File] keeps the output under a temporary name until the
// export is complete. The package does not log.
package export

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"custimport/linear"
)

// Format is the layout of an export file.
type Format int

const (
	// CSV is comma-separated values with a header line, quoted as
	// encoding/csv quotes. Lists are joined with "; ".
	CSV Format = iota
	// JSONL is JSON Lines: one JSON object per line. Lists are arrays.
	JSONL
)

func (f Format) String() string {
	if f == JSONL {
		return "jsonl"
	}
	return "csv"
}

// FormatOf returns the format that the extension of path names: .csv for
// CSV, .jsonl or .ndjson for JSONL, in any letter case.
func FormatOf(path string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		return CSV, nil
	case ".jsonl", ".ndjson":
		return JSONL, nil
	case "":
		return 0, fmt.Errorf("%s has no extension; name the file .csv, or .jsonl for JSON Lines", path)
	default:
		return 0, fmt.Errorf("unknown extension %q of %s; name the file .csv, or .jsonl for JSON Lines", ext, path)
	}
}

// Stats counts what [Run] wrote and flushed.
type Stats struct {
	Customers int
	Pages     int
}

// Options configures [Run]. The zero Options works.
type Options struct {
	// Names turns the ids of owners, statuses and tiers into words. When
	// it is nil, every reference is written as its id.
	Names *Names
	// OnPage, if set, is called after each page is written and flushed,
	// with the number of customers in that page and the totals so far.
	OnPage func(customers int, total Stats)
}

// errWrite marks errors of the Writer, to tell them from request errors.
type errWrite struct{ err error }

func (e *errWrite) Error() string { return e.err.Error() }
func (e *errWrite) Unwrap() error { return e.err }

// Run reads every customer that c can read, in pages of up to 250, and
// writes each page to w, flushing w before the next request. On an error,
// a cancelled ctx included, the pages written before it stay flushed and
// Stats counts them.
//
// NOTE: a failed request ends the export; it is not sent again, because
// [linear.Client.Customers] cannot resume from a page cursor.
func Run(ctx context.Context, c *linear.Client, w *Writer, opts Options) (Stats, error) {
	var st Stats
	err := c.Customers(ctx, nil, func(page []linear.Customer) error {
		for i := range page {
			row := opts.Names.Row(&page[i])
			if err := w.Write(&row); err != nil {
				return &errWrite{err}
			}
		}
		if err := w.Flush(); err != nil {
			return &errWrite{err}
		}
		st.Customers += len(page)
		st.Pages++
		if opts.OnPage != nil {
			opts.OnPage(len(page), st)
		}
		return nil
	})
	var we *errWrite
	switch {
	case errors.As(err, &we):
		return st, fmt.Errorf("writing customers: %w", we.err)
	case err != nil:
		pages := fmt.Sprintf("%d pages", st.Pages)
		if st.Pages == 1 {
			pages = "1 page"
		}
		return st, fmt.Errorf("reading customers after %s: %w", pages, err)
	}
	return st, nil
}
