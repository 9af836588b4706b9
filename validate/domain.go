package validate

import (
	_ "embed"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"custimport/record"
)

// A problem is one reason a value was rejected: a record code, what is
// wrong (worded to follow the quoted value) and what to do about it.
type problem struct {
	code, reason, fix string
}

const domainFix = "write the company's web domain, such as acme.com"

// domainProfile converts internationalised domain names to punycode with
// the lookup mapping of RFC 5891 section 5 (case folding, width mapping,
// normalisation) and the Bidi rule, rejecting characters that host names
// cannot contain. Hyphen placement is checked by checkLabels instead.
var domainProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
	idna.CheckHyphens(false),
)

//go:embed public_email_domains.txt
var publicEmailList string

// providers holds the public email domains, read once from publicEmailList.
var providers = parseProviders(publicEmailList)

// providerSet is a list of public email domains: exact domains, and names
// that match under any ICANN public suffix (the "name.*" lines).
type providerSet struct {
	exact map[string]bool
	names map[string]bool
}

func parseProviders(list string) providerSet {
	set := providerSet{exact: map[string]bool{}, names: map[string]bool{}}
	for line := range strings.Lines(list) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if name, ok := strings.CutSuffix(line, ".*"); ok {
			set.names[name] = true
			continue
		}
		set.exact[line] = true
	}
	return set
}

// domainName is a checked domain and its entry in the public suffix list.
type domainName struct {
	ascii      string // lower case, punycode for internationalised labels
	registered string // the registrable part, such as acme.co.uk
	icann      bool   // the public suffix is an ICANN one, not a private one
}

// checkDomain returns the domain in s, which may be written as a URL or an
// email address, or the problem that makes it unusable.
func (v *Validator) checkDomain(s string) (string, *problem) {
	host := hostOf(s)
	if host == "" {
		return "", &problem{record.CodeInvalidDomain, "has no domain name in it", domainFix}
	}
	d, p := parseDomain(host)
	if p != nil {
		return "", p
	}
	if v.isPublicProvider(d) {
		return "", &problem{record.CodePublicEmailDomain,
			"is a public email provider's domain, shared by many people",
			"use the company's own domain, or run with --allow-domain " + d.ascii}
	}
	return d.ascii, nil
}

// hostOf cuts a scheme, user information, port, path, query, fragment, a
// final dot and a leading "www." from s and returns the rest in lower case.
func hostOf(s string) string {
	h := s
	if !isHostText(s) {
		h = strings.ToLower(trimSpace(s))
	}
	if i := strings.Index(h, "://"); i > 0 && isScheme(h[:i]) {
		h = h[i+len("://"):]
	} else {
		h = strings.TrimPrefix(h, "//")
	}
	if i := indexHostEnd(h); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	h = strings.TrimSuffix(cutPort(h), ".")
	if rest, ok := strings.CutPrefix(h, "www."); ok && strings.Contains(rest, ".") {
		h = rest
	}
	return h
}

// isHostText reports whether s has only lower-case ASCII letters, digits,
// hyphens and points, as most domain cells do, so that hostOf has no
// space, capital, scheme, path, user or port to remove.
func isHostText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// indexHostEnd returns the index of the first '/', '?', '#' or '\\' in
// h, which end the host part of a URL, or -1.
func indexHostEnd(h string) int {
	for i := 0; i < len(h); i++ {
		switch h[i] {
		case '/', '?', '#', '\\':
			return i
		}
	}
	return -1
}

// isScheme reports whether s is a URL scheme: a letter followed by
// letters, digits, plus signs, hyphens or points.
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z'
		if !letter && (i == 0 || !isDigit(rune(c)) && c != '+' && c != '-' && c != '.') {
			return false
		}
	}
	return s != ""
}

func cutPort(h string) string {
	i := strings.LastIndexByte(h, ':')
	if i >= 0 && allDigits(h[i+1:]) {
		return h[:i]
	}
	return h
}

// parseDomain converts host to its ASCII form and checks its syntax and
// its public suffix.
func parseDomain(host string) (domainName, *problem) {
	ascii := host
	if !isPlainHost(host) {
		a, err := domainProfile.ToASCII(host)
		if err != nil {
			return domainName{}, &problem{record.CodeInvalidDomain,
				"is not a valid domain name", domainFix}
		}
		ascii = a
	}
	if p := checkLabels(ascii); p != nil {
		return domainName{}, p
	}
	return checkSuffix(ascii)
}

