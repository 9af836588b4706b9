package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custimport/record"
	"custimport/reports"
)

// writeTestReport writes a small report in the given format to dir.
func writeTestReport(t *testing.T, dir, name, format string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := reports.NewWriter(f, format)
	if err != nil {
		t.Fatal(err)
	}
	lines := []reports.Line{
		{Row: 2, Line: 2, Status: reports.Valid, Input: &record.Input{Name: "Acme"}},
		{Row: 3, Line: 3, Status: reports.Invalid, Errors: []record.FieldError{
			{Field: "revenue", Code: record.CodeFraction, Message: "row 3, column revenue: 1.5 has a fraction", Value: "1.5"},
		}},
	}
	for i := range lines {
		if err := w.Write(&lines[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func runReportArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runReport(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReportCommandWritesPage(t *testing.T) {
	dir := t.TempDir()
	report := writeTestReport(t, dir, "crm.report.jsonl", "jsonl")
	mtime := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(report, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "out.html")

	code, _, stderr := runReportArgs(t, report, "--html", page)
	if code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, stderr)
	}
	got := readFile(t, page)
	for _, want := range []string{"Import report: <span class=\"file\">crm</span>", "report written Tue 3 Feb 2026", "1 of 2 rows need fixing", "dry run: nothing was sent"} {
		if !strings.Contains(got, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "page: "+page) {
		t.Errorf("stderr = %q, want it to name the page", stderr)
	}
}

func TestReportCommandSummary(t *testing.T) {
	dir := t.TempDir()
	report := writeTestReport(t, dir, "run.jsonl", "jsonl")
	summary := filepath.Join(dir, "summary.json")
	s := reports.Summary{
		File: "customers.csv", Destination: "https://user:secret@example.invalid/graphql",
		Started: time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC), Finished: time.Date(2026, 2, 3, 4, 6, 0, 0, time.UTC),
		Valid: 1, Invalid: 1, UnknownColumns: []string{"Fax"},
	}
	b, _ := json.Marshal(s)
	if err := os.WriteFile(summary, b, 0o644); err != nil {
		t.Fatal(err)
	}

	code, page, stderr := runReportArgs(t, "--summary", summary, report, "--html", "-")
	if code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"customers.csv", "https://example.invalid/graphql", "took 54s", "were ignored: Fax"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "secret") {
		t.Errorf("page shows the password from the destination URL")
	}
	if _, err := os.Stat(filepath.Join(dir, "run.html")); err == nil {
		t.Errorf("--html - also wrote a file")
	}
}

func TestReportCommandDefaultPath(t *testing.T) {
	dir := t.TempDir()
	report := writeTestReport(t, dir, "run.report.csv", "csv")
	if code, _, stderr := runReportArgs(t, report); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, stderr)
	}
	got := readFile(t, filepath.Join(dir, "run.report.html"))
	if !strings.Contains(got, "row 3, column revenue: 1.5 has a fraction") {
		t.Errorf("page from the CSV report lacks the row's message")
	}
}

func TestReportCommandErrors(t *testing.T) {
	dir := t.TempDir()
	report := writeTestReport(t, dir, "run.jsonl", "jsonl")
	badSummary := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badSummary, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no report", nil, "give exactly one report file (got 0)"},
		{"two reports", []string{report, report}, "give exactly one report file (got 2)"},
		{"missing report", []string{filepath.Join(dir, "nope.jsonl")}, "nope.jsonl: no such file or directory"},
		{"bad summary", []string{report, "--summary", badSummary}, "give the file that import --summary-json wrote"},
		{"missing folder", []string{report, "--html", filepath.Join(dir, "no", "page.html")}, "create page:"},
		{"unknown flag", []string{report, "--pdf", "x"}, "unknown flag --pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runReportArgs(t, tt.args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
		})
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %q", left)
	}
}

func TestReportCommandInterrupted(t *testing.T) {
	dir := t.TempDir()
	report := writeTestReport(t, dir, "run.jsonl", "jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	if code := runReport(ctx, []string{report}, &out, &errOut); code != 2 {
		t.Errorf("exit status %d after cancel, want 2", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "run.html")); err == nil {
		t.Errorf("a page was written after cancel")
	}
}

func TestWriteHTMLFromSummary(t *testing.T) {
	dir := t.TempDir()
	report := writeTestReport(t, dir, "run.report.csv", "csv")
	page := filepath.Join(dir, "page.html")
	s := &reports.Summary{File: "in.csv", DryRun: true, Destination: "dry run", Valid: 1, Invalid: 1}
	if err := writeHTML(page, report, s); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, page)
	if !strings.Contains(got, "in.csv") || !strings.Contains(got, "dry run: nothing was sent") {
		t.Errorf("page lacks the summary's file or dry-run note")
	}
	if strings.Contains(got, "the summary and the report disagree") {
		t.Errorf("page reports a mismatch for matching counts")
	}
}
