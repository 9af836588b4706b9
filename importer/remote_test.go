package importer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"custimport/importer"
	"custimport/linear"
	"custimport/parse"
	"custimport/reports"
	"custimport/validate"
	"custimport/workspace"
)

// testServer is a local workspace on loopback that records when each
// create document arrived and when its response was sent.
type testServer struct {
	*workspace.Server
	URL     string
	mu      sync.Mutex
	creates []exchange
}

type exchange struct {
	arrived, responded time.Time
	status             int
}

// statusWriter records the status code a handler writes.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func startServer(t *testing.T, opts workspace.Options) *testServer {
	t.Helper()
	opts.DBPath = filepath.Join(t.TempDir(), "w.db")
	opts.SchemaPath = os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	srv, err := workspace.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv}
	h := srv.Handler()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := readAll(r)
		r.Body = readCloser(body)
		if !bytes.Contains(body, []byte("customerCreate")) {
			h.ServeHTTP(w, r)
			return
		}
		x := exchange{arrived: time.Now()}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		x.responded, x.status = time.Now(), sw.status
		ts.mu.Lock()
		ts.creates = append(ts.creates, x)
		ts.mu.Unlock()
	}))
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	ts.URL = hs.URL + "/graphql"
	return ts
}

func (ts *testServer) exchanges() []exchange {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]exchange(nil), ts.creates...)
}

