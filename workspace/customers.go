package workspace

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"custimport/record"
)

// queryer is the query interface that *sql.DB and *sql.Tx share.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// customerColumns selects a customer with its domains and external ids,
// each aggregated into a JSON array in list order, so that one statement
// reads a consistent snapshot.
const customerColumns = `c.id, c.slug_id, c.name, c.slack_channel_id, c.owner_id, c.status_id,
	c.tier_id, c.revenue, c.size, c.logo_url, c.main_source_id, c.created_at, c.updated_at,
	(SELECT json_group_array(domain) FROM
		(SELECT domain FROM customer_domains WHERE customer_id = c.id ORDER BY position)),
	(SELECT json_group_array(external_id) FROM
		(SELECT external_id FROM customer_external_ids WHERE customer_id = c.id ORDER BY position))`

type rowScanner interface{ Scan(dest ...any) error }

func scanCustomer(row rowScanner) (*Customer, error) {
	var c Customer
	var created, updated int64
	var domains, externalIDs string
	err := row.Scan(&c.ID, &c.SlugID, &c.Name, &c.SlackChannelID, &c.OwnerID, &c.StatusID,
		&c.TierID, &c.Revenue, &c.Size, &c.LogoURL, &c.MainSourceID, &created, &updated,
		&domains, &externalIDs)
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = fromMillis(created), fromMillis(updated)
	if err := json.Unmarshal([]byte(domains), &c.Domains); err != nil {
		return nil, fmt.Errorf("decode domains of %s: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(externalIDs), &c.ExternalIDs); err != nil {
		return nil, fmt.Errorf("decode external ids of %s: %w", c.ID, err)
	}
	return &c, nil
}

// loadCustomer reads one customer by id or slug id. It returns a not-found
// [Error] when there is none, or when the customer was created after
// visibleBefore. A zero visibleBefore hides nothing.
func loadCustomer(ctx context.Context, q queryer, id string, visibleBefore time.Time) (*Customer, error) {
	query := `SELECT ` + customerColumns + ` FROM customers c WHERE (c.id = ? OR c.slug_id = ?)`
	args := []any{id, id}
	if !visibleBefore.IsZero() {
		query += ` AND c.created_at <= ?`
		args = append(args, toMillis(visibleBefore))
	}
	c, err := scanCustomer(q.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Customer", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load customer %s: %w", id, err)
	}
	return c, nil
}

// customerFromInput checks a create input on its own, without the
// database, and returns the customer it describes.
func customerFromInput(in record.Input, now time.Time) (*Customer, error) {
	c := &Customer{Name: in.Name, CreatedAt: now, UpdatedAt: now}
	c.ID, _ = in.ID.Get()
	if !in.ID.IsSet() {
		c.ID = newUUID()
	} else if err := checkID(c.ID); err != nil {
		return nil, err
	}
	domains, _ := in.Domains.Get()
	c.ExternalIDs, _ = in.ExternalIDs.Get()
	c.SlackChannelID = optPtr(in.SlackChannelID)
	c.OwnerID = optPtr(in.OwnerID)
	c.StatusID, _ = in.StatusID.Get()
	c.TierID = optPtr(in.TierID)
	c.Revenue, c.Size = optPtr(in.Revenue), optPtr(in.Size)
	c.LogoURL, c.MainSourceID = optPtr(in.LogoURL), optPtr(in.MainSourceID)
	var err error
	if c.Domains, err = normalizeDomains(domains); err != nil {
		return nil, err
	}
	c.SlugID = slugFor(c.ID)
	return c, checkCustomer(c)
}

// checkCustomer applies the rules that need no database to a customer as
// it would be stored.
func checkCustomer(c *Customer) error {
	checks := []error{
		checkName(c.Name),
		checkExternalIDs(c.ExternalIDs),
		checkMainSource(c.MainSourceID, c.ExternalIDs),
		checkSlackChannelID(c.SlackChannelID),
		checkLogoURL(c.LogoURL),
		checkInt32("revenue", c.Revenue),
		checkInt32("size", c.Size),
	}
	return firstError(checks)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func optPtr[T any](o record.Opt[T]) *T {
	v, ok := o.Get()
	if !ok {
		return nil
	}
	return &v
}

// slugFor derives the URL slug from the id: 12 hex digits of its SHA-256,
// so that ids which share a prefix still get different slugs.
func slugFor(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:6])
}

// createCustomer checks in against the rules and the workspace and
// inserts it, all inside tx.
func createCustomer(ctx context.Context, tx *sql.Tx, in record.Input, now time.Time) (*Customer, error) {
	c, err := customerFromInput(in, now)
	if err != nil {
		return nil, err
	}
	if err := checkIDFree(ctx, tx, c.ID); err != nil {
		return nil, err
	}
	if err := checkWorkspaceRules(ctx, tx, c); err != nil {
		return nil, err
	}
	if err := insertCustomer(ctx, tx, c); err != nil {
		return nil, err
	}
	return c, nil
}

