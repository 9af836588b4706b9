package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"

	"custimport/workspace"
)

// serveDocuments are the GraphQL documents these tests send. When
// CUSTIMPORT_LINEAR_SCHEMA names Linear's schema, TestServeDocumentsValid
// checks them against it.
var serveDocuments = []string{viewerQuery, createQuery, customersQuery}

const (
	viewerQuery    = `{ viewer { id } organization { customersEnabled } }`
	createQuery    = `mutation { customerCreate(input: {name: "Acme", domains: ["acme.com"]}) { success } }`
	customersQuery = `{ customers { nodes { name domains } } }`
)

func TestServeDocumentsValid(t *testing.T) {
	path := os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	if path == "" {
		t.Skip("CUSTIMPORT_LINEAR_SCHEMA is not set")
	}
	schema, err := workspace.LoadSchema(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range serveDocuments {
		if _, errs := gqlparser.LoadQuery(schema, doc); len(errs) > 0 {
			t.Errorf("not valid for Linear: %v\n%s", errs, doc)
		}
	}
}

// postQuery sends one document and returns the status and the body.
func postQuery(t *testing.T, url, auth, query string) (int, string) {
	t.Helper()
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// syncBuffer is a bytes.Buffer that the serve command and the test may
// use at the same time.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if got := runServe(t.Context(), []string{"--help"}, &stdout, &stderr); got != 0 {
		t.Fatalf("exit status: got %d, want 0; stderr %s", got, stderr.String())
	}
	flags := []string{"db", "addr", "api-key", "schema", "seed-file", "requests-per-minute",
		"complexity-per-minute", "rate-limit-status", "latency", "jitter", "fail-rate", "drop-rate",
		"lost-response-rate", "read-lag", "partial-errors", "seed", "max-body-bytes"}
	for _, f := range flags {
		if !strings.Contains(stdout.String(), "-"+f+" ") && !strings.Contains(stdout.String(), "-"+f+"\n") {
			t.Errorf("--help does not list -%s", f)
		}
	}
	for _, want := range []string{"(default 60000)", "(default 400)", "duration", "share", "bytes"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestServeBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--nope"}, "unknown flag --nope"},
		{"share above one", []string{"--fail-rate", "1.5"}, "--fail-rate 1.5"},
		{"negative share", []string{"--drop-rate=-0.1"}, "--drop-rate -0.1"},
		{"rate limit status", []string{"--rate-limit-status", "503"}, "--rate-limit-status 503"},
		{"zero budget", []string{"--requests-per-minute", "0"}, "--requests-per-minute 0"},
		{"not a duration", []string{"--latency", "fast"}, `--latency "fast": not a duration`},
		{"negative duration", []string{"--read-lag=-1s"}, "--read-lag -1s"},
		{"positional argument", []string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			dir := t.TempDir()
			args := append([]string{"--db", filepath.Join(dir, "w.db")}, tt.args...)
			if got := runServe(t.Context(), args, &stdout, &stderr); got != 2 {
				t.Fatalf("exit status: got %d, want 2", got)
			}
			if lines := strings.Count(stderr.String(), "\n"); lines != 1 {
				t.Errorf("stderr has %d lines, want 1: %q", lines, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.want)
			}
			if fileExists(filepath.Join(dir, "w.db")) {
				t.Error("the workspace file was created although the flags were rejected")
			}
		})
	}
}

// startServe runs the serve command in the background and returns the
// URL it prints, the API key it prints (if any), and a function that
// stops it and returns its exit status.
func startServe(t *testing.T, args ...string) (url, key string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	stderr = &syncBuffer{}
	status := make(chan int, 1)
	go func() {
		status <- runServe(ctx, args, pw, stderr)
		pw.Close()
	}()

	lines := bufio.NewScanner(pr)
	for (url == "" || (key == "" && !hasFlag(args, "--api-key"))) && lines.Scan() {
		line := lines.Text()
		if u, ok := strings.CutPrefix(line, "Listening on "); ok {
			url = u
		}
		if _, k, ok := strings.Cut(line, "API key (generated, shown only now): "); ok {
			key = k
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("serve printed no URL; stderr:\n%s", stderr.String())
	}
	go io.Copy(io.Discard, pr)

	stop = sync.OnceValue(func() int {
		cancel()
		select {
		case s := <-status:
			return s
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop within 15s")
			return -1
		}
	})
	t.Cleanup(func() { stop() })
	return url, key, stderr, stop
}

func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

func TestServeGeneratedKey(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	url, key, stderr, stop := startServe(t, "--db", db)
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/graphql") {
		t.Errorf("URL: got %q, want http://127.0.0.1:PORT/graphql", url)
	}
	if !strings.HasPrefix(key, "lin_api_") {
		t.Error("the generated key was not printed in Linear's form")
	}
	status, body := postQuery(t, url, key, viewerQuery)
	if status != http.StatusOK || !strings.Contains(body, `"customersEnabled":true`) {
		t.Errorf("viewer: HTTP %d %s", status, body)
	}
	if got := stop(); got != 0 {
		t.Errorf("exit status after cancel: got %d, want 0", got)
	}
	logs := stderr.String()
	for _, want := range []string{"workspace started", "stopping", "stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, key) {
		t.Error("the log contains the API key")
	}
}

func TestServeGivenKeyNotPrinted(t *testing.T) {
	const key = "lin_api_givenGIVENgiven0123456789abcdefABCDEF"
	db := filepath.Join(t.TempDir(), "w.db")
	url, printed, stderr, stop := startServe(t, "--db", db, "--api-key", key, "--requests-per-minute", "100")
	if printed != "" {
		t.Error("a key given with --api-key was printed")
	}
	status, _ := postQuery(t, url, "Bearer "+key, viewerQuery)
	if status != http.StatusOK {
		t.Errorf("Bearer key: HTTP %d, want 200", status)
	}
	status, body := postQuery(t, url, "lin_api_wrong", viewerQuery)
	var decoded struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(body), &decoded); err != nil || status != http.StatusUnauthorized ||
		len(decoded.Errors) == 0 || decoded.Errors[0].Extensions["type"] != "authentication error" {
		t.Errorf("wrong key: HTTP %d %s", status, body)
	}
	if got := stop(); got != 0 {
		t.Errorf("exit status: got %d, want 0", got)
	}
	if strings.Contains(stderr.String(), key) {
		t.Error("the log contains the API key")
	}
}

func TestServeReopensWorkspace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	url, key, _, stop := startServe(t, "--db", db)
	if status, body := postQuery(t, url, key, createQuery); status != http.StatusOK {
		t.Fatalf("create: HTTP %d %s", status, body)
	}
	if got := stop(); got != 0 {
		t.Fatalf("exit status: got %d", got)
	}

	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(`{"tiers": [{"name": "Gold", "color": "#ffd700", "position": 1}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	url, key, stderr, stop := startServe(t, "--db", db, "--seed-file", seed)
	_, body := postQuery(t, url, key, customersQuery)
	if !strings.Contains(body, `"name":"Acme"`) {
		t.Errorf("the customer of the first run is missing: %s", body)
	}
	stop()
	if !strings.Contains(stderr.String(), "seed file not loaded") {
		t.Errorf("no warning that the seed file was not loaded:\n%s", stderr.String())
	}
}
