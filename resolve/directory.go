// Package resolve turns the words a spreadsheet uses for an owner, a
// customer status and a customer tier into the workspace ids that
// Linear's CustomerCreateInput takes, and checks ids given directly.
//
// Words are compared case- and accent-insensitively, with white space
// collapsed: "  josé   ÁLVAREZ " matches the user named "Jose Alvarez".
// An owner is matched by email first. A word that is nobody's email is
// matched against names and display names together, so a word that is
// one user's name and another user's display name is ambiguous rather
// than decided by which field it matched. Statuses and tiers are matched
// by name or display name in the same way.
package resolve

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"custimport/linear"
)

// Options configures a Directory. The zero value resolves words and
// creates nothing.
type Options struct {
	// CreateMissingTiers makes Resolve create a tier that a row names and
	// the workspace lacks (--create-missing-tiers). Spellings that match
	// alike share one tier, named as the first row to ask spelled it,
	// with white space collapsed.
	CreateMissingTiers bool
	// DryRun forbids creating anything: with CreateMissingTiers, a
	// missing tier is reported as a note that it would be created.
	DryRun bool
	// Client creates missing tiers. Load sets it to its own client when
	// it is nil. A Directory from New with CreateMissingTiers, no DryRun
	// and no Client reports each missing tier as an error.
	Client *linear.Client
}

// A User is a workspace user with the flags that decide whether the user
// may own a customer: app users may not, and neither may disabled users
// (Active false).
type User struct {
	linear.User
	// App marks an app (bot) user.
	App bool `json:"app"`
	// Guest marks a guest; guests may own customers.
	Guest bool `json:"guest"`
	// DisableReason is the reason the account is disabled, such as
	// "admin suspension". It is empty for an active user.
	DisableReason string `json:"disableReason"`
}

// A Directory holds a workspace's users, customer statuses and customer
// tiers, indexed for Resolve. It is safe for concurrent use.
type Directory struct {
	opts     Options
	users    *userIndex
	statuses *catalog
	tiers    *catalog

	mu      sync.Mutex // guards the fields below
	calls   map[string]*tierCall
	failed  map[string]error // folded tier name to the error that creating it met
	created []linear.CustomerTier
	planned []string // names a dry run would create, first spelling of each
	seen    map[string]bool
}

// New returns a Directory of the given users, statuses and tiers. It
// keeps no reference to the slices.
func New(users []User, statuses []linear.CustomerStatus, tiers []linear.CustomerTier, opts Options) *Directory {
	return &Directory{
		opts:     opts,
		users:    newUserIndex(users),
		statuses: newCatalog(statuses),
		tiers:    newCatalog(tiers),
		calls:    make(map[string]*tierCall),
		failed:   make(map[string]error),
		seen:     make(map[string]bool),
	}
}

// Load reads every page of the workspace's users (disabled ones
// included), customer statuses and customer tiers through c, in parallel,
// and returns their Directory.
func Load(ctx context.Context, c *linear.Client, opts Options) (*Directory, error) {
	if c == nil {
		return nil, errors.New("resolve: load: no client")
	}
	var (
		users    []User
		statuses []linear.CustomerStatus
		tiers    []linear.CustomerTier
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		users, err = loadUsers(gctx, c)
		return wrap("loading users", err)
	})
	g.Go(func() (err error) {
		statuses, err = c.CustomerStatuses(gctx)
		return wrap("loading customer statuses", err)
	})
	g.Go(func() (err error) {
		tiers, err = c.CustomerTiers(gctx)
		return wrap("loading customer tiers", err)
	})
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("resolve: %w", err)
	}
	if opts.Client == nil {
		opts.Client = c
	}
	return New(users, statuses, tiers, opts), nil
}

func wrap(doing string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// usersOperation reads one page of users with the flags that
// linear.Client.Users leaves out. Linear's users query skips disabled
// users unless includeDisabled is true.
var usersOperation = linear.Operation{Name: "DirectoryUsers", Query: `query DirectoryUsers($after: String) {
  users(first: 250, after: $after, includeDisabled: true) {
    nodes { id name displayName email active app guest disableReason }
    pageInfo { hasNextPage endCursor }
  }
}`}

// loadUsers reads every page of usersOperation.
func loadUsers(ctx context.Context, c *linear.Client) ([]User, error) {
	var all []User
	var after *string
	for {
		var data struct {
			Users struct {
				Nodes    []User `json:"nodes"`
				PageInfo struct {
					HasNextPage bool    `json:"hasNextPage"`
					EndCursor   *string `json:"endCursor"`
				} `json:"pageInfo"`
			} `json:"users"`
		}
		if _, err := c.Read(ctx, usersOperation, map[string]any{"after": after}, &data); err != nil {
			return nil, err
		}
		all = append(all, data.Users.Nodes...)
		next := data.Users.PageInfo.EndCursor
		if !data.Users.PageInfo.HasNextPage {
			return all, nil
		}
		if next == nil || (after != nil && *next == *after) {
			return nil, errors.New("the server reported another page of users but no new endCursor")
		}
		after = next
	}
}

// CreatedTiers returns the tiers that Resolve has created so far, in
// the order of creation. The caller owns the returned slice.
func (d *Directory) CreatedTiers() []linear.CustomerTier {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]linear.CustomerTier(nil), d.created...)
}

// PlannedTiers returns the names of the tiers that a dry run with
// CreateMissingTiers would create, in the order rows first named them,
// each as first spelled. The caller owns the returned slice.
func (d *Directory) PlannedTiers() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.planned...)
}
