package resolve

import (
	"context"
	"errors"

	"custimport/linear"
)

// tierCall is one creation of a tier in flight. done is closed once tier
// or err is set.
type tierCall struct {
	done chan struct{}
	tier entry
	err  error
}

// createTier returns the tier named name, creating it through
// Options.Client unless it exists by now. Of all the rows that ask for the
// same folded name at once, one sends the request and the others wait for
// its response. created is true for that one only. A failure other than
// the caller's context ending is remembered, so later rows get the same
// error without sending again.
func (d *Directory) createTier(ctx context.Context, name string) (e entry, created bool, err error) {
	key := fold(name)
	for {
		call, leader, err := d.joinTierCall(key)
		if err != nil {
			return entry{}, false, err
		}
		if call == nil {
			return d.tiers.match(key)[0], false, nil
		}
		if leader {
			return d.runTierCall(ctx, key, name, call)
		}
		select {
		case <-call.done:
		case <-ctx.Done():
			return entry{}, false, ctx.Err()
		}
		if call.err == nil {
			return call.tier, false, nil
		}
		if !isContextError(call.err) {
			return entry{}, false, call.err
		}
		// The leader's context ended; try again, perhaps as the leader.
	}
}

// joinTierCall returns the creation of key in flight, or starts one with
// the caller as leader. It returns a nil call when the tier exists.
func (d *Directory) joinTierCall(key string) (call *tierCall, leader bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.tiers.match(key)) > 0 {
		return nil, false, nil
	}
	if err := d.failed[key]; err != nil {
		return nil, false, err
	}
	if call := d.calls[key]; call != nil {
		return call, false, nil
	}
	call = &tierCall{done: make(chan struct{})}
	d.calls[key] = call
	return call, true, nil
}

// runTierCall sends the creation of call and publishes its outcome.
func (d *Directory) runTierCall(ctx context.Context, key, name string, call *tierCall) (entry, bool, error) {
	t, err := d.sendCreateTier(ctx, key, name)
	d.mu.Lock()
	switch {
	case err == nil:
		call.tier = entry(t)
		d.tiers.add(call.tier)
		d.created = append(d.created, t)
	case !isContextError(err):
		d.failed[key] = err
	}
	call.err = err
	delete(d.calls, key)
	d.mu.Unlock()
	close(call.done)
	return call.tier, err == nil, err
}

// sendCreateTier creates the tier. When the request fails it reads the
// tiers again, because a request whose response was lost may have created
// the tier, and another process may have created it meanwhile.
func (d *Directory) sendCreateTier(ctx context.Context, key, name string) (linear.CustomerTier, error) {
	t, err := d.opts.Client.CreateTier(ctx, name)
	if err == nil || isContextError(err) {
		return t, err
	}
	tiers, readErr := d.opts.Client.CustomerTiers(ctx)
	if readErr != nil {
		return t, err
	}
	for _, t := range tiers {
		if fold(t.Name) == key || fold(t.DisplayName) == key {
			return t, nil
		}
	}
	return t, err
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// plan records that a dry run would create the tier named name.
func (d *Directory) plan(name string) {
	key := fold(name)
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.seen[key] {
		d.seen[key] = true
		d.planned = append(d.planned, name)
	}
}
