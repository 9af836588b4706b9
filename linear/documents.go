package linear

import (
	"fmt"
	"strings"
)

// The GraphQL documents this package sends. Each is valid against
// Linear's published schema; a test checks them with gqlparser when
// CUSTIMPORT_LINEAR_SCHEMA names the schema file.
const (
	viewerQuery = `query Viewer {
  viewer { id name displayName email active }
}`

	organizationQuery = `query Organization {
  organization { id name urlKey customersEnabled }
}`

	preflightQuery = `query Preflight {
  viewer { id name displayName email active }
  organization { id name urlKey customersEnabled }
}`

	customersByIDsQuery = `query CustomersByIDs($ids: [ID!]!, $after: String) {
  customers(filter: {id: {in: $ids}}, first: 250, after: $after, includeArchived: true) {
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}`

	customersQuery = `query Customers($filter: CustomerFilter, $after: String) {
  customers(filter: $filter, first: 250, after: $after) {
    nodes {
      id name domains externalIds slackChannelId revenue size logoUrl mainSourceId
      owner { id email name }
      status { id name }
      tier { id name }
    }
    pageInfo { hasNextPage endCursor }
  }
}`

	usersQuery = `query Users($after: String) {
  users(first: 250, after: $after) {
    nodes { id name displayName email active }
    pageInfo { hasNextPage endCursor }
  }
}`

	customerStatusesQuery = `query CustomerStatuses($after: String) {
  customerStatuses(first: 250, after: $after) {
    nodes { id name displayName }
    pageInfo { hasNextPage endCursor }
  }
}`

	customerTiersQuery = `query CustomerTiers($after: String) {
  customerTiers(first: 250, after: $after) {
    nodes { id name displayName }
    pageInfo { hasNextPage endCursor }
  }
}`

	updateCustomerMutation = `mutation UpdateCustomer($id: String!, $input: CustomerUpdateInput!) {
  customerUpdate(id: $id, input: $input) { success customer { id } }
}`

	createTierMutation = `mutation CreateTier($input: CustomerTierCreateInput!) {
  customerTierCreate(input: $input) { success tier { id name displayName } }
}`

	// createCustomerSelection is what each aliased customerCreate selects.
	createCustomerSelection = `success customer { id }`
)

// pageSize is the first argument of every paged query above: Linear's
// largest page.
const pageSize = 250

// createCustomersOperation is the name of the batch mutation.
const createCustomersOperation = "CreateCustomers"

// CreateCustomersDocument returns the batch mutation for n rows: one
// variable per row ($i0, $i1, ... of type CustomerCreateInput!) and one
// aliased customerCreate per row (c0, c1, ...), in row order.
func CreateCustomersDocument(n int) string {
	var b strings.Builder
	b.Grow(40 + n*80)
	b.WriteString("mutation " + createCustomersOperation + "(")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$i%d: CustomerCreateInput!", i)
	}
	b.WriteString(") {\n")
	for i := range n {
		fmt.Fprintf(&b, "  %s: customerCreate(input: $i%d) { %s }\n", Alias(i), i, createCustomerSelection)
	}
	b.WriteString("}\n")
	return b.String()
}

// Alias returns the alias of row i of a batch: "c0", "c1", ...
func Alias(i int) string { return fmt.Sprintf("c%d", i) }
