package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
)

// resolver is the root of the Query and Mutation types for graphql-go.
type resolver struct {
	store   *Store
	opts    *Options
	limiter *limiter
	// onInternal receives errors that are not the client's fault before
	// they are replaced by a generic internal error.
	onInternal func(error)
}

// requestState is shared by the resolvers of one request.
type requestState struct {
	// halted is set when a mutation field failed; the mutation fields
	// after it are then skipped, as Linear stops at the first failure.
	halted atomic.Bool
	// executed counts mutation fields that reached the store.
	executed atomic.Int32
}

type requestStateKey struct{}

func withRequestState(ctx context.Context, st *requestState) context.Context {
	return context.WithValue(ctx, requestStateKey{}, st)
}

func stateFrom(ctx context.Context) *requestState {
	st, _ := ctx.Value(requestStateKey{}).(*requestState)
	if st == nil {
		return &requestState{}
	}
	return st
}

// errSkipped marks a mutation field that did not run because an earlier
// one failed. The handler removes these errors from the response.
var errSkipped = errors.New("not executed: an earlier mutation in this document failed")

// public converts err for the client: an [*Error] stays as it is, and
// anything else becomes an internal error. Errors other than a cancelled
// request are reported to onInternal.
func (r *resolver) public(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	cancelled := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	if r.onInternal != nil && !cancelled {
		r.onInternal(err)
	}
	return internalError()
}

// mutate runs one mutation field: it is skipped after an earlier failure
// unless partial errors are on, and a failure halts the fields after it.
func (r *resolver) mutate(ctx context.Context, fn func() error) error {
	st := stateFrom(ctx)
	if st.halted.Load() {
		return errSkipped
	}
	err := r.checkCustomersEnabled(ctx)
	if err == nil {
		st.executed.Add(1)
		err = fn()
	}
	if err != nil && !r.opts.PartialErrors {
		st.halted.Store(true)
	}
	return r.public(err)
}

func (r *resolver) checkCustomersEnabled(ctx context.Context) error {
	o, err := r.store.Organization(ctx)
	if err != nil {
		return err
	}
	if !o.CustomersEnabled {
		return featureDisabled()
	}
	return nil
}

// visibleBefore returns the creation time after which customers are not
// yet visible to reads, or zero when reads do not lag.
func (r *resolver) visibleBefore() time.Time {
	if r.opts.ReadLag <= 0 {
		return time.Time{}
	}
	return time.Now().Add(-r.opts.ReadLag)
}

// Query fields.

func (r *resolver) Customer(ctx context.Context, args struct{ ID string }) (*customerResolver, error) {
	if err := r.checkCustomersEnabled(ctx); err != nil {
		return nil, r.public(err)
	}
	c, err := loadCustomer(ctx, r.store.db, args.ID, r.visibleBefore())
	if err != nil {
		return nil, r.public(err)
	}
	return &customerResolver{c: c, r: r}, nil
}

type customersArgs struct {
	pageArgs
	Filter *customerFilter
}

func (r *resolver) Customers(ctx context.Context, args customersArgs) (*connection[*customerResolver], error) {
	if err := r.checkCustomersEnabled(ctx); err != nil {
		return nil, r.public(err)
	}
	p, err := r.store.customersPage(ctx, args.Filter, args.pageArgs, r.visibleBefore())
	if err != nil {
		return nil, r.public(err)
	}
	return newConnection(p, func(c *Customer) *customerResolver { return &customerResolver{c: c, r: r} }), nil
}

func (r *resolver) CustomerStatus(ctx context.Context, args struct{ ID string }) (*catalogResolver, error) {
	st, err := r.store.catalogEntry(ctx, "customer_statuses", "CustomerStatus", args.ID)
	if err != nil {
		return nil, r.public(err)
	}
	return &catalogResolver{st}, nil
}

func (r *resolver) CustomerStatuses(ctx context.Context, args pageArgs) (*connection[*catalogResolver], error) {
	return r.catalogPage(ctx, "customer_statuses", args)
}

func (r *resolver) CustomerTier(ctx context.Context, args struct{ ID string }) (*catalogResolver, error) {
	st, err := r.store.catalogEntry(ctx, "customer_tiers", "CustomerTier", args.ID)
	if err != nil {
		return nil, r.public(err)
	}
	return &catalogResolver{st}, nil
}

func (r *resolver) CustomerTiers(ctx context.Context, args pageArgs) (*connection[*catalogResolver], error) {
	return r.catalogPage(ctx, "customer_tiers", args)
}

