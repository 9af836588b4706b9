package htmlreport

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// syntheticCodes are the problems a large synthetic report spreads its
// invalid rows over: column, code, a value pattern and a message pattern.
var syntheticCodes = []struct{ field, code, value, message string }{
	{"revenue", "not_integer", "about %d", `revenue %q is not a whole number; write digits only`},
	{"revenue", "fraction", "%d.5", `revenue %q has a fraction; revenue is a whole number`},
	{"revenue", "scientific_display", "1.%dE+07", `revenue %q is in a spreadsheet's display form and digits may be lost; format the column as a number and export again`},
	{"size", "thousands_separator", "1,%03d", `size %q has a thousands separator; remove it or pass the flag that reads them`},
	{"revenue", "currency", "$%d", `revenue %q has a currency symbol; write the number alone`},
	{"size", "placeholder", "N/A%d", `size %q is placeholder text; clear the cell`},
	{"externalIds", "spreadsheet_error", "#REF!%d", `externalIds %q is a spreadsheet error value; fix the formula`},
	{"domains", "invalid_domain", "acme_%d..com", `domains %q is not a domain name; write one such as acme.com`},
	{"domains", "public_email_domain", "gmail%d.com", `domains %q is a public email provider; write the company's own domain`},
	{"logoUrl", "invalid_url", "logo%d.png", `logoUrl %q is not an absolute http or https URL`},
	{"id", "invalid_uuid", "ABC-%d", `id %q is not a lowercase UUID version 4; leave it blank to let the server choose`},
	{"domains", "duplicate_in_file", "dup%d.example", `domains %q is already used by an earlier row; merge the two rows`},
}

// writeSyntheticReport writes a dry-run report of n rows, of which about
// one in badEvery is invalid, with one or two problems each.
func writeSyntheticReport(w io.Writer, n, badEvery int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	var b []byte
	for i := range n {
		row := i + 2
		b = b[:0]
		b = fmt.Appendf(b, `{"row":%d,"line":%d,`, row, row)
		if rng.IntN(badEvery) == 0 {
			b = appendInvalid(b, rng, row)
		} else {
			b = fmt.Appendf(b, `"status":"valid","input":{"name":"Company %d Ltd","domains":["company%d.example"],"externalIds":["%07d"],"revenue":%d,"size":%d},"errors":[]`,
				row, row, row, rng.IntN(1e9), rng.IntN(5000))
		}
		b = append(b, "}\n"...)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendInvalid(b []byte, rng *rand.Rand, row int) []byte {
	b = append(b, `"status":"invalid","errors":[`...)
	for k := range 1 + rng.IntN(2) {
		c := syntheticCodes[rng.IntN(len(syntheticCodes))]
		value := fmt.Sprintf(c.value, rng.IntN(1000))
		msg := fmt.Sprintf("row %d, column %s: ", row, c.field) + fmt.Sprintf(c.message, value)
		if k > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"field":%s,"code":%s,"message":%s,"value":%s}`,
			strconv.Quote(c.field), strconv.Quote(c.code), strconv.Quote(msg), strconv.Quote(value))
	}
	return append(b, ']')
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// writeBigPage builds the page of a synthetic report of n rows to w,
// generating the report on the fly so it never lands on disk.
func writeBigPage(w io.Writer, n int) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeSyntheticReport(pw, n, 25)) }()
	meta := Meta{File: "crm-export.csv", DryRun: true, Finished: time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)}
	return Write(w, pr, meta, Options{})
}

const bigRows = 1_000_000

func TestPageSizeMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a page from 1,000,000 report lines")
	}
	var cw countingWriter
	start := time.Now()
	if err := writeBigPage(&cw, bigRows); err != nil {
		t.Fatal(err)
	}
	t.Logf("page for %d rows: %d bytes, built in %s", bigRows, cw.n, time.Since(start).Round(time.Millisecond))
	if cw.n > 5<<20 {
		t.Errorf("page is %d bytes, want under 5 MiB", cw.n)
	}
}

// BenchmarkWriteMillionRows reads a 1,000,000-line report from a file and
// reports the largest heap seen while the page is built.
func BenchmarkWriteMillionRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "report.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeSyntheticReport(f, bigRows, 25); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}

	runtime.GC()
	stop, peak := watchHeap()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		var cw countingWriter
		if err := Write(&cw, r, Meta{DryRun: true}, Options{}); err != nil {
			b.Fatal(err)
		}
		r.Close()
		b.ReportMetric(float64(cw.n)/1e6, "page-MB")
	}
	b.StopTimer()
	stop()
	b.ReportMetric(float64(fi.Size())/1e6, "report-MB")
	b.ReportMetric(float64(peak.Load())/1e6, "peak-heap-MB")
}

// watchHeap samples the live heap every few milliseconds until stop is
// called, keeping the largest value seen.
func watchHeap() (stop func(), peak *atomic.Uint64) {
	peak = new(atomic.Uint64)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	return func() { close(done); <-finished }, peak
}
