package parse

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Codes of the problems that parse reports in [Record.Errs].
const (
	CodeWrongCellCount = "wrong_cell_count" // a CSV row is short, or has a value beyond the header's columns
	CodeBlankHeader    = "blank_header"     // a value under a column whose header is blank
	CodeUnclosedQuote  = "unclosed_quote"   // a quoted CSV cell that never closes, as when text follows its closing quote
	CodeInvalidUTF8    = "invalid_utf8"     // bytes that are not UTF-8 and no encoding was given
	CodeInvalidJSON    = "invalid_json"     // a JSON syntax error, a record that is not an object, or one nested deeper than 1000 levels
	CodeDuplicateKey   = "duplicate_key"    // a key twice in one object, or two keys for one target
	CodeRecordTooLong  = "record_too_long"  // a record longer than 16 MiB
	CodeMapFailed      = "map_failed"       // gocsv could not map the row onto its targets

	// CodeIncompleteCharacter marks the last record of a UTF-16 file
	// with an odd number of bytes, which ends in half a character.
	CodeIncompleteCharacter = "incomplete_character"
)

// Values of [Record.Skip].
const (
	SkipBlank  = "blank"         // an empty line, a row of blank cells, a blank NDJSON line
	SkipFooter = "report footer" // a footer row of a Salesforce report export
	SkipTotals = "totals row"    // a row of totals, such as "Total" and sums
)

// FileError is a problem that makes the whole file unusable, such as an
// empty file, an unknown encoding or two columns that map to one target.
// Nothing from such a file should be imported.
type FileError struct {
	Name string // file name from [Options.Name]; may be empty
	Line int    // line where the problem was found, or 0
	Msg  string // what is wrong and how to fix it
	Err  error  // underlying cause, or nil
}

func (e *FileError) Error() string {
	var b strings.Builder
	if e.Name != "" {
		b.WriteString(e.Name)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *FileError) Unwrap() error { return e.Err }

// showBytes returns s with every byte that is not part of valid UTF-8
// written as \xNN, so that the text can be shown and stored safely.
func showBytes(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&15, 16))
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

var controlShown = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`)

// quote returns s in double quotes for a message: long text is cut at 80
// characters, invalid bytes are shown as \xNN and line breaks and tabs as
// \n, \r and \t, so that the message stays on one line.
func quote(s string) string {
	if len(s) > 80 && utf8.RuneCountInString(s) > 80 {
		cut := 0
		for i := range s {
			if cut == 77 {
				s = s[:i] + "..."
				break
			}
			cut++
		}
	}
	return `"` + escapeControls(controlShown.Replace(showBytes(s))) + `"`
}

// escapeControls writes each control character of s as \xNN or \uNNNN,
// so that a message never carries bytes that a terminal would act on.
// quote has already written line breaks and tabs as \n, \r and \t.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unicode.IsControl(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}
