package parse

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"custimport/record"
)

// lineCounter counts LF, CRLF and lone CR line breaks across calls, and
// the bytes since the last one.
type lineCounter struct {
	line    int
	col     int // bytes after the last line break
	afterCR bool
}

func (l *lineCounter) count(b []byte) {
	for _, c := range b {
		switch c {
		case '\n':
			if !l.afterCR {
				l.line++
			}
			l.col, l.afterCR = 0, false
		case '\r':
			l.line++
			l.col, l.afterCR = 0, true
		default:
			l.col++
			l.afterCR = false
		}
	}
}

// ndjsonReader reads one JSON object per line. A blank line is a record
// with Skip set. A line that is not a valid object is a row error, and
// the next line is read normally.
type ndjsonReader struct {
	src    *source
	dec    *jsonDecoder
	line   int  // number of the next line
	skipLF bool // the last line ended with a CR

	cutShort func() bool // input.endsMidCharacter, or nil
}

func (n *ndjsonReader) next() (*Record, error) {
	text, tooLong, err := n.readLine()
	if err != nil {
		return nil, err
	}
	line := n.line - 1
	rec := n.dec.mem.record()
	rec.Row, rec.Line = line, line
	cut := n.cutShort != nil && n.cutShort()
	if cut {
		text = bytes.TrimSuffix(text, []byte("\uFFFD"))
	}
	blank := isBlankBytes(text)
	switch {
	case tooLong:
		rec.Errs = []record.FieldError{tooLongError("line " + strconv.Itoa(line))}
	case blank && !cut:
		rec.Skip = SkipBlank
	case !blank:
		rec.Text = n.dec.mem.bytes(text)
		n.dec.decode(rec)
	}
	if cut {
		rec.Errs = append(rec.Errs, midCharacterError("line "+strconv.Itoa(line)))
	}
	return rec, nil
}

func tooLongError(what string) record.FieldError {
	return record.FieldError{
		Code:    CodeRecordTooLong,
		Message: what + " is longer than 16 MiB, so it was not read; split the record or remove the long value",
	}
}

// readLine returns the next line without its line break. The slice is
// valid until the next call. A line longer than maxRecord is not kept:
// readLine returns tooLong and whatever followed the cut.
func (n *ndjsonReader) readLine() (text []byte, tooLong bool, err error) {
	s := n.src
	if n.skipLF && (s.r < s.w || s.fill()) && s.buf[s.r] == '\n' {
		s.r++
	}
	n.skipLF = false
	if s.r == s.w && !s.fill() {
		return nil, false, s.endErr()
	}

	s.mark = s.r
	scanned := 0
	for {
		if end := lineEnd(s.buf[s.mark+scanned : s.w]); end >= 0 {
			return n.takeLine(s.mark + scanned + end), tooLong, nil
		}
		scanned = s.w - s.mark
		if scanned >= maxRecord {
			// Drop the text, but go on looking for the line's end.
			tooLong, scanned = true, 0
			s.r, s.mark = s.w, s.w
		}
		if !s.fill() {
			break
		}
	}
	if s.err != nil {
		return nil, false, s.err
	}
	return n.takeLine(s.w), tooLong, nil
}

// takeLine returns buf[mark:end] as the line and moves past it and past
// the line break at buf[end], if there is one.
func (n *ndjsonReader) takeLine(end int) []byte {
	s := n.src
	start := s.mark
	s.r, s.mark = end, -1
	if end < s.w {
		n.skipLF = s.buf[end] == '\r'
		s.r++
	}
	n.line++
	return s.buf[start:end]
}

// isBlankBytes reports whether b is empty or only white space.
func isBlankBytes(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\v' && c != '\f' {
			return isBlank(unsafeString(b)) // isBlank keeps no reference to b
		}
	}
	return true
}

// lineEnd returns the index of the first CR or LF in b, or -1.
func lineEnd(b []byte) int {
	lf := bytes.IndexByte(b, '\n')
	head := b
	if lf >= 0 {
		head = b[:lf]
	}
	if cr := bytes.IndexByte(head, '\r'); cr >= 0 {
		return cr
	}
	return lf
}

