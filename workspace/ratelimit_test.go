package workspace

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
)

var rateLimitHeaders = []string{
	"X-RateLimit-Requests-Limit", "X-RateLimit-Requests-Remaining", "X-RateLimit-Requests-Reset",
	"X-RateLimit-Complexity-Limit", "X-RateLimit-Complexity-Remaining", "X-RateLimit-Complexity-Reset",
	"X-Complexity",
}

func TestRateLimitHeaders(t *testing.T) {
	r := startServer(t, Options{RequestsPerMinute: 1000, ComplexityPerMinute: 50000})
	c := newClient(r)
	before := time.Now().UnixMilli()
	responses := map[string]*gqlResult{
		"ok":         c.do(t, viewerDoc, nil),
		"invalid":    mustSend(t, c, "{ nope }"),
		"user error": c.do(t, createDoc, map[string]any{"input": map[string]any{"name": "x", "domains": []string{"gmail.com"}}}),
	}
	for name, res := range responses {
		t.Run(name, func(t *testing.T) {
			for _, h := range rateLimitHeaders {
				if _, err := strconv.Atoi(res.Header.Get(h)); err != nil {
					t.Errorf("%s: got %q, want a whole number", h, res.Header.Get(h))
				}
			}
			if got := res.Header.Get("X-RateLimit-Requests-Limit"); got != "1000" {
				t.Errorf("requests limit: got %s, want 1000", got)
			}
			if got := res.Header.Get("X-RateLimit-Complexity-Limit"); got != "50000" {
				t.Errorf("complexity limit: got %s, want 50000", got)
			}
			reset, _ := strconv.ParseInt(res.Header.Get("X-RateLimit-Requests-Reset"), 10, 64)
			if reset < before || reset > time.Now().Add(time.Minute).UnixMilli() {
				t.Errorf("requests reset %d is not epoch milliseconds within the next minute", reset)
			}
		})
	}
	if got := responses["ok"].Header.Get("X-Complexity"); got != "2" {
		t.Errorf("X-Complexity of { viewer { id } }: got %s, want 2", got)
	}
}

func mustSend(t *testing.T, c *client, query string) *gqlResult {
	t.Helper()
	res, err := c.send(query, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRequestBudget(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusTooManyRequests} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			r := startServer(t, Options{RequestsPerMinute: 3, RateLimitStatus: status})
			c := newClient(r)
			for i := range 3 {
				res := c.do(t, viewerDoc, nil).requireOK(t)
				if got := res.Header.Get("X-RateLimit-Requests-Remaining"); got != strconv.Itoa(2-i) {
					t.Errorf("request %d: remaining %s, want %d", i+1, got, 2-i)
				}
			}
			res := c.do(t, createDoc, map[string]any{"input": map[string]any{"name": "Late"}})
			requireRateLimited(t, res, status)
			if n, _ := r.Store.CountCustomers(t.Context()); n != 0 {
				t.Errorf("the rate-limited create ran: %d customers", n)
			}
		})
	}
}

// requireRateLimited checks Linear's rate-limit response, or the 429 variant
// with Retry-After.
func requireRateLimited(t *testing.T, res *gqlResult, status int) {
	t.Helper()
	if res.Status != status || res.Data != nil || len(res.Errors) != 1 {
		t.Fatalf("got HTTP %d %s, want %d with one error", res.Status, res.Raw, status)
	}
	ext := res.Errors[0].Extensions
	if ext["code"] != "RATELIMITED" || ext["type"] != TypeRatelimited {
		t.Errorf("extensions: got %v", ext)
	}
	retry := res.Header.Get("Retry-After")
	if status == http.StatusTooManyRequests {
		secs, err := strconv.Atoi(retry)
		if err != nil || secs < 1 || secs > 60 {
			t.Errorf("Retry-After: got %q, want 1 to 60 seconds", retry)
		}
	} else if retry != "" {
		t.Errorf("Retry-After on a 400: got %q", retry)
	}
}

