package linear

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"custimport/record"
)

// A User is a workspace member. Customer.Owner fills only ID, Email and Name.
type User struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Email       string `json:"email"`
	Active      bool   `json:"active"`
}

// An Organization is the workspace the credential belongs to.
type Organization struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	URLKey string `json:"urlKey"`
	// CustomersEnabled reports whether the workspace's plan includes the
	// Customers feature.
	CustomersEnabled bool `json:"customersEnabled"`
}

// A CustomerStatus is one of the workspace's customer statuses.
// Customer.Status fills only ID and Name.
type CustomerStatus struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

// A CustomerTier is one of the workspace's customer tiers.
// Customer.Tier fills only ID and Name.
type CustomerTier struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

// A Customer is a customer as Customers reads it. Nullable fields are
// null when the workspace has no value.
type Customer struct {
	ID             string             `json:"id"`
	Name           string             `json:"name"`
	Domains        []string           `json:"domains"`
	ExternalIDs    []string           `json:"externalIds"`
	SlackChannelID record.Opt[string] `json:"slackChannelId"`
	Revenue        record.Opt[int64]  `json:"revenue"`
	// Size is a Float on Customer in Linear's schema, though
	// CustomerCreateInput takes an Int.
	Size         record.Opt[float64] `json:"size"`
	LogoURL      record.Opt[string]  `json:"logoUrl"`
	MainSourceID record.Opt[string]  `json:"mainSourceId"`
	Owner        *User               `json:"owner"`
	Status       *CustomerStatus     `json:"status"`
	Tier         *CustomerTier       `json:"tier"`
}

// Access is the user and workspace that Preflight found.
type Access struct {
	Viewer       User
	Organization Organization
}

// ErrCustomersDisabled is returned by Preflight when the workspace does not
// have the Customers feature.
var ErrCustomersDisabled = errors.New("linear: the Customers feature is not enabled for this workspace")

// Viewer returns the user the credential belongs to.
func (c *Client) Viewer(ctx context.Context) (User, error) {
	var data struct {
		Viewer User `json:"viewer"`
	}
	_, err := c.Read(ctx, Operation{Name: "Viewer", Query: viewerQuery}, nil, &data)
	return data.Viewer, err
}

// Organization returns the workspace the credential belongs to.
func (c *Client) Organization(ctx context.Context) (Organization, error) {
	var data struct {
		Organization Organization `json:"organization"`
	}
	_, err := c.Read(ctx, Operation{Name: "Organization", Query: organizationQuery}, nil, &data)
	return data.Organization, err
}

// Preflight checks in one request that the credential is accepted, may
// read the workspace, and that the workspace has the Customers feature.
// A rejected credential or a missing permission is an error wrapping an
// *Error of KindAuthentication or KindForbidden; a workspace without
// Customers is an error wrapping ErrCustomersDisabled.
//
// NOTE: a read-only key passes Preflight; its lack of write access shows
// only on the first mutation, as KindForbidden.
func (c *Client) Preflight(ctx context.Context) (Access, error) {
	var a Access
	data := struct {
		Viewer       *User         `json:"viewer"`
		Organization *Organization `json:"organization"`
	}{&a.Viewer, &a.Organization}
	_, err := c.Read(ctx, Operation{Name: "Preflight", Query: preflightQuery}, nil, &data)
	var e *Error
	switch {
	case errors.As(err, &e) && e.Kind == KindAuthentication:
		return a, fmt.Errorf("checking access: the credential was not accepted; check that the API key is current and complete: %w", err)
	case errors.As(err, &e) && e.Kind == KindForbidden:
		return a, fmt.Errorf("checking access: the credential may not read this workspace; it needs read and write access to customers: %w", err)
	case errors.As(err, &e) && e.Kind == KindNetwork:
		return a, fmt.Errorf("checking access: the server could not be reached, even after several attempts; check the address given with --to and the network: %w", err)
	case err != nil:
		return a, fmt.Errorf("checking access: %w", err)
	case !a.Organization.CustomersEnabled:
		return a, fmt.Errorf("checking access: workspace %q: %w; an admin can enable Customers in the workspace settings",
			a.Organization.URLKey, ErrCustomersDisabled)
	}
	return a, nil
}

