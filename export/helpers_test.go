package export

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"custimport/export/exporttest"
	"custimport/linear"
	"custimport/record"
	"custimport/workspace"
)

// startWorkspace serves a new local workspace on loopback for one test.
// Documents are checked against Linear's schema when
// CUSTIMPORT_LINEAR_SCHEMA names it.
func startWorkspace(t testing.TB, opts workspace.Options) *workspace.Running {
	t.Helper()
	opts.DBPath = filepath.Join(t.TempDir(), "workspace.db")
	opts.Addr = "127.0.0.1:0"
	opts.SchemaPath = os.Getenv("CUSTIMPORT_LINEAR_SCHEMA")
	r, err := workspace.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Close(ctx)
	})
	return r
}

// newClient returns a client of r, paced as the export command paces it.
func newClient(t testing.TB, r *workspace.Running) *linear.Client {
	t.Helper()
	cred, err := linear.APIKey(r.APIKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := linear.New(r.URL, cred, linear.Options{Pacer: linear.NewPacer(linear.PacerOptions{})})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addCustomers creates n customers in r and returns them by id.
func addCustomers(t testing.TB, r *workspace.Running, n int) map[string]record.Input {
	t.Helper()
	byID := make(map[string]record.Input, n)
	for i := range n {
		in := exporttest.Customer(i)
		if _, err := r.Store.CreateCustomer(t.Context(), in); err != nil {
			t.Fatalf("create customer %d: %v", i, err)
		}
		byID[in.ID.Value()] = in
	}
	return byID
}
