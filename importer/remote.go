package importer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"custimport/linear"
	"custimport/record"
	"custimport/reports"
)

// Remote is a Sender that creates customers through Linear's GraphQL API
// (or the local workspace, which speaks the same API).
//
// It sends each batch as one document of aliased customerCreate
// mutations and creates every row exactly once: a row without an id is
// given a UUID v4 before it is first sent, so when a response is lost
// (a timeout, a dropped connection, a 5xx, or data nulled by another
// row's error) Remote asks the workspace which of the ids exist and sends
// only the others again. A retry whose create fails because its own id
// already exists proves that an earlier attempt created the row.
type Remote struct {
	Client *linear.Client
	// MaxAttempts bounds the sends of one row after transient failures
	// (network, 5xx, lock timeout); 0 means 6.
	MaxAttempts int
	// MaxRateLimited bounds the sends of one batch that come back rate
	// limited; 0 means 10.
	MaxRateLimited int
	// ReadLag is how long Remote keeps looking for a row whose create may
	// have landed before it decides that it did not; 0 means 5s.
	ReadLag time.Duration
	// Backoff is the base wait before a retry after a transient failure,
	// doubled at each attempt with jitter; 0 means 250ms.
	Backoff time.Duration
	// OnEvent, when set, receives an Event for each retry and reconciliation.
	OnEvent func(Event)
	// OnExisting is the action for a row whose customer exists already;
	// empty means SkipExisting.
	OnExisting OnExisting
	// Resolver, when set, turns the owner, status and tier words of each
	// row into ids before anything is sent.
	Resolver Resolver
	// IDSeed makes the ids given to rows without one differ between
	// workspaces and files; callers set it to the workspace's id and the
	// input's name.
	IDSeed string
	// DryRun makes Remote read the workspace (names, existing customers)
	// and report what a real run would do, without writing anything.
	DryRun bool

	snap     *snapshot // set by Snapshot before the first Send; read-only after
	requests atomic.Int64
	retries  atomic.Int64
	keyless  atomic.Int64
	fatal    atomic.Pointer[error]
}

// Event is something Remote did that a log may want: a retry or a
// reconciliation, with the rows (spreadsheet row numbers) it concerns.
type Event struct {
	Kind   string // "retry", "reconcile", "split"
	Rows   []int
	Reason string
}

// Requests returns the number of requests sent so far: creates, updates
// and reads of existing customers.
func (s *Remote) Requests() int64 { return s.requests.Load() }

// Retries returns the number of batches sent again so far.
func (s *Remote) Retries() int64 { return s.retries.Load() }

// Fatal returns the error that stopped sending (authentication,
// permission), or nil.
func (s *Remote) Fatal() error {
	if p := s.fatal.Load(); p != nil {
		return *p
	}
	return nil
}

// pendingRow is one row of a batch on its way.
type pendingRow struct {
	line *reports.Line
	// maybeSent is set once a send of the row may have reached the
	// server, so a later response about it must be checked by id.
	maybeSent bool
	// rejected is set when the last response rejected the row, rather
	// than being lost.
	rejected bool
	attempts int
	lastErr  string
}

// Resolver turns a row's owner, status and tier words into ids, and
// checks ids given directly. It returns the row's problems, if any, and
// notes about what a real run would do (such as creating a tier).
type Resolver interface {
	Resolve(ctx context.Context, row int, refs record.Refs, in *record.Input) (errs []record.FieldError, notes []string)
}

