package linear

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// testKey is the personal API key the fake server accepts. Tests check
// that it never shows up in errors, events or formatted values.
const testKey = "lin_api_TESTsecretKEY0123456789abcdef"

// fakeLinear is a small HTTP handler that serves the operations of this
// package the way Linear does: errors[] with extensions, rate-limit
// headers, aliased mutations run in order, and data nulled by a failing
// alias unless partialErrors is set.
type fakeLinear struct {
	auth string // expected Authorization header

	mu               sync.Mutex
	customers        []fakeCustomer
	users            []User
	statuses         []CustomerStatus
	tiers            []CustomerTier
	customersEnabled bool
	partialErrors    bool
	forbidden        bool
	rateLimited      int // cannedResponse this many coming requests as rate limited
	rateLimitStatus  int // 400 (Linear) or 429
	serverErrors     int // cannedResponse this many coming requests 502
	remaining        int64
	operations       []string
	authHeaders      []string
}

type fakeCustomer struct {
	ID          string
	Name        string
	Domains     []string
	ExternalIDs []string
}

func newFakeLinear() *fakeLinear {
	return &fakeLinear{
		auth:             testKey,
		customersEnabled: true,
		rateLimitStatus:  http.StatusBadRequest,
		remaining:        5000,
		users: []User{
			{ID: "u1", Name: "Ada Lovelace", DisplayName: "ada", Email: "ada@example.com", Active: true},
			{ID: "u2", Name: "Alan Turing", DisplayName: "alan", Email: "alan@example.com", Active: true},
		},
		statuses: []CustomerStatus{{ID: "s1", Name: "Active", DisplayName: "Active"}},
		tiers:    []CustomerTier{{ID: "t1", Name: "Enterprise", DisplayName: "Enterprise"}},
	}
}

// start serves f on loopback until the test ends.
func (f *fakeLinear) start(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv
}

// client returns a Client for srv with the test key.
func (f *fakeLinear) client(t testing.TB, srv *httptest.Server, opts Options) *Client {
	t.Helper()
	cred, err := APIKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(srv.URL, cred, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type fakeRequest struct {
	Query         string                     `json:"query"`
	Variables     map[string]json.RawMessage `json:"variables"`
	OperationName string                     `json:"operationName"`
}

type fakeError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func (f *fakeLinear) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var req fakeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": []fakeError{{Message: "bad body"}}})
		return
	}
	f.operations = append(f.operations, req.OperationName)
	f.authHeaders = append(f.authHeaders, r.Header.Get("Authorization"))
	if status, body, ok := f.reject(r); ok {
		writeJSON(w, status, body)
		return
	}
	f.remaining--
	f.rateHeaders(w.Header(), f.remaining, 3)
	data, errs := f.run(req)
	body := map[string]any{"data": data}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	writeJSON(w, http.StatusOK, body)
}

// reject returns the status and body for a request that must not run.
func (f *fakeLinear) reject(r *http.Request) (int, map[string]any, bool) {
	switch {
	case r.Header.Get("Authorization") != f.auth:
		return http.StatusUnauthorized, errorBody("Authentication required, not authenticated",
			"authentication error", "AUTHENTICATION_ERROR"), true
	case f.forbidden:
		return http.StatusForbidden, errorBody("Forbidden: the key lacks the read scope", "forbidden", "FORBIDDEN"), true
	case f.rateLimited > 0:
		f.rateLimited--
		return f.rateLimitStatus, errorBody("Rate limit exceeded", "ratelimited", "RATELIMITED"), true
	case f.serverErrors > 0:
		f.serverErrors--
		return http.StatusBadGateway, errorBody("Bad gateway", "internal error", "INTERNAL_SERVER_ERROR"), true
	}
	return 0, nil, false
}

func errorBody(msg, typ, code string) map[string]any {
	return map[string]any{"errors": []fakeError{{Message: msg, Extensions: map[string]any{
		"type": typ, "code": code, "userError": typ != "internal error", "userPresentableMessage": msg,
	}}}}
}

