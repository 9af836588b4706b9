package parse

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"custimport/record"
)

// aliasNames lists, per target, the column names that map to it with no
// mapping, as the exports of HubSpot (display and internal names),
// Salesforce (Data Loader and report exports), Pipedrive, Intercom,
// Zendesk, Attio and Zoho write them, plus generic names. A bare "id" is
// decided by idTarget instead.
var aliasNames = map[record.Field][]string{
	record.FieldName: {
		"Company name", "Company", "Account Name", "Organization name",
		"Organisation name", "Organization", "Customer name", "Business name",
		"Record", // Attio: the name column beside "Record ID"
	},
	record.FieldDomains: {
		"Domain", "Company Domain Name", "Company domain", "Domain name",
		"Primary domain",
	},
	record.FieldAdditionalDomains: {
		"hs_additional_domains", "domain_names", "Other domains",
	},
	record.FieldWebsite: {
		"Website URL", "Company website", "Organization - Website", "URL",
		"Homepage",
	},
	record.FieldExternalIDs: {
		"External ID", "Record ID", "Company ID", "hs_object_id", "Account ID",
		"Organization - ID", "CRM ID",
	},
	record.FieldOwner: {
		"Owner email", "Owner.Email", "Company owner", "Account Owner",
		"Organization - Owner", "Owner name",
	},
	record.FieldOwnerID: {"hubspot_owner_id"},
	record.FieldStatus: {
		"Lifecycle Stage", "Type", "Labels", "Organization - Labels",
		"Customer status", "Account type",
	},
	record.FieldStatusID: {"Customer status ID"},
	record.FieldRevenue: {
		"Annual Revenue", "ARR", "Annual recurring revenue",
		"Organization - Annual revenue",
	},
	record.FieldSize: {
		"Employees", "Number of Employees", "Headcount", "Employee count",
		"Company size", "Num employees", "Organization - Number of employees",
	},
	record.FieldTier: {
		"Ideal Customer Profile Tier", "hs_ideal_customer_profile", "ICP tier",
		"Plan", "Customer tier",
	},
	record.FieldTierID:  {"Customer tier ID"},
	record.FieldLogoURL: {"hs_logo_url", "Logo"},
	record.FieldID:      {"Customer ID", "Linear ID", "Linear customer ID"},
}

// neverMapped lists columns that look like a target but hold something
// else: deal totals, monthly figures, ranges, and Salesforce's relative
// photo path. They are deliberately absent from aliasNames, and the tests
// check that they map to nothing.
var neverMapped = []string{
	"Total Revenue", "Recent Deal Amount", "Monthly Spend", "Estimated ARR",
	"Employee range", "PhotoUrl",
}

// aliases maps the normalized form (see normalizeName) of each name in
// aliasNames, and of each target's own name, to its target.
var aliases = func() map[string]record.Field {
	m := map[string]record.Field{}
	for f, names := range aliasNames {
		for _, name := range names {
			m[normalizeName(name)] = f
		}
	}
	for f := range record.NumFields {
		m[normalizeName(record.Field(f).String())] = record.Field(f)
	}
	delete(m, "id") // decided by idTarget
	return m
}()

// normalizeName returns the form in which column names are compared:
// letters in lower case and digits, with spaces, underscores, hyphens,
// dots, a trailing "*" and every other punctuation mark removed. Names
// holding bytes that are not UTF-8 return "" and match nothing.
func normalizeName(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// idTarget decides a column whose normalized name is "id". Written in
// lower case ("id", as the API and custimport's own export name it) it
// is the customer's Linear id. Written any other way ("Id" as in a
// Salesforce Data Loader export, "ID" in older ones) it holds a CRM's
// record id, such as Salesforce's 18-character account id, and goes to
// externalIds.
func idTarget(header string) record.Field {
	bare := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(header), "*"))
	if bare == "id" {
		return record.FieldID
	}
	return record.FieldExternalIDs
}

// aliasTarget returns the target that a column or key named header maps
// to with no user mapping.
func aliasTarget(header string) (record.Field, bool) {
	n := normalizeName(header)
	if n == "id" {
		return idTarget(header), true
	}
	f, ok := aliases[n]
	return f, ok
}

