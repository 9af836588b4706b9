package workspace

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// checkNumberVariables rejects variable values that GraphQL's Int and
// Float do not accept but gqlparser's coercion lets through: an Int
// outside 32 bits, and a number written as a string. graphql-go would
// only fail later, when it unpacks the argument.
func checkNumberVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) *gqlerror.Error {
	for _, def := range op.VariableDefinitions {
		v, ok := vars[def.Variable]
		if !ok {
			continue
		}
		bad, at, typ := findBadNumber(schema, def.Type, v, []string{def.Variable})
		if bad == nil {
			continue
		}
		reason := "Int cannot represent non 32-bit signed integer value"
		if _, isString := bad.(string); isString {
			reason = typ + " cannot represent a string"
		}
		return gqlerror.ErrorPathf(ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)},
			"Variable \"$%s\" got invalid value %s at %q; %s: %s",
			def.Variable, formatNumber(bad), strings.Join(at, "."), reason, formatNumber(bad))
	}
	return nil
}

// findBadNumber returns the first unacceptable Int or Float in v, of type
// t, with its path and its type name, or nil.
func findBadNumber(schema *ast.Schema, t *ast.Type, v any, path []string) (any, []string, string) {
	if v == nil {
		return nil, nil, ""
	}
	rv := reflect.ValueOf(v)
	if t.Elem != nil {
		return findBadInList(schema, t.Elem, rv, path)
	}
	switch {
	case (t.NamedType == "Int" || t.NamedType == "Float") && rv.Kind() == reflect.String:
		return v, path, t.NamedType
	case t.NamedType == "Int" && outOfInt32(rv):
		return v, path, t.NamedType
	}
	def := schema.Types[t.NamedType]
	m, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return nil, nil, ""
	}
	for _, f := range def.Fields {
		if bad, at, typ := findBadNumber(schema, f.Type, m[f.Name], append(slices.Clip(path), f.Name)); bad != nil {
			return bad, at, typ
		}
	}
	return nil, nil, ""
}

// findBadInList checks the items of a list value, or a single value that
// GraphQL coerces to a list of one.
func findBadInList(schema *ast.Schema, elem *ast.Type, rv reflect.Value, path []string) (any, []string, string) {
	if rv.Kind() != reflect.Slice {
		return findBadNumber(schema, elem, rv.Interface(), path)
	}
	for i := range rv.Len() {
		if bad, at, typ := findBadNumber(schema, elem, rv.Index(i).Interface(), append(slices.Clip(path), strconv.Itoa(i))); bad != nil {
			return bad, at, typ
		}
	}
	return nil, nil, ""
}

func outOfInt32(rv reflect.Value) bool {
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() < math.MinInt32 || rv.Int() > math.MaxInt32
	case reflect.Float32, reflect.Float64:
		return rv.Float() < math.MinInt32 || rv.Float() > math.MaxInt32
	}
	return false
}

// formatNumber writes a number without an exponent, as it was sent, and
// a string quoted.
func formatNumber(v any) string {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return strconv.Quote(v)
	}
	return fmt.Sprint(v)
}
