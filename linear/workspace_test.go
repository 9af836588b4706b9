package linear_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"custimport/linear"
	"custimport/record"
	"custimport/workspace"
)

// startWorkspace runs the local workspace on loopback for one test. It
// validates documents against Linear's full schema when
// CUSTIMPORT_LINEAR_SCHEMA is set.
func startWorkspace(t *testing.T, opts workspace.Options) (*workspace.Running, *linear.Client) {
	t.Helper()
	opts.DBPath = filepath.Join(t.TempDir(), "workspace.db")
	opts.SchemaPath = os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	ws, err := workspace.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting the workspace: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := ws.Close(ctx); err != nil {
			t.Errorf("closing the workspace: %v", err)
		}
	})
	return ws, newWorkspaceClient(t, ws, ws.APIKey)
}

// reopenWorkspace closes ws and serves its file again with default
// options, returning a client for the new server.
func reopenWorkspace(t *testing.T, ws *workspace.Running) *linear.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ws.Close(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := workspace.Start(ctx, workspace.Options{DBPath: ws.Store.Path(), APIKey: ws.APIKey})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = again.Close(context.Background()) })
	return newWorkspaceClient(t, again, again.APIKey)
}

func newWorkspaceClient(t *testing.T, ws *workspace.Running, key string) *linear.Client {
	t.Helper()
	cred, err := linear.APIKey(key)
	if err != nil {
		t.Fatal(err)
	}
	// One send a read: these tests check each response of the workspace.
	c, err := linear.New(ws.URL, cred, linear.Options{UserAgent: "custimport/test", ReadAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// uuidFor returns a fixed version 4 UUID for row i of a test.
func uuidFor(batch, i int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", batch, i)
}

func inputs(batch, n int, bad ...int) []record.Input {
	out := make([]record.Input, n)
	for i := range out {
		out[i] = record.Input{
			ID:          record.Some(uuidFor(batch, i)),
			Name:        fmt.Sprintf("Customer %d-%d", batch, i),
			Domains:     record.Some([]string{fmt.Sprintf("c%d-%d.example.com", batch, i)}),
			ExternalIDs: record.Some([]string{fmt.Sprintf("crm-%d-%d", batch, i)}),
		}
		if slices.Contains(bad, i) {
			out[i].Domains = record.Some([]string{"gmail.com"})
		}
	}
	return out
}

func rowStatuses(res linear.BatchResult) []linear.RowStatus {
	out := make([]linear.RowStatus, len(res.Rows))
	for i, r := range res.Rows {
		out[i] = r.Status
	}
	return out
}

func TestWorkspacePreflight(t *testing.T) {
	_, c := startWorkspace(t, workspace.Options{})
	a, err := c.Preflight(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !a.Organization.CustomersEnabled || a.Viewer.ID == "" {
		t.Errorf("got %+v", a)
	}
}

func TestWorkspaceBatchCreated(t *testing.T) {
	_, c := startWorkspace(t, workspace.Options{})
	in := inputs(1, 20)
	res, err := c.CreateCustomers(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range res.Rows {
		if row.Status != linear.RowCreated || row.ID != in[i].ID.Value() {
			t.Errorf("row %d: got %+v, want created with id %s", i, row, in[i].ID.Value())
		}
	}
	want, err := linear.Complexity(linear.CreateCustomersDocument(len(in)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("20 aliases: estimate %.1f points, workspace X-Complexity %d", want, res.Response.RateLimit.Cost)
}

func TestWorkspaceBatchBadRow(t *testing.T) {
	_, c := startWorkspace(t, workspace.Options{})
	in := inputs(2, 5, 2)
	res, err := c.CreateCustomers(context.Background(), in)
	if err != nil {
		t.Fatalf("got %v; a row's own error is not a batch error", err)
	}
	want := []linear.RowStatus{linear.RowUnknown, linear.RowUnknown, linear.RowFailed, linear.RowUnknown, linear.RowUnknown}
	if got := rowStatuses(res); !slices.Equal(got, want) {
		t.Fatalf("statuses:\n got %v\nwant %v", got, want)
	}
	if !res.DataNull {
		t.Error("DataNull: got false")
	}
	bad := res.Rows[2].Err
	if bad == nil || bad.Kind != linear.KindInvalidInput || linear.IsRetryable(bad) {
		t.Errorf("bad row error: got %v, want a user error that is not retryable", bad)
	}
	t.Logf("bad row: %v", bad)

	// Aliases run in order: c0 and c1 were created before c2 failed.
	ids := []string{uuidFor(2, 0), uuidFor(2, 1), uuidFor(2, 3), uuidFor(2, 4)}
	found, err := c.CustomersByIDs(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if wantFound := ids[:2]; !sameSet(found, wantFound) {
		t.Errorf("found:\n got %v\nwant %v", found, wantFound)
	}
}

func TestWorkspaceBatchBadRowPartialErrors(t *testing.T) {
	_, c := startWorkspace(t, workspace.Options{PartialErrors: true})
	res, err := c.CreateCustomers(context.Background(), inputs(3, 5, 2))
	if err != nil {
		t.Fatal(err)
	}
	want := []linear.RowStatus{linear.RowCreated, linear.RowCreated, linear.RowFailed, linear.RowCreated, linear.RowCreated}
	if got := rowStatuses(res); !slices.Equal(got, want) {
		t.Errorf("statuses:\n got %v\nwant %v", got, want)
	}
}

func TestWorkspaceReconcileByIDs(t *testing.T) {
	_, c := startWorkspace(t, workspace.Options{})
	in := inputs(4, 30)
	if _, err := c.CreateCustomers(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 30 {
		ids = append(ids, uuidFor(4, i), uuidFor(5, i)) // half never created
	}
	found, err := c.CustomersByIDs(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, x := range in {
		want = append(want, x.ID.Value())
	}
	if !sameSet(found, want) {
		t.Errorf("found %d ids, want the %d created", len(found), len(want))
	}
}

func TestWorkspaceLostResponseIsAmbiguous(t *testing.T) {
	ws, c := startWorkspace(t, workspace.Options{LostResponseRate: 1})
	in := inputs(6, 3)
	res, err := c.CreateCustomers(context.Background(), in)
	if !linear.IsAmbiguous(err) {
		t.Fatalf("got %v, want an ambiguous error", err)
	}
	for i, row := range res.Rows {
		if row.Status != linear.RowUnknown {
			t.Errorf("row %d: got %v, want unknown", i, row.Status)
		}
	}

	// The workspace committed the batch before dropping the connection.
	// LostResponseRate applies to every request, so read through a
	// workspace that serves the same file without faults.
	ids := []string{uuidFor(6, 0), uuidFor(6, 1), uuidFor(6, 2)}
	reader := reopenWorkspace(t, ws)
	found, err := reader.CustomersByIDs(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if !sameSet(found, ids) {
		t.Errorf("found:\n got %v\nwant %v", found, ids)
	}
}

func TestWorkspaceCustomersPaging(t *testing.T) {
	_, c := startWorkspace(t, workspace.Options{})
	for b := range 6 {
		if _, err := c.CreateCustomers(context.Background(), inputs(10+b, 100)); err != nil {
			t.Fatal(err)
		}
	}
	var sizes []int
	seen := map[string]bool{}
	err := c.Customers(context.Background(), nil, func(page []linear.Customer) error {
		sizes = append(sizes, len(page))
		for _, cu := range page {
			seen[cu.ID] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{250, 250, 100}; !slices.Equal(sizes, want) {
		t.Errorf("page sizes:\n got %v\nwant %v", sizes, want)
	}
	if len(seen) != 600 {
		t.Errorf("distinct customers: got %d, want 600", len(seen))
	}
}

func TestWorkspaceWrongKey(t *testing.T) {
	ws, _ := startWorkspace(t, workspace.Options{})
	const wrong = "lin_api_WRONGwrongWRONGwrong0123456789"
	c := newWorkspaceClient(t, ws, wrong)
	_, err := c.Preflight(context.Background())
	var e *linear.Error
	if !errors.As(err, &e) || e.Kind != linear.KindAuthentication {
		t.Fatalf("got %v, want an authentication error", err)
	}
	for _, key := range []string{wrong, ws.APIKey} {
		if strings.Contains(err.Error(), key) || strings.Contains(fmt.Sprintf("%+v", c), key) {
			t.Error("a key is shown in the error or the client")
		}
	}
	t.Logf("HTTP %d: %v", e.HTTPStatus, err)
}

func TestWorkspaceRateLimited(t *testing.T) {
	for _, status := range []int{400, 429} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			_, c := startWorkspace(t, workspace.Options{
				RateLimitStatus:   status,
				RateLimitRequests: func(n int) bool { return n == 1 },
			})
			res, err := c.CreateCustomers(context.Background(), inputs(20, 3))
			var e *linear.Error
			if !errors.As(err, &e) || e.Kind != linear.KindRateLimited {
				t.Fatalf("got %v, want a rate limit", err)
			}
			if e.HTTPStatus != status || !linear.IsRetryable(err) || linear.IsAmbiguous(err) {
				t.Errorf("HTTP %d, retryable %v, ambiguous %v", e.HTTPStatus, linear.IsRetryable(err), linear.IsAmbiguous(err))
			}
			for i, row := range res.Rows {
				if row.Status != linear.RowNotRun {
					t.Errorf("row %d: got %v, want not run", i, row.Status)
				}
			}
			t.Logf("HTTP %d: retry after %v: %v", status, e.RetryAfter, err)
			// The next request runs.
			if res, err = c.CreateCustomers(context.Background(), inputs(20, 3)); err != nil {
				t.Fatalf("after the rate limit: %v", err)
			}
		})
	}
}

func TestWorkspacePacerWaitsOutRetryAfter(t *testing.T) {
	ws, _ := startWorkspace(t, workspace.Options{
		RateLimitStatus:   429,
		RateLimitRequests: func(n int) bool { return n == 1 },
	})
	pacer := linear.NewPacer(linear.PacerOptions{MaxJitter: 50 * time.Millisecond})
	cred, err := linear.APIKey(ws.APIKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := linear.New(ws.URL, cred, linear.Options{Pacer: pacer})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCustomers(context.Background(), inputs(21, 2)); !linear.IsRetryable(err) {
		t.Fatalf("got %v, want a retryable rate limit", err)
	}
	start := time.Now()
	if _, err := c.CreateCustomers(context.Background(), inputs(21, 2)); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Errorf("second batch went after %v, want it to wait out Retry-After", waited)
	}
	s := pacer.Stats()
	if s.Pauses != 1 || s.Waits != 1 {
		t.Errorf("Stats: got %+v, want 1 pause and 1 wait", s)
	}
	t.Logf("pacer: %+v", s)
}

func TestWorkspaceRequestBudget(t *testing.T) {
	_, c := startWorkspace(t, workspace.Options{RequestsPerMinute: 3})
	var err error
	for range 4 {
		if _, err = c.Viewer(context.Background()); err != nil {
			break
		}
	}
	var e *linear.Error
	if !errors.As(err, &e) || e.Kind != linear.KindRateLimited {
		t.Fatalf("got %v, want a rate limit after the budget of 3", err)
	}
	if e.RetryAfter <= 0 || e.RetryAfter > time.Minute {
		t.Errorf("RetryAfter: got %v, want between 0 and 1m", e.RetryAfter)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
