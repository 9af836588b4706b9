package validate

import (
	"strings"
	"unicode/utf8"

	"custimport/record"
)

// groupMarks are the characters that separate groups of three digits in
// the number formats of common locales: comma, point, space, no-break
// space, narrow no-break space, thin space, apostrophe, right single
// quotation mark and underscore.
const groupMarks = ",. '\u00a0\u202f\u2009\u2019_"

// maxExponent bounds the exponent that parseDecimal accumulates; any
// larger exponent already makes a non-zero number out of range or a
// fraction.
const maxExponent = 1 << 24

// ungroup returns s with thousands separators removed and a decimal comma
// replaced by a point, recording in marks what it changed. Text of any
// other shape is returned as it is.
func ungroup(s string, marks *separators) string {
	lead := leadingDigits(s)
	if lead == 0 || lead == len(s) {
		return s
	}
	if plain, ok := ungroupThousands(s, lead); ok {
		marks.grouped = true
		return plain
	}
	if s[lead] == ',' && allDigits(s[lead+1:]) {
		marks.decimalComma = true
		return s[:lead] + "." + s[lead+1:]
	}
	return s
}

// ungroupThousands reads s as groups of digits. The first group is the
// first lead bytes of s, one to three digits. Each later group is exactly
// three digits led by one mark from groupMarks, the same mark each time.
// An optional decimal part follows after a point or comma other than that
// mark. A point needs two groups or a decimal comma to count as a
// separator, since 1.200 reads as a fraction to most programs.
func ungroupThousands(s string, lead int) (string, bool) {
	if lead > 3 {
		return "", false
	}
	mark, _ := utf8.DecodeRuneInString(s[lead:])
	if !strings.ContainsRune(groupMarks, mark) {
		return "", false
	}
	var b strings.Builder
	b.WriteString(s[:lead])
	rest, groups := s[lead:], 0
	for {
		r, size := utf8.DecodeRuneInString(rest)
		if r != mark || len(rest) < size+3 || !allDigits(rest[size:size+3]) {
			break
		}
		if len(rest) > size+3 && isDigit(rune(rest[size+3])) {
			return "", false
		}
		b.WriteString(rest[size : size+3])
		rest, groups = rest[size+3:], groups+1
	}
	return finishGroups(&b, rest, mark, groups)
}

// finishGroups checks what follows the digit groups: nothing, or a
// decimal part.
func finishGroups(b *strings.Builder, rest string, mark rune, groups int) (string, bool) {
	if groups == 0 {
		return "", false
	}
	if rest == "" {
		if mark == '.' && groups < 2 {
			return "", false
		}
		return b.String(), true
	}
	point := rune(rest[0])
	if point != '.' && point != ',' || point == mark || !allDigits(rest[1:]) {
		return "", false
	}
	b.WriteByte('.')
	b.WriteString(rest[1:])
	return b.String(), true
}

func leadingDigits(s string) int {
	i := 0
	for i < len(s) && isDigit(rune(s[i])) {
		i++
	}
	return i
}

// parseDecimal reads ASCII digits with an optional fractional part after a
// point and an optional exponent, and returns their value when it is a
// whole number from 0 to MaxInt. It works on the digits themselves, so no
// precision is lost on long inputs.
func parseDecimal(s string) (int64, *NumberError) {
	whole, frac, exp, ok := splitDecimal(s)
	if !ok {
		return 0, notNumber()
	}
	if strings.Contains(s, "E+") {
		return 0, displayScientific()
	}
	v, err := scaleDecimal(whole, frac, exp)
	if err != nil {
		return 0, err
	}
	return v, nil
}

// splitDecimal splits s into its whole digits, fractional digits and
// exponent. ok is false unless s is digits, an optional point with digits,
// and an optional e or E with an optional sign and digits, with at least
// one digit before the exponent.
func splitDecimal(s string) (whole, frac string, exp int, ok bool) {
	i := leadingDigits(s)
	whole, s = s[:i], s[i:]
	if strings.HasPrefix(s, ".") {
		i = leadingDigits(s[1:])
		frac, s = s[1:1+i], s[1+i:]
	}
	if whole == "" && frac == "" {
		return "", "", 0, false
	}
	if s == "" {
		return whole, frac, 0, true
	}
	if s[0] != 'e' && s[0] != 'E' {
		return "", "", 0, false
	}
	exp, ok = parseExponent(s[1:])
	return whole, frac, exp, ok
}

// parseExponent reads an optional sign and digits, capping the magnitude
// at maxExponent.
func parseExponent(s string) (int, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg || strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	if !allDigits(s) {
		return 0, false
	}
	exp := 0
	for i := 0; i < len(s) && exp < maxExponent; i++ {
		exp = exp*10 + int(s[i]-'0')
	}
	if neg {
		return -exp, true
	}
	return exp, true
}

// scaleDecimal returns the value of the digits whole followed by frac,
// times ten to the power exp minus the number of fractional digits.
func scaleDecimal(whole, frac string, exp int) (int64, *NumberError) {
	digits := decimalDigits{whole, frac}
	lo, hi := digits.significant()
	if lo == hi {
		return 0, nil
	}
	shift := exp - len(frac) + (digits.len() - hi)
	if shift < 0 {
		return 0, &NumberError{record.CodeFraction, "has a fractional part, and values are never rounded",
			"write a whole number"}
	}
	if hi-lo+shift > maxIntDigits {
		return 0, tooLarge()
	}
	var v int64
	for i := lo; i < hi; i++ {
		v = v*10 + int64(digits.at(i)-'0')
	}
	for ; shift > 0; shift-- {
		v *= 10
	}
	if v > MaxInt {
		return 0, tooLarge()
	}
	return v, nil
}

// decimalDigits is the digit string of a decimal number, read as its
// whole digits followed by its fractional digits without copying them.
type decimalDigits struct {
	whole, frac string
}

func (d decimalDigits) len() int { return len(d.whole) + len(d.frac) }

func (d decimalDigits) at(i int) byte {
	if i < len(d.whole) {
		return d.whole[i]
	}
	return d.frac[i-len(d.whole)]
}

// significant returns the range of digits between leading and trailing
// zeros; lo equals hi when every digit is zero.
func (d decimalDigits) significant() (lo, hi int) {
	n := d.len()
	for lo < n && d.at(lo) == '0' {
		lo++
	}
	hi = n
	for hi > lo && d.at(hi-1) == '0' {
		hi--
	}
	return lo, hi
}
