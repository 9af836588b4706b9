package linear

import (
	"fmt"
	"math"
	"testing"
)

func TestComplexity(t *testing.T) {
	tests := []struct {
		name     string
		document string
		vars     map[string]any
		want     float64
	}{
		{"scalars", `{ viewer { id name } }`, nil, 1.2},
		{"nested objects", `{ a { b { c } d } }`, nil, 2.2},
		{"connection literal first", `{ users(first: 10) { nodes { id } } }`, nil, 1 + 10*1.1},
		{"connection variable first", `query Q($n: Int) { users(first: $n) { nodes { id } } }`, map[string]any{"n": 20}, 1 + 20*1.1},
		{"connection default page", `{ users { nodes { id } } }`, nil, 1 + 50*1.1},
		{"connection last", `{ users(last: 5) { nodes { id } } }`, nil, 1 + 5*1.1},
		{"fragment spread", `{ viewer { ...F } } fragment F on User { id name }`, nil, 1.2},
		{"inline fragment", `{ node(id: "x") { ... on User { id } } }`, nil, 1.1},
		{"self-spreading fragment ends", `{ viewer { ...F } } fragment F on User { id ...F }`, nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Complexity(tt.document, tt.vars)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want >= 0 && math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestComplexityRejectsBadDocument(t *testing.T) {
	if _, err := Complexity(`{ viewer { id `, nil); err == nil {
		t.Error("got no error for a document that does not parse")
	}
}

func TestCreateCustomersComplexity(t *testing.T) {
	// Each alias selects customerCreate (1) { success (0.1) customer (1) { id (0.1) } }.
	const perAlias = 2.2
	for _, n := range []int{1, 10, 50, 100, 250, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			got, err := Complexity(CreateCustomersDocument(n), nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := perAlias * float64(n); math.Abs(got-want) > 1e-6 {
				t.Errorf("got %v points, want %v", got, want)
			}
		})
	}
}

func TestDocumentComplexity(t *testing.T) {
	docs := map[string]string{
		"Preflight": preflightQuery, "Users": usersQuery, "CustomerStatuses": customerStatusesQuery,
		"CustomerTiers": customerTiersQuery, "Customers": customersQuery, "CustomersByIDs": customersByIDsQuery,
		"UpdateCustomer": updateCustomerMutation, "CreateTier": createTierMutation,
	}
	for name, doc := range docs {
		got, err := Complexity(doc, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got > 10000 {
			t.Errorf("%s: %v points, over Linear's published 10,000 per query", name, got)
		}
		t.Logf("%s: %.1f points", name, got)
	}
}

func BenchmarkComplexity(b *testing.B) {
	doc := CreateCustomersDocument(100)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Complexity(doc, nil); err != nil {
			b.Fatal(err)
		}
	}
}