// Send implements Sender.
func (s *Remote) Send(ctx context.Context, batch []*reports.Line) error {
	batch = s.resolve(ctx, batch)
	// Ids are given before the lookup, so a row that an earlier run of
	// the same file created is found by its id even when it has no other
	// key.
	generated := make(map[*reports.Line]bool, len(batch))
	for _, l := range batch {
		generated[l] = s.assignID(l)
	}
	matches, err := s.findExisting(ctx, batch)
	if err != nil {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		// Without the lookup a create could duplicate a customer, so
		// the rows are not sent.
		for _, l := range batch {
			l.Status = reports.Failed
			l.Errors = append(l.Errors, record.FieldError{Code: "lookup_failed",
				Message: fmt.Sprintf("row %d: not sent, because the check for an existing customer failed: %v", l.Row, err)})
		}
		return nil
	}
	create, err := s.applyExisting(ctx, batch, matches)
	if err != nil {
		return err
	}
	s.warnKeyless(create, generated)
	if s.DryRun {
		return nil
	}
	rows := make([]*pendingRow, len(create))
	for i, l := range create {
		// A generated id that already exists, though the lookup missed
		// it (reads can lag), was created by an earlier run of this file,
		// so the row counts as possibly sent before.
		rows[i] = &pendingRow{line: l, maybeSent: generated[l]}
	}
	return s.sendRows(ctx, rows)
}

// warnKeyless sends OnEvent a warning, before they are sent, about rows that have
// no id, domain, external id or Slack channel id: nothing lets a re-run
// recognise their customers, so a re-run without --resume would create
// them again.
func (s *Remote) warnKeyless(lines []*reports.Line, generated map[*reports.Line]bool) {
	var keyless []*pendingRow
	for _, l := range lines {
		in := l.Input
		if generated[l] && len(in.Domains.Value()) == 0 && len(in.ExternalIDs.Value()) == 0 && in.SlackChannelID.IsZero() {
			keyless = append(keyless, &pendingRow{line: l})
		}
	}
	if len(keyless) == 0 {
		return
	}
	// The first batch with such rows is named in a warning; the rest are
	// only counted, so a large file does not flood the log.
	if s.keyless.Add(int64(len(keyless))) == int64(len(keyless)) {
		s.emit("warning", keyless, "these rows have no id, domain, external id or Slack channel id; "+
			"a re-run finds their customers only while each row keeps its content and row number, "+
			"so changing such a row or inserting rows above it creates the customer again (more such rows are counted in the summary)")
	}
}

// Keyless returns the number of rows sent so far that have no key but the
// id custimport derived for them.
func (s *Remote) Keyless() int64 { return s.keyless.Load() }

// resolve applies the Resolver to each line and returns the lines that
// are still valid.
func (s *Remote) resolve(ctx context.Context, batch []*reports.Line) []*reports.Line {
	if s.Resolver == nil {
		return batch
	}
	out := batch[:0:0]
	for _, l := range batch {
		var refs record.Refs
		if l.Refs != nil {
			refs = *l.Refs
		}
		errs, notes := s.Resolver.Resolve(ctx, l.Row, refs, l.Input)
		l.Notes = append(l.Notes, notes...)
		if len(errs) > 0 {
			l.Status = reports.Invalid
			l.Errors = append(l.Errors, errs...)
			continue
		}
		out = append(out, l)
	}
	return out
}

// assignID gives a row without an id a UUID v4, the key by which its
// creation can be checked later.
//
// The id is derived from IDSeed, the row number and the row's content, so
// a re-run of the same file into the same workspace gives the row the same
// id. A customer that a killed run created but never reported is then
// found by id, even when the row has no other key. It reports whether the
// id was generated.
func (s *Remote) assignID(l *reports.Line) bool {
	if id, ok := l.Input.ID.Get(); ok {
		l.ID = id
		return false
	}
	fp := l.Fingerprint
	if fp == "" {
		fp = reports.Fingerprint("", l.Input)
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s", s.IDSeed, l.Row, fp))
	var u uuid.UUID
	copy(u[:], h[:16])
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	id := u.String()
	l.Input.ID = record.Some(id)
	l.ID = id
	return true
}

func (s *Remote) sendRows(ctx context.Context, pending []*pendingRow) error {
	limited := 0
	for len(pending) > 0 {
		if err := s.Fatal(); err != nil {
			failRows(pending, "not sent: "+err.Error())
			return nil
		}
		for _, r := range pending {
			r.attempts++
		}
		res, err := s.Client.CreateCustomers(ctx, inputsOf(pending))
		s.requests.Add(1)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return context.Cause(ctx)
		}
		var retry, verify []*pendingRow
		for i, r := range pending {
			switch s.sortRow(r, res.Rows[i]) {
			case outcomeRetry:
				retry = append(retry, r)
			case outcomeVerify:
				verify = append(verify, r)
			}
		}
		if err == nil && res.DataNull && settledAny(res.Rows) {
			// Another row's error nulled the response. That row is settled,
			// so the next round makes progress. The rows left in doubt
			// failed through nothing of their own, so this round does not
			// count against their attempts.
			for _, r := range verify {
				r.attempts--
			}
		}
		again, stop := s.afterBatch(ctx, err, retry, &limited)
		if stop != nil {
			return stop
		}
		more, err := s.reconcile(ctx, verify)
		if err != nil {
			return err
		}
		pending = s.bound(append(again, more...))
	}
	return nil
}

