package linear

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock for Pacer tests. With auto set, Sleep moves the
// clock forward by its duration at once. Without it, Sleep blocks until
// Advance moves the clock past its end or ctx is done.
type fakeClock struct {
	mu       sync.Mutex
	cond     *sync.Cond
	now      time.Time
	auto     bool
	sleepers int
}

func newFakeClock(auto bool) *fakeClock {
	c := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), auto: auto}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auto {
		c.now = c.now.Add(d)
		return nil
	}
	stop := context.AfterFunc(ctx, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.cond.Broadcast()
	})
	defer stop()
	end := c.now.Add(d)
	c.sleepers++
	defer func() { c.sleepers-- }()
	for c.now.Before(end) {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.cond.Wait()
	}
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.cond.Broadcast()
}

// waitForSleepers blocks until n goroutines sleep on c.
func (c *fakeClock) waitForSleepers(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		got := c.sleepers
		c.mu.Unlock()
		if got == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("sleepers: want %d before the deadline", n)
}

func newTestPacer(clock *fakeClock, random float64) *Pacer {
	return NewPacer(PacerOptions{
		Now:   clock.Now,
		Sleep: clock.Sleep,
		Rand:  func() float64 { return random },
	})
}

func TestPacerNoWaitWithPlentyLeft(t *testing.T) {
	clock := newFakeClock(true)
	p := newTestPacer(clock, 0)
	p.Observe(RateLimit{
		Requests:   Budget{Limit: 5000, Remaining: 4000, Reset: clock.Now().Add(time.Hour)},
		Complexity: Budget{Limit: 3000000, Remaining: 2900000, Reset: clock.Now().Add(time.Hour)},
		Cost:       100,
	})
	start := clock.Now()
	for range 100 {
		if err := p.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := clock.Now().Sub(start); got != 0 {
		t.Errorf("time spent waiting: got %v, want 0", got)
	}
	if s := p.Stats(); s.Waits != 0 || s.Waited != 0 {
		t.Errorf("Stats: got %+v, want no waits", s)
	}
}

func TestPacerSpreadsRemainingRequests(t *testing.T) {
	clock := newFakeClock(true)
	p := newTestPacer(clock, 0)
	start := clock.Now()
	reset := start.Add(10 * time.Second)
	p.Observe(RateLimit{Requests: Budget{Limit: 100, Remaining: 10, Reset: reset}})

	var starts []time.Time
	for range 10 {
		if err := p.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, clock.Now())
	}
	for i := 1; i < len(starts); i++ {
		gap := starts[i].Sub(starts[i-1])
		if gap < 800*time.Millisecond || gap > 1100*time.Millisecond {
			t.Errorf("gap %d: got %v, want about 1s", i, gap)
		}
	}
	if last := starts[len(starts)-1]; !last.Before(reset) {
		t.Errorf("last start %v is not before the reset %v", last.Sub(start), reset.Sub(start))
	}

	// The budget is used up: the next start waits for the reset.
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := clock.Now(); got.Before(reset) {
		t.Errorf("start after the budget ran out: got %v, want at or after the reset %v", got.Sub(start), reset.Sub(start))
	}
	if s := p.Stats(); s.Waits != 10 || s.Waited <= 9*time.Second {
		t.Errorf("Stats: got %+v, want 10 waits and over 9s", s)
	}
}

