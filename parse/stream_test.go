package parse

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/gocarina/gocsv"
)

// rowGenerator writes a CSV of n rows on the fly, so that a test can read
// a large file without holding it.
type rowGenerator struct {
	n, i int
	buf  []byte
}

func (g *rowGenerator) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.n {
		if g.i == 0 {
			g.buf = append(g.buf, "name,domains,externalIds,revenue,size,mainSourceId\n"...)
		} else {
			g.buf = fmt.Appendf(g.buf, "Company %08d,company-%08d.example.com,ext-%08d,%d,%d,ext-%08d\n",
				g.i, g.i, g.i, 1000+g.i*7, g.i%5000+1, g.i)
		}
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// TestStreamingMemory reads about 40 MB of CSV and checks that the heap
// stays small, so the file is never held whole.
func TestStreamingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 40 MB")
	}
	const rows = 500_000
	rd, err := NewReader(&rowGenerator{n: rows}, Options{Name: "big.csv"})
	if err != nil {
		t.Fatal(err)
	}
	// The heap is measured from its size now, after the tests
	// before this one.
	runtime.GC()
	var start runtime.MemStats
	runtime.ReadMemStats(&start)
	var peak uint64
	n := 0
	drainReader(t, rd, func(rec *Record) {
		n++
		if len(rec.Errs) > 0 {
			t.Fatalf("row %d: %v", rec.Row, rec.Errs)
		}
		if n%50_000 == 0 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(ms.HeapAlloc, start.HeapAlloc))
		}
	})
	if n != rows {
		t.Errorf("read %d records, want %d", n, rows)
	}
	if peak > 16<<20 {
		t.Errorf("heap reached %d bytes while reading, want under 16 MiB", peak)
	}
	if off := rd.Offset(); off < 40_000_000 {
		t.Errorf("Offset = %d, want the whole input counted", off)
	}
}

// TestGocsvSettings checks that mapping still works when a program
// changes gocsv's global settings.
func TestGocsvSettings(t *testing.T) {
	gocsv.FailIfUnmatchedStructTags = true
	gocsv.FailIfDoubleHeaderNames = true
	defer func() {
		gocsv.FailIfUnmatchedStructTags = false
		gocsv.FailIfDoubleHeaderNames = false
		gocsv.SetHeaderNormalizer(gocsv.DefaultNameNormalizer())
	}()
	tests := []struct {
		name       string
		normalizer func(string) string
	}{
		{"default normalizer", gocsv.DefaultNameNormalizer()},
		{"lower case normalizer", strings.ToLower},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gocsv.SetHeaderNormalizer(tt.normalizer)
			recs := readAll(t, "Company name,External IDs,Notes\nAcme,ext-1,x\n", Options{})
			check(t, recs, []want{{2, 2, "", noErrs, c{"name": "Acme", "externalIds": "ext-1"}}})
		})
	}
}

// TestRecordTooLong checks that a record over 16 MiB is reported and that
// reading goes on with the next one.
func TestRecordTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 17 MB")
	}
	long := strings.Repeat("x", maxRecord+1)
	t.Run("CSV", func(t *testing.T) {
		recs := readAll(t, "name,size\n"+long+",1\nAcme,2\n", Options{})
		check(t, recs, []want{
			{2, 2, "", []string{":record_too_long"}, c{}},
			{3, 3, "", noErrs, c{"name": "Acme", "size": "2"}},
		})
	})
	t.Run("CSV quote open for the whole line", func(t *testing.T) {
		recs := readAll(t, "name,size\n\""+long+"\nAcme,2\n", Options{})
		check(t, recs, []want{
			{2, 2, "", []string{":record_too_long"}, c{}},
			{3, 3, "", noErrs, c{"name": "Acme", "size": "2"}},
		})
	})
	t.Run("NDJSON", func(t *testing.T) {
		recs := readAll(t, "{\"name\": \""+long+"\"}\n{\"name\": \"Acme\"}\n", Options{})
		check(t, recs, []want{
			{1, 1, "", []string{":record_too_long"}, c{}},
			{2, 2, "", noErrs, c{"name": "Acme"}},
		})
	})
	t.Run("JSON array", func(t *testing.T) {
		rd, err := NewReader(strings.NewReader("[{\"name\": \""+long+"\"}]"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = rd.Read()
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "16 MiB") {
			t.Errorf("Read error = %v, want a *FileError about the 16 MiB limit", err)
		}
	})
}

