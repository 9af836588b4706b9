package parse

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth is the maximum nesting depth of arrays and objects in a record.
const maxDepth = 1000

// jsonSyntaxError is a syntax error at byte pos of a record's text, or,
// with tooDeep set, a value nested deeper than maxDepth there.
type jsonSyntaxError struct {
	pos     int
	msg     string
	tooDeep bool
}

func (e *jsonSyntaxError) Error() string { return e.msg }

// jsonParser reads JSON values from one record's text. It checks the
// syntax as strictly as encoding/json, keeps numbers as written and
// reports strings that are not UTF-8 instead of replacing their bytes.
// Strings and numbers without escapes are substrings of src, so that a
// record's values share one allocation.
type jsonParser struct {
	data  []byte
	src   string // data as a string
	pos   int
	depth int
}

// newJSONParser returns a parser of data. src is the same text as a string.
func newJSONParser(data []byte, src string) jsonParser {
	return jsonParser{data: data, src: src}
}

func (p *jsonParser) fail(format string, args ...any) error {
	return &jsonSyntaxError{pos: p.pos, msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) peek() byte {
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

// expect consumes b after optional white space.
func (p *jsonParser) expect(b byte, what string) error {
	p.space()
	if p.peek() != b {
		return p.fail("expected %s", what)
	}
	p.pos++
	return nil
}

// str reads a string and reports whether its bytes were valid UTF-8.
func (p *jsonParser) str() (string, bool, error) {
	start, end, plain, err := p.span()
	if err != nil {
		return "", false, err
	}
	if !plain {
		return p.escapedStr(start)
	}
	return p.src[start:end], utf8.ValidString(p.src[start:end]), nil
}

// key reads an object key. Unless it has escapes, the result is a slice
// of data.
func (p *jsonParser) key() ([]byte, bool, error) {
	start, end, plain, err := p.span()
	if err != nil || plain {
		return p.data[start:end], utf8.Valid(p.data[start:end]), err
	}
	s, valid, err := p.escapedStr(start)
	return []byte(s), valid, err
}

// span finds the string at pos. For a string without escapes it returns
// the offsets of its content and moves past it. For a string with escapes
// it returns plain false and the content's start, for escapedStr.
func (p *jsonParser) span() (start, end int, plain bool, err error) {
	if p.peek() != '"' {
		return 0, 0, false, p.fail("expected a string in double quotes")
	}
	start = p.pos + 1
	for i := start; i < len(p.data); i++ {
		switch c := p.data[i]; {
		case c == '"':
			p.pos = i + 1
			return start, i, true, nil
		case c == '\\':
			return start, start, false, nil
		case c < 0x20:
			p.pos = i
			return 0, 0, false, p.fail("a control character inside a string; write it as an escape such as \\n")
		}
	}
	p.pos = start - 1 // point at the opening quote, where the fix goes
	return 0, 0, false, p.fail("a string that never closes starts")
}

// escapedStr reads a string that contains escapes, from its first byte.
func (p *jsonParser) escapedStr(start int) (string, bool, error) {
	out := make([]byte, 0, 32)
	valid := true
	i := start
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(out), valid, nil
		case c < 0x20:
			p.pos = i
			return "", false, p.fail("a control character inside a string; write it as an escape such as \\n")
		case c == '\\':
			var err error
			if out, i, err = p.escape(out, i); err != nil {
				return "", false, err
			}
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && size == 1 {
				valid = false
			}
			out = append(out, p.data[i:i+size]...)
			i += size
			continue
		}
		out = append(out, c)
		i++
	}
	p.pos = start - 1
	return "", false, p.fail("a string that never closes starts")
}

// escape decodes the escape at data[i] (a backslash), appends it to out
// and returns the index after it.
func (p *jsonParser) escape(out []byte, i int) ([]byte, int, error) {
	if i+1 >= len(p.data) {
		p.pos = i
		return out, i, p.fail("a string that never closes")
	}
	switch e := p.data[i+1]; e {
	case '"', '\\', '/':
		return append(out, e), i + 2, nil
	case 'b':
		return append(out, '\b'), i + 2, nil
	case 'f':
		return append(out, '\f'), i + 2, nil
	case 'n':
		return append(out, '\n'), i + 2, nil
	case 'r':
		return append(out, '\r'), i + 2, nil
	case 't':
		return append(out, '\t'), i + 2, nil
	case 'u':
		r, next, err := p.unicodeEscape(i)
		return utf8.AppendRune(out, r), next, err
	}
	p.pos = i
	return out, i, p.fail("an invalid escape in a string")
}

