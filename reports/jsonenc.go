package reports

import (
	"strconv"
	"unicode/utf8"

	"custimport/record"
)

// appendLine appends l as one JSON object, without a newline. It writes
// the same JSON as encoding/json would for Line, key for key, but without
// reflection, because a dry run of a large file spends much of its time
// here.
func appendLine(b []byte, l *Line) []byte {
	b = append(b, `{"row":`...)
	b = strconv.AppendInt(b, int64(l.Row), 10)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(l.Line), 10)
	b = append(b, `,"status":`...)
	b = appendString(b, string(l.Status))
	if l.Input != nil {
		b = append(b, `,"input":`...)
		b = appendInput(b, l.Input)
	}
	if l.ID != "" {
		b = append(b, `,"id":`...)
		b = appendString(b, l.ID)
	}
	b = append(b, `,"errors":[`...)
	for i, e := range l.Errors {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFieldError(b, &e)
	}
	b = append(b, ']')
	b = appendRefs(b, l.Refs)
	if len(l.Notes) > 0 {
		b = append(b, `,"notes":`...)
		b = appendStrings(b, l.Notes)
	}
	if l.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendString(b, l.Reason)
	}
	if l.Fingerprint != "" {
		b = append(b, `,"fingerprint":`...)
		b = appendString(b, l.Fingerprint)
	}
	return append(b, '}')
}

func appendFieldError(b []byte, e *record.FieldError) []byte {
	b = append(b, `{"field":`...)
	b = appendString(b, e.Field)
	b = append(b, `,"code":`...)
	b = appendString(b, e.Code)
	b = append(b, `,"message":`...)
	b = appendString(b, e.Message)
	if e.Value != "" {
		b = append(b, `,"value":`...)
		b = appendString(b, e.Value)
	}
	return append(b, '}')
}

func appendRefs(b []byte, r *record.Refs) []byte {
	if r == nil {
		return b
	}
	b = append(b, `,"refs":{`...)
	sep := ""
	if r.Owner != "" {
		b = appendString(append(b, `"owner":`...), r.Owner)
		sep = ","
	}
	if r.Status != "" {
		b = appendString(append(append(b, sep...), `"status":`...), r.Status)
		sep = ","
	}
	if r.Tier != "" {
		b = appendString(append(append(b, sep...), `"tier":`...), r.Tier)
	}
	return append(b, '}')
}

// appendInput writes in as encoding/json does: undefined fields left out,
// null fields as null.
func appendInput(b []byte, in *record.Input) []byte {
	b = appendOptString(b, `{"id":`, in.ID)
	if in.ID.IsZero() {
		b = append(b, `{"name":`...)
	} else {
		b = append(b, `,"name":`...)
	}
	b = appendString(b, in.Name)
	b = appendOptStrings(b, `,"domains":`, in.Domains)
	b = appendOptStrings(b, `,"externalIds":`, in.ExternalIDs)
	b = appendOptString(b, `,"slackChannelId":`, in.SlackChannelID)
	b = appendOptString(b, `,"ownerId":`, in.OwnerID)
	b = appendOptString(b, `,"statusId":`, in.StatusID)
	b = appendOptInt(b, `,"revenue":`, in.Revenue)
	b = appendOptInt(b, `,"size":`, in.Size)
	b = appendOptString(b, `,"tierId":`, in.TierID)
	b = appendOptString(b, `,"logoUrl":`, in.LogoURL)
	b = appendOptString(b, `,"mainSourceId":`, in.MainSourceID)
	return append(b, '}')
}

func appendOptString(b []byte, key string, o record.Opt[string]) []byte {
	if o.IsZero() {
		return b
	}
	b = append(b, key...)
	if o.IsNull() {
		return append(b, "null"...)
	}
	return appendString(b, o.Value())
}

func appendOptStrings(b []byte, key string, o record.Opt[[]string]) []byte {
	if o.IsZero() {
		return b
	}
	b = append(b, key...)
	if o.IsNull() {
		return append(b, "null"...)
	}
	return appendStrings(b, o.Value())
}

func appendOptInt(b []byte, key string, o record.Opt[int64]) []byte {
	if o.IsZero() {
		return b
	}
	b = append(b, key...)
	if o.IsNull() {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, o.Value(), 10)
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// plainWord reports whether the 8 bytes of s are all plainASCII. It
// tests them at once: hasZero finds a byte equal to c in w^(c*ones).
func plainWord(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	hasZero := func(x uint64) bool { return (x-ones)&^x&highs != 0 }
	// With every byte below 0x80, b+0x60 has its high bit set exactly
	// when b >= 0x20, and no sum carries into the next byte.
	return w&highs == 0 && (w+0x60*ones)&highs == highs &&
		!hasZero(w^'"'*ones) && !hasZero(w^'\\'*ones) && !hasZero(w^'<'*ones) &&
		!hasZero(w^'>'*ones) && !hasZero(w^'&'*ones)
}

// plainASCII marks the ASCII bytes that appendString copies as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// and <, > and & are escaped as encoding/json does by default, so a
// report line can be pasted into HTML safely.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainWord(s[i:i+8]) {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plainASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
