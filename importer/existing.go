package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"custimport/linear"
	"custimport/record"
	"custimport/reports"
)

// OnExisting is the action taken for a row whose customer already exists in
// the workspace: a customer holds its id, one of its domains or external
// ids, or its Slack channel id.
type OnExisting string

// The modes of --on-existing.
const (
	SkipExisting   OnExisting = "skip"   // report the row skipped, with the existing id
	UpdateExisting OnExisting = "update" // send the row's defined fields as an update
	FailExisting   OnExisting = "fail"   // report the row invalid
)

// ParseOnExisting checks an --on-existing value.
func ParseOnExisting(s string) (OnExisting, error) {
	switch m := OnExisting(s); m {
	case SkipExisting, UpdateExisting, FailExisting:
		return m, nil
	}
	return "", fmt.Errorf("--on-existing %q: use skip, update or fail", s)
}

// match is an existing customer that a row's keys point at, and why.
type match struct {
	id       string
	why      string
	customer *linear.Customer
}

// findExisting looks up, in one paginated query or in the snapshot, the
// customers that hold any key of the given lines, and returns for each
// line (by index) the distinct customers it matches.
func (s *Remote) findExisting(ctx context.Context, lines []*reports.Line) ([][]match, error) {
	if s.snap != nil {
		return s.snap.find(lines), nil
	}
	var ids, domains, externalIDs, slack []string
	for _, l := range lines {
		in := l.Input
		if id, ok := in.ID.Get(); ok {
			ids = append(ids, id)
		}
		domains = append(domains, in.Domains.Value()...)
		externalIDs = append(externalIDs, in.ExternalIDs.Value()...)
		if v, ok := in.SlackChannelID.Get(); ok {
			slack = append(slack, v)
		}
	}
	filter := keyFilter(ids, domains, externalIDs, slack)
	if filter == nil {
		return make([][]match, len(lines)), nil
	}
	found, err := s.lookUp(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("look up existing customers: %w", err)
	}
	out := make([][]match, len(lines))
	for i, l := range lines {
		out[i] = matchesOf(l.Input, found)
	}
	return out, nil
}

// lookUp runs the customers query for filter, all pages. The client sends
// each page again after a transient failure (network, 5xx, rate limit).
func (s *Remote) lookUp(ctx context.Context, filter map[string]any) ([]linear.Customer, error) {
	var found []linear.Customer
	s.requests.Add(1)
	err := s.Client.Customers(ctx, filter, func(page []linear.Customer) error {
		found = append(found, page...)
		return nil
	})
	return found, err
}

// keyFilter builds a CustomerFilter that matches any of the keys, or nil
// when there are none.
func keyFilter(ids, domains, externalIDs, slack []string) map[string]any {
	var or []map[string]any
	if len(ids) > 0 {
		or = append(or, map[string]any{"id": map[string]any{"in": ids}})
	}
	if len(domains) > 0 {
		or = append(or, map[string]any{"domains": map[string]any{"some": map[string]any{"in": domains}}})
	}
	if len(externalIDs) > 0 {
		or = append(or, map[string]any{"externalIds": map[string]any{"some": map[string]any{"in": externalIDs}}})
	}
	if len(slack) > 0 {
		or = append(or, map[string]any{"slackChannelId": map[string]any{"in": slack}})
	}
	if len(or) == 0 {
		return nil
	}
	return map[string]any{"or": or}
}

// matchesOf returns the customers among found that hold one of in's keys.
func matchesOf(in *record.Input, found []linear.Customer) []match {
	var out []match
	for _, c := range found {
		why := sharedKey(in, &c)
		if why == "" || slices.ContainsFunc(out, func(m match) bool { return m.id == c.ID }) {
			continue
		}
		out = append(out, match{id: c.ID, why: why, customer: &c})
	}
	return out
}

// sharedKey names the first key that in and c share, or returns "".
func sharedKey(in *record.Input, c *linear.Customer) string {
	if id, ok := in.ID.Get(); ok && id == c.ID {
		return "id " + id
	}
	for _, d := range in.Domains.Value() {
		if slices.ContainsFunc(c.Domains, func(x string) bool { return strings.EqualFold(x, d) }) {
			return "domain " + d
		}
	}
	for _, e := range in.ExternalIDs.Value() {
		if slices.Contains(c.ExternalIDs, e) {
			return "external id " + e
		}
	}
	if v, ok := in.SlackChannelID.Get(); ok && v == c.SlackChannelID.Value() {
		return "Slack channel " + v
	}
	return ""
}

