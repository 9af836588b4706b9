package parse

import (
	"errors"
	"io"
	"os"
	"path/filepath"
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