func (r *resolver) catalogPage(ctx context.Context, table string, args pageArgs) (*connection[*catalogResolver], error) {
	p, err := r.store.statusesPage(ctx, table, args)
	if err != nil {
		return nil, r.public(err)
	}
	return newConnection(p, func(st *Status) *catalogResolver { return &catalogResolver{st} }), nil
}

func (r *resolver) Organization(ctx context.Context) (*organizationResolver, error) {
	o, err := r.store.Organization(ctx)
	if err != nil {
		return nil, r.public(err)
	}
	return &organizationResolver{o: o, r: r}, nil
}

func (r *resolver) RateLimitStatus() *rateLimitResolver {
	return &rateLimitResolver{state: r.limiter.peek(time.Now())}
}

func (r *resolver) User(ctx context.Context, args struct{ ID string }) (*userResolver, error) {
	if args.ID == "" {
		return nil, notFound("User", args.ID)
	}
	u, err := r.store.user(ctx, args.ID)
	if err != nil {
		return nil, r.public(err)
	}
	return &userResolver{u: u, r: r}, nil
}

type usersArgs struct {
	pageArgs
	Filter          *userFilter
	IncludeDisabled *bool
}

func (r *resolver) Users(ctx context.Context, args usersArgs) (*connection[*userResolver], error) {
	includeDisabled := args.IncludeDisabled != nil && *args.IncludeDisabled
	p, err := r.store.usersPage(ctx, args.Filter, includeDisabled, args.pageArgs)
	if err != nil {
		return nil, r.public(err)
	}
	return newConnection(p, func(u *User) *userResolver { return &userResolver{u: u, r: r} }), nil
}

func (r *resolver) Viewer(ctx context.Context) (*userResolver, error) {
	u, err := r.store.user(ctx, "")
	if err != nil {
		return nil, r.public(err)
	}
	return &userResolver{u: u, r: r}, nil
}

// Mutation fields.

func (r *resolver) CustomerCreate(ctx context.Context, args struct{ Input customerCreateInput }) (*customerPayload, error) {
	var p *customerPayload
	err := r.mutate(ctx, func() error {
		c, syncID, err := r.store.createCustomer(ctx, args.Input.record())
		p = &customerPayload{c: c, syncID: syncID, r: r}
		return err
	})
	return p, err
}

func (r *resolver) CustomerUpdate(ctx context.Context, args struct {
	ID    string
	Input customerUpdateInput
}) (*customerPayload, error) {
	var p *customerPayload
	err := r.mutate(ctx, func() error {
		c, syncID, err := r.store.updateCustomer(ctx, args.ID, args.Input.update())
		p = &customerPayload{c: c, syncID: syncID, r: r}
		return err
	})
	return p, err
}

func (r *resolver) CustomerUpsert(ctx context.Context, args struct{ Input customerUpsertInput }) (*customerPayload, error) {
	var p *customerPayload
	err := r.mutate(ctx, func() error {
		c, syncID, err := r.store.upsertCustomer(ctx, args.Input.upsert())
		p = &customerPayload{c: c, syncID: syncID, r: r}
		return err
	})
	return p, err
}

func (r *resolver) CustomerDelete(ctx context.Context, args struct{ ID string }) (*deletePayload, error) {
	var p *deletePayload
	err := r.mutate(ctx, func() error {
		syncID, err := r.store.deleteCustomer(ctx, args.ID)
		p = &deletePayload{id: args.ID, syncID: syncID}
		return err
	})
	return p, err
}

func (r *resolver) CustomerTierCreate(ctx context.Context, args struct{ Input tierCreateInput }) (*tierPayload, error) {
	var p *tierPayload
	err := r.mutate(ctx, func() error {
		t, syncID, err := r.store.createTier(ctx, args.Input.create())
		p = &tierPayload{t: t, syncID: syncID}
		return err
	})
	return p, err
}

// Object types.

type customerPayload struct {
	c      *Customer
	syncID int64
	r      *resolver
}

func (p *customerPayload) Customer() *customerResolver { return &customerResolver{c: p.c, r: p.r} }
func (p *customerPayload) LastSyncID() float64         { return float64(p.syncID) }
func (p *customerPayload) Success() bool               { return true }

type deletePayload struct {
	id     string
	syncID int64
}

func (p *deletePayload) EntityID() string    { return p.id }
func (p *deletePayload) LastSyncID() float64 { return float64(p.syncID) }
func (p *deletePayload) Success() bool       { return true }

type tierPayload struct {
	t      *Tier
	syncID int64
}

func (p *tierPayload) Tier() *catalogResolver {
	st := Status(*p.t)
	return &catalogResolver{&st}
}
func (p *tierPayload) LastSyncID() float64 { return float64(p.syncID) }
func (p *tierPayload) Success() bool       { return true }

