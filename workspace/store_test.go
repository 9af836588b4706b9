package workspace

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"custimport/record"
)

func TestOpenCreatesSeededWorkspace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Seeded() {
		t.Error("a new file was not seeded")
	}
	ctx := t.Context()
	statuses, _ := s.Statuses(ctx)
	tiers, _ := s.Tiers(ctx)
	users, _ := s.Users(ctx)
	if len(statuses) != 3 || statuses[0].ID != SeedStatusLead || len(tiers) != 3 || len(users) != 5 {
		t.Errorf("seed: %d statuses (first %s), %d tiers, %d users", len(statuses), statuses[0].Name, len(tiers), len(users))
	}
	var journal string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil || journal != "wal" {
		t.Errorf("journal mode: got %q (%v), want wal", journal, err)
	}
	if _, err := s.CreateCustomer(ctx, record.Input{Name: "Kept", Domains: record.Some([]string{"kept.com"})}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Seeded() {
		t.Error("an existing file was seeded again")
	}
	list, err := s.ListCustomers(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "Kept" || list[0].Domains[0] != "kept.com" {
		t.Errorf("after reopening: %+v, %v", list, err)
	}
}

func TestDatabaseEnforcesUniqueness(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	c, err := s.CreateCustomer(ctx, record.Input{Name: "A", Domains: record.Some([]string{"a.com"}),
		ExternalIDs: record.Some([]string{"e"}), SlackChannelID: record.Some("C")})
	if err != nil {
		t.Fatal(err)
	}
	// Writes that skip the checks in Go still fail on the constraints.
	tests := []struct {
		name string
		stmt string
		args []any
	}{
		{"id", `INSERT INTO customers (id, slug_id, name, status_id, created_at, updated_at) VALUES (?, 'x1', 'B', ?, 0, 0)`, []any{c.ID, SeedStatusLead}},
		{"slack channel", `INSERT INTO customers (id, slug_id, name, slack_channel_id, status_id, created_at, updated_at) VALUES ('other', 'x2', 'B', 'C', ?, 0, 0)`, []any{SeedStatusLead}},
		{"domain", `INSERT INTO customer_domains (domain, customer_id, position) VALUES ('a.com', ?, 1)`, []any{c.ID}},
		{"external id", `INSERT INTO customer_external_ids (external_id, customer_id, position) VALUES ('e', ?, 1)`, []any{c.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.db.ExecContext(ctx, tt.stmt, tt.args...)
			if !isUniqueViolation(err) {
				t.Errorf("got %v, want a UNIQUE constraint failure", err)
			}
		})
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO customer_domains (domain, customer_id, position) VALUES ('Upper.com', ?, 2)`, c.ID)
	if err == nil {
		t.Error("an uppercase domain was stored")
	}
}

func TestSeedFile(t *testing.T) {
	dir := t.TempDir()
	seedPath := filepath.Join(dir, "seed.json")
	seed := `{
  "organization": {"name": "Rehearsal", "urlKey": "rehearsal", "customersEnabled": true},
  "statuses": [{"id": "` + testUUID(10) + `", "name": "Prospect", "color": "#000", "position": 0.5},
               {"name": "Customer", "color": "#fff", "position": 2}],
  "users": [{"id": "` + testUUID(20) + `", "name": "Pat Doe", "displayName": "pat", "email": "pat@example.org", "active": true}],
  "customers": [{"id": "` + testUUID(30) + `", "name": "Existing", "domains": ["existing.com"], "externalIds": ["0001"]}]
}`
	if err := os.WriteFile(seedPath, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	r := startServer(t, Options{SeedPath: seedPath, DBPath: filepath.Join(dir, "w.db")})
	c := newClient(r)
	got := c.create(t, map[string]any{"name": "New"})
	if field(got, "status", "name") != "Prospect" {
		t.Errorf("default status: got %v, want Prospect", field(got, "status", "name"))
	}
	res := c.do(t, `{ viewer { id email } customerTiers { nodes { name } } customer(id: "`+testUUID(30)+`") { externalIds } }`, nil).requireOK(t)
	if field(res.Data, "viewer", "id") != testUUID(20) {
		t.Errorf("viewer: got %s, want the only active user", res.Raw)
	}
	if n := len(field(res.Data, "customerTiers", "nodes").([]any)); n != 3 {
		t.Errorf("tiers kept from the default seed: got %d, want 3", n)
	}
	if field(res.Data, "customer", "externalIds", 0) != "0001" {
		t.Errorf("seeded customer: got %s", res.Raw)
	}
}

func TestSeedFileErrors(t *testing.T) {
	tests := []struct {
		name, seed, want string
	}{
		{"unknown section", `{"status": []}`, "unknown field"},
		{"not json", `{`, "decode seed"},
		{"bad customer", `{"customers": [{"name": "X", "domains": ["gmail.com"]}]}`, "public email provider"},
		{"no viewer possible", `{"users": [{"name": "Bot", "displayName": "bot", "email": "b@x.io", "active": true, "app": true}]}`, "no active user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			seedPath := filepath.Join(dir, "seed.json")
			os.WriteFile(seedPath, []byte(tt.seed), 0o600)
			_, err := NewServer(Options{DBPath: filepath.Join(dir, "w.db"), SeedPath: seedPath})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestCustomersDisabled(t *testing.T) {
	dir := t.TempDir()
	seedPath := filepath.Join(dir, "seed.json")
	os.WriteFile(seedPath, []byte(`{"organization": {"name": "Off", "urlKey": "off", "customersEnabled": false}}`), 0o600)
	c := newClient(startServer(t, Options{SeedPath: seedPath}))
	res := c.do(t, `{ organization { customersEnabled } }`, nil).requireOK(t)
	if field(res.Data, "organization", "customersEnabled") != false {
		t.Errorf("customersEnabled: got %s", res.Raw)
	}
	res = c.do(t, createDoc, map[string]any{"input": map[string]any{"name": "X"}})
	if res.errorType() != TypeFeatureNotAccessible {
		t.Errorf("create with customers disabled: got %s", res.Raw)
	}
}

func TestNewerSchemaVersionRejected(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 99")
	s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("got %v, want a newer-version error", err)
	}
}

func TestOpenSameNewFileTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	stores := make([]*Store, 4)
	for i := range 4 {
		wg.Go(func() { stores[i], errs[i] = OpenSeeded(context.Background(), path, nil) })
	}
	wg.Wait()
	seeded := 0
	for i := range 4 {
		if errs[i] != nil {
			t.Errorf("open %d: %v", i, errs[i])
			continue
		}
		if stores[i].Seeded() {
			seeded++
		}
		stores[i].Close()
	}
	if seeded != 1 {
		t.Errorf("seeded by %d openers, want 1", seeded)
	}
}

func TestStoreNotFound(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Customer(t.Context(), testUUID(1))
	var e *Error
	if !errors.As(err, &e) || e.Message != "Entity not found: Customer" || errors.Is(err, sql.ErrNoRows) {
		t.Errorf("got %v", err)
	}
	if err := s.DeleteCustomer(t.Context(), testUUID(1)); !errors.As(err, &e) {
		t.Errorf("delete: got %v", err)
	}
}

func TestOpenPathWithURLCharacters(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "my work%20space?#1.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the file was not created under its literal name: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "my work%20space?#1.db") {
			t.Errorf("unexpected file %q", e.Name())
		}
	}
}
