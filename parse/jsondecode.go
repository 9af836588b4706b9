package parse

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"custimport/record"
)

// Limits on what a keyMapper remembers, so that a file with endless
// distinct keys cannot grow memory without bound.
const (
	maxCachedKeys  = 10000
	maxUnknownKeys = 50
)

// UnknownKey is a top-level JSON key that maps to no target, as
// [Reader.UnknownKeys] returns it.
type UnknownKey struct {
	// Name is the key as written, with bytes that are not UTF-8 shown as
	// \xNN.
	Name string
	// Records counts the records that have the key.
	Records int
	// FirstRow is the Row of the first record that has the key.
	FirstRow int
	// ObjectList is set when the file's first record has the key and no
	// name, and the key's value there is a non-empty array of objects.
	// The records are then probably wrapped in an object, as in
	// {"customers": [{"name": "Acme"}]}.
	ObjectList bool
}

// keyMapper maps JSON keys to targets. It caches each key's target and
// collects the unknown keys in the order first seen.
type keyMapper struct {
	m           *mapper
	cache       map[string]keyEntry
	unknown     []UnknownKey
	moreUnknown bool                     // unknown keys beyond maxUnknownKeys were seen
	columns     [record.NumFields]string // per target, the first key that filled it
}

// keyEntry is the result of looking up one key: its target (or noTarget
// or ignoredKey) and, for an unknown key that is kept, its index in
// keyMapper.unknown, else -1.
type keyEntry struct {
	target   int
	unknown  int
	explicit bool // the user's mapping chose the target
}

const ignoredKey = -2

func newKeyMapper(m *mapper) *keyMapper {
	return &keyMapper{m: m, cache: map[string]keyEntry{}}
}

// lookup returns the entry of key, looking the key up on first sight.
func (k *keyMapper) lookup(key []byte) keyEntry {
	if e, ok := k.cache[string(key)]; ok {
		return e
	}
	name := string(key)
	f, match := k.m.lookup(name)
	e := keyEntry{target: noTarget, unknown: -1}
	switch match {
	case colMapped, colExplicit:
		e.target, e.explicit = int(f), match == colExplicit
		if k.columns[f] == "" || e.explicit {
			k.columns[f] = showBytes(name)
		}
	case colIgnored:
		e.target = ignoredKey
	default:
		e.unknown = k.unknownIndex(name)
	}
	if len(k.cache) < maxCachedKeys {
		k.cache[name] = e
	}
	return e
}

// unknownIndex returns the index in k.unknown of the key name, adding it
// if there is room, or -1 for a blank name or one not kept.
func (k *keyMapper) unknownIndex(name string) int {
	if strings.TrimSpace(name) == "" {
		return -1
	}
	printable := showBytes(name)
	for i := range k.unknown {
		if k.unknown[i].Name == printable {
			return i // seen before, but no longer in the full cache
		}
	}
	if len(k.unknown) == maxUnknownKeys {
		k.moreUnknown = true
		return -1
	}
	k.unknown = append(k.unknown, UnknownKey{Name: printable})
	return len(k.unknown) - 1
}

// jsonDecoder fills Records from the text of JSON objects.
type jsonDecoder struct {
	keys  *keyMapper
	array bool                 // records are elements of an array, not NDJSON lines
	mem   arena                // source of Records, their text and lists
	items []record.Opt[string] // scratch for list

	// The record being decoded.
	p        jsonParser
	rec      *Record
	decoded  int                      // records decoded so far, this one included
	lists    []int                    // in the first record, the unknown keys whose value is a list of objects
	firstCol int                      // column of the record's first byte on its line; 0 means 1
	key      []byte                   // the top-level key whose value is being read, or nil
	seen     [][]byte                 // keys so far
	filled   [record.NumFields][]byte // per target, the key that filled it
	explicit [record.NumFields]bool   // per target, the user's mapping chose that key
}

// label returns the name of the record being decoded, for messages.
func (d *jsonDecoder) label() string {
	if d.array {
		return fmt.Sprintf("element %d (line %d)", d.rec.Row, d.rec.Line)
	}
	return "line " + strconv.Itoa(d.rec.Line)
}

// decode parses rec.Text, which should be one JSON object, into rec.
// The strings in rec.Raw share memory with rec.Text, which therefore
// must never change: it comes from arena.bytes.
func (d *jsonDecoder) decode(rec *Record) {
	d.p = newJSONParser(rec.Text, unsafeString(rec.Text))
	d.rec = rec
	d.seen = d.seen[:0]
	d.key = nil
	d.filled = [record.NumFields][]byte{}
	d.explicit = [record.NumFields]bool{}
	d.decoded++
	err := d.object()
	if err == nil {
		d.p.space()
		if d.p.pos < len(rec.Text) {
			err = d.p.fail("unexpected text after the object")
		}
	}
	if err != nil {
		rec.Raw = record.Raw{}
		rec.Errs = []record.FieldError{d.syntaxError(err)}
	}
	if err == nil && d.filled[record.FieldName] == nil {
		for _, i := range d.lists {
			d.keys.unknown[i].ObjectList = true
		}
	}
	d.lists = nil
	d.rec = nil
}

