package linear

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// PacerOptions configures a Pacer. The zero PacerOptions works.
type PacerOptions struct {
	// Threshold is the share of a budget below which the pacer spaces
	// request starts evenly, so that what is left lasts until the reset.
	// 0 means 0.5; a negative value turns spacing off, leaving only
	// pauses and waits for a used-up budget.
	Threshold float64
	// MaxJitter bounds the random delay added to each wait that ends at
	// a pause's end or a reset, so that waiting callers do not all send
	// at once. 0 means 1 s; a negative value means no jitter.
	MaxJitter time.Duration
	// DefaultPause is the pause after a rate-limited response that names
	// no time (no Retry-After, no used-up budget with a reset).
	// 0 means 60 s.
	DefaultPause time.Duration
	// OnLongWait, when set, is called by Wait before it sleeps for
	// LongWait or longer, with the time it is about to sleep, so that a
	// program can log why it is idle. It must not block.
	OnLongWait func(d time.Duration)
	// Now, Sleep and Rand replace the clock, time.Sleep and the random
	// source in tests. Sleep returns early with ctx's error when ctx is
	// done; Rand returns a number in [0, 1).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	Rand  func() float64
}

// LongWait is the shortest wait that PacerOptions.OnLongWait hears of.
const LongWait = 5 * time.Second

// PacerStats counts the waits a Pacer imposed.
type PacerStats struct {
	// Waits is the number of Wait calls that had to wait.
	Waits int64
	// Waited is the total time those calls waited.
	Waited time.Duration
	// Pauses is the number of Pause calls.
	Pauses int64
	// HeldBack is the time during which at least one Wait call was waiting:
	// Waited counts each waiting caller, HeldBack counts the time once.
	HeldBack time.Duration
}

// A Pacer spaces the requests of all the workers that share it, from the
// rate-limit headers of every response. Call Wait before each request,
// Observe with each response's headers, and Pause when a response reports
// that the budget is used up. A Client with Options.Pacer does all three.
// A Pacer is safe for concurrent use.
//
// NOTE: Linear's buckets refill continuously, so spreading what is left
// over the time to the reset is slower than the bucket strictly needs.
type Pacer struct {
	opts PacerOptions

	mu          sync.Mutex
	requests    Budget
	complexity  Budget
	cost        int64 // complexity of the latest request, the estimate for the next
	lastStart   time.Time
	pausedUntil time.Time
	stats       PacerStats
	waiting     int       // Wait calls now sleeping
	heldSince   time.Time // when waiting last rose from 0
}