// settledAny reports whether any row of a batch has a definite outcome.
func settledAny(rows []linear.RowResult) bool {
	for _, rr := range rows {
		if rr.Status == linear.RowCreated || rr.Status == linear.RowFailed {
			return true
		}
	}
	return false
}

type outcome int

const (
	outcomeDone outcome = iota
	outcomeRetry
	outcomeVerify
)

// sortRow applies one row's result and returns what happens to it next.
func (s *Remote) sortRow(r *pendingRow, rr linear.RowResult) outcome {
	switch rr.Status {
	case linear.RowCreated:
		markCreated(r, rr.ID)
		return outcomeDone
	case linear.RowNotRun:
		return outcomeRetry
	case linear.RowUnknown:
		r.maybeSent = true
		r.rejected = false
		r.lastErr = "the workspace sent no result for this row"
		return outcomeVerify
	}
	msg := rowMessage(rr)
	switch {
	case r.maybeSent && mentionsOwnID(rr, r.line.ID):
		// An earlier send of this row created it: nothing else can hold
		// an id that this run generated or that the row carries.
		markCreated(r, r.line.ID)
		return outcomeDone
	case rr.Err != nil && linear.IsRetryable(rr.Err):
		r.lastErr = msg
		return outcomeRetry
	case r.maybeSent:
		r.rejected = true
		r.lastErr = msg
		return outcomeVerify
	}
	failRow(r, "rejected", msg)
	return outcomeDone
}

// afterBatch handles a failure of the batch as a whole. It returns the
// rows to send again, or an error that stops the run.
func (s *Remote) afterBatch(ctx context.Context, err error, retry []*pendingRow, limited *int) ([]*pendingRow, error) {
	if err == nil {
		return retry, nil
	}
	var e *linear.Error
	if !errors.As(err, &e) {
		failRows(retry, err.Error())
		return nil, nil
	}
	if len(retry) == 0 && !linear.IsRetryable(err) {
		return nil, nil
	}
	switch {
	case e.Kind == linear.KindAuthentication || e.Kind == linear.KindForbidden:
		s.fatal.CompareAndSwap(nil, &err)
		failRows(retry, err.Error())
		return nil, nil
	case e.Kind == linear.KindRateLimited:
		*limited++
		if *limited > s.maxRateLimited() {
			failRows(retry, fmt.Sprintf("rate limited %d times in a row: %v", *limited, err))
			return nil, nil
		}
		// The client's pacer already holds every worker until the reset.
		// A rate-limited send does not count against MaxAttempts.
		for _, r := range retry {
			r.attempts--
		}
		s.emit("retry", retry, "rate limited")
		s.retries.Add(1)
		return retry, nil
	case linear.IsRetryable(err):
		return s.backoff(ctx, retry, err)
	}
	return s.split(ctx, retry, err)
}

