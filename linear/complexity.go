package linear

import (
	"fmt"
	"math"
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// defaultPageSize is the page size Linear uses when a connection field
// has neither first nor last.
const defaultPageSize = 50

// Complexity estimates the complexity points of document with variables,
// by the rule Linear publishes for its rate limits. A scalar field costs
// 0.1 point and an object field 1 point. The points of a connection's
// children are multiplied by its first or last argument, or by 50 when it
// has neither. The result is not rounded, but Linear rounds the total up
// to a whole point.
//
// It reads only the document, not the schema. A field with a selection
// set counts as an object and one without as a scalar. A field is a
// connection when it has a first or last argument or selects nodes or
// edges. A document with several operations costs the sum of them.
//
// NOTE: this is an estimate from the published rule. The server's own
// figure comes back in each response's X-Complexity header
// (RateLimit.Cost); compare the two before relying on a margin.
func Complexity(document string, variables map[string]any) (float64, error) {
	doc, err := parser.ParseQuery(&ast.Source{Input: document})
	if err != nil {
		return 0, fmt.Errorf("linear: parsing document for complexity: %w", err)
	}
	est := estimator{fragments: doc.Fragments, variables: variables}
	var tenths float64
	for _, op := range doc.Operations {
		tenths += est.selections(op.SelectionSet, 0)
	}
	return tenths / 10, nil
}

// estimator adds up a document's cost in tenths of a point, so that sums
// of 0.1 stay exact.
type estimator struct {
	fragments ast.FragmentDefinitionList
	variables map[string]any
}

// maxFragmentDepth stops a fragment that spreads itself.
const maxFragmentDepth = 32

func (e estimator) selections(set ast.SelectionSet, depth int) float64 {
	if depth > maxFragmentDepth {
		return 0
	}
	var tenths float64
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			tenths += e.field(s, depth)
		case *ast.InlineFragment:
			tenths += e.selections(s.SelectionSet, depth+1)
		case *ast.FragmentSpread:
			if f := e.fragments.ForName(s.Name); f != nil {
				tenths += e.selections(f.SelectionSet, depth+1)
			}
		}
	}
	return tenths
}

func (e estimator) field(f *ast.Field, depth int) float64 {
	if len(f.SelectionSet) == 0 {
		return 1
	}
	return 10 + float64(e.multiplier(f))*e.selections(f.SelectionSet, depth)
}

// multiplier returns the page size of a connection field, or 1.
func (e estimator) multiplier(f *ast.Field) int64 {
	for _, name := range []string{"first", "last"} {
		if arg := f.Arguments.ForName(name); arg != nil {
			if n, ok := e.intValue(arg.Value); ok {
				return n
			}
			return defaultPageSize
		}
	}
	for _, sel := range f.SelectionSet {
		if c, ok := sel.(*ast.Field); ok && (c.Name == "nodes" || c.Name == "edges") {
			return defaultPageSize
		}
	}
	return 1
}

// intValue reads a literal or a variable's integer value.
func (e estimator) intValue(v *ast.Value) (int64, bool) {
	if v == nil {
		return 0, false
	}
	switch v.Kind {
	case ast.IntValue:
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		return n, err == nil && n >= 0
	case ast.Variable:
		return intOf(e.variables[v.Raw])
	}
	return 0, false
}

func intOf(x any) (int64, bool) {
	switch n := x.(type) {
	case int:
		return int64(n), n >= 0
	case int64:
		return n, n >= 0
	case float64:
		return int64(n), n >= 0 && n == math.Trunc(n)
	}
	return 0, false
}
