package validate

import (
	"strings"

	"custimport/record"
)

const uuidFix = "write a version 4 UUID in lower case, such as " +
	"3f2c8a51-7d4e-4b9a-a1c6-0e5d2f7b9c84, or clear the cell to let the server choose one"

// checkUUID accepts only the canonical form of a version 4 UUID with the
// RFC 9562 variant. That form is 8-4-4-4-12 lower-case hexadecimal digits,
// with 4 as the first digit of the third group and 8, 9, a or b as the
// first digit of the fourth. For a UUID written another way, the problem
// names the difference and gives the canonical form.
func checkUUID(s string) *problem {
	if isUUIDv4(s) {
		return nil
	}
	canon, reason := canonicalUUID(s)
	switch {
	case !isUUIDShape(canon):
		return &problem{record.CodeInvalidUUID, "is not a UUID", uuidFix}
	case canon[14] != '4':
		return &problem{record.CodeInvalidUUID,
			"is a version " + canon[14:15] + " UUID, but only version 4 is accepted", uuidFix}
	case !strings.ContainsRune("89ab", rune(canon[19])):
		return &problem{record.CodeInvalidUUID,
			"does not have the RFC 9562 variant (8, 9, a or b after the third hyphen)", uuidFix}
	}
	return &problem{record.CodeInvalidUUID, reason, "write " + canon}
}

// canonicalUUID undoes the common ways of writing a UUID other than the
// canonical one (a urn:uuid: prefix, braces, no hyphens, upper case) and
// names the first it found.
func canonicalUUID(s string) (canon, reason string) {
	t := s
	switch {
	case len(t) > len("urn:uuid:") && strings.EqualFold(t[:len("urn:uuid:")], "urn:uuid:"):
		t, reason = t[len("urn:uuid:"):], "has a urn:uuid: prefix"
	case len(t) >= 2 && t[0] == '{' && t[len(t)-1] == '}':
		t, reason = t[1:len(t)-1], "is wrapped in braces"
	}
	if len(t) == 32 && isHex(t) {
		t = t[:8] + "-" + t[8:12] + "-" + t[12:16] + "-" + t[16:20] + "-" + t[20:]
		reason = or(reason, "has no hyphens")
	}
	if lower := strings.ToLower(t); lower != t {
		t, reason = lower, or(reason, "has upper-case letters")
	}
	return t, reason
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// isUUIDv4 reports whether s is the canonical form that checkUUID
// accepts: 8-4-4-4-12 lower-case hexadecimal digits, version 4, with the
// RFC 9562 variant.
func isUUIDv4(s string) bool {
	if len(s) != 36 || s[14] != '4' || !strings.ContainsRune("89ab", rune(s[19])) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isDigit(rune(c)) && !('a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// isUUIDShape reports whether s is 8-4-4-4-12 hexadecimal digits.
func isUUIDShape(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !isHex(s[i : i+1]) {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(rune(c)) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
