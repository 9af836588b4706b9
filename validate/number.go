package validate

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/currency"

	"custimport/record"
)

// MaxInt is the largest value a revenue or size can take: GraphQL's Int
// is a signed 32-bit integer.
const MaxInt = math.MaxInt32

// maxIntDigits is the number of decimal digits of MaxInt.
const maxIntDigits = 10

// A NumberError describes why a cell is not a whole number from 0 to MaxInt.
type NumberError struct {
	Code   string // a record code, such as record.CodeFraction
	Reason string // what is wrong, worded to follow the quoted value
	Fix    string // the correction to make, such as "write 1200000"
}

func (e *NumberError) Error() string { return e.Reason + "; " + e.Fix }

// separators records the marks ParseInt found around or inside the digits.
type separators struct {
	currency     string // the currency symbol or ISO 4217 code, if any
	isCode       bool   // currency is an ISO 4217 code, not a symbol
	grouped      bool   // digits were split into groups of three
	decimalComma bool   // a comma stood for the decimal point
}

// ParseInt reads s as a whole number from 0 to MaxInt. It accepts
// surrounding Unicode space, a decimal fraction of zeros (1200000.00) and
// exact scientific notation that denotes a whole number (8.5E7, 1.2e6).
// It rejects fractions (never rounding them), the scientific notation that
// spreadsheets display (1.2E+07), negative numbers, values above MaxInt,
// leading zeros and radix prefixes. Thousands separators, a decimal comma
// and a currency symbol or code are read when lenient is true and
// rejected otherwise. Every rejection is a *NumberError whose Code is one
// of the record codes for numbers.
func ParseInt(s string, lenient bool) (int64, *NumberError) {
	if v, ok := parsePlainInt(s); ok {
		return v, nil
	}
	return parseIntText(s, lenient)
}

// parseIntText is ParseInt for any text, without the fast path.
func parseIntText(s string, lenient bool) (int64, *NumberError) {
	t := trimSpace(s)
	if t == "" {
		return 0, &NumberError{record.CodeNotInteger, "is empty",
			"write a whole number such as 1200000, or clear the cell"}
	}
	neg, body := cutSign(t)
	if isRadixLiteral(body) {
		return 0, &NumberError{record.CodeNotInteger,
			"looks like a hexadecimal, octal or binary literal",
			"write the value in decimal digits"}
	}
	body, marks, ok := cutCurrency(body)
	if !ok {
		return 0, notNumber()
	}
	if !neg && marks.currency != "" {
		neg, body = cutSign(body)
	}
	v, err := parseBody(body, &marks)
	if err != nil {
		return 0, negate(err, neg)
	}
	if neg && v > 0 {
		return 0, negative()
	}
	if err := marksError(v, marks); err != nil && !lenient {
		return 0, err
	}
	return v, nil
}

// parsePlainInt reads the common case: 1 to 10 ASCII digits without a
// leading zero, up to MaxInt. ok is false for any other text, which
// ParseInt then reads the long way.
func parsePlainInt(s string) (int64, bool) {
	if s == "" || len(s) > maxIntDigits || s[0] == '0' && len(s) > 1 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(rune(c)) {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, v <= MaxInt
}

// parseBody reads the digits left once the sign and currency are cut off,
// recording in marks the separators it read.
func parseBody(body string, marks *separators) (int64, *NumberError) {
	if isDisplayScientific(body) {
		return 0, displayScientific()
	}
	plain := ungroup(body, marks)
	v, err := parseDecimal(plain)
	if err == nil && v != 0 && isOneDotGroup(body) && strings.HasSuffix(body, ".000") {
		// 2.000 is 2 to a program but two thousand in a European
		// spreadsheet: with nothing to tell them apart, it is rejected
		// rather than read as the smaller number.
		return 0, &NumberError{record.CodeThousandsSeparator,
			"could be " + strings.TrimSuffix(body, ".000") + " written with three decimal places, or " +
				strings.ReplaceAll(body, ".", "") + " with a dot separating thousands",
			"write " + strings.ReplaceAll(body, ".", "") + " if the dot separates thousands, or " +
				strings.TrimSuffix(body, ".000") + " if it does not"}
	}
	if err != nil && err.Code == record.CodeFraction && isOneDotGroup(body) {
		err.Fix = "write a whole number, or " + strings.ReplaceAll(body, ".", "") +
			" if the dot separates thousands"
	}
	return v, err
}

// marksError returns the error for separators or currency that a strict
// reading rejects, or nil when there are none. v is the number they
// surround, given in the hint.
func marksError(v int64, marks separators) *NumberError {
	if marks == (separators{}) {
		return nil
	}
	fix := "write " + strconv.FormatInt(v, 10) + ", or run with --lenient-numbers"
	switch {
	case marks.currency != "" && marks.isCode:
		return &NumberError{record.CodeCurrency,
			"has the currency code " + strconv.Quote(marks.currency), fix}
	case marks.currency != "":
		return &NumberError{record.CodeCurrency,
			"has the currency symbol " + strconv.Quote(marks.currency), fix}
	case marks.grouped:
		return &NumberError{record.CodeThousandsSeparator, "has thousands separators", fix}
	case marks.decimalComma:
		return &NumberError{record.CodeNotInteger, "uses a comma as the decimal mark", fix}
	}
	return nil
}

func notNumber() *NumberError {
	return &NumberError{record.CodeNotInteger, "is not a number",
		"write a whole number using digits only, such as 1200000"}
}

func negative() *NumberError {
	return &NumberError{record.CodeOutOfRange, "is negative",
		"write a whole number from 0 to 2147483647"}
}

func tooLarge() *NumberError {
	return &NumberError{record.CodeOutOfRange,
		"is larger than 2147483647, the largest whole number Linear accepts in this field",
		"write a whole number from 0 to 2147483647"}
}

func displayScientific() *NumberError {
	return &NumberError{record.CodeScientificDisplay,
		"is in the rounded scientific notation that a spreadsheet displays (a capital E and a plus sign), so digits may be lost",
		"format the column as Number with 0 decimals in the spreadsheet and export again (exact forms that programs write, such as 8.5E7, are read as they are)"}
}

// negate turns a too-large error into a negative one when the number had
// a minus sign; other errors stay as they are.
func negate(err *NumberError, neg bool) *NumberError {
	if neg && err.Code == record.CodeOutOfRange {
		return negative()
	}
	return err
}

// cutSign removes one leading plus or minus sign (U+2212 included) and
// reports whether it was a minus.
func cutSign(s string) (neg bool, rest string) {
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case '-', '\u2212':
		return true, trimSpace(s[size:])
	case '+':
		return false, trimSpace(s[size:])
	}
	return false, s
}

