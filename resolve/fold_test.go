package resolve

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii lower", "jordan lee", "jordan lee"},
		{"ascii upper", "JORDAN Lee", "jordan lee"},
		{"accents", "José Álvarez", "jose alvarez"},
		{"decomposed accents", "Jose\u0301 A\u0301lvarez", "jose alvarez"},
		{"surrounding space", "  Growth \t", "growth"},
		{"inner runs of space", "Mid   \t market", "mid market"},
		{"no-break space", "Mid\u00a0\u00a0Market", "mid market"},
		{"sharp s", "Straße", "strasse"},
		{"dotted capital I", "İstanbul", "istanbul"},
		{"cedilla and umlaut", "Françoise Müller", "francoise muller"},
		{"empty", "", ""},
		{"only space", " \t ", ""},
		{"email", "Jose@Example.COM", "jose@example.com"},
		{"cherokee small", "ꭹ", "ꭹ"},
		{"cherokee capital", "Ꭹ", "ꭹ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fold(tt.in)
			if got != tt.want {
				t.Errorf("fold(%q)\ngot  %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"José Álvarez", "  a  b ", "Straße", "İ", "\xff", "ǰ", "\u0345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := fold(s)
		if twice := fold(once); twice != once {
			t.Errorf("fold is not idempotent on %q: %q then %q", s, once, twice)
		}
		if once != strings.TrimSpace(once) || strings.Contains(once, "  ") {
			t.Errorf("fold(%q) = %q keeps surrounding or repeated space", s, once)
		}
		if utf8.ValidString(s) && !utf8.ValidString(once) {
			t.Errorf("fold(%q) = %q is not valid UTF-8", s, once)
		}
	})
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"active", "actve", 1},
		{"kitten", "sitting", 3},
		{"josé", "jose", 1},
		{"growth", "growth", 0},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			row := make([]int, maxDistanceRunes+1)
			a, b := distanceRunes(tt.a), distanceRunes(tt.b)
			if got := distance(a, b, row); got != tt.want {
				t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := distance(b, a, row); got != tt.want {
				t.Errorf("distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestDistanceClipsLongWords(t *testing.T) {
	long := distanceRunes(strings.Repeat("a", 10_000))
	row := make([]int, maxDistanceRunes+1)
	if got := distance(long, distanceRunes("b"), row); got != maxDistanceRunes {
		t.Errorf("distance(10000 × a, b) = %d, want %d", got, maxDistanceRunes)
	}
}

func TestClosest(t *testing.T) {
	cands := []candidate{
		newCandidate("Read", "read"),
		newCandidate("Lead", "lead"),
		newCandidate("Active", "active"),
		newCandidate("Churned", "churned"),
		newCandidate("Paused", "paused", "on hold"),
		newCandidate("Nameless", ""),
	}
	tests := []struct {
		name, key string
		want      []string
	}{
		{"typo first", "actve", []string{"Active"}},
		{"display name counts", "on hld", []string{"Paused"}},
		{"ties in label order", "ead", []string{"Lead", "Read"}},
		{"words in another order", "hold on", []string{"Paused"}},
		{"nothing near", "zzzzzzz", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := closest(tt.key, cands)
			if !slices.Equal(got, tt.want) {
				t.Errorf("closest(%q)\ngot  %q\nwant %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestClosestEmpty(t *testing.T) {
	if got := closest("x", nil); len(got) != 0 {
		t.Errorf("closest with no candidates = %q, want none", got)
	}
}
