package importer

import (
	"context"
	"time"
)

// reconcile decides what became of rows whose creation may have landed.
// It queries the workspace for their ids, and queries again over
// ReadLag because reads can lag behind writes. Rows found are created.
// Rows not found that the server rejected are failed with its message;
// the others (whose response was lost) are returned to be sent again, which
// is safe because a second create of the same id fails with "already
// exists" and is then counted as created.
func (s *Remote) reconcile(ctx context.Context, rows []*pendingRow) ([]*pendingRow, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	s.emit("reconcile", rows, "checking by id which rows were created")
	byID := make(map[string]*pendingRow, len(rows))
	for _, r := range rows {
		byID[r.line.ID] = r
	}
	deadline := time.Now().Add(cmpOr(s.ReadLag, 5*time.Second))
	wait := 100 * time.Millisecond
	var lookupErr error
	for {
		if lookupErr = s.markFound(ctx, byID); ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		if len(byID) == 0 || !anyRejected(byID) || time.Now().After(deadline) {
			break
		}
		// Only rows the server rejected are worth waiting for: a lost
		// response is settled by sending again.
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
		wait = min(2*wait, time.Second)
	}
	var resend []*pendingRow
	for _, r := range rows {
		if _, left := byID[r.line.ID]; !left {
			continue
		}
		// A rejected row is failed only when the lookup worked: a row
		// that may exist is never reported as failed on a guess.
		if r.rejected && lookupErr == nil {
			failRow(r, "rejected", r.lastErr)
			continue
		}
		resend = append(resend, r)
	}
	return resend, nil
}

// markFound marks the rows whose ids exist as created and removes them
// from byID. It returns the lookup's error, after marking the ids found
// before it failed.
func (s *Remote) markFound(ctx context.Context, byID map[string]*pendingRow) error {
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	s.requests.Add(1)
	found, err := s.Client.CustomersByIDs(ctx, ids)
	for _, id := range found {
		if r, ok := byID[id]; ok {
			markCreated(r, id)
			delete(byID, id)
		}
	}
	return err
}

func anyRejected(byID map[string]*pendingRow) bool {
	for _, r := range byID {
		if r.rejected {
			return true
		}
	}
	return false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
