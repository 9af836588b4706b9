package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"custimport/export"
	"custimport/export/exporttest"
	"custimport/record"
	"custimport/workspace"
)

// startExportWorkspace serves a new local workspace on loopback and
// creates n customers in it. Documents are checked against Linear's
// schema when CUSTIMPORT_LINEAR_SCHEMA names it.
func startExportWorkspace(t *testing.T, opts workspace.Options, n int) (*workspace.Running, map[string]record.Input) {
	t.Helper()
	opts.DBPath = filepath.Join(t.TempDir(), "workspace.db")
	opts.Addr = "127.0.0.1:0"
	opts.SchemaPath = os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	r, err := workspace.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeWorkspace(r) })
	byID := make(map[string]record.Input, n)
	for i := range n {
		in := exporttest.Customer(i)
		if _, err := r.Store.CreateCustomer(t.Context(), in); err != nil {
			t.Fatalf("create customer %d: %v", i, err)
		}
		byID[in.ID.Value()] = in
	}
	return r, byID
}

func closeWorkspace(r *workspace.Running) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.Close(ctx)
}

// runExportArgs runs custimport export in this process.
func runExportArgs(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	code = runExport(ctx, args, &out, &errs)
	return code, out.String(), errs.String()
}

// writeKeyFile writes key to a file readable by its owner only.
func writeKeyFile(t *testing.T, key string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var pageLine = regexp.MustCompile(`msg="page written" customers=(\d+)`)

// pageSizes reads the page sizes from the debug log.
func pageSizes(stderr string) []int {
	var sizes []int
	for _, m := range pageLine.FindAllStringSubmatch(stderr, -1) {
		n, _ := strconv.Atoi(m[1])
		sizes = append(sizes, n)
	}
	return sizes
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

func TestExportCSVLocal(t *testing.T) {
	r, want := startExportWorkspace(t, workspace.Options{}, 600)
	db := r.Store.Path()
	closeWorkspace(r)
	dir := t.TempDir()
	out := filepath.Join(dir, "customers.csv")

	code, _, stderr := runExportArgs(t.Context(), "--from", "local:"+db, "--out", out, "--log-level", "debug")
	if code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	t.Log(lastLine(stderr))
	if sizes := pageSizes(stderr); !slices.Equal(sizes, []int{250, 250, 100}) {
		t.Errorf("page sizes %v, want [250 250 100]", sizes)
	}
	if !strings.Contains(lastLine(stderr), "wrote 600 customers in 3 pages to "+out) {
		t.Errorf("summary line %q does not report 600 customers in 3 pages", lastLine(stderr))
	}
	if names := entries(t, dir); !slices.Equal(names, []string{"customers.csv"}) {
		t.Errorf("output directory contains %q, want customers.csv alone", names)
	}
	checkCSVExport(t, out, want)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// checkCSVExport checks that the CSV file at path contains each customer of
// want once, with the cells an export writes.
func checkCSVExport(t *testing.T, path string, want map[string]record.Input) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], export.Columns()) {
		t.Fatalf("header %q\nwant %q", rows[0], export.Columns())
	}
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		if seen[row[0]] {
			t.Errorf("customer %s written twice", row[0])
		}
		seen[row[0]] = true
		if w := exporttest.Cells(want[row[0]]); !slices.Equal(row, w) {
			t.Errorf("customer %s:\n got %q\nwant %q", row[0], row, w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("file contains %d customers, want %d", len(seen), len(want))
	}
}

func TestExportJSONLOverHTTP(t *testing.T) {
	r, want := startExportWorkspace(t, workspace.Options{}, 600)
	out := filepath.Join(t.TempDir(), "customers.jsonl")
	code, stdout, stderr := runExportArgs(t.Context(), "--from", r.URL, "--api-key-file", writeKeyFile(t, r.APIKey), "--out", out)
	if code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	if strings.Contains(stdout+stderr, r.APIKey) {
		t.Error("output contains the API key")
	}
	if !strings.Contains(stderr, "wrote 600 customers in 3 pages") {
		t.Errorf("summary %q does not report 600 customers in 3 pages", stderr)
	}
	checkJSONLExport(t, out, want)
}

// checkJSONLExport checks that the JSON Lines file at path contains each
// customer of want once, with lists as arrays, numbers as integers and
// undefined fields left out.
func checkJSONLExport(t *testing.T, path string, want map[string]record.Input) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var got map[string]any
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		id, _ := got["id"].(string)
		if seen[id] {
			t.Errorf("customer %s written twice", id)
		}
		seen[id] = true
		if w := exporttest.Object(want[id], export.Columns()); !reflect.DeepEqual(got, w) {
			t.Errorf("customer %s:\n got %v\nwant %v", id, got, w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("file contains %d customers, want %d", len(seen), len(want))
	}
}

func TestExportRoundTrip(t *testing.T) {
	r, _ := startExportWorkspace(t, workspace.Options{}, 600)
	db := r.Store.Path()
	closeWorkspace(r)
	for _, ext := range []string{"csv", "jsonl"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			exported := filepath.Join(dir, "customers."+ext)
			if code, _, stderr := runExportArgs(t.Context(), "--from", "local:"+db, "--out", exported); code != 0 {
				t.Fatalf("export: exit status %d; stderr:\n%s", code, stderr)
			}
			copyDB := filepath.Join(dir, "copy.db")
			var stdout, stderr bytes.Buffer
			if code := run([]string{"import", "--to", "local:" + copyDB, "--progress", "none", exported}, &stdout, &stderr); code != 0 {
				t.Fatalf("import: exit status %d; stderr:\n%s", code, stderr.String())
			}
			compareWorkspaces(t, db, copyDB)
		})
	}
}

