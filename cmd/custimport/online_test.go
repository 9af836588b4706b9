package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custimport/workspace"
)

// importLocal runs custimport import --to local:db in this process and
// returns the exit status, the report and stderr.
func importLocal(t *testing.T, db, input string, extra ...string) (int, []reportLine, string) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.jsonl")
	args := append([]string{"import", "--to", "local:" + db, "--progress", "none", "--report", report}, extra...)
	var stdout, stderr bytes.Buffer
	code := run(append(args, input), &stdout, &stderr)
	var lines []reportLine
	if _, err := os.Stat(report); err == nil {
		lines = readReport(t, report)
	}
	return code, lines, stderr.String()
}

func countCustomers(t *testing.T, db string) int {
	t.Helper()
	s, err := workspace.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportOneBadRow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	code, lines, stderr := importLocal(t, db, filepath.Join("testdata", "cases", "B38-one-bad-row.csv"), "--batch-size", "10")
	if code != 1 {
		t.Fatalf("exit status %d, want 1; stderr:\n%s", code, stderr)
	}
	want := map[int]string{2: "created", 3: "created", 4: "invalid", 5: "invalid", 6: "created"}
	for _, l := range lines {
		if want[l.Row] != l.Status {
			t.Errorf("row %d: %s, want %s", l.Row, l.Status, want[l.Row])
		}
	}
	if n := countCustomers(t, db); n != 3 {
		t.Errorf("workspace has %d customers, want 3", n)
	}
}

func TestImportSamples(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	code, lines, stderr := importLocal(t, db, filepath.Join("..", "..", "samples", "customers.csv"))
	if code != 1 {
		t.Fatalf("exit status %d, want 1 (the samples hold a few bad rows); stderr:\n%s", code, stderr)
	}
	created := 0
	for _, l := range lines {
		if l.Status == "created" {
			created++
		}
	}
	if n := countCustomers(t, db); n != created || n < 150 {
		t.Errorf("workspace has %d customers, report %d created", n, created)
	}
}

func TestOnExistingModes(t *testing.T) {
	input := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(input, []byte("name,domains,size\nAcme,acme.example.com,10\nGlobex,globex.example.com,20\n"), 0o644)
	changed := filepath.Join(t.TempDir(), "changed.csv")
	os.WriteFile(changed, []byte("name,domains,size\nAcme Corp,acme.example.com,99\nInitech,initech.example.com,5\n"), 0o644)
	tests := []struct {
		mode string
		want map[int]string
		code int
	}{
		{"skip", map[int]string{2: "skipped", 3: "created"}, 0},
		{"update", map[int]string{2: "updated", 3: "created"}, 0},
		{"fail", map[int]string{2: "invalid", 3: "created"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.db")
			if code, _, stderr := importLocal(t, db, input); code != 0 {
				t.Fatalf("first import: exit status %d; stderr:\n%s", code, stderr)
			}
			code, lines, stderr := importLocal(t, db, changed, "--on-existing", tt.mode)
			if code != tt.code {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			for _, l := range lines {
				if tt.want[l.Row] != l.Status {
					t.Errorf("row %d: %s, want %s (errors %+v)", l.Row, l.Status, tt.want[l.Row], l.Errors)
				}
			}
			if n := countCustomers(t, db); n != 3 {
				t.Errorf("workspace has %d customers, want 3", n)
			}
			if tt.mode == "update" {
				checkUpdatedName(t, db, "acme.example.com", "Acme Corp")
			}
		})
	}
}

func checkUpdatedName(t *testing.T, db, domain, want string) {
	t.Helper()
	s, err := workspace.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := s.ListCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		for _, d := range c.Domains {
			if d == domain && c.Name != want {
				t.Errorf("customer with %s is named %q, want %q", domain, c.Name, want)
			}
		}
	}
}