func (d *jsonDecoder) syntaxError(err error) record.FieldError {
	se, ok := err.(*jsonSyntaxError)
	if !ok {
		return record.FieldError{Code: CodeInvalidJSON, Message: err.Error()}
	}
	l, col := position(d.rec.Text, se.pos)
	if l == 0 && d.firstCol > 1 {
		col += d.firstCol - 1 // the record starts within its first line
	}
	if se.tooDeep {
		return d.depthError(d.rec.Line+l, col)
	}
	return record.FieldError{
		Code: CodeInvalidJSON,
		Message: fmt.Sprintf("%s is not valid JSON: %s at line %d, column %d; correct the syntax of this record",
			d.label(), se.msg, d.rec.Line+l, col),
	}
}

// depthError reports a record that nests arrays and objects deeper than
// maxDepth, which is valid JSON but more than the decoder reads. The
// position is where the first level past the limit opens.
func (d *jsonDecoder) depthError(line, col int) record.FieldError {
	where := "the record"
	fix := "flatten the record"
	if d.key != nil {
		where = "the value of the key " + quote(string(d.key))
		fix = "flatten that value, or remove the key"
	}
	return record.FieldError{
		Code: CodeInvalidJSON,
		Message: fmt.Sprintf("%s: %s nests arrays and objects deeper than the limit of %d levels (level %d opens at line %d, column %d), so the record was not read; %s",
			d.label(), where, maxDepth, maxDepth+1, line, col, fix),
	}
}

// position returns the line (0-based, from the start of text) and the
// column (1-based, in bytes) of text[pos].
func position(text []byte, pos int) (line, col int) {
	if pos > len(text) {
		pos = len(text)
	}
	start := 0
	for i := 0; i < pos; i++ {
		switch text[i] {
		case '\n':
			if i == 0 || text[i-1] != '\r' {
				line++
			}
			start = i + 1
		case '\r':
			line++
			start = i + 1
		}
	}
	return line, pos - start + 1
}

// object reads the record's object and fills the record.
func (d *jsonDecoder) object() error {
	p := &d.p
	p.space()
	if c := p.peek(); c != '{' {
		// Name the type only of a whole, valid value: "nope" is not null.
		q := *p
		_, err := q.skip()
		q.space()
		kind := jsonKind(c)
		switch {
		case c == '/':
			return p.fail("a comment, which JSON does not allow; remove it")
		case kind == "" || err != nil || q.pos < len(q.data):
			return p.fail("expected an object that starts with \"{\"")
		}
		return fmt.Errorf("%s is %s, not an object; each record must be an object such as {\"name\": \"Acme\"}", d.label(), kind)
	}
	p.pos++
	return p.members(d.member)
}

// member reads the value of key into the record. A key seen before in the
// object, or a second key for one target, is an error and its value is
// dropped: the first one stays.
func (d *jsonDecoder) member(key []byte, validKey bool) error {
	duplicate := d.isDuplicate(key)
	if duplicate {
		d.addErr(d.duplicateError(key, nil))
	}
	d.seen = append(d.seen, key)
	d.key = key
	e := keyEntry{target: noTarget, unknown: -1}
	if validKey && !duplicate {
		e = d.keys.lookup(key)
	}
	t := e.target
	if t >= 0 && d.filled[t] != nil {
		switch {
		case e.explicit && !d.explicit[t]:
			d.clear(record.Field(t)) // the user's mapping wins over a key matched by name
		case !e.explicit && d.explicit[t]:
			t = noTarget
		default:
			d.addErr(d.duplicateError(key, d.filled[t]))
			t = noTarget
		}
	}
	switch {
	case e.unknown >= 0:
		return d.unknownValue(e.unknown)
	case t < 0:
		_, err := d.p.skip()
		return err
	}
	d.filled[t], d.explicit[t] = key, e.explicit
	return d.value(record.Field(t))
}

// clear removes the value that a key matched by name gave target f, so
// that a key of the user's mapping can give it instead.
func (d *jsonDecoder) clear(f record.Field) {
	*d.rec.Raw.Cell(f) = record.Opt[string]{}
	if j := d.rec.Raw.JSON; j != nil {
		j.Lists[f], j.Kinds[f] = nil, ""
	}
	d.rec.Errs = slices.DeleteFunc(d.rec.Errs, func(e record.FieldError) bool {
		return e.Field == f.String() // the losing key's value, such as bytes that are not UTF-8
	})
}

