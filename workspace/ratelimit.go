package workspace

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// bucket is a leaky bucket that holds at most limit points and refills at
// limit points per minute, continuously.
type bucket struct {
	limit float64
	level float64
	last  time.Time
}

func newBucket(limit int, now time.Time) bucket {
	return bucket{limit: float64(limit), level: float64(limit), last: now}
}

func (b *bucket) refill(now time.Time) {
	if now.After(b.last) {
		b.level = math.Min(b.limit, b.level+b.limit*now.Sub(b.last).Minutes())
		b.last = now
	}
}

// wait returns how long until the bucket holds n points.
func (b *bucket) wait(n float64) time.Duration {
	if b.level >= n {
		return 0
	}
	return time.Duration((n - b.level) / b.limit * float64(time.Minute))
}

// resetAt returns when the bucket will be full again.
func (b *bucket) resetAt(now time.Time) time.Time {
	return now.Add(b.wait(b.limit))
}

// limitState is the state of both buckets, as the rate-limit headers
// report it after a request.
type limitState struct {
	requestsLimit, requestsRemaining     int
	requestsReset                        time.Time
	complexityLimit, complexityRemaining int
	complexityReset                      time.Time
}

// limiter holds the request and the complexity bucket of the one API key.
type limiter struct {
	mu                   sync.Mutex
	requests, complexity bucket
}

func newLimiter(requestsPerMinute, complexityPerMinute int, now time.Time) *limiter {
	return &limiter{
		requests:   newBucket(requestsPerMinute, now),
		complexity: newBucket(complexityPerMinute, now),
	}
}

// take spends one request and cost complexity points. When either bucket
// is short, it spends nothing and returns how long to wait.
func (l *limiter) take(now time.Time, cost int) (limitState, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests.refill(now)
	l.complexity.refill(now)
	wait := max(l.requests.wait(1), l.complexity.wait(float64(cost)))
	if wait == 0 {
		l.requests.level--
		l.complexity.level -= float64(cost)
	}
	return l.stateLocked(now), wait
}

// peek returns the state without spending anything.
func (l *limiter) peek(now time.Time) limitState {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests.refill(now)
	l.complexity.refill(now)
	return l.stateLocked(now)
}

func (l *limiter) stateLocked(now time.Time) limitState {
	return limitState{
		requestsLimit:       int(l.requests.limit),
		requestsRemaining:   int(math.Floor(l.requests.level)),
		requestsReset:       l.requests.resetAt(now),
		complexityLimit:     int(l.complexity.limit),
		complexityRemaining: int(math.Floor(l.complexity.level)),
		complexityReset:     l.complexity.resetAt(now),
	}
}

// setHeaders writes Linear's rate-limit headers; resets are Unix times in
// milliseconds.
func (st limitState) setHeaders(h http.Header, complexity int) {
	h.Set("X-RateLimit-Requests-Limit", strconv.Itoa(st.requestsLimit))
	h.Set("X-RateLimit-Requests-Remaining", strconv.Itoa(st.requestsRemaining))
	h.Set("X-RateLimit-Requests-Reset", strconv.FormatInt(st.requestsReset.UnixMilli(), 10))
	h.Set("X-RateLimit-Complexity-Limit", strconv.Itoa(st.complexityLimit))
	h.Set("X-RateLimit-Complexity-Remaining", strconv.Itoa(st.complexityRemaining))
	h.Set("X-RateLimit-Complexity-Reset", strconv.FormatInt(st.complexityReset.UnixMilli(), 10))
	h.Set("X-Complexity", strconv.Itoa(complexity))
}

// rateLimitResolver is the RateLimitPayload of the rateLimitStatus query.
type rateLimitResolver struct{ state limitState }

func (r *rateLimitResolver) Identifier() *string { return nil }
func (r *rateLimitResolver) Kind() string        { return "api" }

func (r *rateLimitResolver) Limits() []*rateLimitResult {
	period := float64(time.Minute.Milliseconds())
	return []*rateLimitResult{
		{typ: "requestLimit", allowed: float64(r.state.requestsLimit), remaining: float64(r.state.requestsRemaining),
			requested: 1, reset: float64(r.state.requestsReset.UnixMilli()), period: period},
		{typ: "complexityLimit", allowed: float64(r.state.complexityLimit), remaining: float64(r.state.complexityRemaining),
			reset: float64(r.state.complexityReset.UnixMilli()), period: period},
	}
}

type rateLimitResult struct {
	typ                                          string
	allowed, remaining, requested, reset, period float64
}

func (r *rateLimitResult) AllowedAmount() float64   { return r.allowed }
func (r *rateLimitResult) Period() float64          { return r.period }
func (r *rateLimitResult) RemainingAmount() float64 { return r.remaining }
func (r *rateLimitResult) RequestedAmount() float64 { return r.requested }
func (r *rateLimitResult) Reset() float64           { return r.reset }
func (r *rateLimitResult) Type() string             { return r.typ }
