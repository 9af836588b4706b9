package workspace

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"regexp"

	graphql "github.com/graph-gophers/graphql-go"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// SchemaSDL is the GraphQL schema of the customer subset of Linear's API
// that the workspace serves.
//
//go:embed schema.graphql
var SchemaSDL string

// LoadSchema parses an SDL file, such as Linear's published schema, for
// validating documents with gqlparser.
func LoadSchema(path string) (*ast.Schema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	s, err := gqlparser.LoadSchema(&ast.Source{Name: path, Input: string(b)})
	if err != nil {
		return nil, fmt.Errorf("parse schema %s: %w", path, err)
	}
	return s, nil
}

func loadEmbeddedSchema() (*ast.Schema, error) {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: SchemaSDL})
	if err != nil {
		return nil, fmt.Errorf("parse embedded schema: %w", err)
	}
	return s, nil
}

// nonNullPayload matches a mutation field of the schema whose payload type
// is non-null.
var nonNullPayload = regexp.MustCompile(`(?m)^(\s+customer\w*\(.*\): \w+Payload)!$`)

// executableSDL returns the SDL that graphql-go executes. With partial
// errors the mutation payloads become nullable, so that a failing alias
// turns into null on its own instead of nulling the whole data object.
// Validation always uses the schema with non-null payloads, and a change
// of nullability does not change which documents are valid.
func executableSDL(partialErrors bool) string {
	if !partialErrors {
		return SchemaSDL
	}
	return nonNullPayload.ReplaceAllString(SchemaSDL, "$1")
}

// newExecutor parses the SDL for graphql-go and binds the resolvers.
func newExecutor(r *resolver, partialErrors bool) (*graphql.Schema, error) {
	return graphql.ParseSchema(executableSDL(partialErrors), r,
		graphql.Logger(silentLogger{}),
		graphql.MaxParallelism(4),
	)
}

// silentLogger keeps graphql-go from writing resolver panics to the
// standard logger. A panic still becomes an error in the response, which
// Server.executorErrors reports to Options.OnError.
type silentLogger struct{}

func (silentLogger) LogPanic(context.Context, any) {}
