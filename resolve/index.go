package resolve

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"custimport/linear"
)

// userIndex finds users by id, by folded email, and by folded name or
// display name. It does not change after newUserIndex.
type userIndex struct {
	users   []User
	byID    map[string]int
	byEmail map[string][]int
	byName  map[string][]int // name and display name together
	cands   []candidate      // assignable users, for suggestions
}

func newUserIndex(users []User) *userIndex {
	x := &userIndex{
		users:   append([]User(nil), users...),
		byID:    make(map[string]int, len(users)),
		byEmail: make(map[string][]int, len(users)),
		byName:  make(map[string][]int, 2*len(users)),
	}
	for i, u := range x.users {
		x.byID[u.ID] = i
		email, name, display := fold(u.Email), fold(u.Name), fold(u.DisplayName)
		addKey(x.byEmail, email, i)
		addKey(x.byName, name, i)
		addKey(x.byName, display, i)
		if notAssignable(u) == "" {
			x.cands = append(x.cands, newCandidate(userLabel(u), email, name, display))
		}
	}
	return x
}

// addKey appends i to the entries of key, once, and ignores an empty key.
func addKey(m map[string][]int, key string, i int) {
	if key == "" {
		return
	}
	list := m[key]
	if len(list) > 0 && list[len(list)-1] == i {
		return
	}
	m[key] = append(list, i)
}

// match returns the users that key names: those whose email it is, or
// when there are none, those whose name or display name it is.
func (x *userIndex) match(key string) []User {
	list := x.byEmail[key]
	if len(list) == 0 {
		list = x.byName[key]
	}
	out := make([]User, len(list))
	for i, n := range list {
		out[i] = x.users[n]
	}
	return out
}

// userLabel names u in messages, as "Name <email>".
func userLabel(u User) string {
	if u.Email == "" {
		return fmt.Sprintf("%q", u.Name)
	}
	return fmt.Sprintf("%q <%s>", u.Name, u.Email)
}

// notAssignable returns the reason u cannot own a customer, or "" when
// u can.
func notAssignable(u User) string {
	switch {
	case u.App:
		return "an app user, and app users cannot own customers"
	case !u.Active && u.DisableReason != "":
		return fmt.Sprintf("a disabled user (%s), and disabled users cannot own customers", u.DisableReason)
	case !u.Active:
		return "a disabled user, and disabled users cannot own customers"
	}
	return ""
}

// entry is one customer status or tier.
type entry struct {
	ID, Name, DisplayName string
}

// catalog finds the statuses or the tiers of a workspace by id and by
// folded name or display name. Tiers grow as Resolve creates them, so
// every method locks.
type catalog struct {
	mu      sync.RWMutex
	entries []entry
	byID    map[string]int
	byKey   map[string][]int
	cands   []candidate // one per entry, for suggestions
}

// newCatalog indexes items, a slice of linear.CustomerStatus or
// linear.CustomerTier, which share their fields.
func newCatalog[T linear.CustomerStatus | linear.CustomerTier](items []T) *catalog {
	c := &catalog{
		byID:  make(map[string]int, len(items)),
		byKey: make(map[string][]int, 2*len(items)),
	}
	for _, it := range items {
		c.addLocked(entry(it))
	}
	return c
}

// addLocked adds e; the caller holds c.mu or is the only user of c.
func (c *catalog) addLocked(e entry) {
	i := len(c.entries)
	c.entries = append(c.entries, e)
	c.byID[e.ID] = i
	name, display := fold(e.Name), fold(e.DisplayName)
	addKey(c.byKey, name, i)
	addKey(c.byKey, display, i)
	c.cands = append(c.cands, newCandidate(fmt.Sprintf("%q", e.Name), name, display))
}

func (c *catalog) add(e entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addLocked(e)
}

// match returns the entries whose name or display name folds to key.
func (c *catalog) match(key string) []entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	list := c.byKey[key]
	out := make([]entry, len(list))
	for i, n := range list {
		out[i] = c.entries[n]
	}
	return out
}

// byIDOf returns the entry with id.
func (c *catalog) byIDOf(id string) (entry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	i, ok := c.byID[id]
	if !ok {
		return entry{}, false
	}
	return c.entries[i], true
}

// hasIDFold reports whether some entry's id equals id but for letter case.
func (c *catalog) hasIDFold(id string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, e := range c.entries {
		if strings.EqualFold(e.ID, id) {
			return true
		}
	}
	return false
}

// closest returns the quoted names of the entries nearest to key.
func (c *catalog) closest(key string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return closest(key, c.cands)
}

// maxListed is the number of names an "unknown" message lists when no
// name is close to the word.
const maxListed = 5

// someNames returns up to maxListed of the entries' quoted names in
// label order, and whether there are more.
func (c *catalog) someNames() ([]string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	labels := make([]string, 0, len(c.cands))
	for _, cand := range c.cands {
		labels = append(labels, cand.label)
	}
	slices.Sort(labels)
	return labels[:min(len(labels), maxListed)], len(labels) > maxListed
}