// compareWorkspaces checks that the workspace files at a and b contain the
// same customers, field by field, with the same ids.
func compareWorkspaces(t *testing.T, a, b string) {
	t.Helper()
	want, got := listCustomers(t, a), listCustomers(t, b)
	if len(got) != len(want) {
		t.Errorf("copy has %d customers, want %d", len(got), len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("customer %s (%q) is missing from the copy", id, w.Name)
			continue
		}
		compareFields(t, id, []string{"name", "domains", "externalIds", "slackChannelId", "revenue", "size", "logoUrl", "mainSourceId"},
			[]any{g.Name, g.Domains, g.ExternalIDs, g.SlackChannelID, g.Revenue, g.Size, g.LogoURL, g.MainSourceID},
			[]any{w.Name, w.Domains, w.ExternalIDs, w.SlackChannelID, w.Revenue, w.Size, w.LogoURL, w.MainSourceID})
	}
	t.Run("references", func(t *testing.T) {
		for id, w := range want {
			g := got[id]
			compareFields(t, id, []string{"ownerId", "statusId", "tierId"},
				[]any{g.OwnerID, g.StatusID, g.TierID}, []any{w.OwnerID, w.StatusID, w.TierID})
		}
	})
}

func compareFields(t *testing.T, id string, names []string, got, want []any) {
	t.Helper()
	for i, name := range names {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("customer %s: %s = %s, want %s", id, name, show(got[i]), show(want[i]))
		}
	}
}

// show formats a field value, following pointers.
func show(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("%q", fmt.Sprint(rv.Elem().Interface()))
	}
	return fmt.Sprintf("%q", fmt.Sprint(v))
}

func listCustomers(t *testing.T, db string) map[string]workspace.Customer {
	t.Helper()
	s, err := workspace.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.ListCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]workspace.Customer, len(list))
	for _, c := range list {
		byID[c.ID] = c
	}
	return byID
}

func TestExportBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no flags", nil, "missing --from"},
		{"missing from", []string{"--out", "OUT.csv"}, "missing --from"},
		{"missing out", []string{"--from", "local:w.db"}, "missing --out"},
		{"unknown extension", []string{"--from", "local:w.db", "--out", "OUT.txt"}, `unknown extension ".txt"`},
		{"no extension", []string{"--from", "local:w.db", "--out", "OUT"}, "has no extension"},
		{"unknown flag", []string{"--from", "local:w.db", "--out", "OUT.csv", "--format", "csv"}, "unknown flag --format"},
		{"positional argument", []string{"--from", "local:w.db", "--out", "OUT.csv", "extra"}, `unexpected argument "extra"`},
		{"bad log level", []string{"--from", "local:w.db", "--out", "OUT.csv", "--log-level", "loud"}, `--log-level "loud": use debug`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "OUT", filepath.Join(dir, "out"))
			}
			code, stdout, stderr := runExportArgs(t.Context(), args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.want)
			}
			if n := strings.Count(stderr, "\n"); n != 1 {
				t.Errorf("stderr has %d lines, want 1:\n%s", n, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if names := entries(t, dir); len(names) != 0 {
				t.Errorf("directory contains %q, want nothing", names)
			}
		})
	}
}

