package parse

import (
	"errors"
	"strings"
	"testing"
)

func TestNotTextFiles(t *testing.T) {
	tests := []struct {
		name, file, data string
	}{
		{"program", "x.csv", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00name,domains\n"},
		{"image named ndjson", "p.ndjson", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"},
		{"UTF-16 without a mark, starting outside ASCII", "u.txt", "\xe9\x00t\x00\t\x00n\x00a\x00m\x00e\x00\n\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.data), Options{Name: tt.file})
			var fe *FileError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), "the file is not text") {
				t.Fatalf("NewReader error = %v, want a file error saying the file is not text", err)
			}
			if !strings.Contains(err.Error(), "--encoding utf-16le") {
				t.Errorf("message does not mention UTF-16: %v", err)
			}
		})
	}
}

func TestTextFilesPass(t *testing.T) {
	for name, data := range map[string]string{
		"UTF-8":              "name\nAcme\n",
		"a zero byte":        "name\nA\x00\n",
		"two zero bytes":     "name,domains\nAcme\x00\x00,acme.com\nGlobex,globex.com\n",
		"a stray zero byte":  "name,domains\nAcme\x00,acme.com\n" + strings.Repeat("Initech,initech.com\n", 10),
		"UTF-16 LE with BOM": "\xff\xfen\x00a\x00m\x00e\x00\n\x00A\x00\n\x00",
		"UTF-16 BE with BOM": "\xfe\xff\x00n\x00a\x00m\x00e\x00\n\x00A\x00\n",
	} {
		if _, err := NewReader(strings.NewReader(data), Options{Name: "f.csv"}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestQuoteEscapesControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{"a\x00b", `"a\x00b"`},
		{"bell\x07 and del\x7f", `"bell\x07 and del\x7f"`},
		{"line\nbreak\ttab", `"line\nbreak\ttab"`},
		{"c1\u0085", `"c1\u0085"`},
		{"esc\x1b[31m", `"esc\x1b[31m"`},
	}
	for _, tt := range tests {
		if got := quote(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestJSONCommentAtStart(t *testing.T) {
	_, err := NewReader(strings.NewReader("// exported\n[{\"name\":\"Acme\"}]\n"), Options{Name: "c.json"})
	if err == nil || !strings.Contains(err.Error(), "starts with a comment") {
		t.Errorf("NewReader error = %v, want one about the comment", err)
	}
}

func TestNDJSONCommentLine(t *testing.T) {
	recs := readAll(t, "{\"name\":\"Acme\"}\n// exported today\n{\"name\":\"Globex\"}\n", Options{Format: "ndjson"})
	if len(recs) != 3 || len(recs[1].Errs) != 1 || !strings.Contains(recs[1].Errs[0].Message, "a comment") {
		t.Fatalf("records %d, second record errors %v; want 3 records and a comment error on the second", len(recs), recs[1].Errs)
	}
}