// unknownValue counts the record under the unknown key d.keys.unknown[i]
// and skips the key's value. In the file's first record it notes whether
// the value is a list of objects.
func (d *jsonDecoder) unknownValue(i int) error {
	k := &d.keys.unknown[i]
	if k.Records++; k.Records == 1 {
		k.FirstRow = d.rec.Row
	}
	if d.decoded > 1 || d.p.peek() != '[' {
		_, err := d.p.skip()
		return err
	}
	objects, others := 0, 0
	err := d.p.nested(func() error {
		return d.p.elements(func() error {
			kind, err := d.p.skip()
			if kind == "object" {
				objects++
			} else {
				others++
			}
			return err
		})
	})
	if err == nil && objects > 0 && others == 0 {
		d.lists = append(d.lists, i)
	}
	return err
}

func (d *jsonDecoder) addErr(e record.FieldError) {
	d.rec.Errs = append(d.rec.Errs, e)
}

func (d *jsonDecoder) isDuplicate(key []byte) bool {
	for _, k := range d.seen {
		if bytes.Equal(k, key) {
			return true
		}
	}
	return false
}

func (d *jsonDecoder) duplicateError(key, first []byte) record.FieldError {
	k := string(key)
	e := record.FieldError{Code: CodeDuplicateKey, Value: showBytes(k),
		Message: fmt.Sprintf("%s has the key %s twice; keep one of them", d.label(), quote(k))}
	if first != nil {
		t, _ := d.keys.m.lookup(k)
		// The error names the target, so that a key of the user's
		// mapping that gives the target later clears it.
		e.Field = t.String()
		e.Message = fmt.Sprintf("%s has the keys %s and %s, which both map to %s; remove one, or ignore one with --map '%s='",
			d.label(), quote(string(first)), quote(k), t, showBytes(k))
	}
	return e
}

// value reads the value of field f into the record.
func (d *jsonDecoder) value(f record.Field) error {
	p := &d.p
	cell := d.rec.Raw.Cell(f)
	switch c := p.peek(); {
	case c == '"':
		s, valid, err := p.str()
		if err == nil && !valid {
			d.addErr(d.utf8Error(f, s))
		} else if err == nil && !isBlank(s) {
			*cell = record.Some(s)
		}
		return err
	case c == '-' || c >= '0' && c <= '9':
		s, err := p.number()
		*cell = record.Some(s)
		return err
	case c == 'n':
		*cell = record.Null[string]()
		return p.literal("null")
	case c == '[':
		return d.list(f)
	}
	kind, err := p.skip()
	d.jsonValues().Kinds[f] = kind
	return err
}

// list reads an array value: strings, numbers and nulls go to
// Raw.JSON.Lists; any other element makes Raw.JSON.Kinds name the array.
func (d *jsonDecoder) list(f record.Field) error {
	p := &d.p
	items := d.items[:0]
	kind := ""
	err := p.nested(func() error {
		return p.elements(func() error {
			item, k, err := d.listItem(f)
			if k != "" && kind == "" {
				kind = "array of " + k + "s"
			}
			if item.IsSet() || item.IsNull() {
				items = append(items, item)
			}
			return err
		})
	})
	if kind != "" {
		d.jsonValues().Kinds[f] = kind
	} else {
		d.jsonValues().Lists[f] = d.mem.list(items)
	}
	clear(items)
	d.items = items[:0]
	return err
}

// listItem reads one array element. For an element that is not a string,
// number or null it returns the element's JSON type.
func (d *jsonDecoder) listItem(f record.Field) (record.Opt[string], string, error) {
	p := &d.p
	switch c := p.peek(); {
	case c == '"':
		s, valid, err := p.str()
		if err == nil && !valid {
			d.addErr(d.utf8Error(f, s))
			return record.Opt[string]{}, "", nil
		}
		return record.Some(s), "", err
	case c == '-' || c >= '0' && c <= '9':
		s, err := p.number()
		return record.Some(s), "", err
	case c == 'n':
		return record.Null[string](), "", p.literal("null")
	}
	kind, err := p.skip()
	return record.Opt[string]{}, kind, err
}

// unsafeString returns b as a string without copying. b must not change
// while the string is in use.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (d *jsonDecoder) jsonValues() *record.JSONValues {
	if d.rec.Raw.JSON == nil {
		d.rec.Raw.JSON = d.mem.jsonValues()
	}
	return d.rec.Raw.JSON
}

func (d *jsonDecoder) utf8Error(f record.Field, s string) record.FieldError {
	return record.FieldError{
		Field: f.String(),
		Code:  CodeInvalidUTF8,
		Message: fmt.Sprintf("%s, %s: the value %s is not valid UTF-8; the file is probably windows-1252 or ISO-8859-1, so run again with --encoding windows-1252",
			d.label(), f, quote(s)),
		Value: showBytes(s),
	}
}
