package workspace

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/google/uuid"
)

// uuidV4 matches a canonical lowercase UUID of version 4 and the RFC 9562
// variant, the only id form the workspace accepts.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// publicEmailDomains are domains of public email providers. Linear rejects
// them as customer domains because mail from them does not identify the
// sender's company. NOTE: Linear does not publish its list, and this one
// covers the large providers only.
var publicEmailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true,
	"hotmail.co.uk": true, "live.com": true, "msn.com": true, "yahoo.com": true,
	"yahoo.co.uk": true, "yahoo.fr": true, "ymail.com": true, "icloud.com": true,
	"me.com": true, "mac.com": true, "aol.com": true, "protonmail.com": true,
	"proton.me": true, "gmx.com": true, "gmx.de": true, "gmx.net": true, "web.de": true,
	"mail.com": true, "zoho.com": true, "yandex.com": true, "yandex.ru": true,
	"mail.ru": true, "qq.com": true, "163.com": true, "fastmail.com": true,
}

func newUUID() string { return uuid.NewString() }

func checkID(id string) error {
	if !uuidV4.MatchString(id) {
		return invalidInput("id %q is not a UUID v4 in canonical lowercase form (like 3f2a9c4e-1b7d-4e8a-9c0f-5d6e7f8a9b0c)", id)
	}
	return nil
}

func checkName(name string) error {
	if strings.TrimFunc(name, unicode.IsSpace) == "" {
		return invalidInput("name must not be empty")
	}
	return nil
}

// normalizeDomains lowercases and trims each domain and rejects malformed
// ones, public email providers and repeats within the list.
func normalizeDomains(list []string) ([]string, error) {
	out := make([]string, 0, len(list))
	seen := make(map[string]bool, len(list))
	for _, raw := range list {
		d := strings.ToLower(strings.TrimSpace(raw))
		if err := checkDomain(raw, d); err != nil {
			return nil, err
		}
		if seen[d] {
			return nil, invalidInput("domain %q appears twice in domains", d)
		}
		seen[d] = true
		out = append(out, d)
	}
	return out, nil
}

func checkDomain(raw, d string) error {
	if d == "" {
		return invalidInput("domains must not contain an empty domain")
	}
	if strings.ContainsAny(d, " \t/:@?#") || strings.Contains(d, "..") ||
		!strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		return invalidInput("domain %q is not a domain name such as acme.com", raw)
	}
	if publicEmailDomains[d] {
		return invalidInput("domain %q belongs to a public email provider and cannot identify a customer", d)
	}
	return nil
}

// checkExternalIDs rejects empty and repeated ids. Ids are compared
// exactly, so "007" and "7" are different ids.
func checkExternalIDs(list []string) error {
	seen := make(map[string]bool, len(list))
	for _, id := range list {
		if id == "" {
			return invalidInput("externalIds must not contain an empty id")
		}
		if seen[id] {
			return invalidInput("external id %q appears twice in externalIds", id)
		}
		seen[id] = true
	}
	return nil
}

func checkMainSource(main *string, externalIDs []string) error {
	if main == nil {
		return nil
	}
	for _, id := range externalIDs {
		if id == *main {
			return nil
		}
	}
	return invalidInput("mainSourceId %q must be one of the customer's externalIds", *main)
}

func checkSlackChannelID(id *string) error {
	if id != nil && strings.TrimSpace(*id) == "" {
		return invalidInput("slackChannelId must not be empty")
	}
	return nil
}

func checkLogoURL(s *string) error {
	if s == nil {
		return nil
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidInput("logoUrl %q is not an absolute http or https URL", *s)
	}
	return nil
}

// checkInt32 applies GraphQL's Int range to values that reach the store
// from Go rather than through a GraphQL document.
func checkInt32(field string, v *int64) error {
	if v != nil && (*v < math.MinInt32 || *v > math.MaxInt32) {
		return invalidInput("%s %d is outside the range of GraphQL Int (-2147483648 to 2147483647)", field, *v)
	}
	return nil
}
