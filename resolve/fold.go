package resolve

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// folders pools the transformer chains of fold, because a chain keeps
// state between calls and must not be shared by goroutines.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), cases.Fold())
}}

// fold returns the form of s that matching compares: decomposed with its
// nonspacing marks removed (so "Á" becomes "a"), case-folded, with
// surrounding white space trimmed and inner runs of white space (U+00A0
// included) collapsed to one space.
func fold(s string) string {
	if isASCII(s) {
		return collapseSpace(strings.ToLower(s))
	}
	t := folders.Get().(transform.Transformer)
	out, _, err := transform.String(t, s)
	folders.Put(t)
	if err != nil {
		// The chain reads valid and invalid UTF-8 alike, so this only
		// guards against a future change in x/text.
		out = s
	}
	// NOTE: cases.Fold of x/text v0.44.0 swaps the case of Cherokee
	// letters ("ꭹ" and "Ꭹ" trade places) instead of settling on one;
	// lowering its output makes both spellings meet.
	return collapseSpace(strings.ToLower(out))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// collapseSpace trims s and replaces each inner run of white space with
// one space. It returns s itself when there is nothing to change.
func collapseSpace(s string) string {
	fields := strings.Fields(s)
	if len(fields) == 1 && fields[0] == s {
		return s
	}
	return strings.Join(fields, " ")
}

// maxDistanceRunes caps the runes of a word that distance compares, so
// that a very long cell costs no more than a name-sized one.
const maxDistanceRunes = 64

// distance returns the Levenshtein edit distance between a and b: the
// fewest rune insertions, deletions and substitutions that turn one into
// the other. row is scratch space of at least len(b)+1 ints.
func distance(a, b []rune, row []int) int {
	row = row[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i, x := range a {
		diag := row[0] // the cell above and to the left
		row[0] = i + 1
		for j, y := range b {
			cost := 1
			if x == y {
				cost = 0
			}
			above := row[j+1]
			row[j+1] = min(above+1, row[j]+1, diag+cost)
			diag = above
		}
	}
	return row[len(b)]
}

// distanceRunes returns key as the runes that distance compares: the
// first maxDistanceRunes.
func distanceRunes(key string) []rune {
	r := []rune(key)
	return r[:min(len(r), maxDistanceRunes)]
}

// maxSuggestions is the number of closest names an "unknown" message lists.
const maxSuggestions = 3

// candidate is one thing a word could have meant: a label for messages
// and the folded keys it is known by, as distanceRunes returns them.
type candidate struct {
	label string
	keys  [][]rune
}

// newCandidate returns a candidate known by keys. A key of several words
// is also known with its words sorted, so that "Morgan Alex" comes close
// to "Alex Morgan".
func newCandidate(label string, keys ...string) candidate {
	c := candidate{label: label}
	for _, k := range keys {
		if k == "" {
			continue
		}
		c.keys = append(c.keys, distanceRunes(k))
		if sorted := sortWords(k); sorted != k {
			c.keys = append(c.keys, distanceRunes(sorted))
		}
	}
	return c
}

// sortWords returns the words of s in sorted order, joined by spaces.
func sortWords(s string) string {
	words := strings.Fields(s)
	slices.Sort(words)
	return strings.Join(words, " ")
}

// closest returns the labels of up to maxSuggestions candidates near
// key, the nearest first, ties in label order. A candidate's distance is
// that of its nearest key to key or to key with its words sorted. Only
// candidates within max(2, half of key's length) edits are near, because
// names further away are unrelated ones.
func closest(key string, cands []candidate) []string {
	type scored struct {
		label string
		dist  int
	}
	words := [][]rune{distanceRunes(key)}
	if sorted := sortWords(key); sorted != key {
		words = append(words, distanceRunes(sorted))
	}
	limit := max(2, len(words[0])/2)
	row := make([]int, maxDistanceRunes+1)
	all := make([]scored, 0, len(cands))
	for _, c := range cands {
		best := -1
		for _, k := range c.keys {
			for _, w := range words {
				if d := distance(w, k, row); best < 0 || d < best {
					best = d
				}
			}
		}
		if best >= 0 && best <= limit {
			all = append(all, scored{c.label, best})
		}
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.label, b.label))
	})
	out := make([]string, 0, maxSuggestions)
	for _, s := range all[:min(len(all), maxSuggestions)] {
		out = append(out, s.label)
	}
	return out
}
