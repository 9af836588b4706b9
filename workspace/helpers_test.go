package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// linearSchemaEnv names the file of Linear's published schema. Tests that
// need it skip when it is unset; every document the tests send is checked
// against it when it is set.
const linearSchemaEnv = "CUSTIMPORT_LINEAR_SCHEMA"

var linearSchemaOnce = sync.OnceValues(func() (*ast.Schema, error) {
	path := os.Getenv(linearSchemaEnv)
	if path == "" {
		return nil, nil
	}
	return LoadSchema(path)
})

// linearSchema returns Linear's schema, or nil when the variable is unset.
func linearSchema(t testing.TB) *ast.Schema {
	t.Helper()
	s, err := linearSchemaOnce()
	if err != nil {
		t.Fatalf("load %s: %v", linearSchemaEnv, err)
	}
	return s
}

// requireLinearValid fails the test when Linear's schema (if configured)
// rejects the document, so the tests only send what Linear would accept.
func requireLinearValid(t testing.TB, query string) {
	t.Helper()
	s := linearSchema(t)
	if s == nil {
		return
	}
	if _, errs := gqlparser.LoadQuery(s, query); len(errs) > 0 {
		t.Fatalf("document is not valid for Linear's schema: %v\n%s", errs, query)
	}
}

// requireLinearInvalid fails the test when Linear's schema (if configured)
// accepts a document that a test sends as an invalid one.
func requireLinearInvalid(t testing.TB, query string) {
	t.Helper()
	s := linearSchema(t)
	if s == nil {
		return
	}
	if _, errs := gqlparser.LoadQuery(s, query); len(errs) == 0 {
		t.Fatalf("document is valid for Linear's schema, but the test expects it to be rejected:\n%s", query)
	}
}

// startServer starts a workspace in a new file on a loopback port.
func startServer(t testing.TB, opts Options) *Running {
	t.Helper()
	if opts.DBPath == "" {
		opts.DBPath = filepath.Join(t.TempDir(), "workspace.db")
	}
	if opts.OnError == nil {
		opts.OnError = func(err error) { t.Errorf("server error: %v", err) }
	}
	r, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return r
}

// gqlResult is a decoded response.
type gqlResult struct {
	Status int
	Header http.Header
	Data   map[string]any
	Errors []gqlErrorBody
	Raw    []byte
}

type gqlErrorBody struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Locations  []location     `json:"locations"`
	Extensions map[string]any `json:"extensions"`
}

// client sends GraphQL requests to one server.
type client struct {
	url, auth string
	http      *http.Client
}

func newClient(r *Running) *client {
	return &client{url: r.URL, auth: r.APIKey, http: &http.Client{Timeout: 30 * time.Second}}
}

// do sends a document that must be valid for Linear and decodes the
// response.
func (c *client) do(t testing.TB, query string, vars map[string]any) *gqlResult {
	t.Helper()
	requireLinearValid(t, query)
	res, err := c.send(query, vars)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	return res
}

// send posts a document without checking it against Linear's schema.
func (c *client) send(query string, vars map[string]any) (*gqlResult, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	return c.post(body)
}

func (c *client) post(body []byte) (*gqlResult, error) {
	req, err := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	res := &gqlResult{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if ct := resp.Header.Get("Content-Type"); len(raw) > 0 && bytes.HasPrefix([]byte(ct), []byte("application/json")) {
		var decoded struct {
			Data   map[string]any `json:"data"`
			Errors []gqlErrorBody `json:"errors"`
		}
		if err := json.Unmarshal(raw, &decoded); err != nil {
			return nil, fmt.Errorf("decode %s: %w", raw, err)
		}
		res.Data, res.Errors = decoded.Data, decoded.Errors
	}
	return res, nil
}

// requireOK fails unless the response is HTTP 200 without errors.
func (r *gqlResult) requireOK(t testing.TB) *gqlResult {
	t.Helper()
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("status %d, body %s", r.Status, r.Raw)
	}
	return r
}

// errorType returns extensions.type of the first error.
func (r *gqlResult) errorType() string {
	if len(r.Errors) == 0 {
		return ""
	}
	s, _ := r.Errors[0].Extensions["type"].(string)
	return s
}

// field walks the data by keys and list indexes.
func field(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

const createDoc = `mutation Create($input: CustomerCreateInput!) {
  customerCreate(input: $input) {
    success
    lastSyncId
    customer { id name domains externalIds slackChannelId revenue size logoUrl mainSourceId
      status { id name } tier { id name } owner { id email } }
  }
}`

// create creates one customer and fails the test on any error.
func (c *client) create(t testing.TB, input map[string]any) map[string]any {
	t.Helper()
	res := c.do(t, createDoc, map[string]any{"input": input}).requireOK(t)
	return field(res.Data, "customerCreate", "customer").(map[string]any)
}

// testUUID returns a fixed valid UUID v4 for n.
func testUUID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}