// isPlainHost reports whether h has only lower-case ASCII letters, digits,
// hyphens and points and no punycode label, so IDNA processing would not
// change it.
func isPlainHost(h string) bool {
	return isHostText(h) && !strings.Contains(h, "xn--")
}

// checkLabels checks the syntax of an ASCII domain name as RFC 1035 and
// RFC 1123 define it. The name has at most 253 characters and at least two
// labels. Each label has 1 to 63 letters, digits and inner hyphens, and
// the top-level label is not all digits.
func checkLabels(d string) *problem {
	if len(d) > 253 {
		return &problem{record.CodeInvalidDomain, "is longer than 253 characters", domainFix}
	}
	labels, last := 0, ""
	for rest := d; ; {
		label, after, found := strings.Cut(rest, ".")
		if p := checkLabel(label); p != nil {
			return p
		}
		labels, last, rest = labels+1, label, after
		if !found {
			break
		}
	}
	if labels < 2 {
		if _, icann := publicsuffix.PublicSuffix(d); icann {
			return publicSuffixProblem(d) // a top-level domain alone, such as com
		}
		return &problem{record.CodeInvalidDomain, "has no top-level domain", domainFix}
	}
	if allDigits(last) {
		return &problem{record.CodeInvalidDomain, "is an IP address, not a domain name", domainFix}
	}
	return nil
}

func checkLabel(label string) *problem {
	switch {
	case label == "":
		return &problem{record.CodeInvalidDomain, "has an empty label between points", domainFix}
	case len(label) > 63:
		return &problem{record.CodeInvalidDomain, "has a label longer than 63 characters", domainFix}
	case label[0] == '-' || label[len(label)-1] == '-':
		return &problem{record.CodeInvalidDomain, "has a label that starts or ends with a hyphen", domainFix}
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if !('a' <= c && c <= 'z' || isDigit(rune(c)) || c == '-') {
			return &problem{record.CodeInvalidDomain,
				"contains " + strconv.QuoteRune(rune(c)) + ", which domain names cannot contain", domainFix}
		}
	}
	return nil
}

func publicSuffixProblem(d string) *problem {
	return &problem{record.CodePublicSuffix,
		"is a public suffix, under which anyone can register names, not a company's domain",
		"write the company's full domain, such as acme." + d}
}

// checkSuffix finds the registrable part of d with the public suffix list
// and rejects a bare public suffix (co.uk) and an unknown top-level domain.
func checkSuffix(d string) (domainName, *problem) {
	suffix, icann := publicsuffix.PublicSuffix(d)
	if suffix == d {
		return domainName{}, publicSuffixProblem(d)
	}
	if !icann && !strings.Contains(suffix, ".") {
		return domainName{}, &problem{record.CodeInvalidDomain,
			"has the unknown top-level domain " + strconv.Quote(suffix),
			"check the spelling, and " + domainFix}
	}
	registered, ok := registeredDomain(d, suffix)
	if !ok {
		return domainName{}, &problem{record.CodeInvalidDomain, "is not a valid domain name", domainFix}
	}
	return domainName{ascii: d, registered: registered, icann: icann}, nil
}

// registeredDomain returns the label before the public suffix of d,
// with the suffix: what publicsuffix.EffectiveTLDPlusOne returns for a
// domain that checkLabels accepted, without looking the suffix up again.
// ok is false where EffectiveTLDPlusOne fails: when d is no longer than
// suffix, or suffix does not start right after a point of d.
func registeredDomain(d, suffix string) (string, bool) {
	if len(d) <= len(suffix) {
		return "", false
	}
	i := len(d) - len(suffix) - 1
	if d[i] != '.' {
		return "", false
	}
	return d[1+strings.LastIndexByte(d[:i], '.'):], true
}

// isPublicProvider reports whether d, or the domain it is part of, belongs
// to a public email provider that Options.AllowDomains does not allow.
func (v *Validator) isPublicProvider(d domainName) bool {
	if v.allowed[d.ascii] || v.allowed[d.registered] {
		return false
	}
	if providers.exact[d.ascii] || providers.exact[d.registered] {
		return true
	}
	name, _, _ := strings.Cut(d.registered, ".")
	return d.icann && providers.names[name]
}

// allowedDomains returns the set of domains in list, read as checkDomain
// reads them. Entries that are not domain names are left out.
func allowedDomains(list []string) map[string]bool {
	set := make(map[string]bool, len(list))
	for _, s := range list {
		d, p := parseDomain(hostOf(s))
		if p == nil {
			set[d.ascii] = true
		}
	}
	return set
}
