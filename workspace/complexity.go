package workspace

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// MaxComplexity is the most complexity points one document may cost, the
// figure Linear publishes.
const MaxComplexity = 10000

// Complexity estimates what an operation costs by Linear's published
// rule: 0.1 point for each scalar field, 1 for each object, and the
// children of a connection multiplied by its page size (first or last,
// 50 when neither is given). Fragments count where they are spread. The
// result is rounded up to a whole point. NOTE: __typename and
// introspection fields cost nothing here; Linear does not document them.
func Complexity(op *ast.OperationDefinition, vars map[string]any) int {
	tenths := selectionTenths(op.SelectionSet, vars)
	return int((tenths + 9) / 10)
}

// selectionTenths returns the cost of a selection set in tenths of a
// point, so that sums of 0.1 stay exact.
func selectionTenths(set ast.SelectionSet, vars map[string]any) int64 {
	var total int64
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			total += fieldTenths(sel, vars)
		case *ast.InlineFragment:
			total += selectionTenths(sel.SelectionSet, vars)
		case *ast.FragmentSpread:
			if sel.Definition != nil {
				total += selectionTenths(sel.Definition.SelectionSet, vars)
			}
		}
	}
	return total
}

func fieldTenths(f *ast.Field, vars map[string]any) int64 {
	if strings.HasPrefix(f.Name, "__") || f.Definition == nil {
		return 0
	}
	if len(f.SelectionSet) == 0 {
		return 1
	}
	children := selectionTenths(f.SelectionSet, vars)
	if strings.HasSuffix(f.Definition.Type.Name(), "Connection") {
		children *= pageSizeArg(f, vars)
	}
	return 10 + children
}

// pageSizeArg returns the value of first or last, or the default page
// size.
func pageSizeArg(f *ast.Field, vars map[string]any) int64 {
	for _, name := range []string{"first", "last"} {
		arg := f.Arguments.ForName(name)
		if arg == nil {
			continue
		}
		v, err := arg.Value.Value(vars)
		if err != nil {
			continue
		}
		switch n := v.(type) {
		case int64:
			return max(n, 0)
		case float64:
			return max(int64(n), 0)
		case int:
			return int64(max(n, 0))
		}
	}
	return defaultPageSize
}
