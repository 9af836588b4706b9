package parse

import (
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 with a byte order mark when bom is set.
func utf16Bytes(s string, bigEndian, bom bool) string {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

func TestEncodings(t *testing.T) {
	const text = "name\tsize\r\nZürich Präzision AG\t140\r\n"
	zurich := []want{{2, 2, "", noErrs, c{"name": "Zürich Präzision AG", "size": "140"}}}
	tests := []struct {
		name  string
		data  string
		opts  Options
		wants []want
	}{
		{"UTF-8 BOM", "\xef\xbb\xbf" + text, Options{}, zurich},
		{"UTF-16LE BOM", utf16Bytes(text, false, true), Options{}, zurich},
		{"UTF-16BE BOM", utf16Bytes(text, true, true), Options{}, zurich},
		{"UTF-16LE without BOM", utf16Bytes(text, false, false), Options{}, zurich},
		{"UTF-16BE without BOM", utf16Bytes(text, true, false), Options{}, zurich},
		{"UTF-16LE named", utf16Bytes(text, false, false), Options{Encoding: "utf-16le"}, zurich},
		{"windows-1252", "name,size\nZ\xfcrich Pr\xe4zision AG,140\n", Options{Encoding: "windows-1252"}, zurich},
		{"windows-1252 curly quotes", "name,size\n\x93Acme\x94 \x80,1\n", Options{Encoding: "Windows-1252"},
			[]want{{2, 2, "", noErrs, c{"name": "“Acme” €", "size": "1"}}}},
		{"iso-8859-1", "name,size\nZ\xfcrich Pr\xe4zision AG,140\n", Options{Encoding: "iso-8859-1"}, zurich},
		{"latin1", "name,size\nZ\xfcrich Pr\xe4zision AG,140\n", Options{Encoding: "latin1"}, zurich},
		{"iso-8859-15", "name,size\nZ\xfcrich Pr\xe4zision AG,140\n", Options{Encoding: "ISO-8859-15"}, zurich},
		{"utf-8 named", "name,size\nZürich Präzision AG,140\n", Options{Encoding: "UTF-8"}, zurich},
		{"BOM wins over the named encoding", "\xef\xbb\xbfname,size\nZürich Präzision AG,140\n", Options{Encoding: "windows-1252"}, zurich},
		{"invalid UTF-8 in a mapped cell", "name,size\nZ\xfcrich,1\xff\n", Options{},
			[]want{{2, 2, "", []string{"name:invalid_utf8", "size:invalid_utf8"}, c{}}}},
		{"invalid UTF-8 in an unknown column", "name,notes\nAcme,caf\xe9\n", Options{},
			[]want{{2, 2, "", noErrs, c{"name": "Acme"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, tt.opts), tt.wants)
		})
	}
}

func TestUnknownEncoding(t *testing.T) {
	fe := fileError(t, "name\n", Options{Encoding: "klingon-8"})
	for _, part := range []string{`"klingon-8"`, "windows-1252"} {
		if !strings.Contains(fe.Error(), part) {
			t.Errorf("error %q does not mention %s", fe.Error(), part)
		}
	}
}

func TestUTF16JSON(t *testing.T) {
	data := utf16Bytes("[{\"name\": \"Kōbe Seimitsu\"}]\n", true, true)
	check(t, readAll(t, data, Options{}), []want{{1, 1, "", noErrs, c{"name": "Kōbe Seimitsu"}}})
}

func TestOffset(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"UTF-8", "name,size\nAcme,1\nGlobex,2\n"},
		{"UTF-8 BOM", "\xef\xbb\xbfname,size\nAcme,1\nGlobex,2\n"},
		{"UTF-16", utf16Bytes("name,size\nAcme,1\nGlobex,2\n", false, true)},
		{"NDJSON", "{\"name\": \"Acme\"}\n\n{\"name\": \"Globex\"}\n"},
		{"JSON array", "[{\"name\": \"Acme\"},\n {\"name\": \"Globex\"}]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			last := rd.Offset()
			drainReader(t, rd, func(*Record) {
				if off := rd.Offset(); off < last {
					t.Errorf("Offset went back from %d to %d", last, off)
				}
				last = rd.Offset()
			})
			if got := rd.Offset(); got != int64(len(tt.data)) {
				t.Errorf("Offset at the end = %d, want %d", got, len(tt.data))
			}
		})
	}
}

func drainReader(t *testing.T, rd *Reader, each func(*Record)) {
	t.Helper()
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		each(rec)
	}
}
