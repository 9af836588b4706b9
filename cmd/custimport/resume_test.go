package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"custimport/workspace"
)

// hookedServer is a local workspace on loopback that calls onCreate with
// the count so far when each customerCreate document arrives, before
// responding.
type hookedServer struct {
	*workspace.Server
	url      string
	creates  atomic.Int64
	onCreate atomic.Pointer[func(n int64)]
}

func startHookedServer(t *testing.T) *hookedServer {
	t.Helper()
	srv, err := workspace.NewServer(workspace.Options{
		DBPath:     filepath.Join(t.TempDir(), "w.db"),
		SchemaPath: os.Getenv("CUSTIMPORT_LINEAR_SCHEMA"),
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := &hookedServer{Server: srv}
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body bytes.Buffer
		body.ReadFrom(r.Body)
		r.Body = readCloserOf(body.Bytes())
		if bytes.Contains(body.Bytes(), []byte("customerCreate")) {
			n := hs.creates.Add(1)
			if f := hs.onCreate.Load(); f != nil {
				(*f)(n)
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	hs.url = ts.URL + "/graphql"
	return hs
}

func (hs *hookedServer) importCmd(t *testing.T, args ...string) *exec {
	t.Helper()
	cmd := command(t, append([]string{"import", "--to", hs.url, "--progress", "none"}, args...)...)
	cmd.Env = append(cmd.Env, "LINEAR_API_KEY="+hs.APIKey())
	e := &exec{cmd: cmd}
	cmd.Stderr = &e.stderr
	return e
}

func (hs *hookedServer) count(t *testing.T) int {
	t.Helper()
	n, err := hs.Store().CountCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func statuses(lines []reportLine) map[int]string {
	out := map[int]string{}
	for _, l := range lines {
		out[l.Row] = l.Status
	}
	return out
}

// A run cut off after row 3, a resumed run, and a plain re-run of the
// same file leave exactly one customer per row.
func TestRerunCreatesNoDuplicates(t *testing.T) {
	hs := startHookedServer(t)
	input := filepath.Join("testdata", "cases", "B39-rerun-duplicates.csv")
	dir := t.TempDir()

	// Run 1: interrupted while row 3's create is in flight; the signal
	// has time to arrive before the response does.
	report1 := filepath.Join(dir, "run1.jsonl")
	run1 := hs.importCmd(t, "--batch-size", "1", "--workers", "1", "--report", report1, input)
	stop := func(n int64) {
		if n == 2 {
			run1.cmd.Process.Signal(syscall.SIGINT)
			time.Sleep(200 * time.Millisecond)
		}
	}
	hs.onCreate.Store(&stop)
	run1.run(t, 130)
	hs.onCreate.Store(nil)
	got := statuses(readReport(t, report1))
	if got[2] != "created" || got[3] != "created" {
		t.Fatalf("run 1: rows 2 and 3 %q %q, want created", got[2], got[3])
	}
	if s, ok := got[4]; ok && s != "skipped" {
		t.Fatalf("run 1: row 4 %s, want it absent or skipped as not sent", s)
	}

	// Run 2: resumed, it sends only rows 4 and 5.
	before := hs.creates.Load()
	report2 := filepath.Join(dir, "run2.jsonl")
	hs.importCmd(t, "--batch-size", "1", "--resume", report1, "--report", report2, input).run(t, 0)
	got = statuses(readReport(t, report2))
	if got[2] != "skipped" || got[3] != "skipped" || got[4] != "created" || got[5] != "created" {
		t.Errorf("run 2: statuses %v, want rows 2-3 skipped and 4-5 created", got)
	}
	if sent := hs.creates.Load() - before; sent != 2 {
		t.Errorf("run 2 sent %d create documents, want 2", sent)
	}

	// Run 3: no resume; every row matches an existing customer.
	before = hs.creates.Load()
	report3 := filepath.Join(dir, "run3.jsonl")
	hs.importCmd(t, "--report", report3, input).run(t, 0)
	for row, s := range statuses(readReport(t, report3)) {
		if s != "skipped" {
			t.Errorf("run 3: row %d %s, want skipped", row, s)
		}
	}
	if sent := hs.creates.Load() - before; sent != 0 {
		t.Errorf("run 3 sent %d create documents, want none", sent)
	}
	if n := hs.count(t); n != 4 {
		t.Errorf("workspace has %d customers, want 4", n)
	}
}

// Imports killed with SIGKILL at random moments and then resumed end
// with every row in the workspace exactly once, and no report ever
// claims a customer that does not exist.
func TestKillAndResume(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	keyed := writeCustomers(t, 400)
	// Rows with nothing but a name and a size are found again by the ids
	// custimport derives for them.
	keyless := filepath.Join(t.TempDir(), "keyless.csv")
	var b strings.Builder
	b.WriteString("name,size\n")
	for i := range 400 {
		fmt.Fprintf(&b, "Keyless %d,%d\n", i, i)
	}
	if err := os.WriteFile(keyless, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for round := range rounds {
		input := keyed
		if round%2 == 1 {
			input = keyless
		}
		hs := startHookedServer(t)
		dir := t.TempDir()
		report := filepath.Join(dir, "killed.jsonl")
		run1 := hs.importCmd(t, "--batch-size", "10", "--workers", "3", "--report", report, input)
		if err := run1.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rand.IntN(400)) * time.Millisecond)
		run1.cmd.Process.Kill()
		run1.cmd.Wait()
		checkReportTrue(t, hs, report)

		final := filepath.Join(dir, "resumed.jsonl")
		hs.importCmd(t, "--resume", report, "--report", final, input).run(t, 0)
		checkReportTrue(t, hs, final)
		if n := hs.count(t); n != 400 {
			t.Fatalf("round %d: workspace has %d customers, want 400", round, n)
		}
		lines := readReport(t, final)
		if len(lines) != 400 {
			t.Fatalf("round %d: resumed report has %d lines, want 400", round, len(lines))
		}
	}
}

// checkReportTrue checks that every id a report shows created exists.
func checkReportTrue(t *testing.T, hs *hookedServer, report string) {
	t.Helper()
	data, err := os.ReadFile(report)
	if os.IsNotExist(err) {
		return
	}
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, `"status":"created"`) {
			continue
		}
		var l struct {
			Row int    `json:"row"`
			ID  string `json:"id"`
		}
		if err := jsonUnmarshal([]byte(line), &l); err != nil {
			continue // a line cut by the kill
		}
		if c, err := hs.Store().Customer(t.Context(), l.ID); err != nil || c == nil {
			t.Errorf("report %s: row %d created %s, which the workspace does not hold (%v)", filepath.Base(report), l.Row, l.ID, err)
		}
	}
}
