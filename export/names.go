package export

import (
	"context"
	"fmt"
	"strings"

	"custimport/linear"
)

// Names maps the ids of a workspace's users, customer statuses and tiers
// to the words that a spreadsheet names them by: a user's email (the name
// when the email is empty), a status's or tier's name.
//
// An id has no word when it is missing from the lists or its word is
// blank. It also has none when its word, compared without regard to letter
// case, is the email, name or display name of another entry of the same
// list, because importing that word could then pick the wrong entry. The
// lists contain what the API returns by default, so a disabled user has no
// word, and a customer owned by one keeps the owner's id.
type Names struct {
	owners, statuses, tiers map[string]string
}

// LoadNames reads every page of the workspace's users, customer statuses
// and customer tiers through c.
func LoadNames(ctx context.Context, c *linear.Client) (*Names, error) {
	users, err := c.Users(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading users: %w", err)
	}
	statuses, err := c.CustomerStatuses(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading customer statuses: %w", err)
	}
	tiers, err := c.CustomerTiers(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading customer tiers: %w", err)
	}
	return NewNames(users, statuses, tiers), nil
}

// NewNames builds Names from lists already read.
func NewNames(users []linear.User, statuses []linear.CustomerStatus, tiers []linear.CustomerTier) *Names {
	owners := make([]entry, len(users))
	for i, u := range users {
		word := u.Email
		if strings.TrimSpace(word) == "" {
			word = u.Name
		}
		owners[i] = entry{id: u.ID, word: word, aliases: []string{u.Email, u.Name, u.DisplayName}}
	}
	st := make([]entry, len(statuses))
	for i, s := range statuses {
		st[i] = entry{id: s.ID, word: s.Name, aliases: []string{s.Name, s.DisplayName}}
	}
	ti := make([]entry, len(tiers))
	for i, t := range tiers {
		ti[i] = entry{id: t.ID, word: t.Name, aliases: []string{t.Name, t.DisplayName}}
	}
	return &Names{owners: uniqueWords(owners), statuses: uniqueWords(st), tiers: uniqueWords(ti)}
}

// entry is one user, status or tier: the word to write for it, and every
// word an import may match against it.
type entry struct {
	id      string
	word    string
	aliases []string
}

// uniqueWords maps each entry's id to its word, leaving out the entries
// whose word is blank or also matches another entry.
func uniqueWords(entries []entry) map[string]string {
	idOf := make(map[string]string, len(entries)*3)
	shared := make(map[string]bool)
	for _, e := range entries {
		for _, a := range e.aliases {
			key := foldWord(a)
			if key == "" {
				continue
			}
			if id, ok := idOf[key]; ok && id != e.id {
				shared[key] = true
			}
			idOf[key] = e.id
		}
	}
	words := make(map[string]string, len(entries))
	for _, e := range entries {
		key := foldWord(e.word)
		if key != "" && !shared[key] {
			words[e.id] = e.word
		}
	}
	return words
}

// foldWord returns the form in which words are compared.
func foldWord(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Owner returns the word for the user with this id, if there is one.
func (n *Names) Owner(id string) (string, bool) {
	if n == nil {
		return "", false
	}
	w, ok := n.owners[id]
	return w, ok
}

// Status returns the word for the customer status with this id, if there
// is one.
func (n *Names) Status(id string) (string, bool) {
	if n == nil {
		return "", false
	}
	w, ok := n.statuses[id]
	return w, ok
}

// Tier returns the word for the customer tier with this id, if there is one.
func (n *Names) Tier(id string) (string, bool) {
	if n == nil {
		return "", false
	}
	w, ok := n.tiers[id]
	return w, ok
}
