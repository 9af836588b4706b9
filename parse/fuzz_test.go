package parse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"custimport/record"
)

// addCaseFiles seeds a fuzz test with the files under testdata whose
// names end in one of exts.
func addCaseFiles(f *testing.F, exts ...string) {
	files, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		for _, ext := range exts {
			if strings.HasSuffix(name, ext) {
				data, err := os.ReadFile(name)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
			}
		}
	}
}

// fuzzRead reads data to the end and checks that Row strictly increases
// and Line never goes back.
func fuzzRead(t *testing.T, data []byte, opts Options) {
	rd, err := NewReader(strings.NewReader(string(data)), opts)
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("NewReader error %v is not a *FileError", err)
		}
		return
	}
	row, line := 0, 0
	for n := 0; ; n++ {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			return
		}
		if rec.Row <= row {
			t.Fatalf("record %d: Row %d after %d", n, rec.Row, row)
		}
		if rec.Line < line || rec.Line < 1 {
			t.Fatalf("record %d: Line %d after %d", n, rec.Line, line)
		}
		if n > len(data)+1 {
			t.Fatalf("more records than bytes")
		}
		checkUTF8(t, rec)
		row, line = rec.Row, rec.Line
	}
}

// checkUTF8 fails unless every value in rec.Raw is valid UTF-8: bytes
// that are not must make a row error, not a value.
func checkUTF8(t *testing.T, rec *Record) {
	for f := range record.NumFields {
		if v := rec.Raw.Cell(record.Field(f)).Value(); !utf8.ValidString(v) {
			t.Fatalf("row %d: %s = %q is not UTF-8", rec.Row, record.Field(f), v)
		}
		if rec.Raw.JSON == nil {
			continue
		}
		for _, item := range rec.Raw.JSON.Lists[f] {
			if !utf8.ValidString(item.Value()) {
				t.Fatalf("row %d: %s has %q, which is not UTF-8", rec.Row, record.Field(f), item.Value())
			}
		}
	}
}

func FuzzCSV(f *testing.F) {
	addCaseFiles(f, ".csv", ".txt")
	for _, s := range []string{
		"name,size\n\"Acme\nEMEA\",1\r\nx\"y,2\r\"open,3\nGlobex,4",
		"name;size\r\r\n\"\"\"\",\" \"\"x\" ,\n",
		"name\n\"a\"b\"c\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{Format: "csv"})
	})
}

func FuzzJSONArray(f *testing.F) {
	addCaseFiles(f, ".json")
	for _, s := range []string{
		`[{"name": "A", "x": [1, {"y": "]"}]}, {"name": "B",}, 3, {"name": "\ud800"}]`,
		"[\r\n{\"name\": \"A\"}\n{\"name\": [\"B\"}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{Format: "json"})
	})
}

func FuzzNDJSON(f *testing.F) {
	addCaseFiles(f, ".ndjson")
	for _, s := range []string{
		"{\"name\": \"A\", \"name\": 1}\n\n{\"domains\": [1, null, true]}\r{bad\r\n",
		"{\"revenue\": -0.5e+10, \"size\": tru}\n[]\n\"x\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{Format: "ndjson"})
	})
}

// FuzzCSVWellFormed writes rows of fuzzed cells with encoding/csv and
// checks that the reader returns exactly those cells, with line breaks
// inside cells read as LF, each record on the line where it starts. It
// finds records that are merged or split, which fuzzRead cannot see.
func FuzzCSVWellFormed(f *testing.F) {
	for _, s := range [][3]string{
		{"Acme", "acme.com", "plain"},
		{"\"Big\" Corp", "a,b", "line one\nline two"},
		{"x\r\ny", "\"", "\r"},
		{"", "", ""},
	} {
		f.Add(s[0], s[1], s[2], uint8(3))
	}
	f.Fuzz(func(t *testing.T, a, b, c string, n uint8) {
		for _, s := range []string{a, b, c} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || strings.ContainsRune(s, '\uFEFF') {
				return
			}
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"name", "domains", "notes"})
		w.Flush()
		var want [][]string
		var lines []int
		for i := range int(n%8) + 1 {
			row := []string{a, b, c}
			row[i%3] += strconv.Itoa(i) // rows differ, so a merge cannot hide
			lines = append(lines, 1+countBreaks(buf.String()))
			w.Write(row)
			w.Flush()
			want = append(want, row)
		}
		recs := readAll(t, buf.String(), Options{Format: "csv"})
		if len(recs) != len(want) {
			t.Fatalf("%d records, want %d\ninput: %q", len(recs), len(want), buf.String())
		}
		for i, rec := range recs {
			for j, cell := range want[i] {
				cell = strings.ReplaceAll(strings.ReplaceAll(cell, "\r\n", "\n"), "\r", "\n")
				if j >= len(rec.Cells) || rec.Cells[j] != cell {
					t.Fatalf("record %d: cells %q, want %q\ninput: %q", i, rec.Cells, want[i], buf.String())
				}
			}
			if rec.Line != lines[i] {
				t.Errorf("record %d: line %d, want %d", i, rec.Line, lines[i])
			}
		}
	})
}

// countBreaks counts the line breaks in s, a CRLF as one.
func countBreaks(s string) int {
	return strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(s, "\r\n", ""), "\r")
}
