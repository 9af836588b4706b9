package resolve

import (
	"fmt"
	"strings"

	"custimport/record"
)

// refKind describes a reference to a customer status or a tier: its
// columns, its error codes and the words of its messages.
type refKind struct {
	noun, plural       string // "customer status", "customer statuses"
	wordField, idField record.Field
	unknown, ambiguous string
	unknownID          string
	mismatch           string
	creatable          bool // Options.CreateMissingTiers applies
}

var (
	statusRef = refKind{
		noun: "customer status", plural: "customer statuses", wordField: record.FieldStatus, idField: record.FieldStatusID,
		unknown: record.CodeUnknownStatus, ambiguous: record.CodeAmbiguousStatus,
		unknownID: record.CodeUnknownStatusID, mismatch: record.CodeStatusMismatch,
	}
	tierRef = refKind{
		noun: "customer tier", plural: "customer tiers", wordField: record.FieldTier, idField: record.FieldTierID,
		unknown: record.CodeUnknownTier, ambiguous: record.CodeAmbiguousTier,
		unknownID: record.CodeUnknownTierID, mismatch: record.CodeTierMismatch,
		creatable: true,
	}
)

// catalogRef resolves a status or tier word into dst, or checks the id
// in dst.
func (r *rowResolve) catalogRef(k refKind, c *catalog, word string, dst *record.Opt[string]) {
	idEntry, idOK := r.entryByID(k, c, dst)
	if record.IsBlank(word) {
		return
	}
	// A word next to an id only has to agree with it, so it creates nothing.
	create := k.creatable && r.d.opts.CreateMissingTiers && !dst.IsSet()
	e, ok := r.entryByWord(k, c, word, create)
	switch {
	case !ok:
	case !dst.IsSet():
		*dst = record.Some(e.ID)
	case idOK && idEntry.ID != e.ID:
		r.fail(k.wordField, k.mismatch, word, fmt.Sprintf(
			"is the %s %q, but column %q names %q; keep one of the two cells, or make them name the same %s",
			k.noun, e.Name, r.column(k.idField), idEntry.Name, k.noun))
	}
}

// entryByID checks the id in dst, if set, and returns its entry.
func (r *rowResolve) entryByID(k refKind, c *catalog, dst *record.Opt[string]) (entry, bool) {
	id, ok := dst.Get()
	if !ok {
		return entry{}, false
	}
	e, ok := c.byIDOf(id)
	if !ok {
		hint := ""
		if c.hasIDFold(id) {
			hint = ", but it matches one written in lower case; ids are case-sensitive"
		}
		r.fail(k.idField, k.unknownID, id, fmt.Sprintf(
			"is not the id of a %s in this workspace%s; check the id, or give the %s's name in a %q column instead",
			k.noun, hint, k.noun, k.wordField))
		return entry{}, false
	}
	return e, true
}

// entryByWord returns the one entry that word names. With create, a word
// that names none is a tier to create.
func (r *rowResolve) entryByWord(k refKind, c *catalog, word string, create bool) (entry, bool) {
	key := fold(word)
	matches := c.match(key)
	switch {
	case len(matches) == 1:
		return matches[0], true
	case len(matches) > 1:
		r.fail(k.wordField, k.ambiguous, word, fmt.Sprintf(
			"matches %d %s by name or display name (%s); give the id in a %q column, or rename one of them in Linear",
			len(matches), k.plural, entryNames(matches), k.idField))
	case create:
		return r.missingTier(word)
	default:
		fix := "; write one of the workspace's names, or create the " + k.noun + " in Linear first"
		if k.creatable {
			fix = "; write one of the workspace's names, or pass --create-missing-tiers to create it"
		}
		hint := suggest(c.closest(key))
		if hint == "" {
			hint = listNames(k.plural, c)
		}
		r.fail(k.wordField, k.unknown, word, "matches no "+k.noun+" by name or display name"+hint+fix)
	}
	return entry{}, false
}

// entryNames lists entries as name and id for an ambiguity message.
func entryNames(entries []entry) string {
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = fmt.Sprintf("%q, id %s", e.Name, e.ID)
	}
	return strings.Join(parts, "; ")
}

// missingTier creates the tier that word names, or in a dry run notes
// that it would be created.
func (r *rowResolve) missingTier(word string) (entry, bool) {
	name := collapseSpace(word)
	switch {
	case r.d.opts.DryRun:
		r.d.plan(name)
		r.note(record.FieldTier, fmt.Sprintf("tier %q does not exist yet and would be created", name))
		return entry{}, false
	case r.d.opts.Client == nil:
		r.fail(record.FieldTier, record.CodeTierNotCreated, word,
			"names no customer tier, and no client is set to create it; create the tier in Linear first")
		return entry{}, false
	}
	e, created, err := r.d.createTier(r.ctx, name)
	if err != nil {
		r.fail(record.FieldTier, record.CodeTierNotCreated, word, fmt.Sprintf(
			"names no customer tier, and creating it failed (%v); create the tier in Linear, or run again", err))
		return entry{}, false
	}
	if created {
		r.note(record.FieldTier, fmt.Sprintf("created tier %q", e.Name))
	}
	return e, true
}

// listNames formats some of the catalog's names for an "unknown" message
// that has no close name to suggest.
func listNames(plural string, c *catalog) string {
	names, more := c.someNames()
	if len(names) == 0 {
		return " (the workspace has no " + plural + ")"
	}
	list := strings.Join(names, ", ")
	if more {
		list += ", …"
	}
	return " (the workspace's " + plural + ": " + list + ")"
}