// rateHeaders writes Linear's rate-limit headers.
func (f *fakeLinear) rateHeaders(h http.Header, remaining, cost int64) {
	reset := strconv.FormatInt(time.Now().Add(time.Hour).UnixMilli(), 10)
	h.Set("X-RateLimit-Requests-Limit", "5000")
	h.Set("X-RateLimit-Requests-Remaining", strconv.FormatInt(max(remaining, 0), 10))
	h.Set("X-RateLimit-Requests-Reset", reset)
	h.Set("X-RateLimit-Complexity-Limit", "3000000")
	h.Set("X-RateLimit-Complexity-Remaining", "2999000")
	h.Set("X-RateLimit-Complexity-Reset", reset)
	h.Set("X-Complexity", strconv.FormatInt(cost, 10))
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (f *fakeLinear) run(req fakeRequest) (any, []fakeError) {
	switch req.OperationName {
	case "Viewer":
		return map[string]any{"viewer": f.users[0]}, nil
	case "Organization", "Preflight":
		org := map[string]any{"id": "o1", "name": "Acme", "urlKey": "acme", "customersEnabled": f.customersEnabled}
		return map[string]any{"viewer": f.users[0], "organization": org}, nil
	case "Users":
		return page(f.users, req, "users"), nil
	case "CustomerStatuses":
		return page(f.statuses, req, "customerStatuses"), nil
	case "CustomerTiers":
		return page(f.tiers, req, "customerTiers"), nil
	case "Customers", "CustomersByIDs":
		return page(f.matching(req), req, "customers"), nil
	case "CreateCustomers":
		return f.createCustomers(req)
	case "UpdateCustomer":
		return f.updateCustomer(req)
	case "CreateTier":
		return f.createTier(req)
	}
	return nil, []fakeError{{Message: "unknown operation " + req.OperationName,
		Extensions: map[string]any{"type": "graphql error"}}}
}

func (f *fakeLinear) matching(req fakeRequest) []map[string]any {
	var ids []string
	_ = json.Unmarshal(req.Variables["ids"], &ids)
	var out []map[string]any
	for _, c := range f.customers {
		if ids != nil && !slices.Contains(ids, c.ID) {
			continue
		}
		out = append(out, map[string]any{
			"id": c.ID, "name": c.Name, "domains": nonNil(c.Domains), "externalIds": nonNil(c.ExternalIDs),
			"slackChannelId": nil, "revenue": 1200, "size": 12.0, "logoUrl": nil, "mainSourceId": nil,
			"owner": nil, "status": map[string]any{"id": "s1", "name": "Active"}, "tier": nil,
		})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// page returns one page of a connection field, pageSize items long; the
// cursor is the index of the next item.
func page[T any](items []T, req fakeRequest, field string) map[string]any {
	start := 0
	var after *string
	_ = json.Unmarshal(req.Variables["after"], &after)
	if after != nil {
		start, _ = strconv.Atoi(*after)
	}
	end := min(start+pageSize, len(items))
	start = min(start, end)
	cursor := strconv.Itoa(end)
	return map[string]any{field: map[string]any{
		"nodes":    nonNilSlice(items[start:end]),
		"pageInfo": map[string]any{"hasNextPage": end < len(items), "endCursor": cursor},
	}}
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type fakeInput struct {
	ID          *string  `json:"id"`
	Name        *string  `json:"name"`
	Domains     []string `json:"domains"`
	ExternalIDs []string `json:"externalIds"`
}

// createCustomers runs the aliased customerCreate fields in order.
func (f *fakeLinear) createCustomers(req fakeRequest) (any, []fakeError) {
	doc, err := parser.ParseQuery(&ast.Source{Input: req.Query})
	if err != nil || len(doc.Operations) != 1 {
		return nil, []fakeError{{Message: "syntax error", Extensions: map[string]any{"type": "graphql error"}}}
	}
	data := map[string]any{}
	var errs []fakeError
	for _, sel := range doc.Operations[0].SelectionSet {
		field := sel.(*ast.Field)
		var in fakeInput
		_ = json.Unmarshal(req.Variables[field.Arguments.ForName("input").Value.Raw], &in)
		id, msg := f.create(in)
		if msg == "" {
			data[field.Alias] = map[string]any{"success": true, "customer": map[string]any{"id": id}}
			continue
		}
		errs = append(errs, fakeError{Message: msg, Path: []any{field.Alias}, Extensions: map[string]any{
			"type": "invalid input", "code": "INPUT_ERROR", "userError": true, "userPresentableMessage": msg,
		}})
		if !f.partialErrors {
			return nil, errs
		}
		data[field.Alias] = nil
	}
	return data, errs
}

// create adds one customer, or returns why it cannot.
func (f *fakeLinear) create(in fakeInput) (string, string) {
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return "", "Argument Validation Error: name should not be empty"
	}
	if slices.Contains(in.Domains, "gmail.com") {
		return "", "Domain gmail.com is a public email domain"
	}
	id := fmt.Sprintf("generated-%d", len(f.customers)+1)
	if in.ID != nil {
		id = *in.ID
	}
	if f.find(id) >= 0 {
		return "", fmt.Sprintf("Entity Customer with id %s already exists", id)
	}
	f.customers = append(f.customers, fakeCustomer{ID: id, Name: *in.Name, Domains: in.Domains, ExternalIDs: in.ExternalIDs})
	return id, ""
}

func (f *fakeLinear) find(id string) int {
	return slices.IndexFunc(f.customers, func(c fakeCustomer) bool { return c.ID == id })
}

func (f *fakeLinear) updateCustomer(req fakeRequest) (any, []fakeError) {
	var id string
	var in map[string]json.RawMessage
	_ = json.Unmarshal(req.Variables["id"], &id)
	_ = json.Unmarshal(req.Variables["input"], &in)
	i := f.find(id)
	if i < 0 {
		return nil, []fakeError{{Message: "Entity not found: Customer", Path: []any{"customerUpdate"},
			Extensions: map[string]any{"type": "invalid input", "userError": true}}}
	}
	if raw, ok := in["name"]; ok {
		_ = json.Unmarshal(raw, &f.customers[i].Name)
	}
	return map[string]any{"customerUpdate": map[string]any{"success": true, "customer": map[string]any{"id": id}}}, nil
}

func (f *fakeLinear) createTier(req fakeRequest) (any, []fakeError) {
	var in struct {
		Name  string `json:"name"`
		Color string `json:"color"`
	}
	_ = json.Unmarshal(req.Variables["input"], &in)
	if in.Color == "" {
		return nil, []fakeError{{Message: "color is required", Extensions: map[string]any{"type": "graphql error"}}}
	}
	tier := CustomerTier{ID: fmt.Sprintf("t%d", len(f.tiers)+1), Name: in.Name, DisplayName: in.Name}
	f.tiers = append(f.tiers, tier)
	return map[string]any{"customerTierCreate": map[string]any{"success": true, "tier": tier}}, nil
}

// addCustomers adds n customers with ids "pre-<i>".
func (f *fakeLinear) addCustomers(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range n {
		f.customers = append(f.customers, fakeCustomer{ID: fmt.Sprintf("pre-%d", i), Name: fmt.Sprintf("Customer %d", i)})
	}
}
