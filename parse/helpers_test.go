package parse

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"custimport/record"
)

// readAll reads every record of data, failing the test on a read error.
func readAll(t testing.TB, data string, opts Options) []*Record {
	t.Helper()
	rd, err := NewReader(strings.NewReader(data), opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return drain(t, rd)
}

func drain(t testing.TB, rd *Reader) []*Record {
	t.Helper()
	var recs []*Record
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			t.Fatalf("Read after %d records: %v", len(recs), err)
		}
		recs = append(recs, rec)
	}
}

// readFile reads a file under testdata with the file's name as Options.Name.
func readFile(t *testing.T, name string, opts Options) []*Record {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	opts.Name = name
	return readAll(t, string(data), opts)
}

// cells returns the defined cells of raw by target name. A null cell is
// "<null>", a list is its items joined by "|" in brackets, and a JSON kind
// is "<kind>".
func cells(raw record.Raw) map[string]string {
	m := map[string]string{}
	for f := range record.NumFields {
		name := record.Field(f).String()
		c := raw.Cell(record.Field(f))
		if v, ok := c.Get(); ok {
			m[name] = v
		} else if c.IsNull() {
			m[name] = "<null>"
		}
		if raw.JSON == nil {
			continue
		}
		if l := raw.JSON.Lists[f]; l != nil {
			items := make([]string, len(l))
			for i, it := range l {
				items[i] = it.Value()
				if it.IsNull() {
					items[i] = "<null>"
				}
			}
			m[name] = "[" + strings.Join(items, "|") + "]"
		}
		if k := raw.JSON.Kinds[f]; k != "" {
			m[name] = "<" + k + ">"
		}
	}
	return m
}

// errCodes returns the record's problems as "field:code", sorted.
func errCodes(rec *Record) []string {
	out := make([]string, 0, len(rec.Errs))
	for _, e := range rec.Errs {
		out = append(out, e.Field+":"+e.Code)
	}
	sort.Strings(out)
	return out
}

// brief returns m with long values cut, for a failure message.
func brief(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = quote(v)
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalCells(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// want describes one expected record.
type want struct {
	row, line int
	skip      string
	errs      []string          // "field:code", sorted
	cells     map[string]string // as returned by cells; nil skips the check
}

// check compares records with the expected ones.
func check(t *testing.T, got []*Record, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("got %d records, want %d", len(got), len(wants))
	}
	for i := 0; i < len(got) && i < len(wants); i++ {
		g, w := got[i], wants[i]
		if g.Row != w.row {
			t.Errorf("record %d: Row = %d, want %d", i, g.Row, w.row)
		}
		if g.Line != w.line {
			t.Errorf("record %d (row %d): Line = %d, want %d", i, g.Row, g.Line, w.line)
		}
		if g.Skip != w.skip {
			t.Errorf("row %d: Skip = %q, want %q", g.Row, g.Skip, w.skip)
		}
		if codes := errCodes(g); !equalStrings(codes, w.errs) {
			t.Errorf("row %d: errors = %v, want %v (%v)", g.Row, codes, w.errs, g.Errs)
		}
		if w.cells != nil && !equalCells(cells(g.Raw), w.cells) {
			t.Errorf("row %d: cells\n got %v\nwant %v", g.Row, brief(cells(g.Raw)), brief(w.cells))
		}
	}
}

// fileError returns the *FileError that NewReader returns for data.
func fileError(t *testing.T, data string, opts Options) *FileError {
	t.Helper()
	_, err := NewReader(strings.NewReader(data), opts)
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("NewReader error = %v, want a *FileError", err)
	}
	return fe
}