// A dry run given a destination reads the workspace and reports what a
// real run would do, and writes nothing.
func TestDryRunAgainstWorkspace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	first := filepath.Join(t.TempDir(), "first.csv")
	os.WriteFile(first, []byte("name,domains\nAcme,acme.example.com\n"), 0o644)
	if code, _, stderr := importLocal(t, db, first); code != 0 {
		t.Fatalf("first import: exit status %d; stderr:\n%s", code, stderr)
	}
	input := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(input, []byte("name,domains\nAcme again,acme.example.com\nNew Co,new.example.com\n"), 0o644)
	code, lines, stderr := importLocal(t, db, input, "--dry-run")
	if code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	want := map[int]string{2: "skipped", 3: "valid"}
	for _, l := range lines {
		if want[l.Row] != l.Status {
			t.Errorf("row %d: %s, want %s", l.Row, l.Status, want[l.Row])
		}
	}
	if n := countCustomers(t, db); n != 1 {
		t.Errorf("workspace has %d customers after a dry run, want 1", n)
	}
	if !strings.Contains(stderr, "dry run") {
		t.Errorf("summary does not say dry run:\n%s", stderr)
	}
}

// A resumed run never writes over the report it resumes from.
func TestResumeKeepsEarlierReport(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	os.WriteFile(input, []byte("name,domains\nAcme,acme.example.com\n"), 0o644)
	db := filepath.Join(dir, "w.db")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"import", "--to", "local:" + db, "--progress", "none", input}, &stdout, &stderr); code != 0 {
		t.Fatalf("first run: exit status %d; stderr:\n%s", code, stderr.String())
	}
	first := filepath.Join(dir, "in.report.csv")
	before, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}

	stderr.Reset()
	if code := run([]string{"import", "--to", "local:" + db, "--progress", "none", "--resume", first, input}, &stdout, &stderr); code != 0 {
		t.Fatalf("resumed run: exit status %d; stderr:\n%s", code, stderr.String())
	}
	after, _ := os.ReadFile(first)
	if !bytes.Equal(before, after) {
		t.Errorf("the resumed run changed the report it resumed from")
	}
	if _, err := os.Stat(filepath.Join(dir, "in.report-2.csv")); err != nil {
		t.Errorf("resumed run's report not at in.report-2.csv: %v", err)
	}

	// Resuming from the second report writes a third, leaving both.
	second, _ := os.ReadFile(filepath.Join(dir, "in.report-2.csv"))
	stderr.Reset()
	if code := run([]string{"import", "--to", "local:" + db, "--progress", "none", "--resume", filepath.Join(dir, "in.report-2.csv"), input}, &stdout, &stderr); code != 0 {
		t.Fatalf("second resumed run: exit status %d; stderr:\n%s", code, stderr.String())
	}
	if after, _ := os.ReadFile(first); !bytes.Equal(before, after) {
		t.Errorf("resuming from the second report changed the first")
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "in.report-2.csv")); !bytes.Equal(second, after) {
		t.Errorf("resuming from the second report changed it")
	}
	if _, err := os.Stat(filepath.Join(dir, "in.report-3.csv")); err != nil {
		t.Errorf("third report not at in.report-3.csv: %v", err)
	}

	stderr.Reset()
	code := run([]string{"import", "--to", "local:" + db, "--progress", "none", "--resume", first, "--report", first, input}, &stdout, &stderr)
	if code != 2 {
		t.Errorf("same --report and --resume: exit status %d, want 2", code)
	}
	if !strings.Contains(stderr.String(), "--report and --resume both name") {
		t.Errorf("message does not explain the clash:\n%s", stderr.String())
	}
	after, _ = os.ReadFile(first)
	if !bytes.Equal(before, after) {
		t.Errorf("a rejected run changed the report named by --resume")
	}
}

func TestResumeWarnsAboutChangedRows(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	os.WriteFile(input, []byte("name,domains,revenue\nAcme,acme.example.com,50000\nGlobex,globex.example.com,100\n"), 0o644)
	db := filepath.Join(dir, "w.db")
	first := filepath.Join(dir, "first.jsonl")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"import", "--to", "local:" + db, "--progress", "none", "--report", first, input}, &stdout, &stderr); code != 0 {
		t.Fatalf("first run: exit status %d; stderr:\n%s", code, stderr.String())
	}
	os.WriteFile(input, []byte("name,domains,revenue\nAcme,acme.example.com,60000\nGlobex,globex.example.com,100\n"), 0o644)
	stderr.Reset()
	second := filepath.Join(dir, "second.jsonl")
	if code := run([]string{"import", "--to", "local:" + db, "--progress", "none", "--resume", first, "--report", second, input}, &stdout, &stderr); code != 0 {
		t.Fatalf("resumed run: exit status %d; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "changed since") || !strings.Contains(stderr.String(), "rows=2") {
		t.Errorf("no warning naming row 2 as changed:\n%s", stderr.String())
	}
}

