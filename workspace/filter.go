package workspace

import (
	"database/sql/driver"
	"fmt"
	"strings"

	graphql "github.com/graph-gophers/graphql-go"
	"modernc.org/sqlite"
)

// The filter input types of the schema. graphql-go fills them from the
// document; each turns into an SQL condition below.
type (
	idComparator struct {
		Eq, Neq *graphql.ID
		In, Nin *[]graphql.ID
	}
	// stringComparator serves both StringComparator and StringItemComparator.
	stringComparator struct {
		Eq, Neq, EqIgnoreCase, NeqIgnoreCase            *string
		In, Nin                                         *[]string
		Contains, ContainsIgnoreCase                    *string
		NotContains, NotContainsIgnoreCase              *string
		StartsWith, StartsWithIgnoreCase, NotStartsWith *string
		EndsWith, NotEndsWith                           *string
	}
	stringArrayComparator struct {
		Every, Some *stringComparator
		Length      *numberComparator
	}
	numberComparator struct {
		Eq, Neq, Gt, Gte, Lt, Lte *float64
		In, Nin                   *[]float64
	}
	booleanComparator struct{ Eq, Neq *bool }
	customerFilter    struct {
		And, Or              *[]*customerFilter
		ID                   *idComparator
		Name, SlackChannelID *stringComparator
		Domains, ExternalIDs *stringArrayComparator
		Revenue, Size        *numberComparator
		Owner                *nullableUserFilter
		Status               *statusFilter
		Tier                 *tierFilter
	}
	statusFilter struct {
		And, Or  *[]*statusFilter
		ID       *idComparator
		Name     *stringComparator
		Position *numberComparator
	}
	tierFilter struct {
		And, Or     *[]*tierFilter
		ID          *idComparator
		DisplayName *stringComparator
		Position    *numberComparator
	}
	userFilter struct {
		And, Or                  *[]*userFilter
		ID                       *idComparator
		Name, DisplayName, Email *stringComparator
		Active, Admin, App       *booleanComparator
		IsMe, Owner              *booleanComparator
	}
	nullableUserFilter struct {
		And, Or                  *[]*nullableUserFilter
		ID                       *idComparator
		Name, DisplayName, Email *stringComparator
		Active, App              *booleanComparator
		Null                     *bool
	}
)

// conditions is a list of SQL conditions that must all hold, with their
// arguments in placeholder order.
type conditions struct {
	conds []string
	args  []any
}

func (w *conditions) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// sql returns the conjunction, "1" when there is no condition.
func (w *conditions) sql() string {
	if len(w.conds) == 0 {
		return "1"
	}
	return "(" + strings.Join(w.conds, " AND ") + ")"
}

// addSub adds a condition that embeds the conjunction of sub, as
// format's %s.
func (w *conditions) addSub(format string, sub *conditions) {
	w.add(fmt.Sprintf(format, sub.sql()), sub.args...)
}

// combine adds the and and or lists of a filter, building each element
// with build.
func combine[F any](w *conditions, and, or *[]*F, build func(*F) *conditions) {
	if and != nil {
		for _, f := range *and {
			w.addSub("%s", build(f))
		}
	}
	if or == nil || len(*or) == 0 {
		return
	}
	var parts []string
	var args []any
	for _, f := range *or {
		sub := build(f)
		parts = append(parts, sub.sql())
		args = append(args, sub.args...)
	}
	w.add("("+strings.Join(parts, " OR ")+")", args...)
}

func customerWhere(f *customerFilter) *conditions {
	w := &conditions{}
	if f == nil {
		return w
	}
	idCond(w, "c.id", f.ID)
	stringCond(w, "c.name", f.Name)
	stringCond(w, "c.slack_channel_id", f.SlackChannelID)
	numberCond(w, "c.revenue", f.Revenue)
	numberCond(w, "c.size", f.Size)
	arrayCond(w, "customer_domains", "domain", f.Domains)
	arrayCond(w, "customer_external_ids", "external_id", f.ExternalIDs)
	if f.Status != nil {
		w.addSub("c.status_id IN (SELECT s.id FROM customer_statuses s WHERE %s)", statusWhere(f.Status))
	}
	if f.Tier != nil {
		w.addSub("c.tier_id IN (SELECT t.id FROM customer_tiers t WHERE %s)", tierWhere(f.Tier))
	}
	ownerCond(w, f.Owner)
	combine(w, f.And, f.Or, customerWhere)
	return w
}