// Users returns the workspace's active members.
func (c *Client) Users(ctx context.Context) ([]User, error) {
	return collect[User](ctx, c, Operation{Name: "Users", Query: usersQuery}, "users")
}

// CustomerStatuses returns the workspace's customer statuses.
func (c *Client) CustomerStatuses(ctx context.Context) ([]CustomerStatus, error) {
	return collect[CustomerStatus](ctx, c, Operation{Name: "CustomerStatuses", Query: customerStatusesQuery}, "customerStatuses")
}

// CustomerTiers returns the workspace's customer tiers. Linear's
// CustomerTierFilter has no name, so callers match tiers by name here.
func (c *Client) CustomerTiers(ctx context.Context) ([]CustomerTier, error) {
	return collect[CustomerTier](ctx, c, Operation{Name: "CustomerTiers", Query: customerTiersQuery}, "customerTiers")
}

// Customers calls fn with each page of up to 250 customers that match
// filter, a CustomerFilter value (nil for all customers) that encodes to
// JSON. It stops at the first error from fn or from a request.
func (c *Client) Customers(ctx context.Context, filter any, fn func(page []Customer) error) error {
	op := Operation{Name: "Customers", Query: customersQuery}
	return eachPage(ctx, c, op, "customers", map[string]any{"filter": filter}, fn)
}

// TierColor is the color CreateTier gives a new tier; Linear requires one.
const TierColor = "#95a2b3"

// CreateTier creates a customer tier with name as both its name and its
// display name, colored TierColor.
func (c *Client) CreateTier(ctx context.Context, name string) (CustomerTier, error) {
	op := Operation{Name: "CreateTier", Query: createTierMutation}
	input := map[string]any{"name": name, "displayName": name, "color": TierColor}
	var data struct {
		CustomerTierCreate *struct {
			Success bool         `json:"success"`
			Tier    CustomerTier `json:"tier"`
		} `json:"customerTierCreate"`
	}
	if _, err := c.Do(ctx, op, map[string]any{"input": input}, &data); err != nil {
		return CustomerTier{}, err
	}
	p := data.CustomerTierCreate
	if p == nil || !p.Success || p.Tier.ID == "" {
		return CustomerTier{}, &Error{Kind: KindUnknown, Operation: op.Name, Sent: true,
			Messages: []string{"customerTierCreate did not report success"}}
	}
	return p.Tier, nil
}

type pageInfo struct {
	HasNextPage bool    `json:"hasNextPage"`
	EndCursor   *string `json:"endCursor"`
}

type connection[T any] struct {
	Nodes    []T      `json:"nodes"`
	PageInfo pageInfo `json:"pageInfo"`
}

// eachPage runs op, whose field is a connection, once per page: with
// vars plus $after, starting from the first page, while hasNextPage.
func eachPage[T any](ctx context.Context, c *Client, op Operation, field string, vars map[string]any, fn func([]T) error) error {
	vars = maps.Clone(vars)
	if vars == nil {
		vars = make(map[string]any, 1)
	}
	var after *string
	for {
		vars["after"] = after
		var data map[string]connection[T]
		if _, err := c.Read(ctx, op, vars, &data); err != nil {
			return err
		}
		conn := data[field]
		if err := fn(conn.Nodes); err != nil {
			return err
		}
		next := conn.PageInfo.EndCursor
		if !conn.PageInfo.HasNextPage {
			return nil
		}
		if next == nil || (after != nil && *next == *after) {
			return &Error{Kind: KindUnknown, Operation: op.Name, Sent: true,
				Messages: []string{"the server reported another page but no new endCursor"}}
		}
		after = next
	}
}

func collect[T any](ctx context.Context, c *Client, op Operation, field string) ([]T, error) {
	var all []T
	err := eachPage(ctx, c, op, field, nil, func(page []T) error {
		all = append(all, page...)
		return nil
	})
	return all, err
}
