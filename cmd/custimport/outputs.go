package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"custimport/parse"
	"custimport/reports"
)

// outputs are the files one run writes as it goes.
type outputs struct {
	reportPath  string
	reportFile  *os.File
	report      reports.Writer
	rejectsFile *os.File
	rejects     *reports.Rejects
}

// defaultReportPath is NAME.report.csv next to the input NAME.EXT.
func defaultReportPath(input string) string {
	base := strings.TrimSuffix(input, filepath.Ext(input))
	return base + ".report.csv"
}

// reportPath returns where the run's report goes. It never overwrites the
// report that --resume reads, which is the record of the earlier run: a
// default path that would is numbered instead, and an explicit one is an
// error.
func reportPath(f *importFlags, input string) (string, error) {
	if f.report != "" {
		if f.resume != "" && sameFile(f.report, f.resume) {
			return "", fmt.Errorf("--report and --resume both name %s; write the new report to another file, so that the earlier one stays as the record of that run", f.report)
		}
		return f.report, nil
	}
	path := defaultReportPath(input)
	switch {
	case f.resume != "":
		// A resumed run writes next to the earlier reports, never over one.
	case !fileExists(path) || !recordsImport(path):
		// A dry run's report is written over by the next run.
		return path, nil
	}
	// The report of a real import is the record of what it did: a later
	// run writes next to it.
	base := strings.TrimSuffix(path, ".csv")
	for n := 2; ; n++ {
		path = fmt.Sprintf("%s-%d.csv", base, n)
		if _, err := os.Stat(path); os.IsNotExist(err) {
			return path, nil
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// recordsImport reports whether the report at path is the record of a
// real import, from its first 5,000 lines. An unreadable report counts as
// one, so that it is kept.
func recordsImport(path string) bool {
	found, err := reports.RecordsImport(path, 5000)
	return found || err != nil
}

// checkOutputs rejects a run whose output files would overwrite its input,
// the report it resumes from, or one another.
func checkOutputs(f *importFlags, input, report string) error {
	outputs := []struct{ flag, path string }{
		{"--report", report}, {"--rejects", f.rejects}, {"--summary-json", f.summaryJSON}, {"--html", f.html},
	}
	reads := []struct{ what, path string }{{"the input file", input}, {"the --resume report", f.resume}}
	for i, o := range outputs {
		if o.path == "" {
			continue
		}
		for _, r := range reads {
			if r.path != "" && sameFile(o.path, r.path) {
				return fmt.Errorf("%s %s would overwrite %s; give it another file name", o.flag, o.path, r.what)
			}
		}
		for _, p := range outputs[:i] {
			if p.path != "" && sameFile(o.path, p.path) {
				return fmt.Errorf("%s and %s both name %s; give each its own file", p.flag, o.flag, o.path)
			}
		}
	}
	return nil
}

// sameFile reports whether a and b name one file, or would.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

func openOutputs(f *importFlags, input string, src *parse.Reader) (*outputs, error) {
	path, err := reportPath(f, input)
	if err != nil {
		return nil, err
	}
	if err := checkOutputs(f, input, path); err != nil {
		return nil, err
	}
	o := &outputs{reportPath: path}
	format, err := reports.FormatFor(o.reportPath)
	if err != nil {
		return nil, err
	}
	if o.reportFile, err = os.Create(o.reportPath); err != nil {
		return nil, fmt.Errorf("create report: %w", err)
	}
	if o.report, err = reports.NewWriter(o.reportFile, format); err != nil {
		o.close()
		return nil, err
	}
	if f.rejects == "" {
		return o, nil
	}
	if o.rejectsFile, err = os.Create(f.rejects); err != nil {
		o.close()
		return nil, fmt.Errorf("create rejects file: %w", err)
	}
	switch src.Format() {
	case "json", "ndjson":
		o.rejects = reports.NewJSONRejects(o.rejectsFile)
	case "tsv":
		// A file named .csv opens in a spreadsheet by commas.
		delim := '\t'
		if strings.EqualFold(filepath.Ext(f.rejects), ".csv") {
			delim = ','
		}
		o.rejects = reports.NewCSVRejects(o.rejectsFile, src.Header(), delim)
	default:
		delim, _ := f.delimiterRune()
		o.rejects = reports.NewCSVRejects(o.rejectsFile, src.Header(), delim)
	}
	return o, nil
}

func (o *outputs) flush() error {
	var errs []error
	errs = append(errs, o.report.Flush())
	if o.rejects != nil {
		errs = append(errs, o.rejects.Flush())
	}
	return errors.Join(errs...)
}

func (o *outputs) close() {
	if o.reportFile != nil {
		o.reportFile.Close()
	}
	if o.rejectsFile != nil {
		o.rejectsFile.Close()
	}
}
