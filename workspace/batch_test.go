package workspace

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// batchDoc builds one document of n aliased customerCreate fields, c1 to
// cn, with the inputs in variables $i1 to $in.
func batchDoc(n int) string {
	var b strings.Builder
	b.WriteString("mutation Batch(")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "$i%d: CustomerCreateInput!", i)
		if i < n {
			b.WriteString(", ")
		}
	}
	b.WriteString(") {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  c%d: customerCreate(input: $i%d) { success customer { id } }\n", i, i)
	}
	b.WriteString("}")
	return b.String()
}

// batchVars returns inputs for batchDoc with ids testUUID(1..n); row bad
// (1-based) uses a public email domain, which is rejected.
func batchVars(n, bad int) map[string]any {
	vars := map[string]any{}
	for i := 1; i <= n; i++ {
		domain := fmt.Sprintf("row%d.example.com", i)
		if i == bad {
			domain = "gmail.com"
		}
		vars[fmt.Sprintf("i%d", i)] = map[string]any{"id": testUUID(i), "name": fmt.Sprintf("Row %d", i), "domains": []string{domain}}
	}
	return vars
}

func TestBatchStopsAtFailure(t *testing.T) {
	r := startServer(t, Options{})
	res := newClient(r).do(t, batchDoc(5), batchVars(5, 3))
	if res.Status != http.StatusOK {
		t.Fatalf("status: got %d, want 200: %s", res.Status, res.Raw)
	}
	if !strings.Contains(string(res.Raw), `"data":null`) {
		t.Errorf("data: got %s, want null", res.Raw)
	}
	if len(res.Errors) != 1 || fmt.Sprint(res.Errors[0].Path) != "[c3]" {
		t.Fatalf("errors: got %s, want one for c3", res.Raw)
	}
	if res.errorType() != TypeInvalidInput {
		t.Errorf("error type: got %s", res.errorType())
	}
	ids := storedIDs(t, r)
	for i, want := range []bool{true, true, false, false, false} {
		if ids[testUUID(i+1)] != want {
			t.Errorf("c%d stored: got %v, want %v", i+1, ids[testUUID(i+1)], want)
		}
	}
}

func TestBatchPartialErrors(t *testing.T) {
	r := startServer(t, Options{PartialErrors: true})
	res := newClient(r).do(t, batchDoc(5), batchVars(5, 3))
	if res.Status != http.StatusOK || res.Data == nil {
		t.Fatalf("got HTTP %d %s, want 200 with data", res.Status, res.Raw)
	}
	for i := 1; i <= 5; i++ {
		got := field(res.Data, fmt.Sprintf("c%d", i), "customer", "id")
		want := any(testUUID(i))
		if i == 3 {
			want = nil
		}
		if got != want {
			t.Errorf("c%d: got %v, want %v", i, got, want)
		}
	}
	if len(res.Errors) != 1 || fmt.Sprint(res.Errors[0].Path) != "[c3]" {
		t.Errorf("errors: got %s, want one for c3", res.Raw)
	}
	if n := len(storedIDs(t, r)); n != 4 {
		t.Errorf("stored: got %d, want 4", n)
	}
}

func TestBatchAllSucceed(t *testing.T) {
	r := startServer(t, Options{})
	res := newClient(r).do(t, batchDoc(50), batchVars(50, 0)).requireOK(t)
	if len(res.Data) != 50 {
		t.Errorf("aliases in data: got %d, want 50", len(res.Data))
	}
	list, err := r.Store.ListCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range list {
		if c.ID != testUUID(i+1) {
			t.Errorf("creation order: customer %d is %s, want %s", i, c.ID, testUUID(i+1))
		}
	}
}

func TestConcurrentCreatesSameDomain(t *testing.T) {
	r := startServer(t, Options{})
	c := newClient(r)
	requireLinearValid(t, createDoc)

	const racers = 24
	var wg sync.WaitGroup
	results := make([]*gqlResult, racers)
	errs := make([]error, racers)
	for i := range racers {
		wg.Go(func() {
			input := map[string]any{"name": fmt.Sprintf("Racer %d", i), "domains": []string{"contested.com"}, "externalIds": []string{fmt.Sprint("ext-", i)}}
			results[i], errs[i] = c.send(createDoc, map[string]any{"input": input})
		})
	}
	wg.Wait()

	wins := 0
	for i, res := range results {
		if errs[i] != nil {
			t.Fatalf("racer %d: %v", i, errs[i])
		}
		switch {
		case res.Status == http.StatusOK && len(res.Errors) == 0:
			wins++
		case res.errorType() == TypeInvalidInput && strings.Contains(res.Errors[0].Message, "already used"):
		default:
			t.Errorf("racer %d: HTTP %d %s", i, res.Status, res.Raw)
		}
	}
	if wins != 1 {
		t.Errorf("winners: got %d, want 1", wins)
	}
	if n, _ := r.Store.CountCustomers(t.Context()); n != 1 {
		t.Errorf("stored: got %d, want 1", n)
	}
}

func TestConcurrentCreatesSameID(t *testing.T) {
	r := startServer(t, Options{})
	c := newClient(r)
	const racers = 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for i := range racers {
		wg.Go(func() {
			res, err := c.send(createDoc, map[string]any{"input": map[string]any{"id": testUUID(1), "name": fmt.Sprint("Twin ", i)}})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Errorf("racer %d: %v", i, err)
			case len(res.Errors) == 0:
				wins++
			case res.Errors[0].Message == "Entity Customer with id "+testUUID(1)+" already exists":
				conflicts++
			default:
				t.Errorf("racer %d: %s", i, res.Raw)
			}
		})
	}
	wg.Wait()
	if wins != 1 || conflicts != racers-1 {
		t.Errorf("got %d created and %d conflicts, want 1 and %d", wins, conflicts, racers-1)
	}
}