// An update that would change nothing is not sent.
func TestUpdateSkipsUnchangedRows(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	os.WriteFile(input, []byte("name,domains,size,revenue,owner,status,tier\nAcme,acme.example.com;acme.io,10,5000,alex@example.com,Active,Growth\nGlobex,globex.example.com,20,,,,\n"), 0o644)
	db := filepath.Join(dir, "w.db")
	if code, _, stderr := importLocal(t, db, input); code != 0 {
		t.Fatalf("first import: exit status %d; stderr:\n%s", code, stderr)
	}
	code, lines, stderr := importLocal(t, db, input, "--on-existing", "update")
	if code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	for _, l := range lines {
		if l.Status != "skipped" {
			t.Errorf("row %d: %s, want skipped as unchanged", l.Row, l.Status)
		}
	}
}

func TestOutputsNeverOverwriteInputs(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	content := []byte("name,domains\nAcme,acme.example.com\n")
	os.WriteFile(input, content, 0o644)
	other := filepath.Join(dir, "out.csv")
	tests := []struct {
		name string
		args []string
	}{
		{"report is input", []string{"--report", input}},
		{"rejects is input", []string{"--rejects", input}},
		{"html is input", []string{"--html", input}},
		{"summary is input", []string{"--summary-json", input}},
		{"report and rejects", []string{"--report", other, "--rejects", other}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"validate", "--progress", "none"}, tt.args...)
			if code := run(append(args, input), &stdout, &stderr); code != 2 {
				t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr.String())
			}
			if got, _ := os.ReadFile(input); !bytes.Equal(got, content) {
				t.Errorf("the input file was changed")
			}
		})
	}
}

// A plain re-run finds the customers of rows without any key by the ids
// derived for them, and reports them as existing, not created.
func TestRerunFindsKeylessRows(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	os.WriteFile(input, []byte("name,size\nNo Key One,1\nNo Key Two,2\n"), 0o644)
	db := filepath.Join(dir, "w.db")
	if code, _, stderr := importLocal(t, db, input); code != 0 {
		t.Fatalf("first import: exit status %d; stderr:\n%s", code, stderr)
	}
	tests := []struct{ mode, want string }{{"skip", "skipped"}, {"fail", "invalid"}}
	for _, tt := range tests {
		code, lines, stderr := importLocal(t, db, input, "--on-existing", tt.mode)
		if tt.mode == "skip" && code != 0 || tt.mode == "fail" && code != 1 {
			t.Errorf("--on-existing %s: exit status %d; stderr:\n%s", tt.mode, code, stderr)
		}
		for _, l := range lines {
			if l.Status != tt.want {
				t.Errorf("--on-existing %s: row %d %s, want %s", tt.mode, l.Row, l.Status, tt.want)
			}
		}
	}
	if n := countCustomers(t, db); n != 2 {
		t.Errorf("workspace has %d customers, want 2", n)
	}
}

// A dry run with no workspace warns that it did not look up owner, status
// and tier names. One against a workspace looks them up and logs no warning.
func TestDryRunSaysNamesWereNotLookedUp(t *testing.T) {
	input := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(input, []byte("name,Account Owner,tier\nAcme,ana@example.com,Gold\n"), 0o644)
	_, _, stderr := dryRun(t, input)
	if !strings.Contains(stderr, "not looked up") || !strings.Contains(stderr, `columns="Account Owner, tier"`) {
		t.Errorf("offline dry run does not name the columns it did not look up:\n%s", stderr)
	}
	db := filepath.Join(t.TempDir(), "w.db")
	s, err := workspace.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, _, stderr = importLocal(t, db, input, "--dry-run")
	if strings.Contains(stderr, "not looked up") {
		t.Errorf("dry run against a workspace says names were not looked up:\n%s", stderr)
	}
}

