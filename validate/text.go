package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"custimport/record"
)

// trimSpace removes surrounding Unicode white space (U+00A0 included) and
// the invisible zero-width space and byte order mark.
func trimSpace(s string) string {
	if s == "" || isTrimmedASCII(s[0]) && isTrimmedASCII(s[len(s)-1]) {
		return s
	}
	return strings.TrimFunc(s, isSpace)
}

// isTrimmedASCII reports whether b is an ASCII byte that trimSpace keeps:
// neither white space nor the first byte of a multi-byte rune.
func isTrimmedASCII(b byte) bool {
	return b > ' ' && b < utf8.RuneSelf
}

// isSpace reports whether trimSpace removes r: white space, and the
// invisible zero-width space, word joiner and byte order mark.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u2060' || r == '\ufeff'
}

// placeholders are the texts, compared case-insensitively, that people
// and programs write in place of a missing value.
var placeholders = []string{
	"n/a", "na", "n.a.", "n.a", "null", "nil", "none", "nan", "undefined",
	"(blank)", "(empty)", "(none)", "(null)", "<null>", "<none>", "[null]",
}

// spreadsheetErrors are the error values that Excel, LibreOffice and
// Google Sheets write into a cell whose formula failed, compared
// case-insensitively.
var spreadsheetErrors = []string{
	"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
	"#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!",
	"#UNKNOWN!", "#GETTING_DATA", "#ERROR!", "#N/A!", "#NAME", "#VALUE", "#REF",
}

// maxPlaceholderLen is the byte length of the longest text in placeholders.
const maxPlaceholderLen = len("undefined")

// isPlaceholder reports whether the trimmed text s stands for a missing
// value: a text from placeholders, or only dashes or question marks.
func isPlaceholder(s string) bool {
	if s == "" {
		return false
	}
	if mayBeDashes(s[0]) && strings.Trim(s, "-?\u2013\u2014\u2212") == "" {
		return true
	}
	return len(s) <= maxPlaceholderLen && mayBePlaceholder(s[0]) && containsFold(placeholders, s)
}

// mayBeDashes reports whether b can start a text of only dashes and
// question marks: '-', '?', or 0xE2, the first byte of U+2013, U+2014
// and U+2212 in UTF-8.
func mayBeDashes(b byte) bool {
	return b == '-' || b == '?' || b == 0xE2
}

// mayBePlaceholder reports whether b, in any case, is the first byte of
// a text in placeholders. TestPlaceholderFirstBytes checks the list.
func mayBePlaceholder(b byte) bool {
	switch b | 0x20 {
	case 'n', 'u':
		return true
	}
	return b == '(' || b == '<' || b == '['
}

func isSpreadsheetError(s string) bool {
	return strings.HasPrefix(s, "#") && containsFold(spreadsheetErrors, s)
}

// containsFold reports whether list contains s, ignoring case.
func containsFold(list []string, s string) bool {
	for _, e := range list {
		if len(e) == len(s) && strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

// isMangledID reports whether s has the shape of an id that a spreadsheet
// displayed in scientific notation (1.23457E+17), which has lost digits.
func isMangledID(s string) bool {
	return isDisplayScientific(s)
}

// unwantedRune returns the first rune in s that a value cannot carry, and
// whether there is one. Such a rune is a control character (other than
// tab, line feed and carriage return when lines is true) or U+FFFD, which
// decoders write in place of bytes they could not read.
func unwantedRune(s string, lines bool) (rune, bool) {
	i := skipPrintable(s)
	for ; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= utf8.RuneSelf:
			return unwantedRuneUnicode(s[i:], lines)
		case b >= ' ' && b != 0x7f:
			continue
		case lines && (b == '\t' || b == '\n' || b == '\r'):
			continue
		}
		return rune(b), true
	}
	return 0, false
}

// skipPrintable returns the length of the longest prefix of s, in
// steps of eight bytes, that holds only printable ASCII (0x20 to 0x7e).
func skipPrintable(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// With every byte below 0x80, neither sum carries from one byte
		// into the next: b+0x60 has its high bit set when b >= 0x20, and
		// b+1 when b == 0x7f.
		if w&highs != 0 || (w+0x60*ones)&highs != highs || (w+ones)&highs != 0 {
			break
		}
	}
	return i
}

// unwantedRuneUnicode is unwantedRune for text that may hold runes
// outside ASCII.
func unwantedRuneUnicode(s string, lines bool) (rune, bool) {
	for _, r := range s {
		if r == utf8.RuneError {
			return r, true
		}
		if !unicode.IsControl(r) {
			continue
		}
		if lines && (r == '\t' || r == '\n' || r == '\r') {
			continue
		}
		return r, true
	}
	return 0, false
}

// A listSeparator is the set of runes that separate the elements of a
// list cell. ascii caches the result of isSeparator for ASCII bytes.
type listSeparator struct {
	isSeparator func(rune) bool
	ascii       [utf8.RuneSelf]bool
}

func newListSeparator(isSeparator func(rune) bool) *listSeparator {
	sep := &listSeparator{isSeparator: isSeparator}
	for b := range sep.ascii {
		sep.ascii[b] = isSeparator(rune(b))
	}
	return sep
}

// index returns the byte index of the first separator in s, or -1.
func (sep *listSeparator) index(s string) int {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			if j := strings.IndexFunc(s[i:], sep.isSeparator); j >= 0 {
				return i + j
			}
			return -1
		}
		if sep.ascii[b] {
			return i
		}
	}
	return -1
}

// The separators of the list cells.
var (
	idSeparators     = newListSeparator(isIDSeparator)
	domainSeparators = newListSeparator(isDomainSeparator)
)

// splitList splits a cell that lists several values, calling yield with
// each non-blank element, trimmed.
func splitList(s string, sep *listSeparator, yield func(string)) {
	for s != "" {
		i := sep.index(s)
		if i < 0 {
			i = len(s)
		}
		if e := trimSpace(s[:i]); e != "" {
			yield(e)
		}
		if i == len(s) {
			return
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		s = s[i+size:]
	}
}

// isIDSeparator separates the elements of an externalIds cell: semicolons,
// vertical bars and line breaks, but not commas or spaces, which ids may
// contain.
func isIDSeparator(r rune) bool {
	return r == ';' || r == '|' || r == '\n' || r == '\r' || r == '\u2028'
}

// isDomainSeparator separates the elements of a domains cell: the
// externalIds separators, commas and any white space.
func isDomainSeparator(r rune) bool {
	return isIDSeparator(r) || r == ',' || unicode.IsSpace(r)
}

// fieldName returns the CustomerCreateInput field that errors about
// target f name: the extra targets count as the field they feed.
func fieldName(f record.Field) string {
	switch f {
	case record.FieldAdditionalDomains, record.FieldWebsite:
		return record.FieldDomains.String()
	case record.FieldOwner:
		return record.FieldOwnerID.String()
	case record.FieldStatus:
		return record.FieldStatusID.String()
	case record.FieldTier:
		return record.FieldTierID.String()
	}
	return f.String()
}
