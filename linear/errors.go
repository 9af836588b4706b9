package linear

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind classifies a failed request.
type Kind int

// The kinds of failure. Classification reads extensions.type of each
// GraphQL error first (the field Linear documents for it), then
// extensions.code == "RATELIMITED", then the HTTP status.
const (
	// KindUnknown is a response that fits no other kind, such as a
	// body that is not JSON or a redirect.
	KindUnknown Kind = iota
	// KindNetwork is a transport failure: no connection, a dropped
	// connection, a timeout. Error.Sent reports whether the request may
	// have reached the server.
	KindNetwork
	// KindServer is an HTTP 5xx status or extensions.type
	// "internal error" or "network error".
	KindServer
	// KindRateLimited is HTTP 429, extensions.code "RATELIMITED" (sent by
	// Linear on HTTP 400) or extensions.type "ratelimited".
	KindRateLimited
	// KindAuthentication is HTTP 401 or extensions.type
	// "authentication error": the credential was not accepted.
	KindAuthentication
	// KindForbidden is HTTP 403 or extensions.type "forbidden",
	// "feature not accessible" or "usage limit exceeded": the credential
	// or the workspace's plan does not permit the operation.
	KindForbidden
	// KindInvalidInput is extensions.type "invalid input" or
	// "user error", or extensions.userError: the server rejected the
	// values sent, and sending them again fails again.
	KindInvalidInput
	// KindValidation is extensions.type "graphql error", or HTTP 400
	// without a rate-limit code: the document or its variables do not
	// fit the schema.
	KindValidation
	// KindLockTimeout is extensions.type "lock timeout": the server gave
	// up waiting for a database lock, and the request can be sent again.
	KindLockTimeout
)

var kindNames = [...]string{
	KindUnknown:        "unknown",
	KindNetwork:        "network",
	KindServer:         "server",
	KindRateLimited:    "rate limited",
	KindAuthentication: "authentication",
	KindForbidden:      "forbidden",
	KindInvalidInput:   "invalid input",
	KindValidation:     "validation",
	KindLockTimeout:    "lock timeout",
}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// An Error is a request that failed, or a response whose errors[] list is
// not empty.
type Error struct {
	Kind Kind
	// Operation is the GraphQL operation name.
	Operation string
	// HTTPStatus is the response status; 0 when no response arrived.
	HTTPStatus int
	// Messages are the errors' userPresentableMessage, or message when
	// that is empty, with the credential's value removed.
	Messages []string
	// Errors is the errors[] list of the response.
	Errors []GraphQLError
	// RetryAfter is the wait the server requested before the next
	// request (Retry-After, or the reset of a used-up budget), measured
	// when the response arrived. It is 0 when the response named none.
	RetryAfter time.Duration
	// Sent reports whether the request may have reached the server. It is
	// false when the connection could not be made or the request body was
	// not written in full. It is true once a response arrived, or when the
	// connection failed after the whole request was written.
	Sent bool
	// Err is the underlying transport or decoding error, if any.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("linear: ")
	if e.Operation != "" {
		b.WriteString(e.Operation + ": ")
	}
	b.WriteString(e.Kind.String())
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	}
	if len(e.Messages) > 0 {
		b.WriteString(": " + strings.Join(e.Messages, "; "))
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter.Round(time.Millisecond))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// IsRetryable reports whether sending the same request again may succeed:
// a network failure (but not a cancelled context), a server error, a
// rate limit or a lock timeout. It is false when an error carries
// extensions.userError, unless that error is a rate limit, which Linear
// may also mark as a user error. Check [IsAmbiguous] before resending a
// mutation.
func IsRetryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) || errors.Is(err, context.Canceled) {
		return false
	}
	for _, ge := range e.Errors {
		if ge.Extensions.UserError && kindOf(ge, 0) != KindRateLimited {
			return false
		}
	}
	switch e.Kind {
	case KindNetwork, KindServer, KindRateLimited, KindLockTimeout:
		return true
	case KindUnknown:
		return mentionsLockTimeout(e.Messages)
	}
	return false
}

// IsAmbiguous reports whether err leaves it unknown if the request took
// effect: it may have reached the server, and no response shows that it
// was rejected before running. This holds for network failures after the
// request was written, and for responses that could not be read. It also
// holds for 5xx statuses, because a proxy may return 502 or 504 after the
// work was done.
func IsAmbiguous(err error) bool {
	var e *Error
	if !errors.As(err, &e) || !e.Sent {
		return false
	}
	switch e.Kind {
	case KindNetwork, KindServer, KindUnknown:
		return true
	}
	return false
}

func mentionsLockTimeout(messages []string) bool {
	for _, m := range messages {
		if strings.Contains(strings.ToLower(m), "lock timeout") {
			return true
		}
	}
	return false
}

// kindPriority orders kinds for a response with several errors: the first
// that occurs decides the response's kind.
var kindPriority = []Kind{
	KindRateLimited, KindAuthentication, KindForbidden, KindValidation,
	KindLockTimeout, KindServer, KindNetwork, KindInvalidInput, KindUnknown,
}

// classify returns the kind of a response with HTTP status and errors.
func classify(status int, errs []GraphQLError) Kind {
	if len(errs) == 0 {
		return kindOfStatus(status)
	}
	seen := make(map[Kind]bool, len(errs))
	for _, ge := range errs {
		seen[kindOf(ge, status)] = true
	}
	for _, k := range kindPriority {
		if seen[k] {
			return k
		}
	}
	return KindUnknown
}

// kindOf classifies one GraphQL error, falling back to the HTTP status.
func kindOf(ge GraphQLError, status int) Kind {
	if strings.EqualFold(ge.Extensions.Code, "RATELIMITED") {
		return KindRateLimited
	}
	switch strings.ToLower(ge.Extensions.Type) {
	case "ratelimited":
		return KindRateLimited
	case "authentication error":
		return KindAuthentication
	case "forbidden", "feature not accessible", "usage limit exceeded":
		return KindForbidden
	case "invalid input", "user error":
		return KindInvalidInput
	case "graphql error":
		return KindValidation
	case "lock timeout":
		return KindLockTimeout
	case "internal error", "network error":
		return KindServer
	}
	if ge.Extensions.UserError {
		return KindInvalidInput
	}
	if mentionsLockTimeout([]string{ge.Message}) {
		return KindLockTimeout
	}
	return kindOfStatus(status)
}

func kindOfStatus(status int) Kind {
	switch {
	case status == 429:
		return KindRateLimited
	case status == 401:
		return KindAuthentication
	case status == 403:
		return KindForbidden
	case status == 400:
		return KindValidation
	case status >= 500:
		return KindServer
	}
	return KindUnknown
}
