package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"custimport/export/exporttest"
	"custimport/workspace"
)

func TestRunCSV(t *testing.T) {
	r := startWorkspace(t, workspace.Options{})
	want := addCustomers(t, r, 600)
	c := newClient(t, r)
	names, err := LoadNames(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	var pages []int
	st, err := Run(t.Context(), c, NewWriter(&out, CSV), Options{
		Names:  names,
		OnPage: func(n int, _ Stats) { pages = append(pages, n) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Customers: 600, Pages: 3}) {
		t.Errorf("stats = %+v, want 600 customers in 3 pages", st)
	}
	if !slices.Equal(pages, []int{250, 250, 100}) {
		t.Errorf("page sizes = %v, want [250 250 100]", pages)
	}

	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], Columns()) {
		t.Fatalf("header = %q\nwant %q", rows[0], Columns())
	}
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		id := row[0]
		if seen[id] {
			t.Errorf("customer %s written twice", id)
		}
		seen[id] = true
		in, ok := want[id]
		if !ok {
			t.Errorf("customer %s was not created", id)
			continue
		}
		if w := exporttest.Cells(in); !slices.Equal(row, w) {
			t.Errorf("customer %s:\n got %q\nwant %q", id, row, w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("wrote %d customers, want %d", len(seen), len(want))
	}
}

func TestRunJSONL(t *testing.T) {
	r := startWorkspace(t, workspace.Options{})
	want := addCustomers(t, r, 300)
	c := newClient(t, r)
	names, err := LoadNames(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	st, err := Run(t.Context(), c, NewWriter(&out, JSONL), Options{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Customers: 300, Pages: 2}) {
		t.Errorf("stats = %+v, want 300 customers in 2 pages", st)
	}

	seen := map[string]bool{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var got map[string]any
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		id, _ := got["id"].(string)
		if seen[id] {
			t.Errorf("customer %s written twice", id)
		}
		seen[id] = true
		if w := exporttest.Object(want[id], Columns()); !reflect.DeepEqual(got, w) {
			t.Errorf("customer %s:\n got %v\nwant %v", id, got, w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("wrote %d customers, want %d", len(seen), len(want))
	}
}

func TestRunEmptyWorkspace(t *testing.T) {
	r := startWorkspace(t, workspace.Options{})
	c := newClient(t, r)
	for _, f := range []Format{CSV, JSONL} {
		t.Run(f.String(), func(t *testing.T) {
			var out bytes.Buffer
			st, err := Run(t.Context(), c, NewWriter(&out, f), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if st != (Stats{Pages: 1}) {
				t.Errorf("stats = %+v, want one empty page", st)
			}
			want := ""
			if f == CSV {
				want = strings.Join(Columns(), ",") + "\n"
			}
			if out.String() != want {
				t.Errorf("output = %q, want %q", out.String(), want)
			}
		})
	}
}

// cancelOnWrite cancels a context at its first write.
type cancelOnWrite struct {
	cancel context.CancelFunc
	buf    bytes.Buffer
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.cancel()
	return w.buf.Write(p)
}

func TestRunCancelled(t *testing.T) {
	r := startWorkspace(t, workspace.Options{})
	addCustomers(t, r, 600)
	c := newClient(t, r)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	w := &cancelOnWrite{cancel: cancel}
	st, err := Run(ctx, c, NewWriter(w, CSV), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if st != (Stats{Customers: 250, Pages: 1}) {
		t.Errorf("stats = %+v, want the first page of 250 only", st)
	}
	rows, err := csv.NewReader(&w.buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 251 {
		t.Errorf("flushed %d lines, want the header and 250 customers", len(rows))
	}
}

func TestRunWriteError(t *testing.T) {
	r := startWorkspace(t, workspace.Options{})
	addCustomers(t, r, 10)
	_, err := Run(t.Context(), newClient(t, r), NewWriter(failingWriter{}, JSONL), Options{})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("err = %v, want the writer's error", err)
	}
	if !strings.HasPrefix(err.Error(), "writing customers: ") {
		t.Errorf("err = %q, want it to say that writing failed", err)
	}
}

var errDiskFull = errors.New("no space left on device")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

var _ io.Writer = failingWriter{}

// BenchmarkRun exports 5,000 customers from a local workspace over
// loopback to CSV and reports the rate.
func BenchmarkRun(b *testing.B) {
	const n = 5000
	r := startWorkspace(b, workspace.Options{})
	addCustomers(b, r, n)
	c := newClient(b, r)
	names, err := LoadNames(b.Context(), c)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		st, err := Run(b.Context(), c, NewWriter(discard{}, CSV), Options{Names: names})
		if err != nil {
			b.Fatal(err)
		}
		if st.Customers != n {
			b.Fatalf("exported %d customers, want %d", st.Customers, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "customers/s")
}