func TestComplexityBudget(t *testing.T) {
	r := startServer(t, Options{ComplexityPerMinute: 100})
	c := newClient(r)
	const doc = `{ customers(first: 40) { nodes { id } } }` // 1 + 40 × 1.1 = 45 points
	for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusBadRequest} {
		res := c.do(t, doc, nil)
		if res.Status != want {
			t.Fatalf("request %d: got HTTP %d %s, want %d", i+1, res.Status, res.Raw, want)
		}
		if got := res.Header.Get("X-Complexity"); got != "45" {
			t.Errorf("request %d: X-Complexity %s, want 45", i+1, got)
		}
		if want == http.StatusBadRequest {
			requireRateLimited(t, res, want)
		}
	}
	// The bucket refills 100 points a minute, so a slow run may have
	// gained a point.
	if got := mustSend(t, c, viewerDoc).Header.Get("X-RateLimit-Complexity-Remaining"); got != "8" && got != "9" {
		t.Errorf("complexity remaining after 90 of 100 and a 2-point query: got %s, want 8", got)
	}
}

func TestComplexityTooHigh(t *testing.T) {
	r := startServer(t, Options{})
	c := newClient(r)
	var b strings.Builder
	b.WriteString("{\n")
	for i := range 9 {
		fmt.Fprintf(&b, "  c%d: customers(first: 250) { nodes { id name status { id name } tier { id name } owner { id name } } }\n", i)
	}
	b.WriteString("}")
	res := c.do(t, b.String(), nil)
	if res.Status != http.StatusBadRequest || res.Data != nil {
		t.Fatalf("got HTTP %d %s", res.Status, res.Raw)
	}
	if got := res.Header.Get("X-Complexity"); got != "10809" {
		t.Errorf("X-Complexity: got %s, want 10809", got)
	}
	if !strings.Contains(res.Errors[0].Message, "Query too complex") || res.Errors[0].Extensions["code"] != "QUERY_TOO_COMPLEX" {
		t.Errorf("error: got %s", res.Raw)
	}
}

func TestRateLimitHook(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusTooManyRequests} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			var mu sync.Mutex
			var calls []int
			r := startServer(t, Options{RateLimitStatus: status, RateLimitRequests: func(n int) bool {
				mu.Lock()
				defer mu.Unlock()
				calls = append(calls, n)
				return n == 2
			}})
			c := newClient(r)
			c.do(t, viewerDoc, nil).requireOK(t) // not a create document: not counted
			c.create(t, map[string]any{"name": "First"})
			requireRateLimited(t, c.do(t, createDoc, map[string]any{"input": map[string]any{"name": "Second"}}), status)
			c.create(t, map[string]any{"name": "Second"})
			mu.Lock()
			defer mu.Unlock()
			if fmt.Sprint(calls) != "[1 2 3]" {
				t.Errorf("hook calls: got %v, want [1 2 3]", calls)
			}
			if n, _ := r.Store.CountCustomers(t.Context()); n != 2 {
				t.Errorf("customers: got %d, want 2", n)
			}
		})
	}
}

func TestComplexityEstimate(t *testing.T) {
	schema, err := loadEmbeddedSchema()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		want  int
	}{
		{"one scalar", `{ organization { customersEnabled } }`, nil, 2},
		{"create", `mutation { customerCreate(input: {name: "x"}) { success customer { id } } }`, nil, 3},
		{"default page", `{ customers { nodes { id } } }`, nil, 56},
		{"first literal", `{ customers(first: 10) { nodes { id name } pageInfo { hasNextPage } } }`, nil, 24},
		{"first variable", `query($n: Int) { customers(first: $n) { nodes { id } } }`, map[string]any{"n": 100}, 111},
		{"last", `{ customers(last: 2) { nodes { id } } }`, nil, 4},
		{"fragment", `{ viewer { ...F } } fragment F on User { id name email }`, nil, 2},
		{"typename free", `{ viewer { __typename id } }`, nil, 2},
		{"five aliases", `mutation {
  a: customerCreate(input: {name: "a"}) { success customer { id } }
  b: customerCreate(input: {name: "b"}) { success customer { id } }
  c: customerCreate(input: {name: "c"}) { success customer { id } }
  d: customerCreate(input: {name: "d"}) { success customer { id } }
  e: customerCreate(input: {name: "e"}) { success customer { id } }
}`, nil, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireLinearValid(t, tt.query)
			doc, errs := gqlparser.LoadQuery(schema, tt.query)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := Complexity(doc.Operations[0], tt.vars); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}
