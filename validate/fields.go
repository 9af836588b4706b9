package validate

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"custimport/record"
)

func (c *rowCheck) checkID() {
	t, state := c.cell(record.FieldID)
	if state != present {
		return
	}
	if p := checkUUID(t); p != nil {
		c.fail(record.FieldID, t, *p)
		return
	}
	c.res.Input.ID = record.Some(t)
}

func (c *rowCheck) checkName() {
	t, state := c.cell(record.FieldName)
	switch state {
	case absent:
		reason := "is missing"
		if c.raw.Name.IsNull() {
			reason = "is null"
		}
		c.failValueless(record.FieldName, problem{record.CodeRequired, reason,
			"enter the customer's name, which every customer needs"})
	case present:
		// The note shows invisible characters that trimming removed from
		// the ends, though not the white space it removed. A name that
		// trimming and plainSpaces left alone, as most are, needs none.
		plain := plainSpaces(t)
		if raw := c.raw.Name.Value(); plain != t || raw != t {
			if visible := strings.TrimFunc(raw, unicode.IsSpace); plain != visible {
				c.note(record.FieldName, visible, strconv.Quote(plain))
			}
		}
		c.res.Input.Name = plain
	}
}

// plainSpaces makes the spaces of a name plain, so that the name matches
// the same name typed by hand. Each tab and each space of another kind
// (no-break, thin, ideographic and the like, which text copied from web
// pages and PDFs carries) becomes an ASCII space, and the invisible
// zero-width space, word joiner and byte order mark are removed.
// Zero-width joiners and non-joiners stay: some scripts and emoji need
// them.
func plainSpaces(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && s[i] != '\t' {
		i++
	}
	if i == len(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r < utf8.RuneSelf:
			return r
		case r == '\u200b' || r == '\u2060' || r == '\ufeff':
			return -1
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
}

// checkDomains reads the domains and additional domains targets, and the
// website target when neither has a value.
func (c *rowCheck) checkDomains() {
	n := c.domainList(record.FieldDomains)
	n += c.domainList(record.FieldAdditionalDomains)
	if n == 0 {
		c.eachElement(record.FieldWebsite, idSeparators, c.addDomain)
	}
	if len(c.domains) > 0 {
		c.res.Input.Domains = record.Some(c.domains)
	}
}

// domainList reads the list of domains of target f and returns how many
// values it has, as eachElement does. A cell of words with spaces between
// them, such as "not a domain" or a copyright line, gets one error for
// the whole cell instead of one for each word.
func (c *rowCheck) domainList(f record.Field) int {
	if o := c.raw.Cell(f); o.IsSet() && !c.skipped(f) && c.isProse(o.Value()) {
		c.fail(f, trimSpace(o.Value()), problem{record.CodeInvalidDomain,
			"is text, not a domain name or a list of domain names",
			"write the company's web domain, such as acme.com, and separate several with commas or semicolons"})
		return 1
	}
	return c.eachElement(f, domainSeparators, c.addDomain)
}

// isProse reports whether s contains a space and splits at the domain
// separators into several elements, at least one of which is a word: it
// does not look like a host name and is not a placeholder. A cell that
// screen rejects for a reason of its own is not prose.
func (c *rowCheck) isProse(s string) bool {
	t := trimSpace(s)
	if !hasSpace(t) || c.isMarker(t) {
		return false
	}
	if _, found := unwantedRune(t, true); found {
		return false
	}
	n, words := 0, false
	splitList(t, domainSeparators, func(e string) {
		n++
		words = words || !looksLikeHost(e) && !c.isMarker(e)
	})
	return n > 1 && words
}

// hasSpace reports whether s contains a space of any kind, looking at
// ASCII bytes directly.
func hasSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == ' ' || '\t' <= b && b <= '\r':
			return true
		case b >= utf8.RuneSelf:
			return strings.IndexFunc(s[i:], unicode.IsSpace) >= 0
		}
	}
	return false
}

// isMarker reports whether t is a placeholder, a spreadsheet error value
// or a text that Options.NullValues names.
func (c *rowCheck) isMarker(t string) bool {
	return c.v.isNull(t) || isPlaceholder(t) || isSpreadsheetError(t)
}

// looksLikeHost reports whether e has a point with text after it, as a
// domain, URL or email address has, unlike a word or a number. A final
// point is allowed, as in acme.com., and so are the full stops of other
// scripts that IDNA maps to a point.
func looksLikeHost(e string) bool {
	e = idnaDots.Replace(e)
	e = strings.TrimSuffix(e, ".")
	i := strings.LastIndexByte(e, '.')
	return i > 0 && i < len(e)-1
}

// idnaDots maps the full stops that IDNA reads as label separators to a
// point.
var idnaDots = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".")

