package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"custimport/record"
)

// CustomerUpdate is Linear's CustomerUpdateInput. An undefined field keeps
// its value; null clears an optional field. Domains and ExternalIDs replace
// the whole list.
type CustomerUpdate struct {
	Name           record.Opt[string]
	Domains        record.Opt[[]string]
	ExternalIDs    record.Opt[[]string]
	SlackChannelID record.Opt[string]
	OwnerID        record.Opt[string]
	StatusID       record.Opt[string]
	TierID         record.Opt[string]
	Revenue        record.Opt[int64]
	Size           record.Opt[int64]
	LogoURL        record.Opt[string]
	MainSourceID   record.Opt[string]
}

// CustomerUpsert is Linear's CustomerUpsertInput. The customer is matched
// by ID, then ExternalID, then SlackChannelID, then any of Domains. A
// matched customer is updated, and ExternalID is added to its external
// ids. When nothing matches, a customer is created, so Name is required.
type CustomerUpsert struct {
	ID             record.Opt[string]
	Name           record.Opt[string]
	ExternalID     record.Opt[string]
	Domains        record.Opt[[]string]
	SlackChannelID record.Opt[string]
	OwnerID        record.Opt[string]
	StatusID       record.Opt[string]
	TierID         record.Opt[string]
	TierName       record.Opt[string]
	Revenue        record.Opt[int64]
	Size           record.Opt[int64]
	LogoURL        record.Opt[string]
}

// TierCreate is Linear's CustomerTierCreateInput. Name or DisplayName is
// required; Position defaults to after the last tier.
type TierCreate struct {
	ID          record.Opt[string]
	Name        record.Opt[string]
	DisplayName record.Opt[string]
	Color       string
	Description record.Opt[string]
	Position    record.Opt[float64]
}

// CreateCustomer checks in against Linear's rules and stores it.
func (s *Store) CreateCustomer(ctx context.Context, in record.Input) (*Customer, error) {
	c, _, err := s.createCustomer(ctx, in)
	return c, err
}

// UpdateCustomer changes the customer with the given id or slug id.
func (s *Store) UpdateCustomer(ctx context.Context, id string, u CustomerUpdate) (*Customer, error) {
	c, _, err := s.updateCustomer(ctx, id, u)
	return c, err
}

// UpsertCustomer updates the customer that u matches or creates one.
func (s *Store) UpsertCustomer(ctx context.Context, u CustomerUpsert) (*Customer, error) {
	c, _, err := s.upsertCustomer(ctx, u)
	return c, err
}

// DeleteCustomer removes a customer with its domains and external ids.
func (s *Store) DeleteCustomer(ctx context.Context, id string) error {
	_, err := s.deleteCustomer(ctx, id)
	return err
}

// CreateTier adds a customer tier.
func (s *Store) CreateTier(ctx context.Context, t TierCreate) (*Tier, error) {
	tier, _, err := s.createTier(ctx, t)
	return tier, err
}

// write runs fn in a write transaction and advances the sync id in the
// same transaction. Writers of this process queue on a mutex instead of
// polling SQLite's lock; the busy timeout covers other processes.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx, now time.Time) error) (int64, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	var syncID int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx, time.Now()); err != nil {
			return err
		}
		var err error
		syncID, err = nextSyncID(ctx, tx)
		return err
	})
	return syncID, err
}

func (s *Store) createCustomer(ctx context.Context, in record.Input) (*Customer, int64, error) {
	var c *Customer
	syncID, err := s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var err error
		c, err = createCustomer(ctx, tx, in, now)
		return err
	})
	return c, syncID, err
}

func (s *Store) updateCustomer(ctx context.Context, id string, u CustomerUpdate) (*Customer, int64, error) {
	var c *Customer
	syncID, err := s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var err error
		c, err = updateCustomer(ctx, tx, id, u, now)
		return err
	})
	return c, syncID, err
}

func (s *Store) upsertCustomer(ctx context.Context, u CustomerUpsert) (*Customer, int64, error) {
	var c *Customer
	syncID, err := s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var err error
		c, err = upsertCustomer(ctx, tx, u, now)
		return err
	})
	return c, syncID, err
}

func (s *Store) deleteCustomer(ctx context.Context, id string) (int64, error) {
	return s.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM customers WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete customer %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Customer", id)
		}
		return nil
	})
}

