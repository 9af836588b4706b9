package workspace

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"custimport/record"
)

// Seed is the data a new workspace file starts with. In a seed file (JSON)
// every section is optional, and a section that is left out keeps the
// content of [DefaultSeed]. Customers use the field names of Linear's
// CustomerCreateInput and pass the same rules as customerCreate.
type Seed struct {
	Organization *Organization  `json:"organization,omitempty"`
	Statuses     []Status       `json:"statuses,omitempty"`
	Tiers        []Tier         `json:"tiers,omitempty"`
	Users        []User         `json:"users,omitempty"`
	Customers    []record.Input `json:"customers,omitempty"`
}

// The ids of the default seed data, fixed so that tests and rehearsal
// scripts can refer to them. The organization's id is not among them: each
// new workspace gets its own, as each Linear workspace has, so that an
// import's report shows which workspace it was written for.
const (
	SeedStatusLead     = "5a000000-0000-4000-8000-000000000001"
	SeedStatusActive   = "5a000000-0000-4000-8000-000000000002"
	SeedStatusChurned  = "5a000000-0000-4000-8000-000000000003"
	SeedTierEnterprise = "7a000000-0000-4000-8000-000000000001"
	SeedTierGrowth     = "7a000000-0000-4000-8000-000000000002"
	SeedTierStarter    = "7a000000-0000-4000-8000-000000000003"
	SeedUserViewer     = "ea000000-0000-4000-8000-000000000001" // Alex Morgan, admin, owner of the API key
	SeedUserMember     = "ea000000-0000-4000-8000-000000000002" // Jordan Lee
	SeedUserGuest      = "ea000000-0000-4000-8000-000000000003" // Sam Rivera, guest
	SeedUserDisabled   = "ea000000-0000-4000-8000-000000000004" // Riley Chen, inactive
	SeedUserApp        = "ea000000-0000-4000-8000-000000000005" // Import Bot, app user
)

// DefaultSeed returns the data of a new workspace. It has one organization
// with customers enabled and the statuses Lead, Active and Churned, in
// that position order, so Lead is the default. It also has the tiers
// Enterprise, Growth and Starter, and five users: one of them is inactive
// and one is an app.
func DefaultSeed() *Seed {
	disabled := "admin suspension"
	return &Seed{
		Organization: &Organization{Name: "Local Workspace", URLKey: "local", CustomersEnabled: true},
		Statuses: []Status{
			{ID: SeedStatusLead, Name: "Lead", Color: "#95a2b3", Position: 1},
			{ID: SeedStatusActive, Name: "Active", Color: "#4cb782", Position: 2},
			{ID: SeedStatusChurned, Name: "Churned", Color: "#eb5757", Position: 3},
		},
		Tiers: []Tier{
			{ID: SeedTierEnterprise, Name: "Enterprise", Color: "#5e6ad2", Position: 1},
			{ID: SeedTierGrowth, Name: "Growth", Color: "#26b5ce", Position: 2},
			{ID: SeedTierStarter, Name: "Starter", Color: "#bec2c8", Position: 3},
		},
		Users: []User{
			{ID: SeedUserViewer, Name: "Alex Morgan", DisplayName: "alex", Email: "alex@example.com", Active: true, Admin: true, Owner: true, Viewer: true},
			{ID: SeedUserMember, Name: "Jordan Lee", DisplayName: "jordan", Email: "jordan@example.com", Active: true},
			{ID: SeedUserGuest, Name: "Sam Rivera", DisplayName: "sam", Email: "sam@example.com", Active: true, Guest: true},
			{ID: SeedUserDisabled, Name: "Riley Chen", DisplayName: "riley", Email: "riley@example.com", DisableReason: &disabled},
			{ID: SeedUserApp, Name: "Import Bot", DisplayName: "import-bot", Email: "import-bot@app.example.com", Active: true, App: true},
		},
	}
}

// LoadSeed reads a seed file and fills the sections it leaves out from
// [DefaultSeed]. Unknown keys are rejected, so a misspelt section does not
// pass unnoticed.
func LoadSeed(path string) (*Seed, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read seed: %w", err)
	}
	var s Seed
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decode seed %s: %w", path, err)
	}
	s.fillDefaults(DefaultSeed())
	return &s, nil
}

