package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

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
		in := customerInput(i)
		if _, err := r.Store.CreateCustomer(t.Context(), in); err != nil {
			t.Fatalf("create customer %d: %v", i, err)
		}
		byID[in.ID.Value()] = in
	}
	return byID
}

var (
	owners   = []string{workspace.SeedUserViewer, workspace.SeedUserMember, workspace.SeedUserDisabled, ""}
	statuses = []string{workspace.SeedStatusLead, workspace.SeedStatusActive, workspace.SeedStatusChurned}
	tiers    = []string{workspace.SeedTierEnterprise, workspace.SeedTierGrowth, workspace.SeedTierStarter, ""}
)

// customerInput returns the i-th test customer. The fields vary with i so
// that every field is both set and undefined somewhere among the first 12.
func customerInput(i int) record.Input {
	in := record.Input{
		ID:       record.Some(fmt.Sprintf("%08x-0000-4000-8000-%012x", i+1, i+1)),
		Name:     fmt.Sprintf("Customer %03d", i),
		Domains:  record.Some([]string{fmt.Sprintf("c%d.example.com", i)}),
		StatusID: record.Some(statuses[i%len(statuses)]),
	}
	if i%3 == 0 {
		in.Domains = record.Some([]string{fmt.Sprintf("c%d.example.com", i), fmt.Sprintf("c%d.example.org", i)})
	}
	if i%5 != 0 {
		in.ExternalIDs = record.Some([]string{fmt.Sprintf("%06d", i), fmt.Sprintf("crm-%d", i)})
		if i%2 == 0 {
			in.MainSourceID = record.Some(fmt.Sprintf("crm-%d", i))
		}
	}
	if i%4 == 0 {
		in.SlackChannelID = record.Some(fmt.Sprintf("C%08d", i))
	}
	if o := owners[i%len(owners)]; o != "" {
		in.OwnerID = record.Some(o)
	}
	if t := tiers[i%len(tiers)]; t != "" {
		in.TierID = record.Some(t)
	}
	if i%3 != 0 {
		in.Revenue = record.Some(int64(i) * 1000)
	}
	if i%2 == 1 {
		in.Size = record.Some(int64(i))
	}
	if i%5 == 1 {
		in.LogoURL = record.Some(fmt.Sprintf("https://c%d.example.com/logo.png?a=1&b=2", i))
	}
	switch i {
	case 1:
		in.Revenue = record.Some(int64(2147483647))
	case 7:
		in.Name = "=SUM(A1:A2)"
	case 8:
		in.Name = "Acme, \"Quoted\" Ltd\nSecond line"
	}
	return in
}

// seedWords are the words an export writes for the seed's ids. The
// disabled user is missing: the API lists active users only.
var seedWords = map[string]string{
	workspace.SeedUserViewer:     "alex@example.com",
	workspace.SeedUserMember:     "jordan@example.com",
	workspace.SeedStatusLead:     "Lead",
	workspace.SeedStatusActive:   "Active",
	workspace.SeedStatusChurned:  "Churned",
	workspace.SeedTierEnterprise: "Enterprise",
	workspace.SeedTierGrowth:     "Growth",
	workspace.SeedTierStarter:    "Starter",
}
