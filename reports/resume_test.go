package reports

import (
	"os"
	"path/filepath"
	"testing"
)

// writeReport writes lines as a report of the given format and returns
// its path.
func writeReport(t *testing.T, format string, lines []Line) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r."+format)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(f, format)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lines {
		if err := w.Write(&lines[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// RecordsImport tells a real import's report from a dry run's, in both
// forms, and looks no further than maxLines.
func TestRecordsImport(t *testing.T) {
	dry := []Line{{Row: 2, Status: Valid, ID: "b06b392d-bbef-4644-9604-ea7aaa56f796"}, {Row: 3, Status: Invalid}, {Row: 4, Status: Skipped, Reason: "blank"}}
	tests := []struct {
		name     string
		lines    []Line
		maxLines int
		want     bool
	}{
		{"dry run", dry, 100, false},
		{"created", append(dry, Line{Row: 5, Status: Created, ID: "id-5"}), 100, true},
		{"failed", append(dry, Line{Row: 5, Status: Failed}), 100, true},
		{"skipped as existing", append(dry, Line{Row: 5, Status: Skipped, ID: "id-5"}), 100, true},
		{"beyond maxLines", append(dry, Line{Row: 5, Status: Created, ID: "id-5"}), 3, false},
	}
	for _, tt := range tests {
		for _, format := range []string{"csv", "jsonl"} {
			got, err := RecordsImport(writeReport(t, format, tt.lines), tt.maxLines)
			if err != nil {
				t.Fatalf("%s, %s: %v", tt.name, format, err)
			}
			if got != tt.want {
				t.Errorf("%s, %s: RecordsImport = %v, want %v", tt.name, format, got, tt.want)
			}
		}
	}
}
