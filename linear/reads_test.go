package linear

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestPreflight(t *testing.T) {
	fake := newFakeLinear()
	c := fake.client(t, fake.start(t), Options{})
	a, err := c.Preflight(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a.Viewer.Email != "ada@example.com" || !a.Organization.CustomersEnabled || a.Organization.URLKey != "acme" {
		t.Errorf("got %+v", a)
	}
	if got := fake.operations; !slices.Equal(got, []string{"Preflight"}) {
		t.Errorf("requests: got %v, want one Preflight", got)
	}
}

func TestPreflightErrors(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(f *fakeLinear)
		wantKind Kind
		wantIs   error
	}{
		{"wrong key", func(f *fakeLinear) { f.auth = "lin_api_other" }, KindAuthentication, nil},
		{"forbidden", func(f *fakeLinear) { f.forbidden = true }, KindForbidden, nil},
		{"customers disabled", func(f *fakeLinear) { f.customersEnabled = false }, 0, ErrCustomersDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeLinear()
			tt.setup(fake)
			c := fake.client(t, fake.start(t), Options{})
			_, err := c.Preflight(context.Background())
			if err == nil {
				t.Fatal("got no error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("got %v, want it to wrap %v", err, tt.wantIs)
			}
			var e *Error
			if tt.wantIs == nil && (!errors.As(err, &e) || e.Kind != tt.wantKind) {
				t.Errorf("got %v, want an *Error of kind %v", err, tt.wantKind)
			}
			t.Logf("message: %v", err)
		})
	}
}

func TestViewerAndOrganization(t *testing.T) {
	fake := newFakeLinear()
	c := fake.client(t, fake.start(t), Options{})
	u, err := c.Viewer(context.Background())
	if err != nil || u.ID != "u1" || u.Name != "Ada Lovelace" {
		t.Errorf("Viewer: got %+v, %v", u, err)
	}
	o, err := c.Organization(context.Background())
	if err != nil || !o.CustomersEnabled {
		t.Errorf("Organization: got %+v, %v", o, err)
	}
}

func TestListReaders(t *testing.T) {
	fake := newFakeLinear()
	c := fake.client(t, fake.start(t), Options{})
	users, err := c.Users(context.Background())
	if err != nil || len(users) != 2 || users[1].Email != "alan@example.com" {
		t.Errorf("Users: got %+v, %v", users, err)
	}
	sts, err := c.CustomerStatuses(context.Background())
	if err != nil || len(sts) != 1 || sts[0].Name != "Active" {
		t.Errorf("CustomerStatuses: got %+v, %v", sts, err)
	}
	tiers, err := c.CustomerTiers(context.Background())
	if err != nil || len(tiers) != 1 || tiers[0].Name != "Enterprise" {
		t.Errorf("CustomerTiers: got %+v, %v", tiers, err)
	}
}

func TestCustomersPages(t *testing.T) {
	fake := newFakeLinear()
	fake.addCustomers(600)
	c := fake.client(t, fake.start(t), Options{})
	var sizes []int
	var ids []string
	err := c.Customers(context.Background(), nil, func(page []Customer) error {
		sizes = append(sizes, len(page))
		for _, cu := range page {
			ids = append(ids, cu.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{250, 250, 100}; !slices.Equal(sizes, want) {
		t.Errorf("page sizes:\n got %v\nwant %v", sizes, want)
	}
	if len(ids) != 600 || ids[0] != "pre-0" || ids[599] != "pre-599" {
		t.Errorf("ids: got %d, first %q, last %q", len(ids), ids[0], ids[len(ids)-1])
	}
}

func TestCustomersDecodesFields(t *testing.T) {
	srv := serveCanned(t, cannedResponse{200, nil, `{"data":{"customers":{"nodes":[{
		"id":"A","name":"Acme","domains":["acme.com"],"externalIds":["0012"],"slackChannelId":null,
		"revenue":1200000,"size":250.0,"logoUrl":"https://acme.com/l.png","mainSourceId":"0012",
		"owner":{"id":"u1","email":"ada@example.com","name":"Ada"},"status":{"id":"s1","name":"Active"},"tier":null}],
		"pageInfo":{"hasNextPage":false,"endCursor":null}}}}`})
	c := newFakeLinear().client(t, srv, Options{})
	var got []Customer
	err := c.Customers(context.Background(), map[string]any{"name": map[string]any{"eq": "Acme"}}, func(p []Customer) error {
		got = append(got, p...)
		return nil
	})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %+v, %v", got, err)
	}
	cu := got[0]
	if !cu.SlackChannelID.IsNull() || cu.Revenue.Value() != 1200000 || cu.Size.Value() != 250 ||
		cu.MainSourceID.Value() != "0012" || cu.Owner.Email != "ada@example.com" || cu.Status.Name != "Active" || cu.Tier != nil {
		t.Errorf("customer: got %+v", cu)
	}
}

func TestCustomersStopsOnCallbackError(t *testing.T) {
	fake := newFakeLinear()
	fake.addCustomers(600)
	c := fake.client(t, fake.start(t), Options{})
	stop := errors.New("stop")
	err := c.Customers(context.Background(), nil, func([]Customer) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("got %v, want the callback's error", err)
	}
	if n := len(fake.operations); n != 1 {
		t.Errorf("requests: got %d, want 1", n)
	}
}

func TestPagingWithoutNewCursorStops(t *testing.T) {
	srv := serveCanned(t, cannedResponse{200, nil,
		`{"data":{"users":{"nodes":[],"pageInfo":{"hasNextPage":true,"endCursor":null}}}}`})
	c := newFakeLinear().client(t, srv, Options{})
	if _, err := c.Users(context.Background()); err == nil {
		t.Error("got no error for hasNextPage without a cursor")
	}
}

func TestCustomersByIDs(t *testing.T) {
	fake := newFakeLinear()
	fake.addCustomers(600)
	c := fake.client(t, fake.start(t), Options{})
	var ids []string
	for i := range 600 {
		if i%2 == 0 {
			ids = append(ids, fmt.Sprintf("pre-%d", i))
		} else {
			ids = append(ids, fmt.Sprintf("absent-%d", i))
		}
	}
	found, err := c.CustomersByIDs(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 300 {
		t.Errorf("found: got %d, want 300", len(found))
	}
	for _, id := range found {
		var n int
		if _, err := fmt.Sscanf(id, "pre-%d", &n); err != nil || n%2 != 0 {
			t.Errorf("found %q, which was not asked for or does not exist", id)
		}
	}
	if n := len(fake.operations); n != 3 {
		t.Errorf("requests for 600 ids: got %d, want 3", n)
	}
}

func TestCreateTier(t *testing.T) {
	fake := newFakeLinear()
	c := fake.client(t, fake.start(t), Options{})
	tier, err := c.CreateTier(context.Background(), "Gold")
	if err != nil {
		t.Fatal(err)
	}
	if tier.ID == "" || tier.Name != "Gold" {
		t.Errorf("got %+v", tier)
	}
}
