package linear

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode"
)

const redacted = "[redacted]"

// oauthPrefix starts the OAuth access tokens that Linear issues.
const oauthPrefix = "lin_oauth_"

// A Credential is a personal API key or an OAuth access token. Its value
// never appears in its String, GoString or fmt output, in slog records, or
// in errors from this package. The zero Credential is no credential: a
// request then carries no Authorization header.
type Credential struct {
	// value points to the key or token. fmt prints a pointer to a string
	// as an address, also where it cannot call Format: in an unexported
	// field of a struct being printed, or after a wrong verb.
	value  *string
	bearer bool
}

// ParseCredential reads a credential as a user supplies it, trimming
// surrounding white space. A value written as "Bearer <token>" (any case)
// or starting with "lin_oauth_" is an OAuth token, sent as
// "Authorization: Bearer <token>". Anything else is a personal API key,
// sent as "Authorization: <key>" with no prefix.
func ParseCredential(raw string) (Credential, error) {
	v := strings.TrimSpace(raw)
	bearer := false
	if len(v) >= 6 && strings.EqualFold(v[:6], "bearer") && (len(v) == 6 || v[6] == ' ') {
		v = strings.TrimSpace(v[6:])
		bearer = true
	}
	if strings.HasPrefix(v, oauthPrefix) {
		bearer = true
	}
	if err := checkCredential(v); err != nil {
		return Credential{}, err
	}
	return Credential{value: &v, bearer: bearer}, nil
}

// APIKey returns a personal API key credential, sent with no prefix.
func APIKey(key string) (Credential, error) {
	key = strings.TrimSpace(key)
	if err := checkCredential(key); err != nil {
		return Credential{}, err
	}
	return Credential{value: &key}, nil
}

// OAuthToken returns an OAuth access token credential, sent after "Bearer ".
func OAuthToken(token string) (Credential, error) {
	token = strings.TrimSpace(token)
	if err := checkCredential(token); err != nil {
		return Credential{}, err
	}
	return Credential{value: &token, bearer: true}, nil
}

// checkCredential rejects values that cannot go into an HTTP header. The
// error never quotes the value.
func checkCredential(v string) error {
	if v == "" {
		return errors.New("linear: credential is empty")
	}
	for i, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII {
			return fmt.Errorf("linear: credential has a space, control or non-ASCII character at byte %d; copy the key again", i)
		}
	}
	return nil
}

// IsZero reports whether c is no credential.
func (c Credential) IsZero() bool { return c.value == nil }

// IsOAuth reports whether c is sent as a Bearer token.
func (c Credential) IsOAuth() bool { return c.value != nil && c.bearer }

// String names the kind of credential and hides its value.
func (c Credential) String() string {
	switch {
	case c.value == nil:
		return "no credential"
	case c.bearer:
		return "OAuth token " + redacted
	default:
		return "personal API key " + redacted
	}
}

// GoString is String, so that %#v hides the value too.
func (c Credential) GoString() string { return c.String() }

// Format writes String for every verb, so that no fmt verb (%x, %d, %+v)
// prints the value.
func (c Credential) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue implements slog.LogValuer with the redacted String.
func (c Credential) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalText writes the redacted String, so that encoders never see the value.
func (c Credential) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// header returns the Authorization header value, or "" for no credential.
func (c Credential) header() string {
	switch {
	case c.value == nil:
		return ""
	case c.bearer:
		return "Bearer " + *c.value
	default:
		return *c.value
	}
}

// redact replaces every occurrence of the credential's value in s.
func (c Credential) redact(s string) string {
	if c.value == nil || *c.value == "" {
		return s
	}
	return strings.ReplaceAll(s, *c.value, redacted)
}
