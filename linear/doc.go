// Package linear is a GraphQL client for Linear's public API, limited to
// what custimport needs: checking access, reading workspace users,
// customer statuses, tiers and customers, and creating customers in
// batches of aliased customerCreate mutations.
//
// A [Client] sends one request per call and returns what came back: data,
// the errors[] list, the rate-limit headers, and a typed [*Error] that
// reports whether a failed request may have reached the server. A [Pacer]
// shared by all callers of a Client spreads requests over the rate-limit
// budget that the server reports. [Complexity] estimates what a document
// costs.
//
// The package does not log. Callers watch requests through
// [Options.OnEvent].
package linear