// unicodeEscape decodes \uXXXX at data[i], joining a surrogate pair. A
// lone surrogate becomes U+FFFD, as encoding/json does.
func (p *jsonParser) unicodeEscape(i int) (rune, int, error) {
	r, ok := p.hex4(i + 2)
	if !ok {
		p.pos = i
		return 0, i, p.fail("an invalid \\u escape in a string; it needs four hex digits")
	}
	next := i + 6
	if utf16.IsSurrogate(r) {
		if next+1 < len(p.data) && p.data[next] == '\\' && p.data[next+1] == 'u' {
			if r2, ok := p.hex4(next + 2); ok {
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					return pair, next + 6, nil
				}
			}
		}
		return utf8.RuneError, next, nil
	}
	return r, next, nil
}

func (p *jsonParser) hex4(i int) (rune, bool) {
	if i+4 > len(p.data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.data[i:i+4]), 16, 32)
	return rune(v), err == nil
}

// number reads a number and returns it exactly as written.
func (p *jsonParser) number() (string, error) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	switch c := p.peek(); {
	case c == '0':
		p.pos++
	case c >= '1' && c <= '9':
		p.digits()
	default:
		return "", p.fail("an invalid number")
	}
	if p.peek() == '.' {
		p.pos++
		if p.digits() == 0 {
			return "", p.fail("an invalid number: digits must follow the decimal point")
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.pos++
		if c := p.peek(); c == '+' || c == '-' {
			p.pos++
		}
		if p.digits() == 0 {
			return "", p.fail("an invalid number: digits must follow the exponent")
		}
	}
	return p.src[start:p.pos], nil
}

func (p *jsonParser) digits() int {
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos - start
}

func (p *jsonParser) literal(word string) error {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.fail("an invalid value; use a string in double quotes, a number, true, false or null")
	}
	p.pos += len(word)
	return nil
}

// skip reads any value and returns its JSON type: "string", "number",
// "boolean", "null", "object" or "array".
func (p *jsonParser) skip() (string, error) {
	p.space()
	switch c := p.peek(); {
	case c == '"':
		_, _, err := p.str()
		return "string", err
	case c == '-' || c >= '0' && c <= '9':
		_, err := p.number()
		return "number", err
	case c == 't':
		return "boolean", p.literal("true")
	case c == 'f':
		return "boolean", p.literal("false")
	case c == 'n':
		return "null", p.literal("null")
	case c == '{':
		return "object", p.nested(p.skipMembers)
	case c == '[':
		return "array", p.nested(p.skipElements)
	case c == 0 && p.pos >= len(p.data):
		return "", p.fail("the text ends where a value should be")
	}
	return "", p.fail("an invalid value; use a string in double quotes, a number, true, false or null")
}

// nested reads an object or array with body, counting the depth.
func (p *jsonParser) nested(body func() error) error {
	if p.depth++; p.depth > maxDepth {
		return &jsonSyntaxError{pos: p.pos, msg: fmt.Sprintf("values nested more than %d deep", maxDepth), tooDeep: true}
	}
	p.pos++
	err := body()
	p.depth--
	return err
}

func (p *jsonParser) skipMembers() error {
	return p.members(func([]byte, bool) error {
		_, err := p.skip()
		return err
	})
}

// members reads the members of an object after its "{", calling value
// for each key with the parser at the value.
func (p *jsonParser) members(value func(key []byte, validKey bool) error) error {
	p.space()
	if p.peek() == '}' {
		p.pos++
		return nil
	}
	for {
		p.space()
		if p.peek() != '"' {
			return p.fail("expected a key in double quotes")
		}
		key, valid, err := p.key()
		if err != nil {
			return err
		}
		if err := p.expect(':', "a colon after the key"); err != nil {
			return err
		}
		p.space()
		if err := value(key, valid); err != nil {
			return err
		}
		p.space()
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return nil
		default:
			return p.fail("expected a comma or \"}\" after a value")
		}
	}
}

func (p *jsonParser) skipElements() error {
	return p.elements(func() error {
		_, err := p.skip()
		return err
	})
}

// elements reads the elements of an array after its "[", calling value
// with the parser at each element.
func (p *jsonParser) elements(value func() error) error {
	p.space()
	if p.peek() == ']' {
		p.pos++
		return nil
	}
	for {
		p.space()
		if err := value(); err != nil {
			return err
		}
		p.space()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return nil
		default:
			return p.fail("expected a comma or \"]\" after an array element")
		}
	}
}

// jsonKind returns the JSON type of a value that starts with c, with an
// article for a message, or "" when no value starts with c.
func jsonKind(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	}
	return ""
}