// cutCurrency removes a currency mark before or after the number. ok is
// false when text other than a currency mark surrounds the digits.
func cutCurrency(s string) (rest string, marks separators, ok bool) {
	first := strings.IndexFunc(s, isNumberStart)
	if first < 0 {
		return s, marks, true // no digits: parseDecimal rejects the text
	}
	last := strings.LastIndexFunc(s, isNumberEnd)
	if last < first {
		return s, marks, false
	}
	prefix, suffix := trimSpace(s[:first]), trimSpace(s[last+1:])
	if !recordCurrency(prefix, &marks) || !recordCurrency(suffix, &marks) {
		return s, marks, false
	}
	return trimSpace(s[first : last+1]), marks, true
}

func isNumberStart(r rune) bool {
	return isDigit(r) || r == '.' || r == '+' || r == '-' || r == '\u2212'
}

func isNumberEnd(r rune) bool { return isDigit(r) || r == '.' || r == ',' }

// recordCurrency reports whether mark is empty or a currency mark, and
// records a currency mark in marks.
func recordCurrency(mark string, marks *separators) bool {
	switch {
	case mark == "":
		return true
	case isISOCurrency(mark):
		marks.currency, marks.isCode = strings.ToUpper(mark), true
		return true
	case isCurrencySymbol(mark):
		marks.currency = mark
		return true
	}
	return false
}

// isISOCurrency reports whether s is a three-letter ISO 4217 code, in any case.
func isISOCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if !('a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z') {
			return false
		}
	}
	_, err := currency.ParseISO(s)
	return err == nil
}

// isCurrencySymbol reports whether s is a currency symbol (Unicode class
// Sc, such as $ or €), with at most three letters before it as in US$ or R$.
func isCurrencySymbol(s string) bool {
	letters, symbols := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Sc, r) && letters <= 3:
			symbols++
		case unicode.IsLetter(r) && symbols == 0:
			letters++
		default:
			return false
		}
	}
	return symbols == 1 && letters <= 3
}

// isRadixLiteral reports whether s starts like 0x1F, 0o17 or 0b101.
func isRadixLiteral(s string) bool {
	return len(s) > 2 && s[0] == '0' && strings.ContainsRune("xXoObB", rune(s[1]))
}

// isDisplayScientific reports whether s has the form a spreadsheet
// displays for large numbers: digits, an optional fraction after a point
// or comma, a capital E, a plus sign and digits (1.2E+07, 1,23457E+17).
func isDisplayScientific(s string) bool {
	mantissa, exponent, found := strings.Cut(s, "E+")
	if !found || !allDigits(exponent) {
		return false
	}
	whole, frac, hasFrac := strings.Cut(mantissa, ".")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(mantissa, ",")
	}
	return allDigits(whole) && (!hasFrac || allDigits(frac))
}

// isOneDotGroup reports whether s looks like 1.200: up to three digits, a
// point and three digits, which is a fraction to some and a thousands
// separator to others.
func isOneDotGroup(s string) bool {
	whole, frac, found := strings.Cut(s, ".")
	return found && len(whole) >= 1 && len(whole) <= 3 && allDigits(whole) &&
		len(frac) == 3 && allDigits(frac)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return true
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }
