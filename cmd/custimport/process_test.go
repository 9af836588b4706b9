package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"custimport/workspace"
)

// TestMain lets tests run the command as a separate process: the test
// binary runs main when CUSTIMPORT_RUN_MAIN is set.
func TestMain(m *testing.M) {
	// A key in the developer's environment must never send a test's
	// requests to Linear: tests that need a key set it themselves.
	if os.Getenv("CUSTIMPORT_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Unsetenv("LINEAR_API_KEY")
	os.Exit(m.Run())
}

// command returns the custimport command as a child process.
func command(t *testing.T, args ...string) *osexec.Cmd {
	t.Helper()
	cmd := osexec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "CUSTIMPORT_RUN_MAIN=1")
	return cmd
}

func TestProgressNotTerminal(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join("testdata", "cases", "B41-progress-non-tty.csv")
	reports := map[string][]byte{}
	for _, how := range []string{"file", "pipe", "bar"} {
		t.Run(how, func(t *testing.T) {
			report := filepath.Join(dir, how+".jsonl")
			args := []string{"import", "--dry-run", "--report", report, input}
			if how == "bar" {
				args = append(args, "--progress", "bar")
			}
			cmd := command(t, args...)
			var out []byte
			var err error
			switch how {
			case "pipe":
				out, err = cmd.CombinedOutput()
			default:
				f, ferr := os.Create(filepath.Join(dir, how+".out"))
				if ferr != nil {
					t.Fatal(ferr)
				}
				cmd.Stdout, cmd.Stderr = f, f
				err = cmd.Run()
				f.Close()
				out, _ = os.ReadFile(f.Name())
			}
			if err != nil {
				t.Fatalf("run: %v\n%s", err, out)
			}
			if how != "bar" && bytes.ContainsAny(out, "\r\x1b") {
				t.Errorf("output holds a carriage return or escape byte:\n%q", out)
			}
			if !bytes.Contains(out, []byte("10 rows read")) {
				t.Errorf("no summary line in output:\n%s", out)
			}
			reports[how], _ = os.ReadFile(report)
		})
	}
	if !bytes.Equal(reports["file"], reports["pipe"]) || !bytes.Equal(reports["file"], reports["bar"]) {
		t.Errorf("reports differ between output kinds")
	}
}

// startLocalServer starts a workspace on loopback for a child process to
// import into, and returns its URL and key.
func startLocalServer(t *testing.T, opts workspace.Options) *workspace.Running {
	t.Helper()
	opts.DBPath = filepath.Join(t.TempDir(), "w.db")
	opts.SchemaPath = os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	r, err := workspace.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(t.Context()) })
	return r
}

func writeCustomers(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("name,domains\n")
	for i := range n {
		fmt.Fprintf(&b, "Company %d,company-%d.example.com\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The first SIGINT stops reading, finishes the batches in flight, writes
// the report and exits 130; every reported row is in the workspace.
func TestInterruptDrainsAndReports(t *testing.T) {
	srv := startLocalServer(t, workspace.Options{Latency: 30 * time.Millisecond})
	input := writeCustomers(t, 20000)
	report := filepath.Join(t.TempDir(), "r.jsonl")
	cmd := command(t, "import", "--to", srv.URL, "--report", report, "--batch-size", "10", "--workers", "2", input)
	cmd.Env = append(cmd.Env, "LINEAR_API_KEY="+srv.APIKey)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForReport(t, report)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit status %d (%v), want 130; stderr:\n%s", code, err, stderr.String())
	}
	lines := readReport(t, report)
	if len(lines) == 0 || len(lines) >= 20000 {
		t.Fatalf("report has %d lines, want some but not all", len(lines))
	}
	created := 0
	for i, l := range lines {
		if l.Row != i+2 {
			t.Fatalf("line %d: row %d, want %d: a row is missing", i, l.Row, i+2)
		}
		switch l.Status {
		case "created":
			created++
		case "skipped":
			// read, but interrupted before it was sent
		default:
			t.Errorf("row %d: status %s, want created or skipped", l.Row, l.Status)
		}
	}
	n, err := srv.Store.CountCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n != created {
		t.Errorf("workspace has %d customers, report %d created rows", n, created)
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("summary does not say the run was interrupted:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), srv.APIKey) {
		t.Errorf("the API key appears in the output")
	}
}

// A second SIGINT stops at once; the report keeps what was known.
func TestSecondInterruptStopsAtOnce(t *testing.T) {
	srv := startLocalServer(t, workspace.Options{Latency: 300 * time.Millisecond})
	input := writeCustomers(t, 2000)
	report := filepath.Join(t.TempDir(), "r.jsonl")
	cmd := command(t, "import", "--to", srv.URL, "--report", report, "--batch-size", "10", input)
	cmd.Env = append(cmd.Env, "LINEAR_API_KEY="+srv.APIKey)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForReport(t, report)
	cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Errorf("exited %v after the second signal, want at once", d)
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "--resume") {
		t.Errorf("summary after a hard stop does not point to --resume:\n%s", stderr.String())
	}
	if _, err := os.Stat(report); err != nil {
		t.Errorf("no report after a hard stop: %v", err)
	}
}

// waitForReport waits until the report at path has a line, so a run
// has begun to send rows.
func waitForReport(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if st, err := os.Stat(path); err == nil && st.Size() > 0 {
			return
		}
	}
	t.Fatalf("no line reached %s in 20s", path)
}

// exec is a child custimport process and its captured stderr.
type exec struct {
	cmd    *osexec.Cmd
	stderr bytes.Buffer
}

// run runs the child to the end and checks its exit status.
func (e *exec) run(t *testing.T, want int) {
	t.Helper()
	if e.cmd.Process == nil {
		if err := e.cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	e.cmd.Wait()
	if got := e.cmd.ProcessState.ExitCode(); got != want {
		t.Fatalf("%v: exit status %d, want %d; stderr:\n%s", e.cmd.Args[1:], got, want, e.stderr.String())
	}
}

func readCloserOf(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// A SIGINT before the first row is sent, while the workspace's customers
// are read, ends the run there with a message that nothing was sent.
func TestInterruptBeforeSending(t *testing.T) {
	srv := startLocalServer(t, workspace.Options{Latency: 400 * time.Millisecond})
	input := writeCustomers(t, 100)
	report := filepath.Join(t.TempDir(), "r.jsonl")
	cmd := command(t, "import", "--to", srv.URL, "--report", report, input)
	cmd.Env = append(cmd.Env, "LINEAR_API_KEY="+srv.APIKey)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted before any row was sent") {
		t.Errorf("stderr does not say nothing was sent:\n%s", stderr.String())
	}
	if n, err := srv.Store.CountCustomers(t.Context()); err != nil || n != 0 {
		t.Errorf("workspace holds %d customers (%v), want 0", n, err)
	}
}

// A flaky link does not stop an import at its start: the reads before
// the first row (access, users, statuses, tiers, existing customers) are
// sent again after a failure, as creates are.
func TestImportRidesOutFlakyStart(t *testing.T) {
	srv := startLocalServer(t, workspace.Options{FailRate: 0.2, DropRate: 0.05, Seed: 3})
	input := writeCustomers(t, 30)
	for run := range 4 {
		db := filepath.Join(t.TempDir(), "r.jsonl")
		cmd := command(t, "import", "--to", srv.URL, "--report", db, "--progress", "none", input)
		cmd.Env = append(cmd.Env, "LINEAR_API_KEY="+srv.APIKey)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("run %d: exit status %d, want 0; stderr:\n%s", run, code, stderr.String())
		}
	}
	if n, err := srv.Store.CountCustomers(t.Context()); err != nil || n != 30 {
		t.Errorf("workspace holds %d customers (%v), want 30", n, err)
	}
}