type customerResolver struct {
	c *Customer
	r *resolver
}

func (c *customerResolver) ApproximateNeedCount() float64 { return 0 }
func (c *customerResolver) ArchivedAt() *dateTime         { return nil }
func (c *customerResolver) CreatedAt() dateTime           { return dateTime{c.c.CreatedAt} }
func (c *customerResolver) Domains() []string             { return nonNil(c.c.Domains) }
func (c *customerResolver) ExternalIDs() []string         { return nonNil(c.c.ExternalIDs) }
func (c *customerResolver) ID() graphql.ID                { return graphql.ID(c.c.ID) }
func (c *customerResolver) LogoURL() *string              { return c.c.LogoURL }
func (c *customerResolver) MainSourceID() *string         { return c.c.MainSourceID }
func (c *customerResolver) Name() string                  { return c.c.Name }
func (c *customerResolver) SlackChannelID() *string       { return c.c.SlackChannelID }
func (c *customerResolver) SlugID() string                { return c.c.SlugID }
func (c *customerResolver) UpdatedAt() dateTime           { return dateTime{c.c.UpdatedAt} }

func (c *customerResolver) URL(ctx context.Context) (string, error) {
	o, err := c.r.store.Organization(ctx)
	if err != nil {
		return "", c.r.public(err)
	}
	return workspaceURL(o.URLKey, "customer", c.c.SlugID), nil
}

func (c *customerResolver) Revenue() *int32 { return toInt32(c.c.Revenue) }

func (c *customerResolver) Size() *float64 {
	if c.c.Size == nil {
		return nil
	}
	f := float64(*c.c.Size)
	return &f
}

func (c *customerResolver) Owner(ctx context.Context) (*userResolver, error) {
	if c.c.OwnerID == nil {
		return nil, nil
	}
	u, err := c.r.store.user(ctx, *c.c.OwnerID)
	if err != nil {
		return nil, c.r.public(err)
	}
	return &userResolver{u: u, r: c.r}, nil
}

func (c *customerResolver) Status(ctx context.Context) (*catalogResolver, error) {
	st, err := c.r.store.catalogEntry(ctx, "customer_statuses", "CustomerStatus", c.c.StatusID)
	if err != nil {
		return nil, c.r.public(err)
	}
	return &catalogResolver{st}, nil
}

func (c *customerResolver) Tier(ctx context.Context) (*catalogResolver, error) {
	if c.c.TierID == nil {
		return nil, nil
	}
	st, err := c.r.store.catalogEntry(ctx, "customer_tiers", "CustomerTier", *c.c.TierID)
	if err != nil {
		return nil, c.r.public(err)
	}
	return &catalogResolver{st}, nil
}

// catalogResolver resolves both CustomerStatus and CustomerTier, which
// have the same fields.
type catalogResolver struct{ st *Status }

func (s *catalogResolver) ArchivedAt() *dateTime { return nil }
func (s *catalogResolver) Color() string         { return s.st.Color }
func (s *catalogResolver) CreatedAt() dateTime   { return dateTime{s.st.CreatedAt} }
func (s *catalogResolver) Description() *string  { return s.st.Description }
func (s *catalogResolver) DisplayName() string   { return s.st.DisplayName }
func (s *catalogResolver) ID() graphql.ID        { return graphql.ID(s.st.ID) }
func (s *catalogResolver) Name() string          { return s.st.Name }
func (s *catalogResolver) Position() float64     { return s.st.Position }
func (s *catalogResolver) UpdatedAt() dateTime   { return dateTime{s.st.UpdatedAt} }

type userResolver struct {
	u *User
	r *resolver
}

func (u *userResolver) Active() bool           { return u.u.Active }
func (u *userResolver) Admin() bool            { return u.u.Admin }
func (u *userResolver) App() bool              { return u.u.App }
func (u *userResolver) ArchivedAt() *dateTime  { return nil }
func (u *userResolver) AvatarURL() *string     { return nil }
func (u *userResolver) CreatedAt() dateTime    { return dateTime{u.u.CreatedAt} }
func (u *userResolver) DisableReason() *string { return u.u.DisableReason }
func (u *userResolver) DisplayName() string    { return u.u.DisplayName }
func (u *userResolver) Email() string          { return u.u.Email }
func (u *userResolver) Guest() bool            { return u.u.Guest }
func (u *userResolver) ID() graphql.ID         { return graphql.ID(u.u.ID) }
func (u *userResolver) IsMe() bool             { return u.u.Viewer }
func (u *userResolver) Name() string           { return u.u.Name }
func (u *userResolver) Owner() bool            { return u.u.Owner }
func (u *userResolver) UpdatedAt() dateTime    { return dateTime{u.u.UpdatedAt} }

