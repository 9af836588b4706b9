package workspace

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"custimport/record"
)

func TestCreateRules(t *testing.T) {
	r := startServer(t, Options{})
	c := newClient(r)
	c.create(t, map[string]any{
		"id": testUUID(1), "name": "Acme", "domains": []string{"acme.com"},
		"externalIds": []string{"crm-1"}, "slackChannelId": "C1",
	})
	tests := []struct {
		name  string
		input map[string]any
		want  string
	}{
		{"blank name", map[string]any{"name": "  "}, "name must not be empty"},
		{"id not a uuid", map[string]any{"name": "X", "id": "123"}, `id "123" is not a UUID v4`},
		{"id uppercase", map[string]any{"name": "X", "id": "3F2A9C4E-1B7D-4E8A-9C0F-5D6E7F8A9B0C"}, "canonical lowercase"},
		{"id version 1", map[string]any{"name": "X", "id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}, "not a UUID v4"},
		{"id taken", map[string]any{"name": "X", "id": testUUID(1)}, "Entity Customer with id " + testUUID(1) + " already exists"},
		{"public email domain", map[string]any{"name": "X", "domains": []string{"Gmail.com"}}, "public email provider"},
		{"malformed domain", map[string]any{"name": "X", "domains": []string{"not a domain"}}, "is not a domain name"},
		{"url as domain", map[string]any{"name": "X", "domains": []string{"https://x.com/"}}, "is not a domain name"},
		{"domain twice in row", map[string]any{"name": "X", "domains": []string{"x.com", "X.COM"}}, "appears twice"},
		{"domain taken ignoring case", map[string]any{"name": "X", "domains": []string{"ACME.com"}}, `domain "acme.com" is already used`},
		{"external id taken", map[string]any{"name": "X", "externalIds": []string{"crm-1"}}, `external id "crm-1" is already used`},
		{"external id twice in row", map[string]any{"name": "X", "externalIds": []string{"a", "a"}}, "appears twice"},
		{"empty external id", map[string]any{"name": "X", "externalIds": []string{""}}, "empty id"},
		{"slack channel taken", map[string]any{"name": "X", "slackChannelId": "C1"}, "already linked"},
		{"main source not an external id", map[string]any{"name": "X", "externalIds": []string{"a"}, "mainSourceId": "b"}, "must be one of"},
		{"main source compared exactly", map[string]any{"name": "X", "externalIds": []string{"A"}, "mainSourceId": "a"}, "must be one of"},
		{"unknown owner", map[string]any{"name": "X", "ownerId": testUUID(77)}, "Entity not found: User"},
		{"app user as owner", map[string]any{"name": "X", "ownerId": SeedUserApp}, "app users cannot own customers"},
		{"unknown status", map[string]any{"name": "X", "statusId": testUUID(78)}, "Entity not found: CustomerStatus"},
		{"unknown tier", map[string]any{"name": "X", "tierId": testUUID(79)}, "Entity not found: CustomerTier"},
		{"logo not http", map[string]any{"name": "X", "logoUrl": "ftp://acme.com/logo.png"}, "not an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.do(t, createDoc, map[string]any{"input": tt.input})
			requireUserError(t, res, "customerCreate", tt.want)
		})
	}
	if n, _ := r.Store.CountCustomers(t.Context()); n != 1 {
		t.Errorf("customers after rejected creates: got %d, want 1", n)
	}
}

// requireUserError checks Linear's shape of a rejected input: HTTP 200,
// data null, and one error with path, type, code, userError and a
// presentable message.
func requireUserError(t *testing.T, res *gqlResult, path, want string) {
	t.Helper()
	if res.Status != http.StatusOK || res.Data != nil || len(res.Errors) != 1 {
		t.Fatalf("got HTTP %d %s, want 200 with data null and one error", res.Status, res.Raw)
	}
	e := res.Errors[0]
	msg := e.Message + " / " + fmt.Sprint(e.Extensions["userPresentableMessage"])
	if !strings.Contains(msg, want) {
		t.Errorf("message: got %q, want it to contain %q", msg, want)
	}
	if fmt.Sprint(e.Path) != "["+path+"]" {
		t.Errorf("path: got %v, want [%s]", e.Path, path)
	}
	ext := e.Extensions
	if ext["type"] != TypeInvalidInput || ext["code"] != "INVALID_INPUT" || ext["userError"] != true {
		t.Errorf("extensions: got %v", ext)
	}
	if s, _ := ext["userPresentableMessage"].(string); s == "" {
		t.Errorf("userPresentableMessage is empty")
	}
}

func TestUpdateRules(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	c.create(t, map[string]any{"id": testUUID(1), "name": "A", "domains": []string{"a.com"}, "externalIds": []string{"x", "y"}, "mainSourceId": "y"})
	c.create(t, map[string]any{"id": testUUID(2), "name": "B", "domains": []string{"b.com"}})
	const doc = `mutation U($id: String!, $input: CustomerUpdateInput!) { customerUpdate(id: $id, input: $input) { success } }`
	tests := []struct {
		name  string
		input map[string]any
		want  string
	}{
		{"domain of another customer", map[string]any{"domains": []string{"B.com"}}, "already used"},
		{"external ids without main source", map[string]any{"externalIds": []string{"x"}}, `mainSourceId "y"`},
		{"null name", map[string]any{"name": nil}, "cannot be null"},
		{"blank name", map[string]any{"name": ""}, "must not be empty"},
		{"public domain", map[string]any{"domains": []string{"outlook.com"}}, "public email provider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.do(t, doc, map[string]any{"id": testUUID(1), "input": tt.input})
			requireUserError(t, res, "customerUpdate", tt.want)
		})
	}
	// Keeping its own domain is not a conflict.
	c.do(t, doc, map[string]any{"id": testUUID(1), "input": map[string]any{"domains": []string{"a.com"}}}).requireOK(t)
}

