package workspace

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestCustomerCreateAllFields(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	in := map[string]any{
		"id":             testUUID(1),
		"name":           "Acme Corp",
		"domains":        []string{"Acme.COM", " acme.io "},
		"externalIds":    []string{"0042", "sf-001"},
		"slackChannelId": "C012345",
		"ownerId":        SeedUserMember,
		"statusId":       SeedStatusActive,
		"revenue":        2147483647,
		"size":           250,
		"tierId":         SeedTierEnterprise,
		"logoUrl":        "https://acme.com/logo.png",
		"mainSourceId":   "sf-001",
	}
	got := c.create(t, in)
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", got["id"], testUUID(1)},
		{"name", got["name"], "Acme Corp"},
		{"domains", fmt.Sprint(got["domains"]), "[acme.com acme.io]"},
		{"externalIds", fmt.Sprint(got["externalIds"]), "[0042 sf-001]"},
		{"slackChannelId", got["slackChannelId"], "C012345"},
		{"owner", field(got, "owner", "id"), SeedUserMember},
		{"status", field(got, "status", "name"), "Active"},
		{"revenue", got["revenue"], float64(2147483647)},
		{"size", got["size"], float64(250)},
		{"tier", field(got, "tier", "name"), "Enterprise"},
		{"logoUrl", got["logoUrl"], "https://acme.com/logo.png"},
		{"mainSourceId", got["mainSourceId"], "sf-001"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestCustomerCreateDefaults(t *testing.T) {
	r := startServer(t, Options{})
	c := newClient(r)
	got := c.create(t, map[string]any{"name": "Minimal"})
	if !uuidV4.MatchString(got["id"].(string)) {
		t.Errorf("generated id %v is not a lowercase UUID v4", got["id"])
	}
	if s := field(got, "status", "id"); s != SeedStatusLead {
		t.Errorf("default status: got %v, want Lead, the first by position", s)
	}
	if fmt.Sprint(got["domains"], got["externalIds"]) != "[] []" {
		t.Errorf("lists: got %v %v, want empty", got["domains"], got["externalIds"])
	}
	if got["tier"] != nil || got["owner"] != nil || got["revenue"] != nil {
		t.Errorf("optional fields: got tier %v owner %v revenue %v, want null", got["tier"], got["owner"], got["revenue"])
	}
	stored, err := r.Store.Customer(t.Context(), got["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if stored.Name != "Minimal" || stored.StatusID != SeedStatusLead {
		t.Errorf("stored: got %+v", stored)
	}
}

func TestCustomerCreateExplicitNullLists(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	res := c.do(t, `mutation { customerCreate(input: {name: "Nulls", domains: null, externalIds: null}) { customer { domains externalIds } } }`, nil).requireOK(t)
	if got := fmt.Sprint(field(res.Data, "customerCreate", "customer")); got != "map[domains:[] externalIds:[]]" {
		t.Errorf("got %s, want empty lists", got)
	}
}

func TestCustomerUpdate(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	created := c.create(t, map[string]any{
		"name": "Before", "domains": []string{"before.com"}, "externalIds": []string{"e1"},
		"slackChannelId": "C1", "revenue": 10, "tierId": SeedTierGrowth, "mainSourceId": "e1",
	})
	const doc = `mutation Update($id: String!, $input: CustomerUpdateInput!) {
  customerUpdate(id: $id, input: $input) {
    success
    customer { id name domains externalIds slackChannelId revenue size tier { id } status { id } mainSourceId }
  }
}`
	input := map[string]any{
		"name": "After", "domains": []string{"after.com"}, "slackChannelId": nil, "revenue": nil,
		"size": 12, "statusId": SeedStatusChurned, "tierId": nil,
	}
	res := c.do(t, doc, map[string]any{"id": created["id"], "input": input}).requireOK(t)
	got := field(res.Data, "customerUpdate", "customer").(map[string]any)
	checks := []struct {
		name      string
		got, want any
	}{
		{"name", got["name"], "After"},
		{"domains", fmt.Sprint(got["domains"]), "[after.com]"},
		{"externalIds kept", fmt.Sprint(got["externalIds"]), "[e1]"},
		{"slackChannelId cleared", got["slackChannelId"], nil},
		{"revenue cleared", got["revenue"], nil},
		{"size", got["size"], float64(12)},
		{"tier cleared", got["tier"], nil},
		{"status", field(got, "status", "id"), SeedStatusChurned},
		{"mainSourceId kept", got["mainSourceId"], "e1"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %v, want %v", ch.name, ch.got, ch.want)
		}
	}
	// The old domain is free again.
	c.create(t, map[string]any{"name": "Other", "domains": []string{"before.com"}})
}

func TestCustomerUpdateUnknownID(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	res := c.do(t, `mutation { customerUpdate(id: "`+testUUID(9)+`", input: {name: "X"}) { success } }`, nil)
	if res.Status != http.StatusOK || res.Data != nil || res.errorType() != TypeInvalidInput {
		t.Fatalf("got HTTP %d %s", res.Status, res.Raw)
	}
	if res.Errors[0].Message != "Entity not found: Customer" {
		t.Errorf("message: got %q", res.Errors[0].Message)
	}
}

func TestCustomerUpsert(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	existing := c.create(t, map[string]any{"name": "Acme", "domains": []string{"acme.com"}, "externalIds": []string{"crm-1"}})
	const doc = `mutation Upsert($input: CustomerUpsertInput!) {
  customerUpsert(input: $input) { success customer { id name externalIds domains tier { name } } }
}`
	tests := []struct {
		name      string
		input     map[string]any
		wantSame  bool
		wantName  string
		wantExtID string
	}{
		{"match by externalId", map[string]any{"externalId": "crm-1", "name": "Acme 2"}, true, "Acme 2", "crm-1"},
		{"match by domain adds externalId", map[string]any{"domains": []string{"ACME.com"}, "externalId": "crm-2"}, true, "Acme 2", "crm-2"},
		{"match by id", map[string]any{"id": existing["id"], "name": "Acme 3"}, true, "Acme 3", "crm-1"},
		{"no match creates", map[string]any{"externalId": "crm-9", "name": "Newco", "tierName": "Platinum"}, false, "Newco", "crm-9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.do(t, doc, map[string]any{"input": tt.input}).requireOK(t)
			got := field(res.Data, "customerUpsert", "customer").(map[string]any)
			if same := got["id"] == existing["id"]; same != tt.wantSame {
				t.Errorf("matched the existing customer: got %v, want %v", same, tt.wantSame)
			}
			if got["name"] != tt.wantName {
				t.Errorf("name: got %v, want %v", got["name"], tt.wantName)
			}
			if ids := fmt.Sprint(got["externalIds"]); !containsWord(ids, tt.wantExtID) {
				t.Errorf("externalIds %s lack %s", ids, tt.wantExtID)
			}
		})
	}
	res := c.do(t, `{ customerTiers { nodes { name position } } }`, nil).requireOK(t)
	if names := fmt.Sprint(field(res.Data, "customerTiers", "nodes")); !containsWord(names, "name:Platinum") {
		t.Errorf("tierName did not create the tier: %s", names)
	}
	res = c.do(t, doc, map[string]any{"input": map[string]any{"externalId": "crm-10"}})
	if res.errorType() != TypeInvalidInput {
		t.Errorf("create without name: got %s", res.Raw)
	}
}

// containsWord reports whether word is one of the space-separated words
// of a fmt.Sprint of a list or map.
func containsWord(s, word string) bool {
	return slices.Contains(strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(s)), word)
}

func TestCustomerDelete(t *testing.T) {
	r := startServer(t, Options{})
	c := newClient(r)
	got := c.create(t, map[string]any{"name": "Gone", "domains": []string{"gone.com"}})
	res := c.do(t, `mutation($id: String!) { customerDelete(id: $id) { success entityId } }`, map[string]any{"id": got["id"]}).requireOK(t)
	if field(res.Data, "customerDelete", "entityId") != got["id"] {
		t.Errorf("entityId: got %s", res.Raw)
	}
	if n, _ := r.Store.CountCustomers(t.Context()); n != 0 {
		t.Errorf("customers after delete: got %d, want 0", n)
	}
	c.create(t, map[string]any{"name": "Reuse", "domains": []string{"gone.com"}})
}

func TestCustomerByID(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	got := c.create(t, map[string]any{"name": "Find me"})
	const doc = `query One($id: String!) { customer(id: $id) { id name slugId url createdAt updatedAt } }`
	res := c.do(t, doc, map[string]any{"id": got["id"]}).requireOK(t)
	cu := field(res.Data, "customer").(map[string]any)
	if cu["name"] != "Find me" || len(cu["slugId"].(string)) != 12 {
		t.Errorf("got %v", cu)
	}
	bySlug := c.do(t, doc, map[string]any{"id": cu["slugId"]}).requireOK(t)
	if field(bySlug.Data, "customer", "id") != got["id"] {
		t.Errorf("by slug: got %s", bySlug.Raw)
	}
	missing := c.do(t, doc, map[string]any{"id": testUUID(404)})
	if missing.Data != nil || missing.errorType() != TypeInvalidInput || fmt.Sprint(missing.Errors[0].Path) != "[customer]" {
		t.Errorf("missing: got HTTP %d %s", missing.Status, missing.Raw)
	}
}

const customersDoc = `query List($filter: CustomerFilter, $first: Int, $after: String) {
  customers(filter: $filter, first: $first, after: $after) {
    nodes { id name }
    pageInfo { hasNextPage endCursor }
  }
}`

// customerNames lists the names of the customers that match filter.
func customerNames(t *testing.T, c *client, filter map[string]any) []string {
	t.Helper()
	res := c.do(t, customersDoc, map[string]any{"filter": filter, "first": 250}).requireOK(t)
	var names []string
	for _, n := range field(res.Data, "customers", "nodes").([]any) {
		names = append(names, n.(map[string]any)["name"].(string))
	}
	slices.Sort(names)
	return names
}

func TestCustomersFilter(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	c.create(t, map[string]any{"id": testUUID(1), "name": "Alpha", "domains": []string{"alpha.com"}, "externalIds": []string{"a-1"}, "slackChannelId": "CA", "revenue": 100, "tierId": SeedTierEnterprise})
	c.create(t, map[string]any{"id": testUUID(2), "name": "Beta", "domains": []string{"beta.com", "beta.io"}, "externalIds": []string{"b-1"}, "size": 5, "ownerId": SeedUserViewer})
	c.create(t, map[string]any{"id": testUUID(3), "name": "Ärzte Gamma", "statusId": SeedStatusChurned})
	tests := []struct {
		name   string
		filter map[string]any
		want   string
	}{
		{"none", nil, "[Alpha Beta Ärzte Gamma]"},
		{"id eq", map[string]any{"id": map[string]any{"eq": testUUID(2)}}, "[Beta]"},
		{"id in", map[string]any{"id": map[string]any{"in": []string{testUUID(1), testUUID(3), testUUID(99)}}}, "[Alpha Ärzte Gamma]"},
		{"id in empty", map[string]any{"id": map[string]any{"in": []string{}}}, "[]"},
		{"id nin", map[string]any{"id": map[string]any{"nin": []string{testUUID(1)}}}, "[Beta Ärzte Gamma]"},
		{"name eq", map[string]any{"name": map[string]any{"eq": "Alpha"}}, "[Alpha]"},
		{"name eqIgnoreCase unicode", map[string]any{"name": map[string]any{"eqIgnoreCase": "ÄRZTE gamma"}}, "[Ärzte Gamma]"},
		{"name containsIgnoreCase", map[string]any{"name": map[string]any{"containsIgnoreCase": "ET"}}, "[Beta]"},
		{"name startsWith", map[string]any{"name": map[string]any{"startsWith": "Al"}}, "[Alpha]"},
		{"name endsWith", map[string]any{"name": map[string]any{"endsWith": "mma"}}, "[Ärzte Gamma]"},
		{"name in", map[string]any{"name": map[string]any{"in": []string{"Alpha", "Beta"}}}, "[Alpha Beta]"},
		{"domains some eq", map[string]any{"domains": map[string]any{"some": map[string]any{"eq": "beta.io"}}}, "[Beta]"},
		{"domains some in", map[string]any{"domains": map[string]any{"some": map[string]any{"in": []string{"alpha.com", "beta.com"}}}}, "[Alpha Beta]"},
		{"domains every endsWith", map[string]any{"domains": map[string]any{"every": map[string]any{"endsWith": ".com"}}}, "[Alpha Ärzte Gamma]"},
		{"domains length", map[string]any{"domains": map[string]any{"length": map[string]any{"gte": 2}}}, "[Beta]"},
		{"externalIds some eq", map[string]any{"externalIds": map[string]any{"some": map[string]any{"eq": "a-1"}}}, "[Alpha]"},
		{"slackChannelId eq", map[string]any{"slackChannelId": map[string]any{"eq": "CA"}}, "[Alpha]"},
		{"revenue gt", map[string]any{"revenue": map[string]any{"gt": 50}}, "[Alpha]"},
		{"size eq", map[string]any{"size": map[string]any{"eq": 5}}, "[Beta]"},
		{"status name", map[string]any{"status": map[string]any{"name": map[string]any{"eq": "Churned"}}}, "[Ärzte Gamma]"},
		{"tier id", map[string]any{"tier": map[string]any{"id": map[string]any{"eq": SeedTierEnterprise}}}, "[Alpha]"},
		{"owner null", map[string]any{"owner": map[string]any{"null": true}}, "[Alpha Ärzte Gamma]"},
		{"owner email", map[string]any{"owner": map[string]any{"email": map[string]any{"eq": "alex@example.com"}}}, "[Beta]"},
		{"or", map[string]any{"or": []any{
			map[string]any{"name": map[string]any{"eq": "Alpha"}},
			map[string]any{"domains": map[string]any{"some": map[string]any{"eq": "beta.com"}}},
		}}, "[Alpha Beta]"},
		{"and", map[string]any{"and": []any{
			map[string]any{"name": map[string]any{"contains": "a"}},
			map[string]any{"revenue": map[string]any{"lt": 1000}},
		}}, "[Alpha]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fmt.Sprint(customerNames(t, c, tt.filter))
			if got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCustomersPaging(t *testing.T) {
	r := startServer(t, Options{})
	c := newClient(r)
	for i := range 7 {
		c.create(t, map[string]any{"id": testUUID(i), "name": fmt.Sprintf("C%d", i)})
	}
	var seen []string
	var after any
	pages := 0
	for {
		res := c.do(t, customersDoc, map[string]any{"first": 3, "after": after}).requireOK(t)
		for _, n := range field(res.Data, "customers", "nodes").([]any) {
			seen = append(seen, n.(map[string]any)["name"].(string))
		}
		pages++
		if field(res.Data, "customers", "pageInfo", "hasNextPage") != true {
			break
		}
		after = field(res.Data, "customers", "pageInfo", "endCursor")
	}
	if got := fmt.Sprint(seen); got != "[C0 C1 C2 C3 C4 C5 C6]" || pages != 3 {
		t.Errorf("got %s in %d pages, want C0..C6 in 3", got, pages)
	}

	backward := c.do(t, `{ customers(last: 2) { nodes { name } pageInfo { hasPreviousPage startCursor } } }`, nil).requireOK(t)
	if got := fmt.Sprint(field(backward.Data, "customers", "nodes")); got != "[map[name:C5] map[name:C6]]" {
		t.Errorf("last 2: got %s", got)
	}
	if field(backward.Data, "customers", "pageInfo", "hasPreviousPage") != true {
		t.Errorf("last 2: hasPreviousPage false")
	}

	tooMany := c.do(t, `{ customers(first: 251) { nodes { id } } }`, nil)
	if tooMany.errorType() != TypeInvalidInput {
		t.Errorf("first 251: got %s", tooMany.Raw)
	}
	badCursor := c.do(t, `{ customers(after: "nope") { nodes { id } } }`, nil)
	if badCursor.errorType() != TypeInvalidInput {
		t.Errorf("unknown cursor: got %s", badCursor.Raw)
	}
	edges := c.do(t, `{ customers(first: 1) { edges { cursor node { id } } } }`, nil).requireOK(t)
	if field(edges.Data, "customers", "edges", 0, "cursor") != testUUID(0) {
		t.Errorf("edge cursor: got %s", edges.Raw)
	}
}

func TestStatusesAndTiers(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	res := c.do(t, `{
  customerStatuses { nodes { id name displayName color position } }
  customerTiers(first: 2) { nodes { id name } pageInfo { hasNextPage endCursor } }
  customerStatus(id: "`+SeedStatusActive+`") { name }
  customerTier(id: "`+SeedTierStarter+`") { name }
}`, nil).requireOK(t)
	if got := fmt.Sprint(field(res.Data, "customerStatuses", "nodes", 0, "name"), "/", field(res.Data, "customerStatuses", "nodes", 2, "name")); got != "Lead/Churned" {
		t.Errorf("statuses: got %s", res.Raw)
	}
	if field(res.Data, "customerTiers", "pageInfo", "hasNextPage") != true {
		t.Errorf("tiers page of 2: hasNextPage false")
	}
	if field(res.Data, "customerStatus", "name") != "Active" || field(res.Data, "customerTier", "name") != "Starter" {
		t.Errorf("single lookups: got %s", res.Raw)
	}

	const create = `mutation Tier($input: CustomerTierCreateInput!) { customerTierCreate(input: $input) { success tier { id name displayName position } } }`
	created := c.do(t, create, map[string]any{"input": map[string]any{"name": "Platinum", "color": "#e5e4e2"}}).requireOK(t)
	if field(created.Data, "customerTierCreate", "tier", "position") != float64(4) {
		t.Errorf("new tier position: got %s, want 4, after the last", created.Raw)
	}
	dup := c.do(t, create, map[string]any{"input": map[string]any{"name": "Platinum", "color": "#000000"}})
	if dup.errorType() != TypeInvalidInput {
		t.Errorf("duplicate tier name: got %s", dup.Raw)
	}
}

func TestUsersViewerOrganization(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	const doc = `query Users($all: Boolean) {
  users(includeDisabled: $all) { nodes { id name displayName email active app guest admin } }
  viewer { id isMe organization { urlKey } }
  organization { id name customersEnabled customerCount userCount }
}`
	res := c.do(t, doc, nil).requireOK(t)
	if n := len(field(res.Data, "users", "nodes").([]any)); n != 4 {
		t.Errorf("users without disabled: got %d, want 4", n)
	}
	all := c.do(t, doc, map[string]any{"all": true}).requireOK(t)
	users := field(all.Data, "users", "nodes").([]any)
	if len(users) != 5 {
		t.Fatalf("users with disabled: got %d, want 5", len(users))
	}
	flags := map[string]string{}
	for _, u := range users {
		m := u.(map[string]any)
		flags[m["id"].(string)] = fmt.Sprint(m["active"], m["app"], m["guest"])
	}
	want := map[string]string{SeedUserDisabled: "false false false", SeedUserApp: "true true false", SeedUserGuest: "true false true"}
	for id, w := range want {
		if flags[id] != w {
			t.Errorf("user %s active/app/guest: got %s, want %s", id, flags[id], w)
		}
	}
	if field(res.Data, "viewer", "id") != SeedUserViewer || field(res.Data, "viewer", "isMe") != true {
		t.Errorf("viewer: got %s", res.Raw)
	}
	if field(res.Data, "organization", "customersEnabled") != true || field(res.Data, "organization", "userCount") != float64(3) {
		t.Errorf("organization: got %s", res.Raw)
	}
	byEmail := c.do(t, `{ users(filter: {email: {eqIgnoreCase: "JORDAN@example.com"}}) { nodes { id } } }`, nil).requireOK(t)
	if field(byEmail.Data, "users", "nodes", 0, "id") != SeedUserMember {
		t.Errorf("users by email: got %s", byEmail.Raw)
	}
}

func TestRateLimitStatusQuery(t *testing.T) {
	c := newClient(startServer(t, Options{RequestsPerMinute: 100, ComplexityPerMinute: 5000}))
	res := c.do(t, `{ rateLimitStatus { kind limits { type allowedAmount remainingAmount period reset } } }`, nil).requireOK(t)
	limits := field(res.Data, "rateLimitStatus", "limits").([]any)
	if len(limits) != 2 {
		t.Fatalf("limits: got %s", res.Raw)
	}
	if field(limits, 0, "allowedAmount") != float64(100) || field(limits, 1, "allowedAmount") != float64(5000) {
		t.Errorf("allowed amounts: got %s", res.Raw)
	}
}

func TestTypenameFragmentsAliases(t *testing.T) {
	c := newClient(startServer(t, Options{}))
	c.create(t, map[string]any{"id": testUUID(1), "name": "Frag"})
	const doc = `query Q($id: String!) {
  first: customer(id: $id) { ...Parts }
  again: customer(id: $id) { __typename ... on Customer { label: name } }
}
fragment Parts on Customer { __typename id status { __typename name } }`
	res := c.do(t, doc, map[string]any{"id": testUUID(1)}).requireOK(t)
	checks := []struct{ got, want any }{
		{field(res.Data, "first", "__typename"), "Customer"},
		{field(res.Data, "first", "status", "__typename"), "CustomerStatus"},
		{field(res.Data, "again", "__typename"), "Customer"},
		{field(res.Data, "again", "label"), "Frag"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("got %v, want %v in %s", ch.got, ch.want, res.Raw)
		}
	}
}