// Initials returns the first letters of the first and last word of the
// name, uppercased.
func (u *userResolver) Initials() string {
	words := strings.Fields(u.u.Name)
	if len(words) == 0 {
		return ""
	}
	first, last := []rune(words[0]), []rune(words[len(words)-1])
	out := string(first[0])
	if len(words) > 1 {
		out += string(last[0])
	}
	return strings.ToUpper(out)
}

func (u *userResolver) URL(ctx context.Context) (string, error) {
	o, err := u.r.store.Organization(ctx)
	if err != nil {
		return "", u.r.public(err)
	}
	return workspaceURL(o.URLKey, "profiles", u.u.DisplayName), nil
}

func (u *userResolver) Organization(ctx context.Context) (*organizationResolver, error) {
	return u.r.Organization(ctx)
}

type organizationResolver struct {
	o *Organization
	r *resolver
}

func (o *organizationResolver) ArchivedAt() *dateTime  { return nil }
func (o *organizationResolver) CreatedAt() dateTime    { return dateTime{o.o.CreatedAt} }
func (o *organizationResolver) CustomersEnabled() bool { return o.o.CustomersEnabled }
func (o *organizationResolver) ID() graphql.ID         { return graphql.ID(o.o.ID) }
func (o *organizationResolver) Name() string           { return o.o.Name }
func (o *organizationResolver) UpdatedAt() dateTime    { return dateTime{o.o.UpdatedAt} }
func (o *organizationResolver) URLKey() string         { return o.o.URLKey }

func (o *organizationResolver) CustomerCount(ctx context.Context) (int32, error) {
	n, err := o.r.store.CountCustomers(ctx)
	return int32(n), o.r.public(err)
}

func (o *organizationResolver) UserCount(ctx context.Context) (int32, error) {
	n, err := o.r.store.count(ctx, "users", "active = 1 AND app = 0")
	return int32(n), o.r.public(err)
}

// Connections.

type node interface{ ID() graphql.ID }

type connection[T node] struct {
	items            []T
	hasNext, hasPrev bool
}

func newConnection[S any, T node](p page[S], wrap func(S) T) *connection[T] {
	c := &connection[T]{hasNext: p.hasNext, hasPrev: p.hasPrev, items: make([]T, len(p.items))}
	for i, v := range p.items {
		c.items[i] = wrap(v)
	}
	return c
}

func (c *connection[T]) Nodes() []T { return c.items }

func (c *connection[T]) Edges() []*edge[T] {
	out := make([]*edge[T], len(c.items))
	for i, n := range c.items {
		out[i] = &edge[T]{n}
	}
	return out
}

func (c *connection[T]) PageInfo() *pageInfo {
	p := &pageInfo{hasNext: c.hasNext, hasPrev: c.hasPrev}
	if len(c.items) > 0 {
		start, end := string(c.items[0].ID()), string(c.items[len(c.items)-1].ID())
		p.start, p.end = &start, &end
	}
	return p
}

type edge[T node] struct{ node T }

func (e *edge[T]) Cursor() string { return string(e.node.ID()) }
func (e *edge[T]) Node() T        { return e.node }

type pageInfo struct {
	start, end       *string
	hasNext, hasPrev bool
}

func (p *pageInfo) EndCursor() *string    { return p.end }
func (p *pageInfo) HasNextPage() bool     { return p.hasNext }
func (p *pageInfo) HasPreviousPage() bool { return p.hasPrev }
func (p *pageInfo) StartCursor() *string  { return p.start }

// Scalars and helpers.

// dateTime is the DateTime scalar: an ISO 8601 time in UTC with
// milliseconds, as Linear writes it.
type dateTime struct{ time.Time }

func (dateTime) ImplementsGraphQLType(name string) bool { return name == "DateTime" }

func (d *dateTime) UnmarshalGraphQL(input any) error {
	s, ok := input.(string)
	if !ok {
		return fmt.Errorf("DateTime must be a string, got %T", input)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("parse DateTime: %w", err)
	}
	d.Time = t
	return nil
}

func (d dateTime) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
}

// workspaceURL builds the page address of an entity. The host is
// deliberately not Linear's, since the entity exists only locally.
func workspaceURL(urlKey, kind, slug string) string {
	return "http://localhost/" + urlKey + "/" + kind + "/" + slug
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func toInt32(v *int64) *int32 {
	if v == nil {
		return nil
	}
	n := int32(*v)
	return &n
}