func ownerCond(w *conditions, f *nullableUserFilter) {
	if f == nil {
		return
	}
	if f.Null != nil && *f.Null {
		w.add("c.owner_id IS NULL")
	}
	if f.Null != nil && !*f.Null {
		w.add("c.owner_id IS NOT NULL")
	}
	sub := nullableUserWhere(f)
	if len(sub.conds) > 0 {
		w.addSub("c.owner_id IN (SELECT u.id FROM users u WHERE %s)", sub)
	}
}

// nullableUserWhere builds the conditions on the user row; the null test
// is on the customer and is added by ownerCond.
func nullableUserWhere(f *nullableUserFilter) *conditions {
	w := &conditions{}
	idCond(w, "u.id", f.ID)
	stringCond(w, "u.name", f.Name)
	stringCond(w, "u.display_name", f.DisplayName)
	stringCond(w, "u.email", f.Email)
	boolCond(w, "u.active", f.Active)
	boolCond(w, "u.app", f.App)
	combine(w, f.And, f.Or, nullableUserWhere)
	return w
}

func statusWhere(f *statusFilter) *conditions {
	w := &conditions{}
	idCond(w, "s.id", f.ID)
	stringCond(w, "s.name", f.Name)
	numberCond(w, "s.position", f.Position)
	combine(w, f.And, f.Or, statusWhere)
	return w
}

func tierWhere(f *tierFilter) *conditions {
	w := &conditions{}
	idCond(w, "t.id", f.ID)
	stringCond(w, "t.display_name", f.DisplayName)
	numberCond(w, "t.position", f.Position)
	combine(w, f.And, f.Or, tierWhere)
	return w
}

func userWhere(f *userFilter) *conditions {
	w := &conditions{}
	if f == nil {
		return w
	}
	idCond(w, "u.id", f.ID)
	stringCond(w, "u.name", f.Name)
	stringCond(w, "u.display_name", f.DisplayName)
	stringCond(w, "u.email", f.Email)
	boolCond(w, "u.active", f.Active)
	boolCond(w, "u.admin", f.Admin)
	boolCond(w, "u.app", f.App)
	boolCond(w, "u.owner", f.Owner)
	boolCond(w, "u.viewer", f.IsMe)
	combine(w, f.And, f.Or, userWhere)
	return w
}

// arrayCond filters on a customer's list kept in table: some item
// matches, every item matches (true for an empty list), or the length.
func arrayCond(w *conditions, table, column string, c *stringArrayComparator) {
	if c == nil {
		return
	}
	item := "x." + column
	if c.Some != nil {
		sub := &conditions{}
		stringCond(sub, item, c.Some)
		w.addSub("c.id IN (SELECT x.customer_id FROM "+table+" x WHERE %s)", sub)
	}
	if c.Every != nil {
		sub := &conditions{}
		stringCond(sub, item, c.Every)
		w.addSub("c.id NOT IN (SELECT x.customer_id FROM "+table+" x WHERE NOT %s)", sub)
	}
	numberCond(w, "(SELECT count(*) FROM "+table+" x WHERE x.customer_id = c.id)", c.Length)
}

func idCond(w *conditions, col string, c *idComparator) {
	if c == nil {
		return
	}
	if c.Eq != nil {
		w.add(col+" = ?", string(*c.Eq))
	}
	if c.Neq != nil {
		w.add(col+" <> ?", string(*c.Neq))
	}
	inCond(w, col, c.In, false)
	inCond(w, col, c.Nin, true)
}

// inCond adds col IN list (NOT IN when negate). An empty IN list matches
// nothing and an empty NOT IN list everything.
func inCond[T any](w *conditions, col string, list *[]T, negate bool) {
	switch {
	case list == nil:
	case len(*list) == 0 && !negate:
		w.add("0")
	case len(*list) == 0:
	case negate:
		w.add(col+" NOT IN ("+placeholders(len(*list))+")", sqlArgs(*list)...)
	default:
		w.add(col+" IN ("+placeholders(len(*list))+")", sqlArgs(*list)...)
	}
}