func (c *rowCheck) addDomain(f record.Field, text string) {
	d, p := c.v.checkDomain(text)
	if p != nil {
		c.fail(f, text, *p)
		return
	}
	if d != text {
		c.note(f, text, strconv.Quote(d))
	}
	if slices.Contains(c.domains, d) {
		c.res.Notes = append(c.res.Notes, c.v.column(f)+": "+strconv.Quote(d)+
			" appears more than once in the row; kept once")
		return
	}
	c.reserveLists()
	c.domains = append(c.domains, d)
}

// reserveLists gives the domains and externalIds of the row room for two
// elements each in one allocation. The capacities are cut, so a third
// element moves either list to an array of its own.
func (c *rowCheck) reserveLists() {
	if c.domains != nil || c.extIDs != nil {
		return
	}
	lists := make([]string, 4)
	c.domains, c.extIDs = lists[0:0:2], lists[2:2:4]
}

// checkExternalIDs reads externalIds. Each element is kept exactly as
// written, but for surrounding space. An exact repeat within the row is
// dropped with a note, because sending it twice would add nothing.
func (c *rowCheck) checkExternalIDs() {
	c.eachElement(record.FieldExternalIDs, idSeparators, c.addExternalID)
	if len(c.extIDs) > 0 {
		c.res.Input.ExternalIDs = record.Some(c.extIDs)
	}
}

func (c *rowCheck) addExternalID(f record.Field, text string) {
	if c.keepIDs {
		c.allIDs = append(c.allIDs, text)
	}
	if isMangledID(text) {
		c.fail(f, text, mangledID())
		return
	}
	if slices.Contains(c.extIDs, text) {
		c.res.Notes = append(c.res.Notes, c.v.column(f)+": "+quoteClipped(text)+
			" appears more than once in the row; kept once")
		return
	}
	c.reserveLists()
	c.extIDs = append(c.extIDs, text)
}

func mangledID() problem {
	return problem{record.CodeMangledID,
		"looks like an id that a spreadsheet shortened to scientific notation, so its digits are lost",
		"format the column as Text in the spreadsheet, restore the full ids from their source and export again"}
}

// checkTextIDs reads the fields that hold an id as text: the Slack
// channel's, and the Linear ids of the owner, status and tier.
func (c *rowCheck) checkTextIDs() {
	in := &c.res.Input
	c.checkTextID(record.FieldSlackChannelID, &in.SlackChannelID)
	c.checkWorkspaceID(record.FieldOwnerID, &in.OwnerID)
	c.checkWorkspaceID(record.FieldStatusID, &in.StatusID)
	c.checkWorkspaceID(record.FieldTierID, &in.TierID)
}

// checkWorkspaceID reads ownerId, statusId or tierId, which name a user,
// status or tier of the Linear workspace by its UUID. Salesforce's OwnerId
// and HubSpot's hubspot_owner_id columns contain the CRM's own user ids,
// which never match one. Such an id is left out with a note, so the row
// can still be imported. Any other value that is not a UUID is rejected.
func (c *rowCheck) checkWorkspaceID(f record.Field, dst *record.Opt[string]) {
	t, state := c.cell(f)
	if state != present {
		return
	}
	canon, _ := canonicalUUID(t)
	switch {
	case isUUIDShape(canon):
		if canon != t {
			c.note(f, t, strconv.Quote(canon))
		}
		*dst = record.Some(canon)
	case isMangledID(t):
		c.fail(f, t, mangledID())
	case f == record.FieldOwnerID && crmUserID(t) != "":
		c.res.Notes = append(c.res.Notes, c.v.column(f)+": "+quoteClipped(t)+" left out: it is "+
			crmUserID(t)+", and Linear identifies users only by its own ids; map a column of owner emails or names to owner")
	default:
		object, word, field := workspaceRef(f)
		c.fail(f, t, problem{record.CodeInvalidUUID,
			"is not the id of a Linear " + object + ", which is a UUID",
			"write the " + object + "'s id, or clear the cell and give the " +
				object + " by " + word + " in a column mapped to " + field})
	}
}

// crmUserID names the kind of CRM user id that s looks like, or returns
// "" for anything else: Salesforce ids of users have 15 or 18 letters and
// digits starting with 005, and HubSpot's owner ids are all digits.
func crmUserID(s string) string {
	switch {
	case (len(s) == 15 || len(s) == 18) && strings.HasPrefix(s, "005") && isAlphanumeric(s):
		return "a Salesforce user id"
	case allDigits(s):
		return "a CRM's numeric owner id"
	}
	return ""
}

func isAlphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// workspaceRef names what ownerId, statusId or tierId refers to, how a
// spreadsheet names that instead, and the field that takes that name.
func workspaceRef(f record.Field) (object, word, field string) {
	switch f {
	case record.FieldOwnerID:
		return "user", "email or name", "owner"
	case record.FieldStatusID:
		return "customer status", "name", "status"
	}
	return "customer tier", "name", "tier"
}

