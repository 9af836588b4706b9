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

// dropLastByte returns s without its last byte, as a UTF-16 file cut
// short in the middle of a character.
func dropLastByte(s string) string { return s[:len(s)-1] }

// TestUTF16OddLength checks a UTF-16 file that ends in half a character:
// the record it ends in gets one error that names the cause, and no other
// error of reading.
func TestUTF16OddLength(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		opts  Options
		wants []want
	}{
		{"cut after a line break", dropLastByte(utf16Bytes("name,size\r\nAcme,1\r\nG", false, true)), Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", []string{":incomplete_character"}, c{}},
		}},
		{"cut in the last cell", dropLastByte(utf16Bytes("name,size\r\nAcme,1\r\nGlobex,40", false, true)), Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", []string{":incomplete_character"}, c{"name": "Globex", "size": "4"}},
		}},
		{"cut before the last cell", dropLastByte(utf16Bytes("name,size\r\nAcme,1\r\nGlobex", false, true)), Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", []string{":incomplete_character"}, c{"name": "Globe"}},
		}},
		{"big-endian without BOM", dropLastByte(utf16Bytes("name\tsize\nAcme\t1\nGlobex\t40", true, false)), Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", []string{":incomplete_character"}, c{"name": "Globex", "size": "4"}},
		}},
		// A first character beyond ASCII keeps the content from being
		// taken for UTF-16, so only the named encoding selects UTF-16.
		{"named encoding", utf16Bytes("Énoncé,name\nx,Acme\n", false, false) + "G", Options{Encoding: "utf-16le", Map: map[string]string{"Énoncé": ""}}, []want{
			{2, 2, "", noErrs, c{"name": "Acme"}},
			{3, 3, "", []string{":incomplete_character"}, c{}},
		}},
		{"even length", utf16Bytes("name,size\r\nAcme,1\r\nGlobex,40", false, true), Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Globex", "size": "40"}},
		}},
		{"UTF-8 with an odd length", "name,size\nAcme,1\nGlobex,4", Options{}, []want{
			{2, 2, "", noErrs, c{"name": "Acme", "size": "1"}},
			{3, 3, "", noErrs, c{"name": "Globex", "size": "4"}},
		}},
		{"NDJSON cut after a line break", dropLastByte(utf16Bytes("{\"name\": \"A\"}\n{", false, true)), Options{}, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 2, "", []string{":incomplete_character"}, c{}},
		}},
		{"NDJSON cut in a record", dropLastByte(utf16Bytes("{\"name\": \"A\"}\n{\"name\": \"B\"}", false, true)), Options{}, []want{
			{1, 1, "", noErrs, c{"name": "A"}},
			{2, 2, "", []string{":incomplete_character", ":invalid_json"}, c{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, tt.data, tt.opts), tt.wants)
		})
	}
}

func TestUTF16OddLengthMessage(t *testing.T) {
	recs := readAll(t, dropLastByte(utf16Bytes("name,size\r\nAcme,1\r\nGlobex,40", false, true)), Options{})
	e := recs[1].Errs[0]
	for _, part := range []string{"row 3", "ends in the middle of a UTF-16 character", "odd number of bytes", "cut short", "again"} {
		if !strings.Contains(e.Message, part) {
			t.Errorf("message %q does not mention %s", e.Message, part)
		}
	}
	if e.Field != "" {
		t.Errorf("Field = %q, want a row-level error", e.Field)
	}
}

// TestUTF16OddLengthJSONArray checks that the error that ends a JSON
// array cut short mentions that the file ends in half a character.
func TestUTF16OddLengthJSONArray(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"cut after the array", utf16Bytes("[{\"name\": \"A\"}]\r\n", false, true) + "\x00"},
		{"cut inside an element", dropLastByte(utf16Bytes("[{\"name\": \"A\"},\r\n{\"name\": \"B\"}]", false, true))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.data), Options{Name: "c.json"})
			if err != nil {
				t.Fatal(err)
			}
			for {
				_, err = rd.Read()
				if err != nil {
					break
				}
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Read error = %v, want a *FileError", err)
			}
			if !strings.Contains(fe.Error(), "middle of a UTF-16 character") {
				t.Errorf("error %q does not mention the half character", fe)
			}
		})
	}
}