func checkIDFree(ctx context.Context, q queryer, id string) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM customers WHERE id = ?`, id).Scan(&n)
	if err != nil {
		return fmt.Errorf("look up customer id: %w", err)
	}
	if n > 0 {
		return alreadyExists("Customer", id)
	}
	return nil
}

// checkWorkspaceRules checks what depends on other rows: uniqueness across
// customers and the references to a user, a status and a tier. An empty
// StatusID is replaced by the first status by position.
func checkWorkspaceRules(ctx context.Context, q queryer, c *Customer) error {
	if err := checkUniqueValues(ctx, q, c); err != nil {
		return err
	}
	if err := checkOwner(ctx, q, c.OwnerID); err != nil {
		return err
	}
	if c.StatusID == "" {
		id, err := defaultStatusID(ctx, q)
		if err != nil {
			return err
		}
		c.StatusID = id
	} else if err := checkExists(ctx, q, "customer_statuses", "CustomerStatus", c.StatusID); err != nil {
		return err
	}
	if c.TierID != nil {
		return checkExists(ctx, q, "customer_tiers", "CustomerTier", *c.TierID)
	}
	return nil
}

func checkUniqueValues(ctx context.Context, q queryer, c *Customer) error {
	if taken, err := takenValue(ctx, q, "customer_domains", "domain", c.Domains, c.ID); err != nil || taken != "" {
		return errors.Join(err, conflictIf(taken, "domain %q is already used by another customer"))
	}
	if taken, err := takenValue(ctx, q, "customer_external_ids", "external_id", c.ExternalIDs, c.ID); err != nil || taken != "" {
		return errors.Join(err, conflictIf(taken, "external id %q is already used by another customer"))
	}
	if c.SlackChannelID == nil {
		return nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM customers WHERE slack_channel_id = ? AND id <> ?`,
		*c.SlackChannelID, c.ID).Scan(&n)
	if err != nil {
		return fmt.Errorf("look up slack channel id: %w", err)
	}
	if n > 0 {
		return invalidInput("slackChannelId %q is already linked to another customer", *c.SlackChannelID)
	}
	return nil
}

func conflictIf(value, format string) error {
	if value == "" {
		return nil
	}
	return invalidInput(format, value)
}

// takenValue returns the first of values that another customer than self
// already has in table, or "" when none is taken.
func takenValue(ctx context.Context, q queryer, table, column string, values []string, self string) (string, error) {
	if len(values) == 0 {
		return "", nil
	}
	query := fmt.Sprintf(`SELECT %s FROM %s WHERE customer_id <> ? AND %s IN (%s) LIMIT 1`,
		column, table, column, placeholders(len(values)))
	args := append([]any{self}, anySlice(values)...)
	var taken string
	err := q.QueryRowContext(ctx, query, args...).Scan(&taken)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up %s: %w", column, err)
	}
	return taken, nil
}

func checkOwner(ctx context.Context, q queryer, ownerID *string) error {
	if ownerID == nil {
		return nil
	}
	var app bool
	err := q.QueryRowContext(ctx, `SELECT app FROM users WHERE id = ?`, *ownerID).Scan(&app)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("User", *ownerID)
	}
	if err != nil {
		return fmt.Errorf("look up owner: %w", err)
	}
	if app {
		return invalidInput("ownerId %q is an app user, and app users cannot own customers", *ownerID)
	}
	return nil
}

func checkExists(ctx context.Context, q queryer, table, entity, id string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("look up %s: %w", entity, err)
	}
	if n == 0 {
		return notFound(entity, id)
	}
	return nil
}

func defaultStatusID(ctx context.Context, q queryer) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM customer_statuses ORDER BY position, seq LIMIT 1`).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("find default status: %w", err)
	}
	return id, nil
}

func insertCustomer(ctx context.Context, q queryer, c *Customer) error {
	_, err := q.ExecContext(ctx, `INSERT INTO customers
		(id, slug_id, name, slack_channel_id, owner_id, status_id, tier_id, revenue, size,
		 logo_url, main_source_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.SlugID, c.Name, c.SlackChannelID, c.OwnerID, c.StatusID, c.TierID, c.Revenue,
		c.Size, c.LogoURL, c.MainSourceID, toMillis(c.CreatedAt), toMillis(c.UpdatedAt))
	if err != nil {
		return storeWriteError("insert customer", err)
	}
	return writeLists(ctx, q, c)
}

// writeLists replaces the customer's domains and external ids.
func writeLists(ctx context.Context, q queryer, c *Customer) error {
	lists := []struct {
		table, column string
		values        []string
	}{
		{"customer_domains", "domain", c.Domains},
		{"customer_external_ids", "external_id", c.ExternalIDs},
	}
	for _, l := range lists {
		if _, err := q.ExecContext(ctx, `DELETE FROM `+l.table+` WHERE customer_id = ?`, c.ID); err != nil {
			return fmt.Errorf("clear %s: %w", l.table, err)
		}
		for i, v := range l.values {
			_, err := q.ExecContext(ctx, `INSERT INTO `+l.table+` (`+l.column+`, customer_id, position) VALUES (?, ?, ?)`, v, c.ID, i)
			if err != nil {
				return storeWriteError("insert "+l.column, err)
			}
		}
	}
	return nil
}

// storeWriteError turns a constraint failure that the checks before it
// did not foresee into an input error, and wraps anything else.
func storeWriteError(what string, err error) error {
	if isUniqueViolation(err) {
		return invalidInput("%s: a value that must be unique is already used (%v)", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anySlice[T any](values []T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

// nextSyncID increments and returns the workspace's sync counter, which
// mutations send back as lastSyncId.
func nextSyncID(ctx context.Context, q queryer) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `UPDATE organization SET last_sync_id = last_sync_id + 1 RETURNING last_sync_id`).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("advance sync id: %w", err)
	}
	return id, nil
}