// A dry run never creates the local workspace it is pointed at.
func TestDryRunCreatesNoWorkspace(t *testing.T) {
	input := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(input, []byte("name\nAcme\n"), 0o644)
	db := filepath.Join(t.TempDir(), "w.db")
	code, _, stderr := importLocal(t, db, input, "--dry-run")
	if code != 2 || !strings.Contains(stderr, "a dry run creates none") {
		t.Errorf("exit status %d, want 2 with a reason; stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the dry run created the workspace file")
	}
}

// A report resumed against another workspace shows no row done there:
// every row is created, and a warning names the mistake.
func TestResumeFromAnotherWorkspace(t *testing.T) {
	input := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(input, []byte("id,name,domains\nb06b392d-bbef-4644-9604-ea7aaa56f796,Acme,acme.example.com\n,Initech,\n"), 0o644)
	rehearsal := filepath.Join(t.TempDir(), "rehearsal.db")
	report := filepath.Join(t.TempDir(), "rehearsal.jsonl")
	var stderr0 bytes.Buffer
	if code := run([]string{"import", "--to", "local:" + rehearsal, "--progress", "none", "--report", report, input}, io.Discard, &stderr0); code != 0 {
		t.Fatalf("rehearsal: exit status %d; stderr:\n%s", code, stderr0.String())
	}
	real := filepath.Join(t.TempDir(), "real.db")
	code, lines, stderr := importLocal(t, real, input, "--resume", report)
	if code != 0 {
		t.Fatalf("resumed import: exit status %d; stderr:\n%s", code, stderr)
	}
	for _, l := range lines {
		if l.Status != "created" {
			t.Errorf("row %d: %s, want created", l.Row, l.Status)
		}
	}
	if n := countCustomers(t, real); n != 2 {
		t.Errorf("workspace holds %d customers, want 2", n)
	}
	if !strings.Contains(stderr, "written for another workspace") {
		t.Errorf("no warning that the report belongs elsewhere:\n%s", stderr)
	}
}

// The default report of a real import is never written over: a later
// import or dry run numbers its own. A dry run's report is written over.
func TestDefaultReportKeepsImportRecord(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	os.WriteFile(input, []byte("name,domains\nAcme,acme.example.com\n"), 0o644)
	report := filepath.Join(dir, "in.report.csv")
	runQuiet := func(args ...string) {
		t.Helper()
		var stderr bytes.Buffer
		if code := run(append(args, "--progress", "none", input), io.Discard, &stderr); code != 0 {
			t.Fatalf("%v: exit status %d; stderr:\n%s", args, code, stderr.String())
		}
	}

	runQuiet("validate")
	runQuiet("validate")
	if fileExists(filepath.Join(dir, "in.report-2.csv")) {
		t.Errorf("a second dry run numbered its report instead of writing over the first dry run's")
	}

	db := "local:" + filepath.Join(dir, "w.db")
	runQuiet("import", "--to", db)
	imported, err := os.ReadFile(report)
	if err != nil || !strings.Contains(string(imported), ",created,") {
		t.Fatalf("the import's report %s lacks a created row (%v):\n%s", report, err, imported)
	}

	// Dry runs after the import write one numbered report, over and over.
	runQuiet("validate")
	runQuiet("validate")
	if !fileExists(filepath.Join(dir, "in.report-2.csv")) || fileExists(filepath.Join(dir, "in.report-3.csv")) {
		t.Errorf("two dry runs after an import did not share in.report-2.csv")
	}
	// An import writes over that dry run's report, and the next one
	// writes next to both imports' reports.
	runQuiet("import", "--to", db)
	runQuiet("import", "--to", db)
	after, _ := os.ReadFile(report)
	if string(after) != string(imported) {
		t.Errorf("the import's report was written over:\n%s", after)
	}
	for _, name := range []string{"in.report-2.csv", "in.report-3.csv"} {
		if !fileExists(filepath.Join(dir, name)) {
			t.Errorf("no %s for the later runs", name)
		}
	}
}