func (c *rowCheck) checkTextID(f record.Field, dst *record.Opt[string]) {
	t, state := c.cell(f)
	if state != present {
		return
	}
	if isMangledID(t) {
		c.fail(f, t, mangledID())
		return
	}
	*dst = record.Some(t)
}

func (c *rowCheck) checkNumber(f record.Field, dst *record.Opt[int64]) {
	t, state := c.cell(f)
	if state != present {
		return
	}
	v, err := ParseInt(t, c.v.opts.LenientNumbers)
	if err != nil {
		c.fail(f, t, problem{err.Code, err.Reason, err.Fix})
		return
	}
	var buf [20]byte
	if plain := strconv.AppendInt(buf[:0], v, 10); string(plain) != t {
		c.note(f, t, string(plain))
	}
	*dst = record.Some(v)
}

func (c *rowCheck) checkLogoURL() {
	t, state := c.cell(record.FieldLogoURL)
	if state != present {
		return
	}
	if p := checkURL(t); p != nil {
		c.fail(record.FieldLogoURL, t, *p)
		return
	}
	c.res.Input.LogoURL = record.Some(t)
}

// checkURL accepts an absolute http or https URL with a host.
func checkURL(s string) *problem {
	if isPlainURL(s) {
		return nil
	}
	return parseURL(s)
}

// isPlainURL reports whether s is a URL of the common form that parseURL
// accepts, checked without net/url: "http://" or "https://", a host of
// ASCII letters, digits, points and hyphens, and an optional path of
// letters, digits and "-._~/". Any other URL goes to parseURL; a fuzz
// test checks that parseURL accepts whatever isPlainURL accepts.
func isPlainURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	host, path, _ := strings.Cut(rest, "/")
	if host == "" {
		return false
	}
	for i := 0; i < len(host); i++ {
		if !isPlainURLByte(host[i]) || host[i] == '_' || host[i] == '~' {
			return false
		}
	}
	for i := 0; i < len(path); i++ {
		if !isPlainURLByte(path[i]) && path[i] != '/' {
			return false
		}
	}
	return true
}

// isPlainURLByte reports whether b is an ASCII letter or digit or one of
// "-._~", which URLs carry without escaping.
func isPlainURLByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || isDigit(rune(b)) ||
		b == '-' || b == '.' || b == '_' || b == '~'
}

// parseURL is checkURL with net/url, for any URL.
func parseURL(s string) *problem {
	const fix = "write the full address, such as https://acme.com/logo.png"
	u, err := url.Parse(s)
	if err != nil {
		return &problem{record.CodeInvalidURL, "is not a valid URL", fix}
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "":
		return &problem{record.CodeInvalidURL, "has no scheme", fix}
	case scheme != "http" && scheme != "https":
		return &problem{record.CodeInvalidURL,
			"uses the scheme " + strconv.Quote(u.Scheme) + "; only http and https are accepted", fix}
	case u.Opaque != "" || u.Hostname() == "":
		return &problem{record.CodeInvalidURL, "has no host name", fix}
	case u.User != nil:
		return &problem{record.CodeInvalidURL, "carries a user name or password, which would be stored for everyone to read",
			"remove the user name, the password and the @ after them"}
	case hasSpace(s):
		return &problem{record.CodeInvalidURL, "contains spaces, which a URL cannot", "write each space as %20"}
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return &problem{record.CodeInvalidURL, "has the port " + port + ", which is not 1 to 65535", fix}
		}
	}
	return nil
}

// checkMainSource checks that mainSourceId is one of the row's externalIds.
func (c *rowCheck) checkMainSource() {
	f := record.FieldMainSourceID
	t, state := c.cell(f)
	if state != present {
		return
	}
	switch {
	case isMangledID(t):
		c.fail(f, t, mangledID())
	case c.skipped(record.FieldExternalIDs) || slices.Contains(c.allIDs, t):
		c.res.Input.MainSourceID = record.Some(t)
	case len(c.allIDs) == 0:
		c.fail(f, t, problem{record.CodeMainSourceNotExternalID,
			"is not one of the row's externalIds, which are empty",
			"add it to " + c.v.unit() + " " + strconv.Quote(c.v.column(record.FieldExternalIDs)) + " too"})
	default:
		c.fail(f, t, problem{record.CodeMainSourceNotExternalID,
			"is not one of the row's externalIds, compared exactly",
			"correct it to match one of them, or add it to " + c.v.unit() + " " +
				strconv.Quote(c.v.column(record.FieldExternalIDs))})
	}
}

// checkRefs reads the owner, status and tier words into Result.Refs.
func (c *rowCheck) checkRefs() {
	refs := &c.res.Refs
	refs.Owner, _ = c.cell(record.FieldOwner)
	refs.Status, _ = c.cell(record.FieldStatus)
	refs.Tier, _ = c.cell(record.FieldTier)
}
