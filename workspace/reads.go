package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Pagination limits, as Linear publishes them.
const (
	defaultPageSize = 50
	maxPageSize     = 250
)

// pageArgs are the pagination arguments every connection field takes.
type pageArgs struct {
	After, Before   *string
	First, Last     *int32
	IncludeArchived *bool
	OrderBy         *string
}

// page is one page of a connection.
type page[T any] struct {
	items            []T
	hasNext, hasPrev bool
}

// pageQuery describes one connection: its table with alias, the selected
// columns and the filter.
type pageQuery struct {
	table, alias, columns string
	filter                *conditions
}

// size returns the number of rows asked for and whether the page runs
// backwards from the end.
func (a pageArgs) size() (int, bool, error) {
	if a.First != nil && a.Last != nil {
		return 0, false, invalidInput("use first or last, not both")
	}
	n, backward := int32(defaultPageSize), false
	if a.First != nil {
		n = *a.First
	}
	if a.Last != nil {
		n, backward = *a.Last, true
	}
	if n < 0 || n > maxPageSize {
		return 0, false, invalidInput("first and last must be between 0 and %d, got %d", maxPageSize, n)
	}
	return int(n), backward, nil
}

// orderKeys returns the columns that order the rows: creation order by
// default, or update time with creation order breaking ties.
func (a pageArgs) orderKeys(alias string) []string {
	if a.OrderBy != nil && *a.OrderBy == "updatedAt" {
		return []string{alias + ".updated_at", alias + ".seq"}
	}
	return []string{alias + ".seq"}
}

// fetchPage reads one page with keyset pagination, where a cursor is the
// id of a row.
func fetchPage[T any](ctx context.Context, q queryer, pq pageQuery, a pageArgs, scan func(rowScanner) (T, error)) (page[T], error) {
	n, backward, err := a.size()
	if err != nil {
		return page[T]{}, err
	}
	query, args, err := pageSQL(ctx, q, pq, a, n, backward)
	if err != nil {
		return page[T]{}, err
	}
	items, err := queryAll(ctx, q, query, args, scan)
	if err != nil {
		return page[T]{}, err
	}
	return trimPage(items, n, backward, a), nil
}

// pageSQL builds the query for n rows in the page's direction, plus one
// row that shows whether more follow.
func pageSQL(ctx context.Context, q queryer, pq pageQuery, a pageArgs, n int, backward bool) (string, []any, error) {
	keys := a.orderKeys(pq.alias)
	w := &conditions{conds: slices.Clone(pq.filter.conds), args: slices.Clone(pq.filter.args)}
	if err := addCursorCond(ctx, q, w, pq, keys, a.After, ">"); err != nil {
		return "", nil, err
	}
	if err := addCursorCond(ctx, q, w, pq, keys, a.Before, "<"); err != nil {
		return "", nil, err
	}
	order := joinKeys(keys, " ASC")
	if backward {
		order = joinKeys(keys, " DESC")
	}
	query := fmt.Sprintf("SELECT %s FROM %s %s WHERE %s ORDER BY %s LIMIT %d",
		pq.columns, pq.table, pq.alias, w.sql(), order, n+1)
	return query, w.args, nil
}

// trimPage drops the extra row and puts a backward page in forward order.
// NOTE: hasPreviousPage (hasNextPage when paging backwards) is true
// whenever a cursor was given, without checking that rows precede it.
func trimPage[T any](items []T, n int, backward bool, a pageArgs) page[T] {
	p := page[T]{items: items}
	more := len(items) > n
	if more {
		p.items = items[:n]
	}
	if backward {
		slices.Reverse(p.items)
		p.hasPrev, p.hasNext = more, a.Before != nil
	} else {
		p.hasNext, p.hasPrev = more, a.After != nil
	}
	return p
}

// joinKeys lists the key columns, each followed by suffix.
func joinKeys(keys []string, suffix string) string {
	return strings.Join(keys, suffix+", ") + suffix
}

// addCursorCond limits w to rows after (op ">") or before (op "<") the row
// whose id is cursor.
func addCursorCond(ctx context.Context, q queryer, w *conditions, pq pageQuery, keys []string, cursor *string, op string) error {
	if cursor == nil {
		return nil
	}
	vals := make([]any, len(keys))
	ptrs := make([]any, len(keys))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	query := fmt.Sprintf("SELECT %s FROM %s %s WHERE %s.id = ?", joinKeys(keys, ""), pq.table, pq.alias, pq.alias)
	err := q.QueryRowContext(ctx, query, *cursor).Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return invalidInput("cursor %q does not refer to an entity of this connection", *cursor)
	}
	if err != nil {
		return fmt.Errorf("read cursor: %w", err)
	}
	w.add(fmt.Sprintf("(%s) %s (%s)", joinKeys(keys, ""), op, placeholders(len(keys))), vals...)
	return nil
}

