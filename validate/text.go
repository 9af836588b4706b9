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
	return strings.TrimFunc(s, isSpace)
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
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
	if strings.Trim(s, "-?\u2013\u2014\u2212") == "" {
		return true
	}
	return len(s) <= maxPlaceholderLen && containsFold(placeholders, s)
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

// controlRune returns the first control character in s, other than tab,
// line feed and carriage return when lines is true, and whether there is one.
func controlRune(s string, lines bool) (rune, bool) {
	for _, r := range s {
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

// splitList splits a cell that lists several values, calling yield with
// each non-blank element, trimmed. Elements are separated by any rune for
// which sep returns true.
func splitList(s string, sep func(rune) bool, yield func(string)) {
	for s != "" {
		i := strings.IndexFunc(s, sep)
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