// applyExisting settles the lines that match existing customers, by the
// Remote's mode, and returns the lines still to create.
func (s *Remote) applyExisting(ctx context.Context, lines []*reports.Line, matches [][]match) ([]*reports.Line, error) {
	var create []*reports.Line
	for i, l := range lines {
		m := matches[i]
		switch {
		case len(m) == 0:
			create = append(create, l)
		case len(m) > 1:
			invalidate(l, "matches_two_customers", fmt.Sprintf(
				"row %d matches two existing customers: %s (by %s) and %s (by %s); fix the row so it names one of them",
				l.Row, m[0].id, m[0].why, m[1].id, m[1].why))
		default:
			if err := s.onExisting(ctx, l, m[0]); err != nil {
				return nil, err
			}
		}
	}
	return create, nil
}

func (s *Remote) onExisting(ctx context.Context, l *reports.Line, m match) error {
	switch s.OnExisting {
	case FailExisting:
		invalidate(l, "exists", fmt.Sprintf(
			"row %d: customer %s already exists (same %s); remove the row, or run with --on-existing skip or update",
			l.Row, m.id, m.why))
		return nil
	case UpdateExisting:
		l.ID = m.id
		if unchanged(l.Input, m.customer) {
			l.Status = reports.Skipped
			l.Reason = fmt.Sprintf("customer %s already holds these values (same %s)", m.id, m.why)
			return nil
		}
		if s.DryRun {
			l.Reason = fmt.Sprintf("would update customer %s (same %s)", m.id, m.why)
			return nil
		}
		s.requests.Add(1)
		err := s.Client.UpdateCustomer(ctx, m.id, linear.UpdateFromInput(*l.Input))
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if err != nil {
			l.Status = reports.Failed
			l.Errors = append(l.Errors, record.FieldError{Code: "update_failed",
				Message: fmt.Sprintf("row %d: updating customer %s failed: %v", l.Row, m.id, err)})
			return nil
		}
		l.Status = reports.Updated
		l.Reason = "same " + m.why
		return nil
	}
	l.Status = reports.Skipped
	l.ID = m.id
	l.Reason = fmt.Sprintf("customer %s already exists (same %s)", m.id, m.why)
	return nil
}

func invalidate(l *reports.Line, code, msg string) {
	l.Status = reports.Invalid
	l.Errors = append(l.Errors, record.FieldError{Code: code, Message: msg})
}

// unchanged reports whether c already holds every value that in defines,
// so an update would change nothing. Lists compare as sets.
func unchanged(in *record.Input, c *linear.Customer) bool {
	if in.Name != c.Name {
		return false
	}
	if v, ok := in.Domains.Get(); ok && !sameSet(v, c.Domains) {
		return false
	}
	if v, ok := in.ExternalIDs.Get(); ok && !sameSet(v, c.ExternalIDs) {
		return false
	}
	if v, ok := in.Size.Get(); ok && (!c.Size.IsSet() || float64(v) != c.Size.Value()) {
		return false
	}
	if v, ok := in.Revenue.Get(); ok && (!c.Revenue.IsSet() || v != c.Revenue.Value()) {
		return false
	}
	return sameOpt(in.SlackChannelID, c.SlackChannelID) && sameOpt(in.LogoURL, c.LogoURL) &&
		sameOpt(in.MainSourceID, c.MainSourceID) &&
		sameRef(in.OwnerID, ownerID(c)) && sameRef(in.StatusID, statusID(c)) && sameRef(in.TierID, tierID(c))
}

// sameOpt reports whether a defined in equals got; an undefined one is
// not sent, so it changes nothing.
func sameOpt(in, got record.Opt[string]) bool {
	v, ok := in.Get()
	return !ok || got.IsSet() && v == got.Value()
}

func sameRef(in record.Opt[string], got string) bool {
	v, ok := in.Get()
	return !ok || v == got
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func ownerID(c *linear.Customer) string {
	if c.Owner == nil {
		return ""
	}
	return c.Owner.ID
}

func statusID(c *linear.Customer) string {
	if c.Status == nil {
		return ""
	}
	return c.Status.ID
}

func tierID(c *linear.Customer) string {
	if c.Tier == nil {
		return ""
	}
	return c.Tier.ID
}