// An output that cannot be written stops the run before it starts, and
// leaves no empty default report that a later run would keep as the
// record of an import.
func TestUnwritableOutputs(t *testing.T) {
	dir := t.TempDir()
	csvIn := filepath.Join(dir, "in.csv")
	os.WriteFile(csvIn, []byte("name\nAcme\n"), 0o644)
	jsonIn := filepath.Join(dir, "in.json")
	os.WriteFile(jsonIn, []byte(`[{"name":"Acme"}]`), 0o644)
	missing := filepath.Join(dir, "missing")
	tests := []struct {
		name, input, flag, path, want string
	}{
		{"rejects folder missing", csvIn, "--rejects", filepath.Join(missing, "r.csv"), "the folder cannot be written"},
		{"summary folder missing", csvIn, "--summary-json", filepath.Join(missing, "s.json"), "the folder cannot be written"},
		{"page folder missing", csvIn, "--html", filepath.Join(missing, "p.html"), "the folder cannot be written"},
		{"JSON rejects named csv", jsonIn, "--rejects", filepath.Join(dir, "r.csv"), "give a name ending in .jsonl"},
		{"page is a folder", csvIn, "--html", dir, "that is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"validate", "--progress", "none", tt.flag, tt.path, tt.input}, &stdout, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit status %d, want 2 with %q; stderr:\n%s", code, tt.want, stderr.String())
			}
			report := strings.TrimSuffix(tt.input, filepath.Ext(tt.input)) + ".report.csv"
			if _, err := os.Stat(report); err == nil {
				t.Errorf("%s was written", report)
			}
			if strings.Contains(stderr.String(), "probe") {
				t.Errorf("message names the probe file:\n%s", stderr.String())
			}
		})
	}
}

// An empty default report, left by a run that stopped before its first
// line, is written over like a dry run's report.
func TestEmptyReportWrittenOver(t *testing.T) {
	input := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(input, []byte("name\nAcme\n"), 0o644)
	report := strings.TrimSuffix(input, ".csv") + ".report.csv"
	os.WriteFile(report, nil, 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", "--progress", "none", input}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr.String())
	}
	if st, err := os.Stat(report); err != nil || st.Size() == 0 {
		t.Errorf("%s was not written over: %v", report, err)
	}
	if _, err := os.Stat(strings.TrimSuffix(report, ".csv") + "-2.csv"); err == nil {
		t.Error("the run numbered its report after an empty one")
	}
}

func TestFlagMessages(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "custimport import: unknown flag --bogus (run 'custimport help import' for the flags)"},
		{[]string{"--workers", "abc"}, `custimport import: --workers "abc": not a whole number`},
		{[]string{"--workers", "99999999999999999999"}, `custimport import: --workers "99999999999999999999": out of range`},
		{[]string{"--dry-run=maybe"}, `custimport import: --dry-run "maybe": not true or false`},
		{[]string{"--batch-size", "0"}, "custimport import: --batch-size 0: use 1 to 250"},
		{[]string{"in.csv", "--report"}, "custimport import: --report needs a value"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"import"}, tt.args...), &stdout, &stderr)
			if code != 2 || !strings.HasPrefix(stderr.String(), tt.want) {
				t.Errorf("exit status %d, stderr:\n%s\nwant 2 and a line starting %q", code, stderr.String(), tt.want)
			}
		})
	}
}

// A report that cannot be created leaves an earlier rejects file as it
// was: nothing is created before every output's folder is checked.
func TestFailedReportKeepsRejects(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	os.WriteFile(input, []byte("name\nAcme\n"), 0o644)
	rejects := filepath.Join(dir, "fix-me.csv")
	os.WriteFile(rejects, []byte("name,error\nfixed by hand,\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run([]string{"validate", "--progress", "none", "--rejects", rejects,
		"--report", filepath.Join(dir, "missing", "run.csv"), input}, &stdout, &stderr)
	if code != 2 {
		t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr.String())
	}
	if b, _ := os.ReadFile(rejects); string(b) != "name,error\nfixed by hand,\n" {
		t.Errorf("rejects file changed to %q", b)
	}
}

// A wrong output path is found before the workspace is opened, so no
// workspace file is created and no request is sent.
func TestOutputPathCheckedBeforeWorkspace(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	os.WriteFile(input, []byte("name\nAcme\n"), 0o644)
	db := filepath.Join(dir, "fresh.db")
	code, _, stderr := importLocal(t, db, input, "--html", filepath.Join(dir, "missing", "p.html"))
	if code != 2 || !strings.Contains(stderr, "the folder cannot be written") {
		t.Errorf("exit status %d, want 2 naming the folder; stderr:\n%s", code, stderr)
	}
	if fileExists(db) {
		t.Error("the workspace file was created")
	}
}
