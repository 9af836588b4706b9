package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"custimport/importer"
	"custimport/parse"
	"custimport/reports"
	"custimport/validate"
)

// panicSender is a Sender with a bug: it panics on the batch
// holding the given row.
type panicSender struct{ row int }

func (p panicSender) Send(ctx context.Context, batch []*reports.Line) error {
	for _, l := range batch {
		if l.Row == p.row {
			panic("bug in sender")
		}
	}
	for _, l := range batch {
		l.Status = reports.Created
	}
	return nil
}

func TestWorkerPanicFailsItsBatch(t *testing.T) {
	src, err := parse.NewReader(strings.NewReader(customersCSV(30, "p")), parse.Options{Name: "p.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w, _ := reports.NewWriter(&out, "jsonl")
	err = importer.Run(context.Background(), importer.Config{
		Source:    src,
		Validator: validate.New(validate.Options{Columns: src.Columns()}),
		Report:    w,
		Sender:    panicSender{row: 15},
		BatchSize: 10,
		Workers:   3,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	lines := decodeReport(t, out.Bytes())
	if len(lines) != 30 {
		t.Fatalf("report has %d lines, want 30", len(lines))
	}
	for _, l := range lines {
		inBadBatch := l.Row >= 12 && l.Row <= 21
		switch {
		case inBadBatch && l.Status != reports.Failed:
			t.Errorf("row %d: %s, want failed with its batch", l.Row, l.Status)
		case inBadBatch && (len(l.Errors) == 0 || !strings.Contains(l.Errors[0].Message, "bug in sender")):
			t.Errorf("row %d: errors %+v, want the panic named", l.Row, l.Errors)
		case !inBadBatch && l.Status != reports.Created:
			t.Errorf("row %d: %s, want created", l.Row, l.Status)
		}
	}
}

// A file that breaks off ends the run with its error, after every record
// read before the break is checked and reported, in every run alike.
func TestReadErrorReportsRecordsBefore(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 3000 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"name": "C%d", "domains": "c%d.example.com"}`, i, i)
	}
	for range 3 {
		lines, err := dryRun(t, "cut.json", b.String())
		var fe *parse.FileError
		if !errors.As(err, &fe) {
			t.Fatalf("Run returned %v, want the file's error", err)
		}
		if len(lines) != 3000 {
			t.Fatalf("report has %d lines, want the 3000 records before the break", len(lines))
		}
		for i, l := range lines {
			if l.Row != i+1 || l.Status != reports.Valid {
				t.Fatalf("line %d: row %d %s, want row %d valid", i, l.Row, l.Status, i+1)
			}
		}
	}
}

// A row with a bad value still claims its good keys: a later row that
// repeats one is reported in the same run.
func TestInvalidRowClaimsItsKeys(t *testing.T) {
	csv := "name,domains,revenue\nA1,a1.com,\"1,200,000\"\nA2,A1.COM,\nD1,d1.com,#N/A\nD2,d1.com,\nE,e.com,\n"
	lines, err := dryRun(t, "dup.csv", csv)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		codes := []string{}
		for _, e := range l.Errors {
			codes = append(codes, e.Code)
		}
		got = append(got, fmt.Sprintf("%d %s %s", l.Row, l.Status, strings.Join(codes, ",")))
	}
	want := []string{
		"2 invalid thousands_separator",
		"3 invalid duplicate_in_file",
		"4 invalid spreadsheet_error",
		"5 invalid duplicate_in_file",
		"6 valid ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// dryRun checks text, read as a file named name, without a Sender, and
// returns the report lines and Run's error.
func dryRun(t *testing.T, name, text string) ([]reports.Line, error) {
	t.Helper()
	src, err := parse.NewReader(strings.NewReader(text), parse.Options{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w, _ := reports.NewWriter(&out, "jsonl")
	err = importer.Run(context.Background(), importer.Config{
		Source:    src,
		Validator: validate.New(validate.Options{Columns: src.Columns()}),
		Report:    w,
	})
	return decodeReport(t, out.Bytes()), err
}
