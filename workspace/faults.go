package workspace

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// faultPlan is the set of faults injected into one request.
type faultPlan struct {
	drop  bool          // close the connection before doing anything
	fail  int           // respond with this 5xx status and do nothing, or 0 for no failure
	lose  bool          // do the work, then close the connection without a response
	delay time.Duration // wait before handling
}

// faults draws a plan for each request from a generator seeded with
// Options.Seed. Every request draws the same amount of random numbers
// whichever faults are on, so with the same seed the n-th request gets
// the same plan. With concurrent clients "n-th" is arrival order.
type faults struct {
	mu   sync.Mutex
	rng  *rand.Rand
	opts *Options
}

func newFaults(opts *Options) *faults {
	seed := uint64(opts.Seed)
	return &faults{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), opts: opts}
}

// failStatuses are the statuses of an injected server failure: an
// application error, and the two that a proxy in front of an API sends.
var failStatuses = []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}

func (f *faults) plan() faultPlan {
	f.mu.Lock()
	drop, fail, lose, jitter := f.rng.Float64(), f.rng.Float64(), f.rng.Float64(), f.rng.Float64()
	status := failStatuses[f.rng.IntN(len(failStatuses))]
	f.mu.Unlock()

	p := faultPlan{
		drop:  drop < f.opts.DropRate,
		lose:  lose < f.opts.LostResponseRate,
		delay: f.opts.Latency + time.Duration(jitter*float64(f.opts.Jitter)),
	}
	if fail < f.opts.FailRate {
		p.fail = status
	}
	return p
}

// writeFailure writes an injected failure in the form each status usually
// has: JSON from the API itself, text from a proxy.
func writeFailure(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusInternalServerError:
		writeJSON(w, status, &response{Errors: []gqlError{errorFrom(internalError(), nil)}})
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "service unavailable", status)
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>\n"))
	}
}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// Without a hijackable connection (HTTP/2), aborting the handler
	// resets the stream instead.
	panic(http.ErrAbortHandler)
}