func TestPacerSpreadsComplexity(t *testing.T) {
	clock := newFakeClock(true)
	p := newTestPacer(clock, 0)
	start := clock.Now()
	p.Observe(RateLimit{
		Requests:   Budget{Limit: 5000, Remaining: 4999, Reset: start.Add(time.Hour)},
		Complexity: Budget{Limit: 100000, Remaining: 1000, Reset: start.Add(20 * time.Second)},
		Cost:       100,
	})
	for range 10 {
		if err := p.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// Ten requests of 100 points fit in the 1000 left; they are spread
	// about 2 s apart over the 20 s to the reset.
	got := clock.Now().Sub(start)
	if got < 17*time.Second || got > 20*time.Second {
		t.Errorf("time for 10 requests: got %v, want between 17s and 20s", got)
	}
}

func TestPacerPauseBlocksAllWaiters(t *testing.T) {
	clock := newFakeClock(false)
	p := newTestPacer(clock, 0.5) // jitter 0.5 s of the default 1 s
	start := clock.Now()
	p.Pause(start.Add(10 * time.Second))

	const waiters = 3
	done := make(chan time.Time, waiters)
	for range waiters {
		go func() {
			if err := p.Wait(context.Background()); err != nil {
				t.Error(err)
			}
			done <- clock.Now()
		}()
	}
	clock.waitForSleepers(t, waiters)
	clock.Advance(5 * time.Second)
	clock.waitForSleepers(t, waiters)
	if n := len(done); n != 0 {
		t.Fatalf("%d waiters went ahead 5s into a 10s pause", n)
	}
	clock.Advance(6 * time.Second)
	for range waiters {
		select {
		case at := <-done:
			if got := at.Sub(start); got < 10*time.Second {
				t.Errorf("waiter went ahead at %v, before the pause ended", got)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a waiter is still blocked after the pause and its jitter")
		}
	}
	if s := p.Stats(); s.Pauses != 1 || s.Waits != waiters {
		t.Errorf("Stats: got %+v, want 1 pause and %d waits", s, waiters)
	}
}

func TestPacerJitterBounds(t *testing.T) {
	tests := []struct {
		name   string
		random float64
		want   time.Duration
	}{
		{"no jitter", 0, 0},
		{"half", 0.5, 1500 * time.Millisecond},
		{"largest", 0.9999, 2999700 * time.Microsecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock(true)
			p := NewPacer(PacerOptions{
				MaxJitter: 3 * time.Second,
				Now:       clock.Now, Sleep: clock.Sleep,
				Rand: func() float64 { return tt.random },
			})
			until := clock.Now().Add(time.Minute)
			p.Pause(until)
			if err := p.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := clock.Now().Sub(until)
			if got != tt.want {
				t.Errorf("start after the pause: got %v, want %v", got, tt.want)
			}
			if got < 0 || got >= 3*time.Second {
				t.Errorf("jitter %v is outside [0, 3s)", got)
			}
		})
	}
}

func TestPacerPauseDefaults(t *testing.T) {
	clock := newFakeClock(true)
	p := NewPacer(PacerOptions{DefaultPause: 45 * time.Second, MaxJitter: -1, Now: clock.Now, Sleep: clock.Sleep})
	start := clock.Now()
	p.Pause(time.Time{})
	p.Pause(start.Add(time.Second)) // earlier than the pause in force: no change
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := clock.Now().Sub(start); got != 45*time.Second {
		t.Errorf("wait: got %v, want 45s", got)
	}
}

func TestPacerWaitCancelled(t *testing.T) {
	clock := newFakeClock(false)
	p := newTestPacer(clock, 0)
	p.Pause(clock.Now().Add(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- p.Wait(ctx) }()
	clock.waitForSleepers(t, 1)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return after cancel")
	}
}

func TestClientPausesPacerOnRateLimit(t *testing.T) {
	srv := serveCanned(t, cannedResponse{429, map[string]string{"Retry-After": "30"}, `{"errors":[{"message":"Rate limit exceeded"}]}`})
	p := NewPacer(PacerOptions{})
	c := newFakeLinear().client(t, srv, Options{Pacer: p, ReadAttempts: 1})
	before := time.Now()
	_, err := c.Viewer(context.Background())
	if !IsRetryable(err) {
		t.Fatalf("got %v, want a retryable rate limit", err)
	}
	p.mu.Lock()
	until := p.pausedUntil
	p.mu.Unlock()
	if d := until.Sub(before); d < 29*time.Second || d > 31*time.Second {
		t.Errorf("pause: got %v from the request, want about 30s", d)
	}
	if s := p.Stats(); s.Pauses != 1 {
		t.Errorf("Pauses: got %d, want 1", s.Pauses)
	}
}

// Wait calls OnLongWait before a sleep of LongWait or more, and not before a shorter one.
func TestPacerReportsLongWaits(t *testing.T) {
	clock := newFakeClock(true)
	var longWaits []time.Duration
	p := NewPacer(PacerOptions{
		Now: clock.Now, Sleep: clock.Sleep, Rand: func() float64 { return 0 },
		OnLongWait: func(d time.Duration) { longWaits = append(longWaits, d) },
	})
	p.Pause(clock.Now().Add(2 * time.Second))
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(longWaits) != 0 {
		t.Errorf("OnLongWait called for a 2s wait: %v", longWaits)
	}
	p.Pause(clock.Now().Add(40 * time.Second))
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(longWaits) != 1 || longWaits[0] < 39*time.Second || longWaits[0] > 41*time.Second {
		t.Errorf("OnLongWait got %v for a 40s wait, want one call of about 40s", longWaits)
	}
}

// HeldBack counts the time callers waited once, however many waited at once.
func TestPacerHeldCountsOverlapOnce(t *testing.T) {
	clock := newFakeClock(false)
	p := newTestPacer(clock, 0)
	p.Pause(clock.Now().Add(10 * time.Second))
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { p.Wait(context.Background()) })
	}
	clock.waitForSleepers(t, 3)
	clock.Advance(10 * time.Second)
	wg.Wait()
	s := p.Stats()
	if s.HeldBack < 10*time.Second || s.HeldBack > 12*time.Second {
		t.Errorf("HeldBack: got %v, want about 10s", s.HeldBack)
	}
	if s.Waited < 30*time.Second {
		t.Errorf("Waited: got %v, want about 30s for three callers", s.Waited)
	}
}
