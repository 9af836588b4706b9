package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"custimport/htmlreport"
	"custimport/reports"
)

const reportSynopsis = "report [flags] REPORT"

// runReport runs the report command, which builds the HTML page of a run
// from its report file. It returns 0 when the page was written, and 2 when
// the report or the summary could not be read or the page could not be
// written. Rows with problems do not change the exit status.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report")
	htmlPath := fs.String("html", "", "write the page to this file; - writes it to standard output (default: REPORT with the extension .html)")
	summaryPath := fs.String("summary", "", "the run's summary from import --summary-json, for the destination, times and counts (default: none; the time is taken from the report file)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return flagError(err, fs, reportSynopsis, stdout, stderr)
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "custimport report: give exactly one report file (got %d); run 'custimport help report'\n", len(pos))
		return 2
	}
	reportPath := pos[0]
	out := *htmlPath
	if out == "" {
		out = strings.TrimSuffix(reportPath, filepath.Ext(reportPath)) + ".html"
	}
	if out != "-" && (sameFile(out, reportPath) || *summaryPath != "" && sameFile(out, *summaryPath)) {
		fmt.Fprintf(stderr, "custimport report: --html %s would overwrite the report it is built from; give the page another file name\n", out)
		return 2
	}
	meta, err := reportMeta(reportPath, *summaryPath)
	if err != nil {
		fmt.Fprintf(stderr, "custimport report: %v\n", err)
		return 2
	}
	if err := buildPage(ctx, out, reportPath, meta, stdout); err != nil {
		fmt.Fprintf(stderr, "custimport report: %v\n", err)
		return 2
	}
	if out != "-" {
		fmt.Fprintf(stderr, "page: %s\n", out)
	}
	return 0
}

// writeHTML writes the page of a run that has just finished, from its
// report file and summary. It takes no context because the page is
// written after an interrupt too, like the report itself.
func writeHTML(path, reportPath string, summary *reports.Summary) error {
	meta := metaFromSummary(summary)
	meta.Report = reportPath
	return buildPage(context.Background(), path, reportPath, meta, nil)
}

// reportMeta gathers what is known about the run: from the summary file
// when one is given, and otherwise from the report file's name and
// modification time.
func reportMeta(reportPath, summaryPath string) (htmlreport.Meta, error) {
	if summaryPath != "" {
		s, err := readSummary(summaryPath)
		if err != nil {
			return htmlreport.Meta{}, err
		}
		meta := metaFromSummary(s)
		meta.Report = reportPath
		return meta, nil
	}
	st, err := os.Stat(reportPath)
	if err != nil {
		return htmlreport.Meta{}, fmt.Errorf("read report: %w", err)
	}
	return htmlreport.Meta{
		File:     inputName(reportPath),
		Report:   reportPath,
		Finished: st.ModTime(),
	}, nil
}

// inputName guesses the input's name from a report named NAME.report.EXT,
// the default that import uses; the input's own extension is not known.
func inputName(reportPath string) string {
	base := filepath.Base(reportPath)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	return strings.TrimSuffix(base, ".report")
}

func readSummary(path string) (*reports.Summary, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read summary: %w", err)
	}
	var s reports.Summary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("read summary %s: %w; give the file that import --summary-json wrote", path, err)
	}
	return &s, nil
}

func metaFromSummary(s *reports.Summary) htmlreport.Meta {
	return htmlreport.Meta{
		File:           s.File,
		Destination:    redactURL(s.Destination),
		DryRun:         s.DryRun,
		Started:        s.Started,
		Finished:       s.Finished,
		Interrupted:    s.Interrupted,
		IgnoredColumns: s.UnknownColumns,
		Counts: map[string]int{
			"valid": s.Valid, "created": s.Created, "updated": s.Updated,
			"skipped": s.Skipped, "invalid": s.Invalid, "failed": s.Failed,
		},
	}
}

// redactURL drops a user name and password from a destination URL, so the
// page, which is meant to be mailed around, never carries them.
func redactURL(dest string) string {
	u, err := url.Parse(dest)
	if err != nil || u.User == nil {
		return dest
	}
	u.User = nil
	return u.String()
}

// buildPage writes the page to path through a temporary file that is
// renamed into place, so a failed build leaves no half-written page. A
// path of "-" writes to stdout.
func buildPage(ctx context.Context, path, reportPath string, meta htmlreport.Meta, stdout io.Writer) error {
	in, err := os.Open(reportPath)
	if err != nil {
		return fmt.Errorf("read report: %w", err)
	}
	defer in.Close()
	src := &ctxReader{ctx: ctx, r: in}
	if path == "-" {
		return htmlreport.Write(stdout, src, meta, htmlreport.Options{})
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create page: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = htmlreport.Write(tmp, src, meta, htmlreport.Options{})
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close())
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("create page: %w", err)
	}
	return nil
}

// ctxReader stops a read once its context is done, so an interrupt stops
// building the page of a large report.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
