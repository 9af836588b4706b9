package workspace

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

const viewerDoc = `{ viewer { id } }`

func TestAuthentication(t *testing.T) {
	r := startServer(t, Options{APIKey: "lin_api_testKEYtestKEY0123456789", FailRate: 1})
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong key", "lin_api_other", http.StatusUnauthorized},
		{"prefix of the key", "lin_api_testKEY", http.StatusUnauthorized},
		{"wrong bearer", "Bearer lin_api_other", http.StatusUnauthorized},
		{"bearer only", "Bearer", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(r)
			c.auth = tt.header
			res := c.do(t, viewerDoc, nil)
			if res.Status != tt.want {
				t.Fatalf("status: got %d, want %d: %s", res.Status, tt.want, res.Raw)
			}
			if res.errorType() != TypeAuthentication || res.Errors[0].Extensions["code"] != "AUTHENTICATION_ERROR" {
				t.Errorf("error: got %s", res.Raw)
			}
			if bytes.Contains(res.Raw, []byte(r.APIKey)) {
				t.Error("the response contains the API key")
			}
			if res.Header.Get("X-RateLimit-Requests-Limit") == "" {
				t.Error("no rate-limit headers on the 401")
			}
		})
	}
}

func TestAuthenticationAccepted(t *testing.T) {
	r := startServer(t, Options{APIKey: "lin_api_testKEYtestKEY0123456789"})
	for _, header := range []string{r.APIKey, "Bearer " + r.APIKey, "bearer " + r.APIKey, " " + r.APIKey + " "} {
		c := newClient(r)
		c.auth = header
		c.do(t, viewerDoc, nil).requireOK(t)
	}
}

func TestGeneratedAPIKey(t *testing.T) {
	r := startServer(t, Options{})
	if !strings.HasPrefix(r.APIKey, "lin_api_") || len(r.APIKey) != len("lin_api_")+40 {
		t.Errorf("generated key has the wrong form (length %d)", len(r.APIKey))
	}
	if other := NewAPIKey(); other == r.APIKey {
		t.Error("two generated keys are equal")
	}
	newClient(r).do(t, viewerDoc, nil).requireOK(t)
}

func TestInvalidDocuments(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	tests := []struct {
		name     string
		query    string
		wantMsg  string
		wantLine int
	}{
		{"syntax error", "{ viewer { id }", "Expected", 1},
		{"unknown field", "{\n  viewer { nope }\n}", `Cannot query field "nope" on type "User"`, 2},
		{"missing argument", "{ customer { id } }", `argument "id" of type "String!" is required`, 1},
		{"wrong argument type", `{ customers(first: "ten") { nodes { id } } }`, `Int cannot represent non-integer value: "ten"`, 1},
		{"unknown input field", `mutation { customerCreate(input: {name: "x", nope: 1}) { success } }`, `Field "nope" is not defined`, 1},
		{"object without selection", "{ viewer }", `must have a selection of subfields`, 1},
		{"undefined variable", "query { customer(id: $id) { id } }", `Variable "$id" is not defined`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireLinearInvalid(t, tt.query)
			res, err := c.send(tt.query, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != http.StatusBadRequest || res.Data != nil || len(res.Errors) == 0 {
				t.Fatalf("got HTTP %d %s, want 400 with errors and no data", res.Status, res.Raw)
			}
			e := res.Errors[0]
			if !strings.Contains(e.Message, tt.wantMsg) {
				t.Errorf("message: got %q, want %q", e.Message, tt.wantMsg)
			}
			if len(e.Locations) == 0 || e.Locations[0].Line != tt.wantLine {
				t.Errorf("locations: got %v, want line %d", e.Locations, tt.wantLine)
			}
			if e.Extensions["type"] != TypeGraphQL {
				t.Errorf("extensions.type: got %v", e.Extensions["type"])
			}
		})
	}
}

func TestVariableErrors(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	tests := []struct {
		name string
		vars map[string]any
	}{
		{"missing required", nil},
		{"null for non-null", map[string]any{"input": nil}},
		{"missing name", map[string]any{"input": map[string]any{"domains": []string{"x.com"}}}},
		{"unknown field", map[string]any{"input": map[string]any{"name": "x", "nope": 1}}},
		{"number for string", map[string]any{"input": map[string]any{"name": 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.do(t, createDoc, tt.vars)
			if res.Status != http.StatusBadRequest || res.errorType() != TypeGraphQL {
				t.Errorf("got HTTP %d %s, want 400 graphql error", res.Status, res.Raw)
			}
		})
	}
}

func TestOperationName(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	const doc = "query A { viewer { id } }\nquery B { organization { id } }"
	requireLinearValid(t, doc)
	body := []byte(`{"query":"query A { viewer { id } }\nquery B { organization { id } }","operationName":"B"}`)
	res, err := c.post(body)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := field(res.Data, "organization", "id").(string); res.Status != http.StatusOK || uuid.Validate(id) != nil || res.Data["viewer"] != nil {
		t.Errorf("operationName B: got HTTP %d %s", res.Status, res.Raw)
	}
	res = c.do(t, doc, nil)
	if res.Status != http.StatusBadRequest || !strings.Contains(res.Errors[0].Message, "operation name") {
		t.Errorf("no operationName: got HTTP %d %s", res.Status, res.Raw)
	}
}

func TestRequestProtocol(t *testing.T) {
	r := startServer(t, Options{MaxBodyBytes: 1024})
	c := newClient(r)
	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		wantStatus int
	}{
		{"not json", http.MethodPost, "/graphql", "query=1", http.StatusBadRequest},
		{"no query", http.MethodPost, "/graphql", `{"variables":{}}`, http.StatusBadRequest},
		{"body too large", http.MethodPost, "/graphql", `{"query":"` + strings.Repeat(" ", 2000) + `{ viewer { id } }"}`, http.StatusRequestEntityTooLarge},
		{"GET", http.MethodGet, "/graphql", "", http.StatusMethodNotAllowed},
		{"other path", http.MethodPost, "/v1/graphql", `{"query":"{ viewer { id } }"}`, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := strings.TrimSuffix(r.URL, "/graphql") + tt.path
			req, err := http.NewRequest(tt.method, url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", r.APIKey)
			resp, err := c.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status: got %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type: got %q", ct)
			}
		})
	}
}