func updateCustomer(ctx context.Context, tx *sql.Tx, id string, u CustomerUpdate, now time.Time) (*Customer, error) {
	c, err := loadCustomer(ctx, tx, id, time.Time{})
	if err != nil {
		return nil, err
	}
	if err := u.apply(c); err != nil {
		return nil, err
	}
	if err := checkCustomer(c); err != nil {
		return nil, err
	}
	if err := checkWorkspaceRules(ctx, tx, c); err != nil {
		return nil, err
	}
	c.UpdatedAt = now
	_, err = tx.ExecContext(ctx, `UPDATE customers SET name = ?, slack_channel_id = ?, owner_id = ?,
		status_id = ?, tier_id = ?, revenue = ?, size = ?, logo_url = ?, main_source_id = ?,
		updated_at = ? WHERE id = ?`,
		c.Name, c.SlackChannelID, c.OwnerID, c.StatusID, c.TierID, c.Revenue, c.Size, c.LogoURL,
		c.MainSourceID, toMillis(c.UpdatedAt), c.ID)
	if err != nil {
		return nil, storeWriteError("update customer", err)
	}
	return c, writeLists(ctx, tx, c)
}

func (u CustomerUpdate) apply(c *Customer) error {
	if u.Name.IsNull() || u.StatusID.IsNull() {
		return invalidInput("name and statusId cannot be null: leave them out to keep their values")
	}
	if v, ok := u.Name.Get(); ok {
		c.Name = v
	}
	if v, ok := u.StatusID.Get(); ok {
		c.StatusID = v
	}
	if !u.Domains.IsZero() {
		domains, err := normalizeDomains(u.Domains.Value())
		if err != nil {
			return err
		}
		c.Domains = domains
	}
	if !u.ExternalIDs.IsZero() {
		c.ExternalIDs = u.ExternalIDs.Value()
	}
	setOpt(&c.SlackChannelID, u.SlackChannelID)
	setOpt(&c.OwnerID, u.OwnerID)
	setOpt(&c.TierID, u.TierID)
	setOpt(&c.Revenue, u.Revenue)
	setOpt(&c.Size, u.Size)
	setOpt(&c.LogoURL, u.LogoURL)
	setOpt(&c.MainSourceID, u.MainSourceID)
	return nil
}

// setOpt keeps *dst for an undefined o, clears it for null and sets it to
// a value.
func setOpt[T any](dst **T, o record.Opt[T]) {
	switch {
	case o.IsNull():
		*dst = nil
	case o.IsSet():
		*dst = optPtr(o)
	}
}

func upsertCustomer(ctx context.Context, tx *sql.Tx, u CustomerUpsert, now time.Time) (*Customer, error) {
	if err := resolveTierName(ctx, tx, &u, now); err != nil {
		return nil, err
	}
	id, err := findUpsertMatch(ctx, tx, u)
	if err != nil {
		return nil, err
	}
	if id == "" {
		if !u.Name.IsSet() {
			return nil, invalidInput("name is required when customerUpsert matches no customer and creates one")
		}
		return createCustomer(ctx, tx, u.createInput(), now)
	}
	c, err := loadCustomer(ctx, tx, id, time.Time{})
	if err != nil {
		return nil, err
	}
	return updateCustomer(ctx, tx, id, u.update(c.ExternalIDs), now)
}

func (u CustomerUpsert) createInput() record.Input {
	in := record.Input{
		ID: u.ID, Name: u.Name.Value(), Domains: u.Domains, SlackChannelID: u.SlackChannelID,
		OwnerID: u.OwnerID, StatusID: u.StatusID, TierID: u.TierID, Revenue: u.Revenue,
		Size: u.Size, LogoURL: u.LogoURL,
	}
	if v, ok := u.ExternalID.Get(); ok {
		in.ExternalIDs = record.Some([]string{v})
	}
	return in
}

