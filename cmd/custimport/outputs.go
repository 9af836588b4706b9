package main

import (
	"errors"
	"fmt"
	"io/fs"
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
	case !fileExists(path):
		return path, nil
	case f.resume != "":
		// A resumed run writes next to the earlier reports, never over one.
	case !recordsImport(path):
		// A dry run's report is written over by the next run.
		return path, nil
	}
	// The report of a real import is the record of what it did: a later
	// run writes next to it, over a numbered dry run's report if there
	// is one. A resumed run writes over no report at all.
	base := strings.TrimSuffix(path, ".csv")
	for n := 2; ; n++ {
		path = fmt.Sprintf("%s-%d.csv", base, n)
		if !fileExists(path) || f.resume == "" && !recordsImport(path) {
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
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		return false // a run that stopped before its first line
	}
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

// openOutputs creates the report at reportPath and the rejects file, at
// paths that checkOutputPaths has already checked.
func openOutputs(f *importFlags, reportPath string, src *parse.Reader) (*outputs, error) {
	o := &outputs{reportPath: reportPath}
	format, err := reports.FormatFor(o.reportPath)
	if err != nil {
		return nil, err
	}
	// The rejects file is created first: when it cannot be, no empty
	// report is left behind to pass for a later run's record.
	if f.rejects != "" {
		if o.rejectsFile, err = os.Create(f.rejects); err != nil {
			return nil, fmt.Errorf("create rejects file: %w", err)
		}
		o.rejects = newRejects(f, o.rejectsFile, src)
	}
	if o.reportFile, err = os.Create(o.reportPath); err != nil {
		o.close()
		return nil, fmt.Errorf("create report: %w", err)
	}
	if o.report, err = reports.NewWriter(o.reportFile, format); err != nil {
		o.close()
		return nil, err
	}
	return o, nil
}

// checkOutputPaths returns where the report goes, after checking every
// output path: none may overwrite the input, the resumed report or
// another output, rejects of JSON must be JSON Lines, and each folder must
// be writable. It creates no file, so a run stopped here writes over
// nothing.
func checkOutputPaths(f *importFlags, input string, src *parse.Reader) (string, error) {
	path, err := reportPath(f, input)
	if err != nil {
		return "", err
	}
	if err := checkOutputs(f, input, path); err != nil {
		return "", err
	}
	if err := checkRejectsFormat(f.rejects, src.Format()); err != nil {
		return "", err
	}
	for _, o := range []struct{ flag, path string }{
		{"--report", path}, {"--rejects", f.rejects}, {"--summary-json", f.summaryJSON}, {"--html", f.html},
	} {
		if err := checkWritableDir(o.flag, o.path); err != nil {
			return "", err
		}
	}
	return path, nil
}

// newRejects returns the writer of the rejects file w, in the form of the
// input file.
func newRejects(f *importFlags, w *os.File, src *parse.Reader) *reports.Rejects {
	switch src.Format() {
	case "json", "ndjson":
		return reports.NewJSONRejects(w)
	case "tsv":
		// A file named .csv opens in a spreadsheet by commas.
		delim := '\t'
		if strings.EqualFold(filepath.Ext(f.rejects), ".csv") {
			delim = ','
		}
		return reports.NewCSVRejects(w, src.Header(), delim)
	}
	delim, _ := f.delimiterRune()
	return reports.NewCSVRejects(w, src.Header(), delim)
}

// checkRejectsFormat rejects a rejects file named .csv or .tsv for JSON
// input, whose rejected records are written as JSON Lines.
func checkRejectsFormat(path, format string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if (format == "json" || format == "ndjson") && (ext == ".csv" || ext == ".tsv" || ext == ".txt") {
		return fmt.Errorf("--rejects %s: the input is JSON, so the rejected records are written as JSON Lines; give a name ending in .jsonl", path)
	}
	return nil
}

// checkWritableDir rejects an output path that is a folder, or whose
// folder is missing or cannot be written, before the run rather than
// after it.
func checkWritableDir(flag, path string) error {
	if path == "" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s %s: that is a folder; give a file name", flag, path)
	}
	probe, err := os.CreateTemp(filepath.Dir(path), ".custimport-probe-*")
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err // the probe file's name means nothing to the user
		}
		return fmt.Errorf("%s %s: the folder cannot be written: %w", flag, path, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
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
