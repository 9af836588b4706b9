package validate

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The reference forms of the functions that have an ASCII fast path:
// each is the code as it was before the fast path, and the fast form must
// agree with it on every input.

func trimSpaceReference(s string) string { return strings.TrimFunc(s, isSpace) }

func unwantedRuneReference(s string, lines bool) (rune, bool) {
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) && !(lines && (r == '\t' || r == '\n' || r == '\r')) {
			return r, true
		}
	}
	return 0, false
}

func isPlaceholderReference(s string) bool {
	if s == "" {
		return false
	}
	return strings.Trim(s, "-?\u2013\u2014\u2212") == "" ||
		len(s) <= maxPlaceholderLen && containsFold(placeholders, s)
}

func isUUIDv4Reference(s string) bool {
	return isUUIDShape(s) && s[14] == '4' && strings.ContainsRune("89ab", rune(s[19])) &&
		strings.ToLower(s) == s
}

func splitListReference(s string, sep func(rune) bool) []string {
	var out []string
	for _, e := range strings.FieldsFunc(s, sep) {
		if e = trimSpaceReference(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

func splitListAll(s string, sep *listSeparator) []string {
	var out []string
	splitList(s, sep, func(e string) { out = append(out, e) })
	return out
}

// checkFastPaths fails t where a fast path and its reference disagree on s.
func checkFastPaths(t *testing.T, s string) {
	if got, want := trimSpace(s), trimSpaceReference(s); got != want {
		t.Errorf("trimSpace(%q)\ngot:  %q\nwant: %q", s, got, want)
	}
	for _, lines := range []bool{false, true} {
		r, found := unwantedRune(s, lines)
		wantR, wantFound := unwantedRuneReference(s, lines)
		if r != wantR || found != wantFound {
			t.Errorf("unwantedRune(%q, %v)\ngot:  %U %v\nwant: %U %v", s, lines, r, found, wantR, wantFound)
		}
	}
	if got, want := isPlaceholder(s), isPlaceholderReference(s); got != want {
		t.Errorf("isPlaceholder(%q)\ngot:  %v\nwant: %v", s, got, want)
	}
	if got, want := isUUIDv4(s), isUUIDv4Reference(s); got != want {
		t.Errorf("isUUIDv4(%q)\ngot:  %v\nwant: %v", s, got, want)
	}
	for _, sep := range []*listSeparator{idSeparators, domainSeparators} {
		got, want := splitListAll(s, sep), splitListReference(s, sep.isSeparator)
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Errorf("splitList(%q)\ngot:  %q\nwant: %q", s, got, want)
		}
	}
	if v, ok := parsePlainInt(s); ok {
		want, err := parseIntText(s, false)
		if err != nil || v != want {
			t.Errorf("parsePlainInt(%q) = %d, but ParseInt reads %d, %v", s, v, want, err)
		}
	}
	if isPlainURL(s) {
		if p := parseURL(s); p != nil {
			t.Errorf("isPlainURL(%q) = true, but net/url rejects it: %s", s, p.reason)
		}
	}
}

var fastPathCases = []string{
	"", " ", "acme", " acme ", "\u00a0acme\u00a0", "\u200bacme\ufeff", "a\u3000", "\u2028",
	"N/A", "n/a", "NULL", "nUlL", "(blank)", "<none>", "[null]", "undefined", "--", "?",
	"\u2013\u2014", "-a", "Nope", "\u212a",
	"a\x00b", "a\tb", "a\nb", "\x7f", "\u0085", "caf\u00e9\u009f",
	"b06b392d-bbef-4644-9604-ea7aaa56f796", "B06B392D-BBEF-4644-9604-EA7AAA56F796",
	"b06b392d-bbef-4644-c604-ea7aaa56f796", "b06b392d-bbef-3644-9604-ea7aaa56f796",
	"a.com, b.com;c.com|d.com\ne.com", "x1;x2|x3\u2028x4", "a\u00a0b c\u3000d", ";;", " ; ",
	"0", "7", "00", "012", "2147483647", "2147483648", "9999999999", "12345678901", "1e3", "+5",
	"https://acme.com/logo.png", "http://a", "https://", "https:///x", "https://a_b.com/",
	"https://acme.com/a%20b", "https://acme.com:8080/x", "https://user@acme.com/",
	"HTTPS://acme.com/", "https://acme.com/x?y=1", "https://acme.com/~me/a.b-c_d",
	"https://[::1]/", "https://-a-.com/", "https://acme.com//", "https://..",
	"Company 12345 Ltd", "Company 1234\x1f5 Ltd", "Company 12345 Lt\x7f", "0123456789abcdef\x00",
	"01234567\t89abcdef", "~~~~~~~~ ~~~~~~~", "Company caf\u00e9 12", "Acme Inc.\r\nNext line",
}

func TestFastPathsAgree(t *testing.T) {
	for _, s := range fastPathCases {
		t.Run(s, func(t *testing.T) {
			checkFastPaths(t, s)
		})
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range fastPathCases {
		f.Add(s)
	}
	f.Fuzz(checkFastPaths)
}

func TestPlaceholderFirstBytes(t *testing.T) {
	for _, p := range placeholders {
		for _, s := range []string{p, strings.ToUpper(p)} {
			if !mayBePlaceholder(s[0]) {
				t.Errorf("mayBePlaceholder(%q) = false for placeholder %q", s[0], s)
			}
		}
	}
	for _, dash := range []string{"-", "?", "\u2013", "\u2014", "\u2212"} {
		if !mayBeDashes(dash[0]) {
			t.Errorf("mayBeDashes(%q) = false for %q", dash[0], dash)
		}
	}
}

func TestPlainURLAccepts(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://acme.com/logo.png", true},
		{"http://acme.com", true},
		{"https://cdn.acme.co.uk/img/a-b_c~d.svg", true},
		{"https://acme.com/", true},
		{"https://", false},
		{"https:///logo.png", false},
		{"HTTPS://acme.com/logo.png", false},
		{"https://acme.com:443/logo.png", false},
		{"https://acme.com/logo.png?v=2", false},
		{"https://acme.com/a%20b.png", false},
		{"https://ana@acme.com/", false},
		{"ftp://acme.com/logo.png", false},
		{"acme.com/logo.png", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := isPlainURL(tt.url); got != tt.want {
				t.Errorf("isPlainURL(%q)\ngot:  %v\nwant: %v", tt.url, got, tt.want)
			}
			if got := checkURL(tt.url); (got == nil) != (parseURL(tt.url) == nil) {
				t.Errorf("checkURL(%q) = %v, but net/url gives %v", tt.url, got, parseURL(tt.url))
			}
		})
	}
}

func TestHasSpace(t *testing.T) {
	tests := []struct{ name, s string }{
		{"empty", ""}, {"domain", "acme.com"}, {"space", "a b"}, {"tab", "a\tb"},
		{"no-break space", "a\u00a0b"}, {"em space after accent", "é\u2003x"}, {"accent only", "éx"},
		{"file separator", "\x1cx"}, {"vertical tab", "a\vb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strings.IndexFunc(tt.s, unicode.IsSpace) >= 0
			if got := hasSpace(tt.s); got != want {
				t.Errorf("hasSpace(%q) = %v, want %v", tt.s, got, want)
			}
		})
	}
}