// sqlArgs converts list elements to driver values; graphql.ID is a named
// string type that the driver does not take as it is.
func sqlArgs[T any](list []T) []any {
	out := make([]any, len(list))
	for i, v := range list {
		if id, ok := any(v).(graphql.ID); ok {
			out[i] = string(id)
			continue
		}
		out[i] = v
	}
	return out
}

// stringOps maps each StringComparator field to its condition, with %[1]s
// for the column and one placeholder for the value. Case-insensitive forms
// use custimport_lower, which lowercases all of Unicode, where SQLite's
// lower() handles ASCII only.
var stringOps = []struct {
	field func(*stringComparator) *string
	cond  string
}{
	{func(c *stringComparator) *string { return c.Eq }, "%[1]s = ?"},
	{func(c *stringComparator) *string { return c.Neq }, "%[1]s <> ?"},
	{func(c *stringComparator) *string { return c.EqIgnoreCase }, "custimport_lower(%[1]s) = custimport_lower(?)"},
	{func(c *stringComparator) *string { return c.NeqIgnoreCase }, "custimport_lower(%[1]s) <> custimport_lower(?)"},
	{func(c *stringComparator) *string { return c.Contains }, "instr(%[1]s, ?) > 0"},
	{func(c *stringComparator) *string { return c.NotContains }, "instr(%[1]s, ?) = 0"},
	{func(c *stringComparator) *string { return c.ContainsIgnoreCase }, "instr(custimport_lower(%[1]s), custimport_lower(?)) > 0"},
	{func(c *stringComparator) *string { return c.NotContainsIgnoreCase }, "instr(custimport_lower(%[1]s), custimport_lower(?)) = 0"},
	{func(c *stringComparator) *string { return c.StartsWith }, "custimport_has_prefix(%[1]s, ?)"},
	{func(c *stringComparator) *string { return c.NotStartsWith }, "NOT custimport_has_prefix(%[1]s, ?)"},
	{func(c *stringComparator) *string { return c.StartsWithIgnoreCase }, "custimport_has_prefix(custimport_lower(%[1]s), custimport_lower(?))"},
	{func(c *stringComparator) *string { return c.EndsWith }, "custimport_has_suffix(%[1]s, ?)"},
	{func(c *stringComparator) *string { return c.NotEndsWith }, "NOT custimport_has_suffix(%[1]s, ?)"},
}

func stringCond(w *conditions, col string, c *stringComparator) {
	if c == nil {
		return
	}
	for _, op := range stringOps {
		if v := op.field(c); v != nil {
			w.add(fmt.Sprintf(op.cond, col), *v)
		}
	}
	inCond(w, col, c.In, false)
	inCond(w, col, c.Nin, true)
}

func numberCond(w *conditions, col string, c *numberComparator) {
	if c == nil {
		return
	}
	ops := []struct {
		value *float64
		op    string
	}{{c.Eq, "="}, {c.Neq, "<>"}, {c.Gt, ">"}, {c.Gte, ">="}, {c.Lt, "<"}, {c.Lte, "<="}}
	for _, o := range ops {
		if o.value != nil {
			w.add(col+" "+o.op+" ?", *o.value)
		}
	}
	inCond(w, col, c.In, false)
	inCond(w, col, c.Nin, true)
}

func boolCond(w *conditions, col string, c *booleanComparator) {
	if c == nil {
		return
	}
	if c.Eq != nil {
		w.add(col+" = ?", *c.Eq)
	}
	if c.Neq != nil {
		w.add(col+" <> ?", *c.Neq)
	}
}

// The SQL functions behind the string comparators. Each returns NULL for a
// NULL argument, so a comparison with a missing value is never true.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("custimport_lower", 1, sqlLower)
	sqlite.MustRegisterDeterministicScalarFunction("custimport_has_prefix", 2, textTest(strings.HasPrefix))
	sqlite.MustRegisterDeterministicScalarFunction("custimport_has_suffix", 2, textTest(strings.HasSuffix))
}

func sqlLower(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	s, ok := args[0].(string)
	if !ok {
		return nil, nil
	}
	return strings.ToLower(s), nil
}

func textTest(test func(s, part string) bool) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, ok1 := args[0].(string)
		part, ok2 := args[1].(string)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return test(s, part), nil
	}
}
