package workspace

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestEmbeddedSchemaIsSubsetOfLinear checks that every type, field,
// argument and input field of the embedded schema exists in Linear's
// schema with the same type, so that a document valid here is valid for
// Linear.
func TestEmbeddedSchemaIsSubsetOfLinear(t *testing.T) {
	linear := linearSchema(t)
	if linear == nil {
		t.Skip(linearSchemaEnv + " is not set")
	}
	ours, err := loadEmbeddedSchema()
	if err != nil {
		t.Fatal(err)
	}
	for name, def := range ours.Types {
		if def.BuiltIn {
			continue
		}
		theirs := linear.Types[name]
		if theirs == nil {
			t.Errorf("type %s is not in Linear's schema", name)
			continue
		}
		if def.Kind != theirs.Kind {
			t.Errorf("type %s: kind %s, Linear's %s", name, def.Kind, theirs.Kind)
		}
		compareFields(t, name, def, theirs)
		for _, v := range def.EnumValues {
			if theirs.EnumValues.ForName(v.Name) == nil {
				t.Errorf("enum %s: value %s is not Linear's", name, v.Name)
			}
		}
		for _, iface := range def.Interfaces {
			if !containsString(theirs.Interfaces, iface) {
				t.Errorf("type %s implements %s, Linear's does not", name, iface)
			}
		}
	}
	requireRequiredInputsKept(t, ours, linear)
}

func compareFields(t *testing.T, typeName string, ours, theirs *ast.Definition) {
	t.Helper()
	for _, f := range ours.Fields {
		tf := theirs.Fields.ForName(f.Name)
		if tf == nil {
			t.Errorf("%s.%s is not in Linear's schema", typeName, f.Name)
			continue
		}
		if f.Type.String() != tf.Type.String() {
			t.Errorf("%s.%s: type %s, Linear's %s", typeName, f.Name, f.Type, tf.Type)
		}
		if (f.DefaultValue == nil) != (tf.DefaultValue == nil) ||
			(f.DefaultValue != nil && f.DefaultValue.String() != tf.DefaultValue.String()) {
			t.Errorf("%s.%s: default %v, Linear's %v", typeName, f.Name, f.DefaultValue, tf.DefaultValue)
		}
		for _, a := range f.Arguments {
			ta := tf.Arguments.ForName(a.Name)
			if ta == nil || ta.Type.String() != a.Type.String() {
				t.Errorf("%s.%s(%s: %s) differs from Linear's", typeName, f.Name, a.Name, a.Type)
			}
		}
		for _, ta := range tf.Arguments {
			if ta.Type.NonNull && ta.DefaultValue == nil && f.Arguments.ForName(ta.Name) == nil {
				t.Errorf("%s.%s lacks Linear's required argument %s", typeName, f.Name, ta.Name)
			}
		}
	}
}

// requireRequiredInputsKept checks that no input type leaves out a field
// that Linear requires, which would let documents pass here that Linear
// rejects.
func requireRequiredInputsKept(t *testing.T, ours, linear *ast.Schema) {
	t.Helper()
	for name, def := range ours.Types {
		if def.Kind != ast.InputObject {
			continue
		}
		for _, tf := range linear.Types[name].Fields {
			if tf.Type.NonNull && tf.DefaultValue == nil && def.Fields.ForName(tf.Name) == nil {
				t.Errorf("input %s lacks Linear's required field %s", name, tf.Name)
			}
		}
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestServerWithLinearSchema(t *testing.T) {
	path := os.Getenv(linearSchemaEnv)
	if path == "" {
		t.Skip(linearSchemaEnv + " is not set")
	}
	r := startServer(t, Options{SchemaPath: path})
	c := newClient(r)
	c.create(t, map[string]any{"name": "Full schema"})
	c.do(t, `{ customers { nodes { name } } organization { customersEnabled } }`, nil).requireOK(t)

	// Valid for Linear but outside the served subset: the executor rejects
	// it as a document error.
	res := c.do(t, `{ issues(first: 1) { nodes { id } } }`, nil)
	if res.Status != http.StatusBadRequest || res.errorType() != TypeGraphQL {
		t.Errorf("field outside the subset: got HTTP %d %s", res.Status, res.Raw)
	}
	// Invalid for Linear: rejected by validation against its schema.
	res = mustSend(t, c, `{ customers { nodes { nope } } }`)
	if res.Status != http.StatusBadRequest || !strings.Contains(res.Errors[0].Message, `Cannot query field "nope" on type "Customer"`) {
		t.Errorf("invalid field: got HTTP %d %s", res.Status, res.Raw)
	}
}

func TestExecutableSDLPartialErrors(t *testing.T) {
	strict, partial := executableSDL(false), executableSDL(true)
	if strict != SchemaSDL {
		t.Error("the strict executable schema differs from the embedded one")
	}
	for _, f := range []string{"customerCreate", "customerUpdate", "customerUpsert", "customerDelete", "customerTierCreate"} {
		for _, line := range strings.Split(partial, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), f+"(") && strings.HasSuffix(line, "!") {
				t.Errorf("partial-errors schema keeps a non-null payload: %s", line)
			}
		}
	}
	if strings.Count(strict, "Payload!\n")-strings.Count(partial, "Payload!\n") != 5 {
		t.Error("partial-errors schema changed other fields than the five mutations")
	}
}

func TestBadSchemaPath(t *testing.T) {
	_, err := NewServer(Options{DBPath: t.TempDir() + "/w.db", SchemaPath: t.TempDir() + "/missing.graphql"})
	if err == nil || !strings.Contains(err.Error(), "read schema") {
		t.Errorf("got %v, want a read error", err)
	}
}