// States of the JSON array reader.
const (
	arrOpen       = iota // before the "["
	arrFirst             // after "[": an element or "]"
	arrNext              // after an element: "," or "]"
	arrAfterComma        // after ",": an element
	arrClosed            // after "]": only white space may follow
)

// arrayReader reads the elements of a top-level JSON array one at a time.
// It finds each element's end by matching brackets outside strings, and
// then decodes the element. A syntax error inside an element makes that
// element a row error, and reading goes on with the next one. When the
// brackets themselves do not match, the element's end is unknown, so the
// rest of the file is one FileError.
type arrayReader struct {
	src   *source
	dec   *jsonDecoder
	name  string
	lines lineCounter // lines before buf[r], counted from 0
	state int
	index int // number of the last element read
	open  brackets

	oddUTF16 func() bool // input.oddUTF16, or nil
}

// next returns the next element. After an error the reader is not used
// again: Reader.Read keeps returning that error.
func (a *arrayReader) next() (*Record, error) {
	for {
		c, err := a.nextByte()
		if err != nil {
			return nil, err
		}
		switch {
		case a.state == arrOpen && c == '[':
			a.state = arrFirst
		case a.state == arrNext && c == ',':
			a.state = arrAfterComma
		case (a.state == arrFirst || a.state == arrNext) && c == ']':
			a.state = arrClosed
		case a.state == arrFirst || a.state == arrAfterComma && c != ']':
			return a.element(false)
		case a.state == arrNext && (c == '{' || c == '['):
			return a.element(true)
		default:
			return nil, a.unexpected(c)
		}
		a.consume(1)
	}
}

// nextByte skips white space and returns the next byte without
// consuming it; io.EOF at the end of a complete array.
func (a *arrayReader) nextByte() (byte, error) {
	s := a.src
	for {
		for s.r < s.w {
			switch c := s.buf[s.r]; c {
			case ' ', '\t', '\r', '\n':
				a.consume(1)
			default:
				return c, nil
			}
		}
		if !s.fill() {
			return 0, a.endOfInput()
		}
	}
}

func (a *arrayReader) consume(n int) {
	s := a.src
	a.lines.count(s.buf[s.r : s.r+n])
	s.r += n
}

func (a *arrayReader) endOfInput() error {
	if a.src.err != nil {
		return a.src.err
	}
	if a.state == arrClosed {
		return io.EOF
	}
	return a.fileError("the file ends before the array is closed with \"]\"; the records before this point were read, the rest could not be")
}

func (a *arrayReader) unexpected(c byte) error {
	switch {
	case a.state == arrOpen:
		return a.fileError("a JSON file must be an array of objects that starts with \"[\"")
	case a.state == arrClosed:
		return a.fileError("unexpected text after the closing \"]\" of the array")
	case c == ']':
		return a.fileError("a comma before \"]\" ends the array; remove the comma")
	}
	return a.fileError(fmt.Sprintf("unexpected %s after element %d; elements must be separated by commas, so the rest of the file could not be read", quote(string(c)), a.index))
}

func (a *arrayReader) fileError(msg string) error {
	return &FileError{Name: a.name, Line: a.lines.line + 1, Msg: msg + a.cutNote()}
}

// cutNote returns a sentence to add to a FileError when the file ends in
// half a UTF-16 character, which explains a broken end of the array.
func (a *arrayReader) cutNote() string {
	if a.oddUTF16 == nil || !a.oddUTF16() {
		return ""
	}
	return ". The file ends in the middle of a UTF-16 character (it has an odd number of bytes), so it was probably cut short; export or copy it again"
}

// element frames and decodes the element at buf[r].
func (a *arrayReader) element(missingComma bool) (*Record, error) {
	line, col := a.lines.line+1, a.lines.col+1
	text, err := a.frame()
	if err != nil {
		return nil, err
	}
	a.index++
	a.state = arrNext
	rec := a.dec.mem.record()
	rec.Row, rec.Line, rec.Text = a.index, line, a.dec.mem.bytes(text)
	a.consume(len(text))
	a.dec.firstCol = col
	a.dec.decode(rec)
	if missingComma {
		rec.Errs = append(rec.Errs, record.FieldError{
			Code:    CodeInvalidJSON,
			Message: fmt.Sprintf("element %d (line %d): a comma is missing before this element; add it", a.index, line),
		})
	}
	return rec, nil
}