func TestExportCannotStart(t *testing.T) {
	r, _ := startExportWorkspace(t, workspace.Options{}, 3)
	wrongKey := workspace.NewAPIKey()
	missingDB := filepath.Join(t.TempDir(), "missing.db")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"wrong key", []string{"--from", r.URL, "--api-key-file", writeKeyFile(t, wrongKey)}, "not accepted"},
		{"no key", []string{"--from", r.URL}, "no API key"},
		{"unreadable key file", []string{"--from", r.URL, "--api-key-file", filepath.Join(t.TempDir(), "none")}, "read --api-key-file"},
		{"unreachable", []string{"--from", "http://127.0.0.1:1/graphql", "--api-key-file", writeKeyFile(t, wrongKey)}, "network"},
		{"missing local file", []string{"--from", "local:" + missingDB}, "no workspace file at " + missingDB},
		{"unwritable out", []string{"--from", r.URL, "--api-key-file", writeKeyFile(t, r.APIKey), "--out", "/nonexistent-dir/out.csv"}, "--out /nonexistent-dir/out.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := tt.args
			if !slices.Contains(args, "--out") {
				args = append(args, "--out", filepath.Join(dir, "out.csv"))
			}
			code, stdout, stderr := runExportArgs(t.Context(), args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.want)
			}
			if n := strings.Count(stderr, "\n"); n != 1 {
				t.Errorf("stderr has %d lines, want 1:\n%s", n, stderr)
			}
			if strings.Contains(stdout+stderr, wrongKey) || strings.Contains(stdout+stderr, r.APIKey) {
				t.Error("output contains an API key")
			}
			if names := entries(t, dir); len(names) != 0 {
				t.Errorf("directory contains %q, want nothing", names)
			}
		})
	}
	if _, err := os.Stat(missingDB); err == nil {
		t.Error("export created the missing local workspace file")
	}
}

func TestExportInterrupted(t *testing.T) {
	// The latency leaves time to cancel while the second page is requested.
	r, _ := startExportWorkspace(t, workspace.Options{Latency: 250 * time.Millisecond}, 600)
	dir := t.TempDir()
	out := filepath.Join(dir, "customers.csv")
	keyFile := writeKeyFile(t, r.APIKey)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, _, stderr := runExportArgs(ctx, "--from", r.URL, "--api-key-file", keyFile, "--out", out)
		done <- result{code, stderr}
	}()
	waitForData(t, dir)
	cancel()
	res := <-done

	if res.code != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "interrupted after 250 customers in 1 page") {
		t.Errorf("stderr %q does not report the interruption after 250 customers", res.stderr)
	}
	if !strings.Contains(res.stderr, "which is incomplete") {
		t.Errorf("stderr %q does not say that the kept file is incomplete", res.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was created by an interrupted export", out)
	}
	data, err := os.ReadFile(out + export.IncompleteSuffix)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 251 {
		t.Errorf("incomplete file contains %d lines, want the header and the first page of 250", len(rows))
	}
}

// waitForData waits until a file in dir contains data: the first page of
// an export, flushed to its temporary file.
func waitForData(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, name := range entries(t, dir) {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.Size() > 0 {
				return
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("no data was written within 30 s")
}

func TestExportCancelledBeforeStart(t *testing.T) {
	r, _ := startExportWorkspace(t, workspace.Options{}, 3)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	code, _, stderr := runExportArgs(ctx, "--from", r.URL, "--api-key-file", writeKeyFile(t, r.APIKey), "--out", filepath.Join(dir, "out.jsonl"))
	if code != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", code, stderr)
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("directory contains %q, want nothing", names)
	}
}

func TestExportHelp(t *testing.T) {
	code, stdout, stderr := runExportArgs(t.Context(), "--help")
	if code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"-from", "-out", "-api-key-file", "(default: the LINEAR_API_KEY environment variable",
		"-log-level", `(default "warn")`, "no protection against spreadsheet", ".incomplete",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help does not contain %q:\n%s", want, stdout)
		}
	}
}
