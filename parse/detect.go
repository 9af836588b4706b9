package parse

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The formats that [Reader.Format] returns.
const (
	FormatCSV    = "csv"
	FormatTSV    = "tsv"
	FormatJSON   = "json"
	FormatNDJSON = "ndjson"
)

// maxSniff is how far the header line or the leading white space of a
// JSON file is read to detect the delimiter or the format.
const maxSniff = 1 << 20

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// input is the decoded input of one file.
type input struct {
	count   *countingReader
	src     *source
	bomLen  int
	decoded bool // bytes pass through a decoder, so offsets differ
	utf16   bool // the decoder is UTF-16's
}

// oddUTF16 reports whether the input is UTF-16, has been read to the end
// and has an odd number of bytes. Its last byte is then half a character,
// which the decoder turned into U+FFFD, the last character decoded.
func (in *input) oddUTF16() bool {
	return in.utf16 && in.src.eof && in.count.n%2 == 1
}

// endsMidCharacter reports whether the input is oddUTF16 and every
// character has been consumed, so the record just read holds that U+FFFD.
func (in *input) endsMidCharacter() bool {
	return in.oddUTF16() && in.src.r == in.src.w
}

// openInput sniffs the byte order mark, picks the decoder and returns the
// decoded input. A byte order mark wins over opts.Encoding. Without
// either, two leading ASCII characters each followed (or preceded) by a
// zero byte are taken as UTF-16 without a mark.
func openInput(r io.Reader, opts Options) (*input, error) {
	count := &countingReader{rd: r}
	prefix := make([]byte, 4)
	n, err := io.ReadFull(count, prefix)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, &FileError{Name: opts.Name, Msg: "read the file", Err: err}
	}
	prefix = prefix[:n]
	if err := checkSignature(prefix, opts.Name); err != nil {
		return nil, err
	}
	named, err := lookupEncoding(opts.Encoding)
	if err != nil {
		return nil, &FileError{Name: opts.Name, Msg: err.Error()}
	}
	bomLen, dec := sniffBOM(prefix)
	if bomLen == 0 && opts.Encoding != "" {
		dec = named
	}
	var rd io.Reader = io.MultiReader(bytes.NewReader(prefix[bomLen:]), count)
	if dec != nil {
		rd = transform.NewReader(rd, dec.NewDecoder())
	}
	return &input{count: count, src: newSource(rd), bomLen: bomLen, decoded: dec != nil, utf16: isUTF16(dec)}, nil
}

// isUTF16 reports whether e is UTF-16 of either byte order, whose
// byte order mark, if any, is 2 bytes long.
func isUTF16(e encoding.Encoding) bool {
	if e == nil {
		return false
	}
	if name, err := htmlindex.Name(e); err == nil {
		return strings.HasPrefix(name, "utf-16")
	}
	name, err := ianaindex.IANA.Name(e)
	return err == nil && strings.HasPrefix(strings.ToLower(name), "utf-16")
}

