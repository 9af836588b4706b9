package resolve

import (
	"os"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestUsersOperationMatchesSchema checks the users document against
// Linear's published schema, named by CUSTIMPORT_LINEAR_SCHEMA.
func TestUsersOperationMatchesSchema(t *testing.T) {
	path := os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	if path == "" {
		t.Skip("CUSTIMPORT_LINEAR_SCHEMA is not set; it names Linear's schema.graphql")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: path, Input: string(src)})
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	doc, errs := gqlparser.LoadQuery(schema, usersOperation.Query)
	if len(errs) > 0 {
		t.Fatalf("document does not validate: %v\n%s", errs, usersOperation.Query)
	}
	if len(doc.Operations) != 1 || doc.Operations[0].Name != usersOperation.Name {
		t.Errorf("operations = %d, want one named %s", len(doc.Operations), usersOperation.Name)
	}
}
