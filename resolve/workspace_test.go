package resolve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"custimport/linear"
	"custimport/record"
	"custimport/workspace"
)

// counter counts the requests a client finished, by operation name.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) observe(ev linear.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = make(map[string]int)
	}
	c.n[ev.Operation]++
}

func (c *counter) count(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[op]
}

// startWorkspace serves a local workspace on loopback for one test and
// returns it with a client whose requests cnt counts. It validates
// documents against Linear's full schema when CUSTIMPORT_LINEAR_SCHEMA is
// set.
func startWorkspace(t *testing.T, opts workspace.Options, cnt *counter) (*workspace.Running, *linear.Client) {
	t.Helper()
	opts.DBPath = filepath.Join(t.TempDir(), "w.db")
	opts.Addr = "127.0.0.1:0"
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
	return ws, newClient(t, ws.URL, ws.APIKey, cnt)
}

// newClient returns a client of the workspace at url. Its idle
// connections are closed when the test ends, before the workspace closes:
// the transport keeps a connection whose dial outlived its request, and
// the server's shutdown waits for such a connection as if it were busy.
func newClient(t *testing.T, url, key string, cnt *counter) *linear.Client {
	t.Helper()
	c, _ := newClientHTTP(t, url, key, cnt)
	return c
}

// newClientHTTP is newClient that also returns the HTTP client.
func newClientHTTP(t *testing.T, url, key string, cnt *counter) (*linear.Client, *http.Client) {
	t.Helper()
	cred, err := linear.APIKey(key)
	if err != nil {
		t.Fatal(err)
	}
	hc := linear.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	c, err := linear.New(url, cred, linear.Options{HTTPClient: hc, UserAgent: "custimport/test", OnEvent: cnt.observe, ReadBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c, hc
}

// bigSeedFile writes a seed with the default workspace plus extra users
// and tiers, enough for two pages of each, and returns its path.
func bigSeedFile(t *testing.T, extraUsers, extraTiers int) string {
	t.Helper()
	seed := workspace.DefaultSeed()
	for i := range extraUsers {
		seed.Users = append(seed.Users, workspace.User{
			ID:   fmt.Sprintf("eb000000-0000-4000-8000-%012d", i),
			Name: fmt.Sprintf("Member %03d", i), DisplayName: fmt.Sprintf("member%03d", i),
			Email: fmt.Sprintf("member%03d@example.com", i), Active: true,
		})
	}
	seed.Users = append(seed.Users, workspace.User{
		ID: "eb000000-0000-4000-8000-999999999999", Name: "Zoë Ångström", DisplayName: "zoe",
		Email: "zoe@example.com", Active: true,
	})
	for i := range extraTiers {
		seed.Tiers = append(seed.Tiers, workspace.Tier{
			ID:   fmt.Sprintf("7b000000-0000-4000-8000-%012d", i),
			Name: fmt.Sprintf("Band %03d", i), Color: "#bec2c8", Position: float64(10 + i),
		})
	}
	b, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadReadsEveryPage(t *testing.T) {
	var cnt counter
	_, c := startWorkspace(t, workspace.Options{SeedPath: bigSeedFile(t, 300, 260)}, &cnt)
	d, err := Load(context.Background(), c, Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := len(d.users.users), 5+300+1; got != want {
		t.Errorf("users loaded = %d, want %d", got, want)
	}
	if got, want := len(d.tiers.entries), 3+260; got != want {
		t.Errorf("tiers loaded = %d, want %d", got, want)
	}
	if got := len(d.statuses.entries); got != 3 {
		t.Errorf("statuses loaded = %d, want 3", got)
	}
	for op, want := range map[string]int{"DirectoryUsers": 2, "CustomerTiers": 2, "CustomerStatuses": 1} {
		if got := cnt.count(op); got != want {
			t.Errorf("%s requests = %d, want %d", op, got, want)
		}
	}
}

func TestLoadResolvesSeededNames(t *testing.T) {
	var cnt counter
	_, c := startWorkspace(t, workspace.Options{SeedPath: bigSeedFile(t, 300, 260)}, &cnt)
	d, err := Load(context.Background(), c, Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	tests := []struct {
		name  string
		refs  record.Refs
		want  ids
		codes []string
	}{
		{"viewer by email", record.Refs{Owner: "alex@example.com"}, ids{owner: workspace.SeedUserViewer}, nil},
		{"member by name", record.Refs{Owner: "jordan lee"}, ids{owner: workspace.SeedUserMember}, nil},
		{"guest by display name", record.Refs{Owner: "SAM"}, ids{owner: workspace.SeedUserGuest}, nil},
		{"user on second page", record.Refs{Owner: "member299@example.com"}, ids{owner: "eb000000-0000-4000-8000-000000000299"}, nil},
		{"user without accents", record.Refs{Owner: "zoe angstrom"}, ids{owner: "eb000000-0000-4000-8000-999999999999"}, nil},
		{"disabled user", record.Refs{Owner: "riley@example.com"}, ids{}, []string{record.CodeOwnerNotAssignable}},
		{"app user", record.Refs{Owner: "Import Bot"}, ids{}, []string{record.CodeOwnerNotAssignable}},
		{"status", record.Refs{Status: "churned"}, ids{status: workspace.SeedStatusChurned}, nil},
		{"tier", record.Refs{Tier: "ENTERPRISE"}, ids{tier: workspace.SeedTierEnterprise}, nil},
		{"tier on second page", record.Refs{Tier: "band 259"}, ids{tier: "7b000000-0000-4000-8000-000000000259"}, nil},
		{"unknown tier", record.Refs{Tier: "Platinum"}, ids{}, []string{record.CodeUnknownTier}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in record.Input
			errs, _ := d.Resolve(context.Background(), 2, tt.refs, &in, testColumns())
			if got := idsOf(in); got != tt.want {
				t.Errorf("ids\ngot  %+v\nwant %+v", got, tt.want)
			}
			if got := codesOf(errs); !slices.Equal(got, tt.codes) {
				t.Errorf("codes\ngot  %q\nwant %q\nerrors: %+v", got, tt.codes, errs)
			}
		})
	}
}

func TestLoadRejectedKey(t *testing.T) {
	var cnt counter
	ws, _ := startWorkspace(t, workspace.Options{}, &cnt)
	c := newClient(t, ws.URL, "lin_api_wrongwrongwrongwrong", &cnt)
	_, err := Load(context.Background(), c, Options{})
	if err == nil {
		t.Fatal("Load with a wrong key succeeded")
	}
	if !strings.HasPrefix(err.Error(), "resolve: loading ") {
		t.Errorf("error %q does not say what was being loaded", err)
	}
}

func TestLoadNilClient(t *testing.T) {
	if _, err := Load(context.Background(), nil, Options{}); err == nil {
		t.Error("Load(nil client) succeeded")
	}
}

func TestCreateMissingTierOnce(t *testing.T) {
	var cnt counter
	ws, c := startWorkspace(t, workspace.Options{Latency: 50 * time.Millisecond}, &cnt)
	d, err := Load(context.Background(), c, Options{CreateMissingTiers: true})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	spellings := []string{"Platinum", "platinum", " PLATINUM ", "Platinum"}
	const workers = 20
	var wg sync.WaitGroup
	start := make(chan struct{})
	got := make([]string, workers)
	notes := make([][]string, workers)
	errs := make([][]record.FieldError, workers)
	for i := range workers {
		wg.Go(func() {
			<-start
			var in record.Input
			refs := record.Refs{Tier: spellings[i%len(spellings)]}
			errs[i], notes[i] = d.Resolve(context.Background(), i+2, refs, &in, testColumns())
			got[i] = in.TierID.Value()
		})
	}
	close(start)
	wg.Wait()

	if n := cnt.count("CreateTier"); n != 1 {
		t.Errorf("CreateTier requests = %d, want 1", n)
	}
	created := 0
	for i := range workers {
		if len(errs[i]) != 0 {
			t.Errorf("worker %d errors: %+v", i, errs[i])
		}
		if got[i] == "" || got[i] != got[0] {
			t.Errorf("worker %d tierId = %q, want %q like worker 0", i, got[i], got[0])
		}
		switch {
		case len(notes[i]) == 0:
		case len(notes[i]) == 1 && fold(notes[i][0]) == `tier: created tier "platinum"`:
			created++
		default:
			t.Errorf("worker %d notes = %q", i, notes[i])
		}
	}
	if created != 1 {
		t.Errorf("rows noting the creation = %d, want 1", created)
	}
	checkStoredTier(t, ws, "Platinum", got[0])

	// A later row gets the new id without another request.
	var in record.Input
	if errs, _ := d.Resolve(context.Background(), 99, record.Refs{Tier: "platinum"}, &in, testColumns()); len(errs) != 0 {
		t.Errorf("later row errors: %+v", errs)
	}
	if in.TierID.Value() != got[0] {
		t.Errorf("later row tierId = %q, want %q", in.TierID.Value(), got[0])
	}
	if n := cnt.count("CreateTier"); n != 1 {
		t.Errorf("CreateTier requests after a later row = %d, want 1", n)
	}
	if ct := d.CreatedTiers(); len(ct) != 1 || ct[0].ID != got[0] {
		t.Errorf("CreatedTiers = %+v, want the one tier %s", ct, got[0])
	}
}

// checkStoredTier checks that the workspace has exactly one tier whose
// name folds like name, with id.
func checkStoredTier(t *testing.T, ws *workspace.Running, name, id string) {
	t.Helper()
	tiers, err := ws.Store.Tiers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, tier := range tiers {
		if fold(tier.Name) == fold(name) {
			found = append(found, tier.ID)
		}
	}
	if !slices.Equal(found, []string{id}) {
		t.Errorf("stored tiers named %q: %q, want [%s]", name, found, id)
	}
}

func TestCreateMissingTierMadeElsewhere(t *testing.T) {
	var cnt counter
	ws, c := startWorkspace(t, workspace.Options{}, &cnt)
	d, err := Load(context.Background(), c, Options{CreateMissingTiers: true})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	// Another process creates the tier after Load read the tiers.
	other, err := ws.Store.CreateTier(context.Background(), workspace.TierCreate{
		Name: record.Some("Platinum"), Color: "#000000"})
	if err != nil {
		t.Fatal(err)
	}
	var in record.Input
	errs, _ := d.Resolve(context.Background(), 2, record.Refs{Tier: "Platinum"}, &in, testColumns())
	if len(errs) != 0 {
		t.Fatalf("errors: %+v", errs)
	}
	if in.TierID.Value() != other.ID {
		t.Errorf("tierId = %q, want the existing tier %s", in.TierID.Value(), other.ID)
	}
	checkStoredTier(t, ws, "Platinum", other.ID)
}

func TestCreateMissingTierFailureRemembered(t *testing.T) {
	var cnt counter
	ws, _ := startWorkspace(t, workspace.Options{}, &cnt)
	c, hc := newClientHTTP(t, ws.URL, ws.APIKey, &cnt)
	d, err := Load(context.Background(), c, Options{CreateMissingTiers: true})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}

	// Stop the server so that creating the tier fails.
	hc.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ws.Close(ctx); err != nil {
		t.Fatal(err)
	}

	for row := 2; row <= 3; row++ {
		var in record.Input
		errs, _ := d.Resolve(context.Background(), row, record.Refs{Tier: "Platinum"}, &in, testColumns())
		if got := codesOf(errs); !slices.Equal(got, []string{record.CodeTierNotCreated}) {
			t.Fatalf("row %d codes = %q, want [%s]", row, got, record.CodeTierNotCreated)
		}
		if !strings.Contains(errs[0].Message, "creating it failed") {
			t.Errorf("row %d message: %s", row, errs[0].Message)
		}
		if strings.Contains(errs[0].Message, ws.APIKey) {
			t.Errorf("row %d message contains the API key", row)
		}
	}
	if n := cnt.count("CreateTier"); n != 1 {
		t.Errorf("CreateTier requests = %d, want 1 for both rows", n)
	}
}

func TestCreateMissingTierAfterCancel(t *testing.T) {
	var cnt counter
	_, c := startWorkspace(t, workspace.Options{}, &cnt)
	d, err := Load(context.Background(), c, Options{CreateMissingTiers: true})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var in record.Input
	errs, _ := d.Resolve(ctx, 2, record.Refs{Tier: "Platinum"}, &in, testColumns())
	if got := codesOf(errs); !slices.Equal(got, []string{record.CodeTierNotCreated}) {
		t.Fatalf("codes with a cancelled context = %q, want [%s]", got, record.CodeTierNotCreated)
	}
	// The cancellation is not remembered: a live context creates the tier.
	in = record.Input{}
	if errs, _ := d.Resolve(context.Background(), 3, record.Refs{Tier: "Platinum"}, &in, testColumns()); len(errs) != 0 {
		t.Fatalf("errors after the cancellation: %+v", errs)
	}
	if !in.TierID.IsSet() {
		t.Error("tierId not set after the cancellation")
	}
}