// checkSignature rejects spreadsheet workbooks, which are not text.
func checkSignature(prefix []byte, name string) error {
	switch {
	case bytes.HasPrefix(prefix, []byte("PK\x03\x04")):
		return &FileError{Name: name, Msg: "the file is a zip archive, such as an Excel workbook (.xlsx); save it as CSV UTF-8 and import that file"}
	case bytes.HasPrefix(prefix, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return &FileError{Name: name, Msg: "the file is an old Excel workbook (.xls); save it as CSV UTF-8 and import that file"}
	}
	return nil
}

// textProbe is how much of the decoded input checkText looks at, and
// minZeros the fewest zero bytes in it that make the input binary.
const (
	textProbe = 8 << 10
	minZeros  = 8
)

// checkText rejects input whose first textProbe bytes, decoded, hold
// minZeros zero bytes or more, at least one per cent of them: a program, an image, or UTF-16 text
// whose encoding was not recognised. A text file with a stray zero byte
// or two is read, and the rows that hold one are rejected alone.
func checkText(s *source, name string) error {
	for s.w-s.r < textProbe && s.fill() {
	}
	head := s.buf[s.r:min(s.w, s.r+textProbe)]
	if zeros := bytes.Count(head, []byte{0}); zeros < minZeros || zeros*100 < len(head) {
		return nil
	}
	return &FileError{Name: name, Msg: "the file is not text: it contains zero bytes near its start, as programs, " +
		"images and documents do; save the data as CSV UTF-8 or JSON, or, for UTF-16 text without a byte order mark, give --encoding utf-16le or utf-16be"}
}

// sniffBOM returns the length of a byte order mark and, for UTF-16, its
// decoder; UTF-8 needs none.
func sniffBOM(p []byte) (int, encoding.Encoding) {
	switch {
	case bytes.HasPrefix(p, bomUTF8):
		return 3, nil
	case bytes.HasPrefix(p, bomUTF16LE):
		return 2, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case bytes.HasPrefix(p, bomUTF16BE):
		return 2, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case len(p) == 4 && p[0] != 0 && p[0] < 0x80 && p[1] == 0 && p[2] != 0 && p[2] < 0x80 && p[3] == 0:
		return 0, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case len(p) == 4 && p[0] == 0 && p[1] != 0 && p[1] < 0x80 && p[2] == 0 && p[3] != 0 && p[3] < 0x80:
		return 0, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return 0, nil
}

// lookupEncoding returns the decoder for a name such as "windows-1252",
// "latin1" or "utf-16le", or nil for UTF-8. It looks the name up among
// the WHATWG names first, where "iso-8859-1" means windows-1252, and then
// among the IANA names.
func lookupEncoding(name string) (encoding.Encoding, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" || n == "utf-8" || n == "utf8" {
		return nil, nil
	}
	if e, err := htmlindex.Get(n); err == nil {
		return e, nil
	}
	if e, err := ianaindex.IANA.Encoding(n); err == nil && e != nil {
		return e, nil
	}
	return nil, &unknownEncodingError{name: name}
}

type unknownEncodingError struct{ name string }

func (e *unknownEncodingError) Error() string {
	return "unknown encoding " + quote(e.name) + "; use a name such as windows-1252, iso-8859-1, iso-8859-15, utf-16le or shift_jis"
}

// detectFormat picks the format from opts.Format, then the file name's
// extension, then the first byte that is not white space: "[" is a JSON
// array, "{" NDJSON, anything else CSV (but an error for a file named
// .json). A file named .csv or .tsv is always read as CSV; "json" for a
// file that starts with "{" reads NDJSON.
func detectFormat(opts Options, s *source) (string, error) {
	switch f := strings.ToLower(opts.Format); f {
	case "":
		return formatByName(opts, s)
	case FormatCSV, FormatTSV, FormatNDJSON:
		return f, nil
	case "jsonl":
		return FormatNDJSON, nil
	case FormatJSON:
		if firstByte(s) == '{' {
			return FormatNDJSON, nil
		}
		return FormatJSON, nil
	}
	return "", &FileError{Name: opts.Name, Msg: "unknown format " + quote(opts.Format) + "; use csv, tsv, json or ndjson"}
}

// formatByName picks the format from the file name's extension and then
// from the content.
func formatByName(opts Options, s *source) (string, error) {
	ext := strings.ToLower(filepath.Ext(opts.Name))
	switch ext {
	case ".csv":
		return FormatCSV, nil
	case ".tsv":
		return FormatTSV, nil
	case ".ndjson", ".jsonl":
		return FormatNDJSON, nil
	}
	switch first := firstByte(s); {
	case first == '[':
		return FormatJSON, nil
	case first == '{':
		return FormatNDJSON, nil
	case ext == ".json" && first == 0:
		return FormatJSON, nil // empty, which startJSON reports
	case ext == ".json" && first == '/':
		return "", &FileError{Name: opts.Name, Msg: "the file starts with a comment (/), which JSON does not allow; remove the comments and keep only the array or the objects"}
	case ext == ".json":
		return "", &FileError{Name: opts.Name, Msg: "the file is named .json but does not start with \"[\" or \"{\"; give --format csv if it is a CSV file"}
	}
	return FormatCSV, nil
}

// firstByte returns the first byte of s that is not JSON white space, or
// 0 when there is none within maxSniff bytes. It consumes nothing.
func firstByte(s *source) byte {
	for n := 0; ; n++ {
		if s.r+n == s.w && (n >= maxSniff || !s.fill()) {
			return 0
		}
		switch b := s.buf[s.r+n]; b {
		case ' ', '\t', '\r', '\n':
		default:
			return b
		}
	}
}

// skipSepLine consumes a first line such as "sep=;", with which Excel
// names a CSV file's delimiter, and returns that delimiter: a tab or an
// ASCII punctuation mark other than a double quote. Otherwise it consumes
// nothing and returns 0.
func skipSepLine(s *source) byte {
	const line = "sep=;\r\n"
	for s.w-s.r < len(line) {
		if !s.fill() {
			break
		}
	}
	b := s.buf[s.r:s.w]
	if len(b) < 5 || !bytes.EqualFold(b[:4], []byte("sep=")) || !isSepDelimiter(b[4]) {
		return 0
	}
	n := 5
	switch {
	case len(b) == n:
	case b[n] == '\n':
		n++
	case b[n] == '\r':
		n++
		if len(b) > n && b[n] == '\n' {
			n++
		}
	default:
		return 0
	}
	s.r += n
	return b[4]
}

func isSepDelimiter(c byte) bool {
	switch {
	case c == '\t':
		return true
	case c <= ' ' || c >= 0x7f || c == '"':
		return false
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return false
	}
	return true
}

// detectDelimiter returns the delimiter that occurs most often outside
// quotes in the header line, out of comma, semicolon, tab and pipe. A tie
// goes to the first in that order, and a line with none gets comma. It
// consumes nothing.
func detectDelimiter(s *source) byte {
	for {
		if d, ok := headerDelimiter(s.buf[s.r:s.w], s.eof || s.err != nil); ok {
			return d
		}
		if s.w-s.r >= maxSniff || !s.fill() {
			d, _ := headerDelimiter(s.buf[s.r:s.w], true)
			return d
		}
	}
}

var delimiters = []byte{',', ';', '\t', '|'}

// headerDelimiter counts the delimiters in the first line of b. It
// reports false when b holds no complete line and final is false.
func headerDelimiter(b []byte, final bool) (byte, bool) {
	var counts [256]int
	inQuotes := false
	complete := false
	for _, c := range b {
		if c == '"' {
			inQuotes = !inQuotes
		} else if !inQuotes && (c == '\r' || c == '\n') {
			complete = true
			break
		}
		if !inQuotes {
			counts[c]++
		}
	}
	if !complete && !final {
		return 0, false
	}
	best := byte(',')
	for _, d := range delimiters {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best, true
}
