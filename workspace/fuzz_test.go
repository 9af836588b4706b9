package workspace

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// FuzzGraphQLRequest sends arbitrary documents and variables through the
// handler. Whatever arrives, the response is JSON with status 200, 400 or
// 413, and no error is the server's own fault.
func FuzzGraphQLRequest(f *testing.F) {
	seeds := []struct{ query, vars string }{
		{createDoc, `{"input": {"name": "Acme", "domains": ["acme.com"]}}`},
		{customersDoc, `{"filter": {"or": [{"name": {"eq": "x"}}, {"domains": {"some": {"in": []}}}]}, "first": 3}`},
		{batchDoc(3), `{"i1": {"name": "a"}, "i2": {"name": "b", "revenue": 99999999999}, "i3": null}`},
		{`{ customers(last: 2, before: "x") { nodes { id } } }`, `null`},
		{`mutation { customerUpsert(input: {externalId: "e", tierName: "T"}) { success } }`, `{}`},
		{`query { __schema { types { name } } }`, `{}`},
		{"{ viewer { ...F } } fragment F on User { ...F }", `{}`},
	}
	for _, s := range seeds {
		f.Add(s.query, s.vars)
	}
	srv, err := NewServer(Options{DBPath: filepath.Join(f.TempDir(), "w.db"), APIKey: "k"})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, query, vars string) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": json.RawMessage(validJSONOrNull(vars))})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Authorization", "k")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, query, rec.Body.Bytes())
		}
		var res struct {
			Errors []gqlErrorBody `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatalf("response is not JSON: %v: %s", err, rec.Body.Bytes())
		}
		for _, e := range res.Errors {
			if e.Extensions["type"] == TypeInternal {
				t.Fatalf("internal error for %q %s: %s", query, vars, rec.Body.Bytes())
			}
		}
	})
}

func validJSONOrNull(s string) string {
	if json.Valid([]byte(s)) {
		return s
	}
	return "null"
}