// NewPacer returns a Pacer with opts, filling in defaults.
func NewPacer(opts PacerOptions) *Pacer {
	if opts.Threshold == 0 {
		opts.Threshold = 0.5
	}
	if opts.MaxJitter == 0 {
		opts.MaxJitter = time.Second
	}
	if opts.DefaultPause <= 0 {
		opts.DefaultPause = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepContext
	}
	if opts.Rand == nil {
		opts.Rand = rand.Float64
	}
	return &Pacer{
		opts:       opts,
		requests:   Budget{Remaining: -1},
		complexity: Budget{Remaining: -1},
	}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Observe records the budgets that a response reported. Budgets the
// response did not state keep their last known values.
func (p *Pacer) Observe(rl RateLimit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if rl.Requests.Known() {
		p.requests = rl.Requests
	}
	if rl.Complexity.Known() {
		p.complexity = rl.Complexity
	}
	if rl.Cost > 0 {
		p.cost = rl.Cost
	}
}

// Pause holds every Wait until until, plus jitter. A zero until means now
// plus PacerOptions.DefaultPause. An earlier until than a pause already
// in force changes nothing.
func (p *Pacer) Pause(until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until.IsZero() {
		until = p.opts.Now().Add(p.opts.DefaultPause)
	}
	if until.After(p.pausedUntil) {
		p.pausedUntil = until
	}
	p.stats.Pauses++
}

// Wait blocks until the caller may start a request, or ctx is done. It
// returns ctx's error in the second case.
func (p *Pacer) Wait(ctx context.Context) error {
	jitter := p.jitter()
	start := p.opts.Now()
	slept := false
	for {
		p.mu.Lock()
		now := p.opts.Now()
		at := p.earliestStart(now, jitter)
		if !at.After(now) {
			p.grant(now, slept, now.Sub(start))
			if slept {
				p.stopWaiting(now)
			}
			p.mu.Unlock()
			return nil
		}
		if !slept {
			if p.waiting == 0 {
				p.heldSince = now
			}
			p.waiting++
		}
		p.mu.Unlock()
		if d := at.Sub(now); d >= LongWait && p.opts.OnLongWait != nil {
			p.opts.OnLongWait(d)
		}
		if err := p.opts.Sleep(ctx, at.Sub(now)); err != nil {
			p.mu.Lock()
			p.stopWaiting(p.opts.Now())
			p.mu.Unlock()
			return err
		}
		slept = true
	}
}

// stopWaiting counts off a Wait call that slept and now returns, and adds
// to HeldBack when it was the last one waiting. p.mu is held.
func (p *Pacer) stopWaiting(now time.Time) {
	p.waiting--
	if p.waiting == 0 {
		p.stats.HeldBack += now.Sub(p.heldSince)
	}
}

// Stats returns the counters so far.
func (p *Pacer) Stats() PacerStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

func (p *Pacer) jitter() time.Duration {
	if p.opts.MaxJitter <= 0 {
		return 0
	}
	return time.Duration(p.opts.Rand() * float64(p.opts.MaxJitter))
}

// earliestStart returns when the next request may start: after a pause,
// after the reset of a used-up budget, and one spacing interval after the
// previous start. p.mu is held.
func (p *Pacer) earliestStart(now time.Time, jitter time.Duration) time.Time {
	at := now
	if p.pausedUntil.After(now) {
		at = p.pausedUntil.Add(jitter)
	}
	for _, b := range p.budgets() {
		if b.exhausted(now) {
			at = later(at, b.budget.Reset.Add(jitter))
		}
	}
	if !p.lastStart.IsZero() {
		at = later(at, p.lastStart.Add(p.interval(now)))
	}
	return at
}

// grant records a start at now, after a wait of waited if the caller
// slept. p.mu is held.
func (p *Pacer) grant(now time.Time, slept bool, waited time.Duration) {
	p.lastStart = now
	if p.requests.Remaining > 0 {
		p.requests.Remaining--
	}
	if p.complexity.Remaining > 0 {
		p.complexity.Remaining = max(p.complexity.Remaining-p.cost, 0)
	}
	if slept {
		p.stats.Waits++
		p.stats.Waited += waited
	}
}

// pacedBudget is a budget with the cost of one request against it.
type pacedBudget struct {
	budget Budget
	cost   int64
}

func (p *Pacer) budgets() [2]pacedBudget {
	return [2]pacedBudget{{p.requests, 1}, {p.complexity, max(p.cost, 1)}}
}

// exhausted reports whether one more request does not fit in b before
// its reset.
func (b pacedBudget) exhausted(now time.Time) bool {
	return b.budget.Known() && b.budget.Remaining < b.cost && b.budget.Reset.After(now)
}

// interval returns the spacing between starts that makes the tighter
// budget last until its reset, or 0 while both are above the threshold.
// p.mu is held.
func (p *Pacer) interval(now time.Time) time.Duration {
	var d time.Duration
	for _, b := range p.budgets() {
		d = max(d, b.spacing(now, p.opts.Threshold))
	}
	return d
}

func (b pacedBudget) spacing(now time.Time, threshold float64) time.Duration {
	bu := b.budget
	if threshold < 0 || !bu.Known() || bu.Limit <= 0 || !bu.Reset.After(now) {
		return 0
	}
	if float64(bu.Remaining) >= threshold*float64(bu.Limit) {
		return 0
	}
	left := bu.Remaining / b.cost
	if left <= 0 {
		return 0 // exhausted: earliestStart waits for the reset instead
	}
	// left+1 gaps: the last request starts one gap before the reset.
	return bu.Reset.Sub(now) / time.Duration(left+1)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
