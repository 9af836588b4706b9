package resolve

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"custimport/record"
)

// Resolve fills in.OwnerID, in.StatusID and in.TierID from the words in
// refs, and checks that ids already set in in (given in an id column)
// exist. row is the spreadsheet row for messages. columns contains, per
// target, the column header as written in the file, and an empty entry
// falls back to the target's name.
//
// errs contains one record.FieldError per problem, with Field "ownerId",
// "statusId" or "tierId" and a code of the resolve stage, such as
// record.CodeUnknownOwner. A field with an error is left as it was. notes
// contains sentences for the row's report that are not errors: that a
// tier was created for this row, or that a dry run would create it. When
// a row has both a word and an id for the same field, the id is kept and
// the word must name the same object.
//
// Resolve uses ctx only to create a missing tier.
func (d *Directory) Resolve(ctx context.Context, row int, refs record.Refs, in *record.Input, columns [record.NumFields]string) (errs []record.FieldError, notes []string) {
	r := rowResolve{d: d, ctx: ctx, row: row, columns: &columns}
	r.owner(refs.Owner, &in.OwnerID)
	r.catalogRef(statusRef, d.statuses, refs.Status, &in.StatusID)
	r.catalogRef(tierRef, d.tiers, refs.Tier, &in.TierID)
	return r.errs, r.notes
}

// rowResolve is the state of one call to Resolve.
type rowResolve struct {
	d       *Directory
	ctx     context.Context
	row     int
	columns *[record.NumFields]string
	errs    []record.FieldError
	notes   []string
}

// column returns the header of target f as written in the file.
func (r *rowResolve) column(f record.Field) string {
	if name := r.columns[f]; name != "" {
		return name
	}
	return f.String()
}

// fail records a problem with value in the column of target f. text
// follows the quoted value and states what is wrong and how to fix it.
func (r *rowResolve) fail(f record.Field, code, value, text string) {
	msg := fmt.Sprintf("row %d, column %q: %s %s", r.row, r.column(f), quoteClipped(value), text)
	r.errs = append(r.errs, record.FieldError{Field: fieldName(f), Code: code, Message: msg, Value: value})
}

func (r *rowResolve) note(f record.Field, text string) {
	r.notes = append(r.notes, r.column(f)+": "+text)
}

// fieldName returns the CustomerCreateInput field that target f feeds.
func fieldName(f record.Field) string {
	switch f {
	case record.FieldOwner:
		return record.FieldOwnerID.String()
	case record.FieldStatus:
		return record.FieldStatusID.String()
	case record.FieldTier:
		return record.FieldTierID.String()
	}
	return f.String()
}

// owner resolves the owner word into dst, or checks the id in dst.
func (r *rowResolve) owner(word string, dst *record.Opt[string]) {
	idOwner, idOK := r.ownerByID(dst)
	if record.IsBlank(word) {
		return
	}
	u, ok := r.ownerByWord(word)
	switch {
	case !ok:
	case !dst.IsSet():
		*dst = record.Some(u.ID)
	case idOK && idOwner.ID != u.ID:
		r.fail(record.FieldOwner, record.CodeOwnerMismatch, word, fmt.Sprintf(
			"is %s, but column %q names %s; keep one of the two cells, or make them name the same user",
			userLabel(u), r.column(record.FieldOwnerID), userLabel(idOwner)))
	}
}

// ownerByID checks the id in dst, if set, and returns its user.
func (r *rowResolve) ownerByID(dst *record.Opt[string]) (User, bool) {
	id, ok := dst.Get()
	if !ok {
		return User{}, false
	}
	i, ok := r.d.users.byID[id]
	if !ok {
		r.fail(record.FieldOwnerID, record.CodeUnknownOwnerID, id,
			"is not the id of a user in this workspace"+r.d.users.idHint(id)+
				"; check the id, or give the owner's email in an owner column instead")
		return User{}, false
	}
	u := r.d.users.users[i]
	// An id is taken as deliberate: a disabled user may keep owning the
	// customers an export says they owned, so only app users, which the
	// API rejects, fail here. A name must still point at an active user.
	if reason := notAssignable(u); reason != "" && u.App {
		r.fail(record.FieldOwnerID, record.CodeOwnerNotAssignable, id,
			fmt.Sprintf("is %s, %s; name an active workspace member or leave the cell blank", userLabel(u), reason))
		return User{}, false
	}
	return u, true
}

// ownerByWord returns the one assignable user that word names.
func (r *rowResolve) ownerByWord(word string) (User, bool) {
	key := ownerKey(word)
	users := r.d.users.match(key)
	switch {
	case len(users) == 0:
		r.fail(record.FieldOwner, record.CodeUnknownOwner, word,
			"matches no user's email, name or display name in this workspace"+
				suggest(closest(key, r.d.users.cands))+"; write the email of a workspace member")
	case len(users) > 1:
		r.fail(record.FieldOwner, record.CodeAmbiguousOwner, word, fmt.Sprintf(
			"matches %d users (%s); write the email of the one you mean", len(users), userEmails(users)))
	default:
		u := users[0]
		if reason := notAssignable(u); reason != "" {
			r.fail(record.FieldOwner, record.CodeOwnerNotAssignable, word,
				fmt.Sprintf("is %s, %s; name an active workspace member or leave the cell blank", userLabel(u), reason))
			return User{}, false
		}
		return u, true
	}
	return User{}, false
}

// ownerKey folds an owner word. A word in the form "Name <email>", as
// mail clients and some CRMs write it, is matched by its email.
func ownerKey(word string) string {
	if strings.Contains(word, "<") {
		if a, err := mail.ParseAddress(word); err == nil {
			return fold(a.Address)
		}
	}
	return fold(word)
}

// userEmails lists users by email for an ambiguity message, marking the
// ones that cannot own customers.
func userEmails(users []User) string {
	parts := make([]string, len(users))
	for i, u := range users {
		parts[i] = u.Email
		if u.Email == "" {
			parts[i] = fmt.Sprintf("%q with no email", u.Name)
		}
		switch {
		case u.App:
			parts[i] += " (app user)"
		case !u.Active:
			parts[i] += " (disabled)"
		}
	}
	return strings.Join(parts, ", ")
}

// idHint explains an unknown id that matches a user's id but for case.
func (x *userIndex) idHint(id string) string {
	for _, u := range x.users {
		if strings.EqualFold(u.ID, id) {
			return ", but it matches one written in lower case; ids are case-sensitive"
		}
	}
	return ""
}

// suggest formats the closest names for an "unknown" message.
func suggest(labels []string) string {
	if len(labels) == 0 {
		return ""
	}
	return " (closest: " + strings.Join(labels, ", ") + ")"
}

// maxQuoted is the number of runes of a value that messages quote.
const maxQuoted = 100

// quoteClipped quotes s as Go does, cut to maxQuoted runes.
func quoteClipped(s string) string {
	if utf8.RuneCountInString(s) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}
	n := 0
	for i := range s {
		if n == maxQuoted {
			return fmt.Sprintf("%q...", s[:i])
		}
		n++
	}
	return fmt.Sprintf("%q", s)
}