// run imports csv into ts and returns the report lines and Run's error.
func run(t *testing.T, ts *testServer, csv string, batch, workers int, tune func(*importer.Remote)) ([]reports.Line, *reports.Summary, error) {
	t.Helper()
	cred, err := linear.APIKey(ts.APIKey())
	if err != nil {
		t.Fatal(err)
	}
	pacer := linear.NewPacer(linear.PacerOptions{MaxJitter: 50 * time.Millisecond})
	client, err := linear.New(ts.URL, cred, linear.Options{Pacer: pacer, ReadBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	src, err := parse.NewReader(strings.NewReader(csv), parse.Options{Name: "test.csv"})
	if err != nil {
		t.Fatal(err)
	}
	remote := &importer.Remote{Client: client, Backoff: 10 * time.Millisecond, ReadLag: 2 * time.Second}
	if tune != nil {
		tune(remote)
	}
	var out bytes.Buffer
	w, _ := reports.NewWriter(&out, "jsonl")
	summary := &reports.Summary{}
	runErr := importer.Run(t.Context(), importer.Config{
		Source:    src,
		Validator: validate.New(validate.Options{Columns: src.Columns()}),
		Report:    w,
		Summary:   summary,
		Sender:    remote,
		BatchSize: batch,
		Workers:   workers,
	})
	summary.Requests = int(remote.Requests())
	return decodeReport(t, out.Bytes()), summary, runErr
}

func decodeReport(t *testing.T, b []byte) []reports.Line {
	t.Helper()
	var lines []reports.Line
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l reports.Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("report line %s: %v", sc.Bytes(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

// customersCSV returns a CSV of n valid customers with distinct domains.
func customersCSV(n int, tag string) string {
	var b strings.Builder
	b.WriteString("name,domains,externalIds,size\n")
	for i := range n {
		fmt.Fprintf(&b, "Company %s %d,c%d-%s.example.com,%s-%d,%d\n", tag, i, i, tag, tag, i, i%500)
	}
	return b.String()
}

// checkMatchesWorkspace checks that the report and the workspace agree
// row for row: every created line's id exists once with the row's name,
// and the workspace holds nothing else.
func checkMatchesWorkspace(t *testing.T, ts *testServer, lines []reports.Line) {
	t.Helper()
	customers, err := ts.Store().ListCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, c := range customers {
		if _, dup := byID[c.ID]; dup {
			t.Errorf("customer %s stored twice", c.ID)
		}
		byID[c.ID] = c.Name
	}
	created := 0
	for _, l := range lines {
		if l.Status != reports.Created {
			continue
		}
		created++
		name, ok := byID[l.ID]
		if !ok {
			t.Errorf("row %d: report says created %s, the workspace has no such customer", l.Row, l.ID)
			continue
		}
		if name != l.Input.Name {
			t.Errorf("row %d: workspace name %q, report %q", l.Row, name, l.Input.Name)
		}
	}
	if created != len(customers) {
		t.Errorf("report has %d created rows, workspace %d customers", created, len(customers))
	}
}

func countStatus(lines []reports.Line, s reports.Status) int {
	n := 0
	for _, l := range lines {
		if l.Status == s {
			n++
		}
	}
	return n
}

func TestImportCreatesEveryRow(t *testing.T) {
	ts := startServer(t, workspace.Options{})
	lines, summary, err := run(t, ts, customersCSV(120, "a"), 25, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := countStatus(lines, reports.Created); got != 120 {
		t.Errorf("created %d rows, want 120", got)
	}
	for i, l := range lines {
		if l.Row != i+2 {
			t.Fatalf("line %d is row %d, want %d: report out of input order", i, l.Row, i+2)
		}
	}
	if summary.ExitCode() != 0 {
		t.Errorf("exit code %d, want 0", summary.ExitCode())
	}
	checkMatchesWorkspace(t, ts, lines)
}

func TestImportBatchSizeOne(t *testing.T) {
	ts := startServer(t, workspace.Options{})
	lines, _, err := run(t, ts, customersCSV(15, "b"), 1, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := countStatus(lines, reports.Created); got != 15 {
		t.Errorf("created %d rows, want 15", got)
	}
	checkMatchesWorkspace(t, ts, lines)
}

// A row that passes the file's checks but that the workspace rejects
// fails alone, with the server's message, and the rest of its batch is
// created: with Linear's behaviour (one failing alias nulls data) and
// with partial errors.
func TestImportServerRejectsOneRow(t *testing.T) {
	for _, partial := range []bool{false, true} {
		t.Run(fmt.Sprintf("partial=%v", partial), func(t *testing.T) {
			ts := startServer(t, workspace.Options{PartialErrors: partial})
			// Row 5 names a status id that the workspace does not have.
			csv := customersCSV(9, "c")
			rows := strings.Split(strings.TrimSpace(csv), "\n")
			rows[0] += ",statusId"
			for i := 1; i < len(rows); i++ {
				rows[i] += ","
			}
			rows[4] += "5a000000-0000-4000-8000-0000000000ff"
			lines, summary, err := run(t, ts, strings.Join(rows, "\n")+"\n", 10, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := countStatus(lines, reports.Created); got != 8 {
				t.Errorf("created %d rows, want 8", got)
			}
			bad := lines[3]
			if bad.Row != 5 || bad.Status != reports.Failed {
				t.Fatalf("row 5: got row %d status %s, want failed", bad.Row, bad.Status)
			}
			if len(bad.Errors) == 0 || !strings.Contains(bad.Errors[0].Message, "row 5") {
				t.Errorf("row 5 errors %+v, want a message naming the row", bad.Errors)
			}
			if summary.ExitCode() != 1 {
				t.Errorf("exit code %d, want 1", summary.ExitCode())
			}
			checkMatchesWorkspace(t, ts, lines)
		})
	}
}

// A rate-limited batch is sent again after the wait, no create is sent
// by any worker during it, and every row is created once.
func TestImportRateLimitedOnce(t *testing.T) {
	for _, status := range []int{400, 429} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			ts := startServer(t, workspace.Options{
				RateLimitStatus:   status,
				RateLimitRequests: func(n int) bool { return n == 2 },
			})
			data, err := os.ReadFile(filepath.Join("testdata", "B40-rate-limit.csv"))
			if err != nil {
				t.Fatal(err)
			}
			lines, summary, err := run(t, ts, string(data), 10, 3, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := countStatus(lines, reports.Created); got != 25 {
				t.Errorf("created %d rows, want 25", got)
			}
			n, _ := ts.Store().CountCustomers(t.Context())
			if n != 25 {
				t.Errorf("workspace has %d customers, want 25", n)
			}
			xs := ts.exchanges()
			if len(xs) != 4 {
				t.Fatalf("%d create requests, want 4 (3 batches, one sent twice)", len(xs))
			}
			// One request was limited for 1 s: no create may arrive after
			// that response and before the wait is over.
			var limited *exchange
			for i := range xs {
				if xs[i].status != http.StatusOK {
					limited = &xs[i]
				}
			}
			if limited == nil || limited.status != status {
				t.Fatalf("no create got HTTP %d: %+v", status, xs)
			}
			// A request that arrives within a few milliseconds of the
			// response left the client before the response reached it.
			const inFlight = 50 * time.Millisecond
			for _, x := range xs {
				gap := x.arrived.Sub(limited.responded)
				if gap > inFlight && gap < 900*time.Millisecond {
					t.Errorf("a create arrived %v after the rate-limited response, want at least 1s", gap)
				}
			}
			if last := xs[len(xs)-1]; last.arrived.Sub(limited.responded) < 900*time.Millisecond {
				t.Errorf("the limited batch was sent again %v after the response, want at least 1s", last.arrived.Sub(limited.responded))
			}
			if summary.ExitCode() != 0 {
				t.Errorf("exit code %d, want 0", summary.ExitCode())
			}
			checkMatchesWorkspace(t, ts, lines)
		})
	}
}

// A batch that is rate-limited at every attempt fails after a bounded
// number of attempts, and the others go through.
func TestImportRateLimitedAlways(t *testing.T) {
	ts := startServer(t, workspace.Options{
		RateLimitStatus:   429,
		RateLimitRequests: func(n int) bool { return n >= 2 && n <= 4 },
	})
	data, err := os.ReadFile(filepath.Join("testdata", "B40-rate-limit.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines, summary, err := run(t, ts, string(data), 10, 1, func(r *importer.Remote) { r.MaxRateLimited = 2 })
	if err != nil {
		t.Fatal(err)
	}
	if got := countStatus(lines, reports.Failed); got != 10 {
		t.Errorf("failed %d rows, want the 10 of the limited batch", got)
	}
	if got := countStatus(lines, reports.Created); got != 15 {
		t.Errorf("created %d rows, want 15", got)
	}
	for _, l := range lines[10:20] {
		if l.Status != reports.Failed || len(l.Errors) == 0 || !strings.Contains(l.Errors[0].Message, "rate limited") {
			t.Errorf("row %d: status %s errors %+v, want failed as rate limited", l.Row, l.Status, l.Errors)
		}
	}
	if summary.ExitCode() != 1 {
		t.Errorf("exit code %d, want 1", summary.ExitCode())
	}
	checkMatchesWorkspace(t, ts, lines)
}

// With 5xx responses, dropped connections and responses lost after the work
// was committed, every row still ends in the workspace exactly once, and
// the report matches the workspace row for row.
func TestImportExactlyOnceUnderFaults(t *testing.T) {
	rows := 5000
	seeds := []int64{1, 2, 3}
	if testing.Short() {
		rows, seeds = 1000, seeds[:1]
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			ts := startServer(t, workspace.Options{
				FailRate: 0.10, DropRate: 0.05, LostResponseRate: 0.05, Seed: seed,
			})
			lines, summary, err := run(t, ts, customersCSV(rows, fmt.Sprint("s", seed)), 50, 4,
				func(r *importer.Remote) { r.MaxAttempts = 20 })
			if err != nil {
				t.Fatal(err)
			}
			if got := countStatus(lines, reports.Created); got != rows {
				for _, l := range lines {
					if l.Status != reports.Created {
						t.Logf("row %d: %s %+v", l.Row, l.Status, l.Errors)
						break
					}
				}
				t.Errorf("created %d rows, want %d", got, rows)
			}
			if len(lines) != rows {
				t.Errorf("report has %d lines, want %d", len(lines), rows)
			}
			checkMatchesWorkspace(t, ts, lines)
			t.Logf("%d rows, %d requests", rows, summary.Requests)
		})
	}
}

// New customers stay invisible to reads for a while: when a batch's data
// is nulled by one bad row, the rows whose response was lost are still
// settled correctly.
func TestImportReadLag(t *testing.T) {
	ts := startServer(t, workspace.Options{ReadLag: 500 * time.Millisecond, LostResponseRate: 0.3, Seed: 7})
	lines, _, err := run(t, ts, customersCSV(200, "lag"), 20, 2, func(r *importer.Remote) { r.MaxAttempts = 20 })
	if err != nil {
		t.Fatal(err)
	}
	if got := countStatus(lines, reports.Created); got != 200 {
		t.Errorf("created %d rows, want 200", got)
		for _, l := range lines {
			if l.Status != reports.Created {
				t.Logf("row %d: %s %+v", l.Row, l.Status, l.Errors)
			}
		}
	}
	checkMatchesWorkspace(t, ts, lines)
}

// Closing Stop ends reading; every row read is finished and reported.
func TestImportStop(t *testing.T) {
	ts := startServer(t, workspace.Options{Latency: 20 * time.Millisecond})
	cred, _ := linear.APIKey(ts.APIKey())
	client, err := linear.New(ts.URL, cred, linear.Options{ReadBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// Every other row brings its own id, which must not make a row that
	// was never sent look done to a resumed run.
	var csv strings.Builder
	csv.WriteString("id,name,domains\n")
	for i := range 20000 {
		id := ""
		if i%2 == 0 {
			id = fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		}
		fmt.Fprintf(&csv, "%s,Company %d,c%d-stop.example.com\n", id, i, i)
	}
	src, err := parse.NewReader(strings.NewReader(csv.String()), parse.Options{Name: "x.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w, _ := reports.NewWriter(&out, "jsonl")
	stop := make(chan struct{})
	time.AfterFunc(200*time.Millisecond, func() { close(stop) })
	err = importer.Run(context.Background(), importer.Config{
		Source:    src,
		Validator: validate.New(validate.Options{Columns: src.Columns()}),
		Report:    w, Sender: &importer.Remote{Client: client}, BatchSize: 10, Workers: 2, Stop: stop,
	})
	if !errors.Is(err, importer.ErrInterrupted) {
		t.Fatalf("Run returned %v, want ErrInterrupted", err)
	}
	lines := decodeReport(t, out.Bytes())
	unsent := 0
	if len(lines) == 0 || len(lines) >= 20000 {
		t.Fatalf("report has %d lines, want some but not all", len(lines))
	}
	for i, l := range lines {
		if l.Row != i+2 {
			t.Fatalf("line %d is row %d: a row is missing", i, l.Row)
		}
		skippedUnsent := l.Status == reports.Skipped && l.Reason == "interrupted before it was sent"
		if l.Status != reports.Created && !skippedUnsent {
			t.Errorf("row %d: status %s (%s), want created, or skipped as not sent", l.Row, l.Status, l.Reason)
		}
		if skippedUnsent && l.Done() {
			t.Errorf("row %d was not sent, but its line (id %q) reads as done to a resumed run", l.Row, l.ID)
		}
		unsent += countIf(skippedUnsent)
	}
	if unsent == 0 {
		t.Errorf("no row was reported as not sent; stop the run earlier")
	}
	checkMatchesWorkspace(t, ts, lines)
}

// Rows with nothing to recognise them by on a re-run are named in a
// warning before they are sent.
func TestImportWarnsAboutKeylessRows(t *testing.T) {
	ts := startServer(t, workspace.Options{})
	var mu sync.Mutex
	var warned []int
	csv := "name,domains\nKeyless,\nKeyed,keyed.example.com\nAlso keyless,\n"
	lines, _, err := run(t, ts, csv, 10, 1, func(r *importer.Remote) {
		r.OnEvent = func(e importer.Event) {
			if e.Kind == "warning" {
				mu.Lock()
				warned = append(warned, e.Rows...)
				mu.Unlock()
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := countStatus(lines, reports.Created); got != 3 {
		t.Errorf("created %d rows, want 3", got)
	}
	if fmt.Sprint(warned) != "[2 4]" {
		t.Errorf("warned about rows %v, want [2 4]", warned)
	}
}

func countIf(b bool) int {
	if b {
		return 1
	}
	return 0
}
