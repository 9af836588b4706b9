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

func openOutputs(f *importFlags, input string, src *parse.Reader) (*outputs, error) {
	o := &outputs{reportPath: f.report}
	if o.reportPath == "" {
		o.reportPath = defaultReportPath(input)
	}
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
		o.rejects = reports.NewCSVRejects(o.rejectsFile, src.Header(), '\t')
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