// failingReader returns data, then err.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadError(t *testing.T) {
	errDisk := errors.New("disk failed")
	tests := []struct {
		name string
		data string
	}{
		{"CSV", "name\nAcme\nGlobex\n"},
		{"NDJSON", "{\"name\": \"Acme\"}\n{\"name\": \"Globex\"}\n"},
		{"JSON array", "[{\"name\": \"Acme\"}, {\"name\": \"Globex\"},"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(&failingReader{data: tt.data, err: errDisk}, Options{Name: "c.txt"})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for {
				_, err = rd.Read()
				if err != nil {
					break
				}
				n++
			}
			if !errors.Is(err, errDisk) || !strings.Contains(err.Error(), "read c.txt") {
				t.Errorf("Read error = %v, want one wrapping %v and naming the file", err, errDisk)
			}
			if n != 2 {
				t.Errorf("got %d records before the error, want 2", n)
			}
			if _, again := rd.Read(); again != err {
				t.Errorf("second Read error = %v, want %v", again, err)
			}
		})
	}
}

func TestNewReaderReadError(t *testing.T) {
	errDisk := errors.New("disk failed")
	_, err := NewReader(&failingReader{err: errDisk}, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, errDisk) {
		t.Errorf("NewReader error = %v, want a *FileError wrapping %v", err, errDisk)
	}
}

// TestLongRecordsAroundQuotes checks records over maxRecord next to
// quoted cells with line breaks: each is reported once, too long, and
// the records around it are read whole, with no record made of the
// lines inside a quote.
func TestLongRecordsAroundQuotes(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 17 MB")
	}
	long := strings.Repeat("x", maxRecord+10)
	tests := []struct {
		name, data string
		wants      []want
	}{
		{"after a closed quote in an earlier record", "name,notes\n\"a\nb\",x\n" + long + ",y\nGlobex,g\n", []want{
			{2, 2, "", noErrs, c{"name": "a\nb"}},
			{3, 4, "", []string{":record_too_long"}, c{}},
			{4, 5, "", noErrs, c{"name": "Globex"}},
		}},
		{"before a quote that closes", "name,domains,notes\nAcme,acme.com," + long + ",\"first\nPhantom Inc,phantom.example.com,,\nend\"\nGlobex,globex.com,\n", []want{
			{2, 2, "", []string{":record_too_long"}, c{}},
			{3, 5, "", noErrs, c{"name": "Globex", "domains": "globex.com"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, Options{}), tt.wants)
		})
	}
}

// TestLoneCRFileWithLongCell checks that a file with lone-CR line ends
// and a 2 MB quoted cell with line breaks is read whole, row numbers
// included.
func TestLoneCRFileWithLongCell(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,notes\r\"Acme\",\"" + strings.Repeat("note line\r", 200_000) + "\"\r")
	for b.Len() < 6<<20 {
		b.WriteString("Globex,plain\r")
	}
	recs := readAll(t, b.String(), Options{})
	if got := recs[0].Raw.Name.Value(); got != "Acme" || len(recs[0].Errs) != 0 {
		t.Errorf("first record: name %q, errors %v", got, recs[0].Errs)
	}
	last := recs[len(recs)-1]
	if last.Raw.Name.Value() != "Globex" || last.Row != len(recs)+1 {
		t.Errorf("last record: name %q on row %d, want Globex on row %d", last.Raw.Name.Value(), last.Row, len(recs)+1)
	}
}
