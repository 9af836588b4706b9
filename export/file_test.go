package export

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func writeTemp(t *testing.T, path, text string) *File {
	t.Helper()
	f, err := CreateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFileCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := writeTemp(t, path, "new")
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("before Commit the final path contains %q, want the old file", got)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("after Commit the final path contains %q, want %q", got, "new")
	}
	if err := f.Remove(); err != nil {
		t.Errorf("Remove after Commit: %v", err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"out.csv"}) {
		t.Errorf("directory contains %q, want only out.csv", names)
	}
}

func TestFileKeepIncomplete(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	f := writeTemp(t, path, "{}\n")
	name, err := f.KeepIncomplete()
	if err != nil {
		t.Fatal(err)
	}
	if name != path+IncompleteSuffix {
		t.Errorf("kept as %s, want %s", name, path+IncompleteSuffix)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"out.jsonl.incomplete"}) {
		t.Errorf("directory contains %q, want only out.jsonl.incomplete", names)
	}
}

func TestFileRemove(t *testing.T) {
	dir := t.TempDir()
	f := writeTemp(t, filepath.Join(dir, "out.csv"), "partial")
	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("directory contains %q, want nothing", names)
	}
}

func TestCreateFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
	}{
		{"directory", dir},
		{"missing directory", filepath.Join(dir, "missing", "out.csv")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if f, err := CreateFile(tt.path); err == nil {
				f.Remove()
				t.Fatalf("CreateFile(%s) succeeded, want an error", tt.path)
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("directory contains %q, want nothing", names)
			}
		})
	}
}
