package workspace

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// outcome is what the client saw for one request: an HTTP status, or
// "error" when the connection ended without a response.
type outcome string

// createEach sends n single-create documents one after another, customer
// i with id testUUID(i), and returns what each got.
func createEach(t *testing.T, c *client, n int) []outcome {
	t.Helper()
	requireLinearValid(t, createDoc)
	out := make([]outcome, n)
	for i := range out {
		res, err := c.send(createDoc, map[string]any{"input": map[string]any{"id": testUUID(i), "name": fmt.Sprintf("C%d", i)}})
		if err != nil {
			out[i] = "error"
			continue
		}
		out[i] = outcome(fmt.Sprint(res.Status))
	}
	return out
}

// storedIDs returns the set of customer ids in the store.
func storedIDs(t *testing.T, r *Running) map[string]bool {
	t.Helper()
	list, err := r.Store.ListCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, c := range list {
		ids[c.ID] = true
	}
	return ids
}

func count(list []outcome, want ...outcome) int {
	n := 0
	for _, o := range list {
		if slices.Contains(want, o) {
			n++
		}
	}
	return n
}

func TestFailRate(t *testing.T) {
	run := func(seed int64) ([]outcome, *Running) {
		r := startServer(t, Options{FailRate: 0.3, Seed: seed})
		return createEach(t, newClient(r), 40), r
	}
	first, r := run(7)
	failed := count(first, "500", "502", "503")
	if failed < 4 || failed > 20 {
		t.Errorf("failed responses: got %d of 40, want about 12", failed)
	}
	if count(first, "200")+failed != 40 {
		t.Errorf("outcomes other than 200 and 5xx: %v", first)
	}
	ids := storedIDs(t, r)
	for i, o := range first {
		if created := ids[testUUID(i)]; created != (o == "200") {
			t.Errorf("request %d got %s, created %v", i, o, created)
		}
	}
	again, _ := run(7)
	if !slices.Equal(first, again) {
		t.Errorf("same seed, different outcomes:\n%v\n%v", first, again)
	}
	other, _ := run(8)
	if slices.Equal(first, other) {
		t.Errorf("seeds 7 and 8 gave the same outcomes: %v", first)
	}
}

func TestDropRate(t *testing.T) {
	run := func() ([]outcome, *Running) {
		r := startServer(t, Options{DropRate: 0.3, Seed: 3})
		return createEach(t, newClient(r), 40), r
	}
	first, r := run()
	dropped := count(first, "error")
	if dropped < 4 || dropped > 20 {
		t.Errorf("dropped connections: got %d of 40, want about 12", dropped)
	}
	ids := storedIDs(t, r)
	for i, o := range first {
		if created := ids[testUUID(i)]; created != (o == "200") {
			t.Errorf("request %d got %s, created %v", i, o, created)
		}
	}
	if again, _ := run(); !slices.Equal(first, again) {
		t.Errorf("same seed, different outcomes:\n%v\n%v", first, again)
	}
}

func TestLostResponse(t *testing.T) {
	r := startServer(t, Options{LostResponseRate: 0.5, Seed: 11})
	got := createEach(t, newClient(r), 30)
	lost := count(got, "error")
	if lost < 5 || lost > 25 {
		t.Errorf("lost responses: got %d of 30, want about 15", lost)
	}
	if count(got, "200")+lost != 30 {
		t.Errorf("outcomes other than 200 and lost: %v", got)
	}
	ids := storedIDs(t, r)
	for i := range got {
		if !ids[testUUID(i)] {
			t.Errorf("request %d (%s) was not committed", i, got[i])
		}
	}
}

func TestLatencyAndJitter(t *testing.T) {
	const latency, jitter = 60 * time.Millisecond, 40 * time.Millisecond
	c := newClient(startServer(t, Options{Latency: latency, Jitter: jitter, Seed: 1}))
	var spread []time.Duration
	for range 5 {
		start := time.Now()
		c.do(t, viewerDoc, nil).requireOK(t)
		took := time.Since(start)
		if took < latency {
			t.Errorf("request took %v, less than the latency %v", took, latency)
		}
		// Generous bound: the machine may be busy.
		if took > latency+jitter+time.Second {
			t.Errorf("request took %v, far more than latency plus jitter", took)
		}
		spread = append(spread, took)
	}
	t.Logf("durations: %v", spread)
}

func TestReadLag(t *testing.T) {
	const lag = 500 * time.Millisecond
	r := startServer(t, Options{ReadLag: lag})
	c := newClient(r)
	created := time.Now()
	c.create(t, map[string]any{"id": testUUID(1), "name": "Slow", "domains": []string{"slow.com"}})
	const one = `query One($id: String!) { customer(id: $id) { id } }`
	filter := map[string]any{"id": map[string]any{"in": []string{testUUID(1)}}}

	if res := c.do(t, one, map[string]any{"id": testUUID(1)}); res.errorType() != TypeInvalidInput {
		t.Errorf("customer right after create: got %s, want not found", res.Raw)
	}
	if names := customerNames(t, c, filter); len(names) != 0 && time.Since(created) < lag {
		t.Errorf("customers right after create: got %v, want none", names)
	}
	dup := c.do(t, createDoc, map[string]any{"input": map[string]any{"id": testUUID(1), "name": "Again"}})
	requireUserError(t, dup, "customerCreate", "already exists")
	if n, _ := r.Store.CountCustomers(t.Context()); n != 1 {
		t.Errorf("store: got %d customers, want 1", n)
	}

	time.Sleep(time.Until(created.Add(lag + 50*time.Millisecond)))
	c.do(t, one, map[string]any{"id": testUUID(1)}).requireOK(t)
	if names := customerNames(t, c, filter); fmt.Sprint(names) != "[Slow]" {
		t.Errorf("customers after the lag: got %v", names)
	}
}

func TestFaultPlansReproducible(t *testing.T) {
	plans := func(opts Options) []faultPlan {
		f := newFaults(&opts)
		out := make([]faultPlan, 50)
		for i := range out {
			out[i] = f.plan()
		}
		return out
	}
	all := Options{Seed: 5, FailRate: 0.2, DropRate: 0.2, LostResponseRate: 0.2, Latency: time.Millisecond, Jitter: time.Millisecond}
	if a, b := plans(all), plans(all); !slices.Equal(a, b) {
		t.Error("two generators with one seed differ")
	}
	// Turning one fault off leaves the others' decisions as they were.
	noFail := all
	noFail.FailRate = 0
	a, b := plans(all), plans(noFail)
	for i := range a {
		if a[i].drop != b[i].drop || a[i].lose != b[i].lose || a[i].delay != b[i].delay || b[i].fail != 0 {
			t.Fatalf("plan %d: with failures %+v, without %+v", i, a[i], b[i])
		}
	}
}

func TestInjectedFailureShapes(t *testing.T) {
	r := startServer(t, Options{FailRate: 1, Seed: 2})
	c := newClient(r)
	seen := map[int]bool{}
	for range 30 {
		res := mustSend(t, c, viewerDoc)
		seen[res.Status] = true
		switch res.Status {
		case http.StatusInternalServerError:
			if res.errorType() != TypeInternal {
				t.Errorf("500 body: %s", res.Raw)
			}
		case http.StatusServiceUnavailable:
			if res.Header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
		case http.StatusBadGateway:
			if !strings.Contains(string(res.Raw), "502") {
				t.Errorf("502 body: %s", res.Raw)
			}
		default:
			t.Errorf("status %d: %s", res.Status, res.Raw)
		}
	}
	if len(seen) != 3 {
		t.Errorf("statuses seen: %v, want 500, 502 and 503", seen)
	}
}
