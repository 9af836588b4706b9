package linear

import (
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"

	"custimport/record"
)

var (
	schemaOnce sync.Once
	schema     *ast.Schema
	schemaErr  error
)

// linearSchema loads the schema named by CUSTIMPORT_LINEAR_SCHEMA, or
// skips the test when the variable is unset.
func linearSchema(t *testing.T) *ast.Schema {
	t.Helper()
	path := os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	if path == "" {
		t.Skip("CUSTIMPORT_LINEAR_SCHEMA is not set; it names Linear's schema.graphql")
	}
	schemaOnce.Do(func() {
		var src []byte
		src, schemaErr = os.ReadFile(path)
		if schemaErr == nil {
			schema, schemaErr = gqlparser.LoadSchema(&ast.Source{Name: path, Input: string(src)})
		}
	})
	if schemaErr != nil {
		t.Fatalf("loading %s: %v", path, schemaErr)
	}
	return schema
}

// checkDocument validates doc against the schema, and vars (encoded as
// the Client encodes them) against the operation's variable types.
func checkDocument(t *testing.T, s *ast.Schema, doc string, vars any) {
	t.Helper()
	q, errs := gqlparser.LoadQuery(s, doc)
	if len(errs) > 0 {
		t.Fatalf("document does not validate: %v\n%s", errs, doc)
	}
	if len(q.Operations) != 1 {
		t.Fatalf("operations: got %d, want 1", len(q.Operations))
	}
	raw, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	var decoded map[string]any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	if _, err := validator.VariableValues(s, q.Operations[0], decoded); err != nil {
		t.Fatalf("variables %s do not validate: %v", raw, err)
	}
}

func TestDocumentsValidateAgainstSchema(t *testing.T) {
	s := linearSchema(t)
	cursor := "abc"
	tests := []struct {
		name string
		doc  string
		vars any
	}{
		{"Viewer", viewerQuery, nil},
		{"Organization", organizationQuery, nil},
		{"Preflight", preflightQuery, nil},
		{"CustomersByIDs", customersByIDsQuery, map[string]any{"ids": []string{"a", "b"}, "after": &cursor}},
		{"Customers", customersQuery, map[string]any{"filter": nil, "after": nil}},
		{"Customers filtered", customersQuery, map[string]any{
			"filter": map[string]any{"domains": map[string]any{"some": map[string]any{"eq": "acme.com"}}}, "after": &cursor}},
		{"Users", usersQuery, map[string]any{"after": nil}},
		{"CustomerStatuses", customerStatusesQuery, map[string]any{"after": nil}},
		{"CustomerTiers", customerTiersQuery, map[string]any{"after": nil}},
		{"UpdateCustomer", updateCustomerMutation, map[string]any{"id": "x", "input": fullUpdate()}},
		{"UpdateCustomer null", updateCustomerMutation, map[string]any{"id": "x", "input": UpdateInput{SlackChannelID: record.Null[string]()}}},
		{"CreateTier", createTierMutation, map[string]any{"input": map[string]any{"name": "Gold", "displayName": "Gold", "color": TierColor}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDocument(t, s, tt.doc, tt.vars)
		})
	}
}

func TestCreateCustomersDocumentValidates(t *testing.T) {
	s := linearSchema(t)
	for _, n := range []int{1, 3, 50} {
		inputs := make(map[string]record.Input, n)
		for i := range n {
			in := fullInput()
			if i%2 == 1 {
				in = record.Input{Name: "Only a name"}
			}
			inputs["i"+itoa(int64(i))] = in
		}
		checkDocument(t, s, CreateCustomersDocument(n), inputs)
	}
}

func fullInput() record.Input {
	return record.Input{
		ID:             record.Some("0b9f6f4e-8a4c-4a8e-9d55-0f1b6f0c2a11"),
		Name:           "Acme",
		Domains:        record.Some([]string{"acme.com"}),
		ExternalIDs:    record.Some([]string{"0012", "sf-9"}),
		SlackChannelID: record.Some("C123"),
		OwnerID:        record.Some("u1"),
		StatusID:       record.Some("s1"),
		Revenue:        record.Some[int64](1200000),
		Size:           record.Some[int64](250),
		TierID:         record.Some("t1"),
		LogoURL:        record.Some("https://acme.com/logo.png"),
		MainSourceID:   record.Some("0012"),
	}
}

func fullUpdate() UpdateInput { return UpdateFromInput(fullInput()) }

func TestSchemaCheckRejectsMistakes(t *testing.T) {
	s := linearSchema(t)
	if _, errs := gqlparser.LoadQuery(s, `query { organization { customersEnabledd } }`); len(errs) == 0 {
		t.Error("a misspelled field validated")
	}
	q, errs := gqlparser.LoadQuery(s, CreateCustomersDocument(1))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	vars := map[string]any{"i0": map[string]any{"name": "Acme", "website": "acme.com"}}
	if _, err := validator.VariableValues(s, q.Operations[0], vars); err == nil {
		t.Error("an input field that CustomerCreateInput lacks validated")
	}
	vars = map[string]any{"i0": map[string]any{"name": "Acme", "revenue": "lots"}}
	if _, err := validator.VariableValues(s, q.Operations[0], vars); err == nil {
		t.Error("a string revenue validated")
	}
}