// backoff waits before a retry, longer at each attempt, and counts the
// attempt against each row.
func (s *Remote) backoff(ctx context.Context, retry []*pendingRow, err error) ([]*pendingRow, error) {
	n := 1
	for _, r := range retry {
		r.lastErr = err.Error()
		n = max(n, r.attempts)
	}
	s.emit("retry", retry, err.Error())
	s.retries.Add(1)
	if err := sleep(ctx, s.backoffDelay(n)); err != nil {
		return nil, err
	}
	return retry, nil
}

// backoffDelay returns the wait before attempt n+1: Backoff doubled at
// each attempt, plus up to half again at random.
func (s *Remote) backoffDelay(n int) time.Duration {
	d := cmpOr(s.Backoff, 250*time.Millisecond) << min(max(n-1, 0), 6)
	return d + time.Duration(rand.Int64N(int64(d)/2+1))
}

// split handles an error that names no row but rejects the batch, such as
// a value the schema does not accept: halves are sent on their own until
// the row at fault is alone and fails with the server's message.
func (s *Remote) split(ctx context.Context, retry []*pendingRow, err error) ([]*pendingRow, error) {
	if len(retry) == 1 {
		failRow(retry[0], "rejected", err.Error())
		return nil, nil
	}
	s.emit("split", retry, err.Error())
	half := len(retry) / 2
	if err := s.sendRows(ctx, retry[:half]); err != nil {
		return nil, err
	}
	return nil, s.sendRows(ctx, retry[half:])
}

// bound fails the rows that used up their attempts and returns the rest.
func (s *Remote) bound(rows []*pendingRow) []*pendingRow {
	out := rows[:0]
	for _, r := range rows {
		if r.attempts >= s.maxAttempts() {
			failRow(r, "gave_up", fmt.Sprintf("gave up after %d attempts: %s", r.attempts, r.lastErr))
			continue
		}
		out = append(out, r)
	}
	return out
}

func (s *Remote) maxAttempts() int {
	if s.MaxAttempts <= 0 {
		return 6
	}
	return s.MaxAttempts
}

func (s *Remote) maxRateLimited() int {
	if s.MaxRateLimited <= 0 {
		return 10
	}
	return s.MaxRateLimited
}

func (s *Remote) emit(kind string, rows []*pendingRow, reason string) {
	if s.OnEvent == nil || len(rows) == 0 {
		return
	}
	nums := make([]int, len(rows))
	for i, r := range rows {
		nums[i] = r.line.Row
	}
	s.OnEvent(Event{Kind: kind, Rows: nums, Reason: reason})
}

func inputsOf(rows []*pendingRow) []record.Input {
	in := make([]record.Input, len(rows))
	for i, r := range rows {
		in[i] = *r.line.Input
	}
	return in
}

func markCreated(r *pendingRow, id string) {
	r.line.Status = reports.Created
	if id != "" {
		r.line.ID = id
	}
}

func failRow(r *pendingRow, code, msg string) {
	r.line.Status = reports.Failed
	r.line.Errors = append(r.line.Errors, record.FieldError{
		Code:    code,
		Message: fmt.Sprintf("row %d: the workspace did not create this customer: %s", r.line.Row, msg),
	})
}

func failRows(rows []*pendingRow, msg string) {
	for _, r := range rows {
		failRow(r, "not_sent", msg)
	}
}

// rowMessage returns the server's message about one row, preferring the
// message meant for people.
func rowMessage(rr linear.RowResult) string {
	if rr.Err != nil && len(rr.Err.Messages) > 0 {
		return strings.Join(rr.Err.Messages, "; ")
	}
	msgs := make([]string, len(rr.Errors))
	for i, e := range rr.Errors {
		msgs[i] = e.Text()
	}
	return strings.Join(msgs, "; ")
}

// mentionsOwnID reports whether the row's error states that its own id is
// already taken.
func mentionsOwnID(rr linear.RowResult, id string) bool {
	for _, e := range rr.Errors {
		text := e.Message + " " + e.Extensions.UserPresentableMessage
		if strings.Contains(text, "already exists") && strings.Contains(text, id) {
			return true
		}
	}
	return false
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