// update converts u into the change of a matched customer whose external
// ids are current.
func (u CustomerUpsert) update(current []string) CustomerUpdate {
	cu := CustomerUpdate{
		Name: u.Name, Domains: u.Domains, SlackChannelID: u.SlackChannelID, OwnerID: u.OwnerID,
		StatusID: u.StatusID, TierID: u.TierID, Revenue: u.Revenue, Size: u.Size, LogoURL: u.LogoURL,
	}
	if v, ok := u.ExternalID.Get(); ok && !contains(current, v) {
		cu.ExternalIDs = record.Some(append(append([]string(nil), current...), v))
	}
	return cu
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// findUpsertMatch returns the id of the customer u refers to, or "".
func findUpsertMatch(ctx context.Context, tx *sql.Tx, u CustomerUpsert) (string, error) {
	var lookups []sqlQuery
	add := func(query string, args ...any) {
		lookups = append(lookups, sqlQuery{query, args})
	}
	if v, ok := u.ID.Get(); ok {
		add(`SELECT id FROM customers WHERE id = ?`, v)
	}
	if v, ok := u.ExternalID.Get(); ok {
		add(`SELECT customer_id FROM customer_external_ids WHERE external_id = ?`, v)
	}
	if v, ok := u.SlackChannelID.Get(); ok {
		add(`SELECT id FROM customers WHERE slack_channel_id = ?`, v)
	}
	if domains := lowerAll(u.Domains.Value()); len(domains) > 0 {
		add(`SELECT customer_id FROM customer_domains WHERE domain IN (`+placeholders(len(domains))+`) ORDER BY position LIMIT 1`, anySlice(domains)...)
	}
	for _, l := range lookups {
		var id string
		err := tx.QueryRowContext(ctx, l.query, l.args...).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("match upsert: %w", err)
		}
	}
	return "", nil
}

// sqlQuery is a statement with its arguments.
type sqlQuery struct {
	query string
	args  []any
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = strings.ToLower(strings.TrimSpace(v))
	}
	return out
}

// resolveTierName turns u.TierName into u.TierID, creating the tier when
// no tier has that name.
func resolveTierName(ctx context.Context, tx *sql.Tx, u *CustomerUpsert, now time.Time) error {
	name, ok := u.TierName.Get()
	if !ok {
		return nil
	}
	if !u.TierID.IsZero() {
		return invalidInput("tierId and tierName cannot be used together")
	}
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM customer_tiers WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		t, err := createTier(ctx, tx, TierCreate{Name: record.Some(name), Color: "#bec2c8"}, now)
		if err != nil {
			return err
		}
		id = t.ID
	} else if err != nil {
		return fmt.Errorf("look up tier %q: %w", name, err)
	}
	u.TierID = record.Some(id)
	return nil
}

func (s *Store) createTier(ctx context.Context, t TierCreate) (*Tier, int64, error) {
	var tier *Tier
	syncID, err := s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var err error
		tier, err = createTier(ctx, tx, t, now)
		return err
	})
	return tier, syncID, err
}

func createTier(ctx context.Context, tx *sql.Tx, t TierCreate, now time.Time) (*Tier, error) {
	st, err := t.status(now)
	if err != nil {
		return nil, err
	}
	if err := checkTierFree(ctx, tx, st); err != nil {
		return nil, err
	}
	if !t.Position.IsSet() {
		err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM customer_tiers`).Scan(&st.Position)
		if err != nil {
			return nil, fmt.Errorf("find tier position: %w", err)
		}
	}
	if err := insertCatalogRow(ctx, tx, "customer_tiers", st, toMillis(now)); err != nil {
		return nil, storeWriteError("insert tier", err)
	}
	tier := Tier(st)
	return &tier, nil
}

func (t TierCreate) status(now time.Time) (Status, error) {
	st := Status{ID: t.ID.Value(), Name: t.Name.Value(), DisplayName: t.DisplayName.Value(),
		Color: t.Color, Description: optPtr(t.Description), Position: t.Position.Value(),
		CreatedAt: now, UpdatedAt: now}
	if st.Name == "" {
		st.Name = st.DisplayName
	}
	if st.DisplayName == "" {
		st.DisplayName = st.Name
	}
	if strings.TrimSpace(st.Name) == "" {
		return st, invalidInput("name or displayName is required for a customer tier")
	}
	if !t.ID.IsSet() {
		st.ID = newUUID()
		return st, nil
	}
	return st, checkID(st.ID)
}

func checkTierFree(ctx context.Context, tx *sql.Tx, st Status) error {
	var byID, byName int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE id = ?), count(*) FILTER (WHERE name = ?)
		FROM customer_tiers`, st.ID, st.Name).Scan(&byID, &byName)
	if err != nil {
		return fmt.Errorf("look up tier: %w", err)
	}
	if byID > 0 {
		return alreadyExists("CustomerTier", st.ID)
	}
	if byName > 0 {
		return invalidInput("a customer tier named %q already exists", st.Name)
	}
	return nil
}
