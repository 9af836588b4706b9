package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custimport/parse"
)

// sampleFile counts the records and keys in the first 64 KiB and scales
// the counts by the file's size, for CSV and NDJSON alike.
func TestSampleFile(t *testing.T) {
	const rows = 20000
	var csv, ndjson strings.Builder
	csv.WriteString("id,name,domains,externalIds,slackChannelId\n")
	keys := 0
	for i := range rows {
		id := ""
		if i%2 == 0 {
			id = fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
			keys++
		}
		fmt.Fprintf(&csv, "%s,Company %d,c%d.example.com,X-%d;Y-%d,\n", id, i, i, i, i)
		fmt.Fprintf(&ndjson, `{"id": %q, "name": "Company %d", "domains": ["c%d.example.com"], "externalIds": ["X-%d", "Y-%d"]}`+"\n", id, i, i, i, i)
		keys += 3
	}
	for name, text := range map[string]string{"in.csv": csv.String(), "in.ndjson": ndjson.String()} {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got := sampleFile(f, int64(len(text)), parse.Options{Name: name})
		f.Close()
		if got.keys < keys || got.keys > keys*13/10 {
			t.Errorf("%s: sampleFile keys = %d, want between %d and %d", name, got.keys, keys, keys*13/10)
		}
		if got.records < rows || got.records > rows*13/10 {
			t.Errorf("%s: sampleFile records = %d, want between %d and %d", name, got.records, rows, rows*13/10)
		}
	}
}
