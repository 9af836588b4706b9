package importer_test

import (
	"bytes"
	"context"
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
