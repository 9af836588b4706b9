package linear

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// A Budget is one rate-limit budget as a response reports it.
type Budget struct {
	// Limit is the size of the budget, or 0 when the response omitted it.
	Limit int64
	// Remaining is the part left, or -1 when the response omitted it.
	Remaining int64
	// Reset is the time the budget is full again, or zero when the
	// response omitted it.
	Reset time.Time
}

// Known reports whether the response stated the remaining budget.
func (b Budget) Known() bool { return b.Remaining >= 0 }

// RateLimit holds the rate-limit headers of one response.
type RateLimit struct {
	// Requests is read from X-RateLimit-Requests-{Limit,Remaining,Reset}.
	Requests Budget
	// Complexity is read from X-RateLimit-Complexity-{Limit,Remaining,Reset}.
	Complexity Budget
	// Cost is the request's own complexity from X-Complexity; 0 when absent.
	Cost int64
	// RetryAt is when Retry-After (seconds or an HTTP date) allows the
	// next request; zero when the header is absent.
	RetryAt time.Time
}

// ResumeAt returns the time a rate-limited caller may send again: RetryAt
// when set, otherwise the latest reset of a used-up budget, otherwise zero.
func (r RateLimit) ResumeAt() time.Time {
	if !r.RetryAt.IsZero() {
		return r.RetryAt
	}
	var at time.Time
	for _, b := range []Budget{r.Requests, r.Complexity} {
		if b.Remaining == 0 && b.Reset.After(at) {
			at = b.Reset
		}
	}
	return at
}

// parseRateLimit reads the rate-limit headers of h. now converts a
// Retry-After in seconds to a time. Headers that are missing or not
// numbers leave their fields unknown.
func parseRateLimit(h http.Header, now time.Time) RateLimit {
	return RateLimit{
		Requests:   parseBudget(h, "X-RateLimit-Requests-"),
		Complexity: parseBudget(h, "X-RateLimit-Complexity-"),
		Cost:       max(parseNumber(h.Get("X-Complexity")), 0),
		RetryAt:    parseRetryAfter(h.Get("Retry-After"), now),
	}
}

func parseBudget(h http.Header, prefix string) Budget {
	return Budget{
		Limit:     max(parseNumber(h.Get(prefix+"Limit")), 0),
		Remaining: parseNumber(h.Get(prefix + "Remaining")),
		Reset:     parseEpoch(h.Get(prefix + "Reset")),
	}
}

// parseNumber reads a whole or decimal number, rounding a fraction up;
// it returns -1 for an empty or invalid value.
func parseNumber(s string) int64 {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > math.MaxInt64/2 {
		return -1
	}
	return int64(math.Ceil(f))
}

// secondsEpochBelow separates epoch seconds from epoch milliseconds: in
// milliseconds it is March 1973, in seconds it is the year 5138.
const secondsEpochBelow = 1e11

// parseEpoch reads a reset time. Linear sends epoch milliseconds; a value
// too small to be milliseconds of this century is read as epoch seconds.
func parseEpoch(s string) time.Time {
	n := parseNumber(s)
	switch {
	case n <= 0:
		return time.Time{}
	case n < secondsEpochBelow:
		return time.Unix(n, 0)
	default:
		return time.UnixMilli(n)
	}
}

// parseRetryAfter reads Retry-After as delay seconds or an HTTP date.
func parseRetryAfter(s string, now time.Time) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 {
			return time.Time{}
		}
		// A day at most keeps the Duration from overflowing.
		return now.Add(time.Duration(min(n, 24*3600)) * time.Second)
	}
	t, err := http.ParseTime(s)
	if err != nil {
		return time.Time{}
	}
	return t
}