// ParseTarget returns the target that name denotes. It accepts a target's
// exact name (record.Field's String form, such as "externalIds") and any
// spelling that matches it the way headers match ("external_ids",
// "External IDs").
func ParseTarget(name string) (record.Field, bool) {
	if f, ok := record.ParseField(name); ok {
		return f, true
	}
	n := normalizeName(name)
	for f := range record.NumFields {
		if n != "" && n == normalizeName(record.Field(f).String()) {
			return record.Field(f), true
		}
	}
	return 0, false
}

// targetList returns the target names for an error message.
func targetList() string {
	names := make([]string, record.NumFields)
	for f := range record.NumFields {
		names[f] = record.Field(f).String()
	}
	return strings.Join(names, ", ")
}

// A mapping entry: a target, or ignore for a column mapped to "".
type mapEntry struct {
	target record.Field
	ignore bool
}

// mapper decides the target of each column or key: first the user's
// mapping (by the header exactly as written, then by its normalized
// form), then the aliases. It also notes which mapping entries matched,
// for unused.
type mapper struct {
	exact      map[string]mapEntry
	normalized map[string]mapEntry

	usedExact      map[string]bool
	usedNormalized map[string]bool
}

func newMapper(m map[string]string) (*mapper, error) {
	mp := &mapper{
		exact:          map[string]mapEntry{},
		normalized:     map[string]mapEntry{},
		usedExact:      map[string]bool{},
		usedNormalized: map[string]bool{},
	}
	ambiguous := map[string]bool{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, header := range keys {
		e, err := parseEntry(header, m[header])
		if err != nil {
			return nil, err
		}
		mp.exact[header] = e
		n := normalizeName(header)
		if old, ok := mp.normalized[n]; ok && old != e {
			ambiguous[n] = true
		}
		mp.normalized[n] = e
	}
	for n := range ambiguous {
		delete(mp.normalized, n)
	}
	delete(mp.normalized, "")
	return mp, nil
}

func parseEntry(header, target string) (mapEntry, error) {
	if strings.TrimSpace(target) == "" {
		return mapEntry{ignore: true}, nil
	}
	f, ok := ParseTarget(strings.TrimSpace(target))
	if !ok {
		return mapEntry{}, fmt.Errorf("the mapping %q=%q names an unknown target; targets are %s", header, target, targetList())
	}
	return mapEntry{target: f}, nil
}

// The results of mapper.lookup.
const (
	colUnknown  = iota
	colIgnored  // mapped to "" by the user
	colMapped   // by a target's own name or an alias
	colExplicit // by the user's mapping
)

// lookupAt is lookup for the nth column (from 1) headed header, which a
// mapping such as "Name#2" may name on its own.
func (m *mapper) lookupAt(header string, nth int) (record.Field, int) {
	key := header + "#" + strconv.Itoa(nth)
	e, ok := m.exact[key]
	if ok {
		m.usedExact[key] = true
	} else if n := normalizeName(key); n != normalizeName(header) {
		if e, ok = m.normalized[n]; ok {
			m.usedNormalized[n] = true
		}
	}
	switch {
	case !ok:
		return m.lookup(header)
	case e.ignore:
		return 0, colIgnored
	}
	return e.target, colExplicit
}

// lookup returns the target of a column or key named header, and
// colExplicit, colMapped, colIgnored or colUnknown.
func (m *mapper) lookup(header string) (record.Field, int) {
	e, ok := m.exact[header]
	if ok {
		m.usedExact[header] = true
	} else {
		n := normalizeName(header)
		if e, ok = m.normalized[n]; ok {
			m.usedNormalized[n] = true
		}
	}
	if ok {
		if e.ignore {
			return 0, colIgnored
		}
		return e.target, colExplicit
	}
	if f, ok := aliasTarget(header); ok {
		return f, colMapped
	}
	return 0, colUnknown
}

// unused returns the headers of the user's mapping that no lookup has
// matched, sorted.
func (m *mapper) unused() []string {
	var out []string
	for header := range m.exact {
		if !m.usedExact[header] && !m.usedNormalized[normalizeName(header)] {
			out = append(out, header)
		}
	}
	sort.Strings(out)
	return out
}