func queryAll[T any](ctx context.Context, q queryer, query string, args []any, scan func(rowScanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read row: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// customersPage reads a page of customers matching f. Customers created
// after visibleBefore are left out unless visibleBefore is zero.
func (s *Store) customersPage(ctx context.Context, f *customerFilter, a pageArgs, visibleBefore time.Time) (page[*Customer], error) {
	w := customerWhere(f)
	if !visibleBefore.IsZero() {
		w.add("c.created_at <= ?", toMillis(visibleBefore))
	}
	pq := pageQuery{table: "customers", alias: "c", columns: customerColumns, filter: w}
	return fetchPage(ctx, s.db, pq, a, scanCustomer)
}

const catalogColumns = `x.id, x.name, x.display_name, x.color, x.description, x.position, x.created_at, x.updated_at`

func scanStatus(row rowScanner) (*Status, error) {
	var st Status
	var created, updated int64
	err := row.Scan(&st.ID, &st.Name, &st.DisplayName, &st.Color, &st.Description, &st.Position, &created, &updated)
	st.CreatedAt, st.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &st, err
}

func (s *Store) statusesPage(ctx context.Context, table string, a pageArgs) (page[*Status], error) {
	pq := pageQuery{table: table, alias: "x", columns: catalogColumns, filter: &conditions{}}
	return fetchPage(ctx, s.db, pq, a, scanStatus)
}

// catalogEntry reads one status or tier by id.
func (s *Store) catalogEntry(ctx context.Context, table, entity, id string) (*Status, error) {
	query := "SELECT " + catalogColumns + " FROM " + table + " x WHERE x.id = ?"
	st, err := scanStatus(s.db.QueryRowContext(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(entity, id)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s %s: %w", entity, id, err)
	}
	return st, nil
}

const userColumns = `u.id, u.name, u.display_name, u.email, u.active, u.admin, u.app, u.guest, u.owner,
	u.viewer, u.disable_reason, u.created_at, u.updated_at`

func scanUser(row rowScanner) (*User, error) {
	var u User
	var created, updated int64
	err := row.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Email, &u.Active, &u.Admin, &u.App, &u.Guest,
		&u.Owner, &u.Viewer, &u.DisableReason, &created, &updated)
	u.CreatedAt, u.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &u, err
}

// usersPage reads a page of users; disabled users only when
// includeDisabled is set, as in Linear.
func (s *Store) usersPage(ctx context.Context, f *userFilter, includeDisabled bool, a pageArgs) (page[*User], error) {
	w := userWhere(f)
	if !includeDisabled {
		w.add("u.active = 1")
	}
	pq := pageQuery{table: "users", alias: "u", columns: userColumns, filter: w}
	return fetchPage(ctx, s.db, pq, a, scanUser)
}

// user reads one user by id; the empty id reads the API key's user.
func (s *Store) user(ctx context.Context, id string) (*User, error) {
	query, args := "SELECT "+userColumns+" FROM users u WHERE u.id = ?", []any{id}
	if id == "" {
		query, args = "SELECT "+userColumns+" FROM users u WHERE u.viewer = 1", nil
	}
	u, err := scanUser(s.db.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("User", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load user %s: %w", id, err)
	}
	return u, nil
}

// Organization reads the workspace's organization.
func (s *Store) Organization(ctx context.Context) (*Organization, error) {
	var o Organization
	var created, updated int64
	err := s.db.QueryRowContext(ctx, `SELECT id, name, url_key, customers_enabled, last_sync_id,
		created_at, updated_at FROM organization`).Scan(&o.ID, &o.Name, &o.URLKey,
		&o.CustomersEnabled, &o.LastSyncID, &created, &updated)
	if err != nil {
		return nil, fmt.Errorf("load organization: %w", err)
	}
	o.CreatedAt, o.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &o, nil
}

// count returns the number of rows of table that match cond.
func (s *Store) count(ctx context.Context, table, cond string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE "+cond).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// CountCustomers returns the number of stored customers.
func (s *Store) CountCustomers(ctx context.Context) (int, error) {
	return s.count(ctx, "customers", "1")
}

// ListCustomers returns every customer in creation order.
func (s *Store) ListCustomers(ctx context.Context) ([]Customer, error) {
	query := "SELECT " + customerColumns + " FROM customers c ORDER BY c.seq"
	list, err := queryAll(ctx, s.db, query, nil, scanCustomer)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	out := make([]Customer, len(list))
	for i, c := range list {
		out[i] = *c
	}
	return out, nil
}

// Customer reads one customer by id or slug id; a missing one is a
// not-found [Error].
func (s *Store) Customer(ctx context.Context, id string) (*Customer, error) {
	return loadCustomer(ctx, s.db, id, time.Time{})
}

// Statuses returns the customer statuses by position.
func (s *Store) Statuses(ctx context.Context) ([]Status, error) {
	return s.catalog(ctx, "customer_statuses")
}

// Tiers returns the customer tiers by position.
func (s *Store) Tiers(ctx context.Context) ([]Tier, error) {
	list, err := s.catalog(ctx, "customer_tiers")
	out := make([]Tier, len(list))
	for i, st := range list {
		out[i] = Tier(st)
	}
	return out, err
}

func (s *Store) catalog(ctx context.Context, table string) ([]Status, error) {
	query := "SELECT " + catalogColumns + " FROM " + table + " x ORDER BY x.position, x.seq"
	list, err := queryAll(ctx, s.db, query, nil, scanStatus)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", table, err)
	}
	out := make([]Status, len(list))
	for i, st := range list {
		out[i] = *st
	}
	return out, nil
}

// Users returns every user, disabled ones and apps included, in creation
// order.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	list, err := queryAll(ctx, s.db, "SELECT "+userColumns+" FROM users u ORDER BY u.seq", nil, scanUser)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]User, len(list))
	for i, u := range list {
		out[i] = *u
	}
	return out, nil
}