func TestIntRange(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	// gqlparser does not check the range of Int literals, so this one is
	// not checked against Linear's schema; graphql-go rejects it.
	literal := `mutation { customerCreate(input: {name: "Big", revenue: 2147483648}) { success } }`
	tests := []struct {
		name  string
		query string
		vars  map[string]any
	}{
		{"literal above", literal, nil},
		{"variable above", createDoc, map[string]any{"input": map[string]any{"name": "Big", "size": 2147483648}}},
		{"variable below", createDoc, map[string]any{"input": map[string]any{"name": "Big", "revenue": -2147483649}}},
		{"variable fraction", createDoc, map[string]any{"input": map[string]any{"name": "Big", "revenue": 1.5}}},
		{"string for Int", createDoc, map[string]any{"input": map[string]any{"name": "Big", "revenue": "100"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.send(tt.query, tt.vars)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != http.StatusBadRequest || res.errorType() != TypeGraphQL || res.Data != nil {
				t.Errorf("got HTTP %d %s, want 400 graphql error", res.Status, res.Raw)
			}
		})
	}
	got := c.create(t, map[string]any{"name": "Edge", "revenue": 2147483647, "size": 0})
	if got["revenue"] != float64(2147483647) {
		t.Errorf("max Int: got %v", got["revenue"])
	}
}

func TestStoreRulesFromGo(t *testing.T) {
	s, err := Open(t.TempDir() + "/w.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	in := record.Input{ID: record.Some(testUUID(5)), Name: "Go", Revenue: record.Some[int64](1 << 40)}
	_, err = s.CreateCustomer(ctx, in)
	var e *Error
	if !errors.As(err, &e) || e.Type != TypeInvalidInput || !strings.Contains(e.Message, "outside the range") {
		t.Fatalf("revenue 2^40: got %v", err)
	}
	in.Revenue = record.Some[int64](7)
	if _, err := s.CreateCustomer(ctx, in); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateCustomer(ctx, in)
	if !errors.As(err, &e) || e.Message != "Entity Customer with id "+testUUID(5)+" already exists" {
		t.Errorf("second create: got %v", err)
	}
}
