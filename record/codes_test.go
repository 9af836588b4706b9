package record

import (
	"regexp"
	"testing"
)

func TestExplainEveryCode(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	for _, code := range Codes() {
		t.Run(code, func(t *testing.T) {
			explanation, fix, ok := Explain(code)
			if !ok {
				t.Fatalf("Explain(%q) not found", code)
			}
			if explanation == "" {
				t.Errorf("explanation is empty")
			}
			if fix == "" {
				t.Errorf("fix is empty")
			}
			if !snake.MatchString(code) {
				t.Errorf("code %q is not snake_case", code)
			}
		})
	}
}

func TestCodesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, code := range Codes() {
		if seen[code] {
			t.Errorf("code %q listed twice", code)
		}
		seen[code] = true
	}
}

func TestCodesIncludeParse(t *testing.T) {
	for _, code := range []string{
		"wrong_cell_count", "unclosed_quote", "invalid_utf8",
		"invalid_json", "duplicate_key", "json_type",
		"blank_header", "record_too_long", "map_failed", "incomplete_character",
	} {
		t.Run(code, func(t *testing.T) {
			if _, _, ok := Explain(code); !ok {
				t.Errorf("Explain(%q) not found", code)
			}
		})
	}
}

func TestExplainUnknownCode(t *testing.T) {
	_, _, ok := Explain("no_such_code")
	if ok {
		t.Errorf("Explain(%q) ok = true", "no_such_code")
	}
}
