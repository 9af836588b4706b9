package parse

import (
	"testing"

	"custimport/record"
)

// Every code that parse reports has an explanation and a fix in the
// catalogue that the HTML page shows.
func TestCodesExplained(t *testing.T) {
	codes := []string{
		CodeWrongCellCount, CodeBlankHeader, CodeUnclosedQuote, CodeInvalidUTF8, CodeInvalidJSON,
		CodeDuplicateKey, CodeRecordTooLong, CodeMapFailed, CodeIncompleteCharacter,
	}
	for _, code := range codes {
		if _, _, ok := record.Explain(code); !ok {
			t.Errorf("record.Explain(%q) not found", code)
		}
	}
}