func (s *Seed) fillDefaults(d *Seed) {
	if s.Organization == nil {
		s.Organization = d.Organization
	}
	if s.Statuses == nil {
		s.Statuses = d.Statuses
	}
	if s.Tiers == nil {
		s.Tiers = d.Tiers
	}
	if s.Users == nil {
		s.Users = d.Users
	}
}

// insert writes the seed into a new workspace inside tx.
func (s *Seed) insert(ctx context.Context, tx *sql.Tx, now time.Time) error {
	s.fillDefaults(DefaultSeed())
	if len(s.Statuses) == 0 {
		return errors.New("a workspace needs at least one customer status")
	}
	steps := []func(context.Context, *sql.Tx, int64) error{
		s.insertOrganization, s.insertStatuses, s.insertTiers, s.insertUsers,
	}
	for _, step := range steps {
		if err := step(ctx, tx, toMillis(now)); err != nil {
			return err
		}
	}
	for i, in := range s.Customers {
		if _, err := createCustomer(ctx, tx, in, now); err != nil {
			return fmt.Errorf("customer %d (%q): %w", i+1, in.Name, err)
		}
	}
	return nil
}

func (s *Seed) insertOrganization(ctx context.Context, tx *sql.Tx, now int64) error {
	o := s.Organization
	if o.ID == "" {
		o.ID = newUUID()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO organization
		(singleton, id, name, url_key, customers_enabled, created_at, updated_at)
		VALUES (1, ?, ?, ?, ?, ?, ?)`, o.ID, o.Name, o.URLKey, o.CustomersEnabled, now, now)
	if err != nil {
		return fmt.Errorf("organization: %w", err)
	}
	return nil
}

func (s *Seed) insertStatuses(ctx context.Context, tx *sql.Tx, now int64) error {
	for _, st := range s.Statuses {
		if err := insertCatalogRow(ctx, tx, "customer_statuses", st, now); err != nil {
			return fmt.Errorf("status %q: %w", st.Name, err)
		}
	}
	return nil
}

func (s *Seed) insertTiers(ctx context.Context, tx *sql.Tx, now int64) error {
	for _, t := range s.Tiers {
		if err := insertCatalogRow(ctx, tx, "customer_tiers", Status(t), now); err != nil {
			return fmt.Errorf("tier %q: %w", t.Name, err)
		}
	}
	return nil
}

// insertCatalogRow inserts a status or a tier, which share one layout.
func insertCatalogRow(ctx context.Context, tx *sql.Tx, table string, st Status, now int64) error {
	if st.ID == "" {
		st.ID = newUUID()
	}
	if st.DisplayName == "" {
		st.DisplayName = st.Name
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+`
		(id, name, display_name, color, description, position, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		st.ID, st.Name, st.DisplayName, st.Color, st.Description, st.Position, now, now)
	return err
}

func (s *Seed) insertUsers(ctx context.Context, tx *sql.Tx, now int64) error {
	users := s.Users
	if !hasViewer(users) {
		users = withDefaultViewer(users)
	}
	if !hasViewer(users) {
		return errors.New("users: no active user who is not an app can own the API key")
	}
	for _, u := range users {
		if u.ID == "" {
			u.ID = newUUID()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO users
			(id, name, display_name, email, active, admin, app, guest, owner, viewer,
			 disable_reason, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Name, u.DisplayName, u.Email, u.Active, u.Admin, u.App, u.Guest,
			u.Owner, u.Viewer, u.DisableReason, now, now)
		if err != nil {
			return fmt.Errorf("user %q: %w", u.Email, err)
		}
	}
	return nil
}

func hasViewer(users []User) bool {
	for _, u := range users {
		if u.Viewer {
			return true
		}
	}
	return false
}

// withDefaultViewer makes the first active user who is not an app the
// owner of the API key.
func withDefaultViewer(users []User) []User {
	out := append([]User(nil), users...)
	for i := range out {
		if out[i].Active && !out[i].App {
			out[i].Viewer = true
			break
		}
	}
	return out
}