// frame returns the text of the element at buf[r] without consuming it.
// The text stays valid until the next fill.
func (a *arrayReader) frame() ([]byte, error) {
	s := a.src
	s.mark = s.r
	defer func() { s.mark = -1 }()
	a.open.reset()
	scalar := s.buf[s.r] != '{' && s.buf[s.r] != '[' && s.buf[s.r] != '"'
	var f framer
	for n := 0; ; {
		end, err := f.scan(s.buf[s.r+n:s.w], scalar, &a.open)
		if err != nil {
			return nil, a.frameError(n+end, err.Error())
		}
		if end >= 0 {
			return s.buf[s.r : s.r+n+end], nil
		}
		n = s.w - s.r
		if n >= maxRecord {
			// NOTE: the element's end could still be found without
			// keeping its text, so this need not end the file.
			return nil, a.frameError(n, "an element longer than 16 MiB")
		}
		if !s.fill() {
			if scalar && s.err == nil {
				return s.buf[s.r:s.w], nil
			}
			if s.err != nil {
				return nil, s.err
			}
			return nil, a.frameError(n, "the file ends inside this element")
		}
	}
}

func (a *arrayReader) frameError(n int, problem string) error {
	s := a.src
	l := a.lines
	start := l.line + 1
	l.count(s.buf[s.r : s.r+n])
	return &FileError{Name: a.name, Line: l.line + 1, Msg: fmt.Sprintf(
		"invalid JSON in element %d, which starts on line %d: %s, so the end of the element cannot be found (look there for a quote or bracket that is not closed); the records before it were read, the rest could not be%s",
		a.index+1, start, problem, a.cutNote())}
}

// framer finds the end of one JSON value by matching brackets outside
// strings. Its state carries over between calls to scan. It sets no limit
// on the depth: the element's end is found however deep it nests, and
// the decoder rejects an element nested deeper than maxDepth on its own.
type framer struct {
	inString bool
	escaped  bool
}

// scan reads b and returns the length of the value's text if it ends in
// b, or -1. For an error, the returned index is where it was found.
func (f *framer) scan(b []byte, scalar bool, open *brackets) (int, error) {
	for i, c := range b {
		switch {
		case f.inString:
			if f.escaped {
				f.escaped = false
			} else if c == '\\' {
				f.escaped = true
			} else if c == '"' {
				f.inString = false
				if open.depth == 0 {
					return i + 1, nil
				}
			}
		case scalar:
			if c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				return i, nil
			}
		case c == '"':
			f.inString = true
		case c == '{' || c == '[':
			open.push(c == '[')
		case c == '}' || c == ']':
			if !open.pop(c == ']') {
				return i, fmt.Errorf("%q does not match the bracket it closes", c)
			}
			if open.depth == 0 {
				return i + 1, nil
			}
		}
	}
	return -1, nil
}

// brackets is the stack of the brackets open in a value being framed: the
// depth as a count, and whether each level is an array as one bit, so
// that even a value nested millions deep takes little memory.
type brackets struct {
	depth  int
	arrays []uint64 // bit i%64 of arrays[i/64]: level i is an array
}

// reset empties the stack. It drops a backing array that a very deep
// element grew, so that the memory can be freed.
func (b *brackets) reset() {
	b.depth = 0
	b.arrays = b.arrays[:0]
	if cap(b.arrays) > 1024 {
		b.arrays = nil
	}
}

func (b *brackets) push(array bool) {
	word, bit := b.depth/64, uint(b.depth%64)
	if word == len(b.arrays) {
		b.arrays = append(b.arrays, 0)
	}
	if array {
		b.arrays[word] |= 1 << bit
	} else {
		b.arrays[word] &^= 1 << bit
	}
	b.depth++
}

// pop closes the innermost level and reports whether it was of the kind
// the closing bracket ends: an array for "]", an object for "}".
func (b *brackets) pop(array bool) bool {
	if b.depth == 0 {
		return false
	}
	top := b.depth - 1
	if (b.arrays[top/64]>>uint(top%64)&1 == 1) != array {
		return false
	}
	b.depth = top
	return true
}
