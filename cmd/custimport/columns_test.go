package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeInput writes an input file named name into a temporary folder.
func writeInput(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestColumnWarnings checks the warnings about columns and keys that a
// dry run leaves out, and that warnings that do not apply stay away.
func TestColumnWarnings(t *testing.T) {
	mapping := writeInput(t, "mapping.txt", "Kundenname=name\nUmsatz=revenue\n")
	tests := []struct {
		name   string
		file   string
		text   string
		args   []string
		code   int
		want   []string
		absent []string
	}{
		{"unknown CSV column", "a.csv", "name,Industry\nAcme,x\n", nil, 0,
			[]string{"ignoring columns that match no customer field", "columns=Industry"},
			[]string{"ignoring keys"}},
		{"explicit mapping wins", "a.csv", "Company name,name\nAcme Inc,acme\n", []string{"--map", "Company name=name"}, 0,
			[]string{"because --map or --mapping maps another column to that field", `columns="name (its field name goes to Company name)"`},
			[]string{"both map to name"}},
		{"map names a missing column", "a.csv", "name,size\nAcme,1\n", []string{"--map", "Nonexistent=name"}, 0,
			[]string{"--map names columns that the file does not have", "unmatched=Nonexistent", `header="name, size"`},
			nil},
		{"mapping file names a missing column", "a.csv", "name,size\nAcme,1\n", []string{"--mapping", mapping}, 0,
			nil,
			[]string{"does not have", "unmatched"}},
		{"unknown JSON keys", "a.json", `[{"name":"Acme","industry":"x","Revenu":"5"},{"name":"Globex","industry":"y"}]`, nil, 0,
			[]string{"ignoring keys that match no customer field", `keys="industry (2 records, first in row 1), Revenu (1 record, first in row 1)"`},
			[]string{"seem to be inside"}},
		{"wrapped records", "w.json", `{"customers":[{"name":"Acme"},{"name":"Globex"}]}` + "\n", nil, 1,
			[]string{"the records seem to be inside a key", "key=customers", "row=1", `jq -c '.customers[]'`, "w-records.ndjson"},
			nil},
		{"wrapped records in an array", "w.json", `[{"data":[{"name":"Acme"}]}]`, nil, 1,
			[]string{"key=data", `jq -c '.[].data[]'`},
			nil},
		{"map names a missing JSON key", "a.ndjson", `{"Firma":"Acme"}` + "\n", []string{"--map", "Firma=name", "--map", "Nope=size"}, 0,
			[]string{"--map names keys that no record has", "unmatched=Nope", "keys=Firma"},
			[]string{"ignoring keys"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := writeInput(t, tt.file, tt.text)
			code, _, stderr := dryRun(t, input, tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			for _, part := range tt.want {
				if !strings.Contains(stderr, part) {
					t.Errorf("stderr does not mention %s:\n%s", part, stderr)
				}
			}
			for _, part := range tt.absent {
				if strings.Contains(stderr, part) {
					t.Errorf("stderr mentions %s:\n%s", part, stderr)
				}
			}
		})
	}
}

// TestTwoExplicitMappingsAreFatal checks that two --map entries for one
// field still stop the run before any row is read.
func TestTwoExplicitMappingsAreFatal(t *testing.T) {
	input := writeInput(t, "a.csv", "Firma,Kunde\nAcme,x\n")
	code, lines, stderr := dryRun(t, input, "--map", "Firma=name", "--map", "Kunde=name")
	if code != 2 {
		t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
	}
	if len(lines) != 0 {
		t.Errorf("report has %d lines, want none", len(lines))
	}
	if !strings.Contains(stderr, "both mapped to name") {
		t.Errorf("stderr does not name the two mappings:\n%s", stderr)
	}
}

// TestUnknownKeysInSummary checks that the summary lists unknown JSON
// keys as it lists unknown CSV columns.
func TestUnknownKeysInSummary(t *testing.T) {
	input := writeInput(t, "a.json", `[{"name":"Acme","industry":"x","Revenu":"5"}]`)
	summary := filepath.Join(t.TempDir(), "summary.json")
	if code, _, stderr := dryRun(t, input, "--summary-json", summary); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	b, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		UnknownColumns []string `json:"unknownColumns"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(s.UnknownColumns, ","), "industry,Revenu"; got != want {
		t.Errorf("unknownColumns = %q, want %q", got, want)
	}
}

func TestUnwrapCommand(t *testing.T) {
	tests := []struct {
		format, key, path string
		want              string
	}{
		{"ndjson", "customers", "export.json", `jq -c '.customers[]' export.json > export-records.ndjson`},
		{"json", "data", "dir/export.json", `jq -c '.[].data[]' dir/export.json > dir/export-records.ndjson`},
		{"ndjson", "my customers", "a b.json", `jq -c '.["my customers"][]' 'a b.json' > 'a b-records.ndjson'`},
		{"ndjson", "it's", "x.json", `jq -c '.["it'\''s"][]' x.json > x-records.ndjson`},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := unwrapCommand(tt.format, tt.key, tt.path); got != tt.want {
				t.Errorf("unwrapCommand = %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A fixed JSON rejects file imports again without a warning about the
// error key that the rejects file added.
func TestRejectsErrorKeyNotWarned(t *testing.T) {
	input := filepath.Join(t.TempDir(), "fix-me.jsonl")
	os.WriteFile(input, []byte(`{"error":"row 2: revenue was 1,200","name":"Acme","revenue":1200}`+"\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", "--progress", "none", input}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "ignoring keys") {
		t.Errorf("warned about the error key:\n%s", stderr.String())
	}
}
