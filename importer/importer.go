// Package importer runs an import: it reads records, validates them,
// sends the valid ones in batches through a bounded pool of workers, and
// hands every record's outcome to one report writer in input order.
package importer

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"custimport/parse"
	"custimport/record"
	"custimport/reports"
	"custimport/validate"
)

// Source is the record stream Run reads; *parse.Reader is one. Run calls
// Map on each chunk of records from several goroutines before it checks
// them (see parse.Options.DeferMapping).
type Source interface {
	Read() (*parse.Record, error)
	Map(recs []*parse.Record)
	Offset() int64
}

// Sender delivers one batch of valid rows to a workspace. For each line it
// sets Status (Created, Updated, Skipped or Failed), ID and Errors. It
// returns an error only when the run cannot go on, because the context was
// cancelled. A row the workspace rejects is a Failed line, not an error.
type Sender interface {
	Send(ctx context.Context, batch []*reports.Line) error
}

// Config is one run's setup. The zero values of BatchSize and Workers
// mean 1.
type Config struct {
	Source    Source
	Validator *validate.Validator
	// Report receives every line in input order. Run flushes it after
	// each chunk of lines, so a killed run leaves them on disk.
	Report reports.Writer
	// Rejects, when set, receives the records that did not go through.
	Rejects *reports.Rejects
	Summary *reports.Summary
	// Sender sends valid rows; nil makes the run a dry run.
	Sender    Sender
	BatchSize int
	Workers   int
	// Stop, when closed, makes Run stop reading and finish the rows it has
	// read: a graceful interrupt. Cancelling the context stops at once.
	Stop <-chan struct{}
	// Progress, when set, is updated as the run goes.
	Progress *Progress
	// Fingerprints adds each valid row's fingerprint to its line, for a
	// later --resume.
	Fingerprints bool
	// Workspace identifies the destination in the fingerprints, so that
	// a report resumed against another workspace shows no row as done.
	Workspace string
	// Resume holds, by row, the rows an earlier report shows done. Such a
	// row whose content is unchanged is skipped without a request; one
	// that changed is checked and sent as usual, and listed in
	// Summary.Changed.
	Resume map[int]reports.Done
}

// Progress is read by another goroutine while Run updates it.
type Progress struct {
	Rows    atomic.Int64 // records read
	Bytes   atomic.Int64 // input bytes consumed
	Written atomic.Int64 // report lines written
}

// ErrInterrupted is returned by Run when Config.Stop was closed before the
// end of the input. Every record read was finished and reported.
var ErrInterrupted = errors.New("import interrupted")

// chunk is a run of consecutive records that travel together through the
// stages of a run.
type chunk struct {
	seq  int
	recs []*parse.Record
	// results holds the per-row checks. The lines point into it, so it
	// lives as long as they do.
	results []validate.Result
	lines   []reports.Line
	// send indexes the lines to send, in order.
	send []int
	// batchesLeft counts the chunk's batches still being sent.
	batchesLeft atomic.Int32
}

// resultPool and linePool keep the results and lines of written chunks
// for later chunks to reuse, so that a run does not allocate and clear
// new ones for every chunk.
var (
	resultPool sync.Pool // of *[]validate.Result
	linePool   sync.Pool // of *[]reports.Line
)

// getSlice returns a slice of length n from pool, or a new one.
func getSlice[T any](pool *sync.Pool, n int) []T {
	if p, ok := pool.Get().(*[]T); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]T, n)
}

// release gives c's results and lines back for reuse, once nothing
// refers to them any more: after the chunk is written.
func (c *chunk) release() {
	results, lines := c.results, c.lines
	c.results, c.lines = nil, nil
	// Cleared, the slices no longer keep the chunk's text in memory.
	clear(results)
	clear(lines)
	resultPool.Put(&results)
	linePool.Put(&lines)
}

// batch is one request's worth of a chunk's rows.
type batch struct {
	c    *chunk
	rows []int
}

// batches splits c's rows to send into batches of at most size rows. A
// chunk with nothing to send still travels as one empty batch, so that it
// reaches the writer in its turn.
func (c *chunk) batches(size int) []batch {
	var out []batch
	for rows := c.send; len(rows) > 0; {
		n := min(size, len(rows))
		out = append(out, batch{c, rows[:n:n]})
		rows = rows[n:]
	}
	if len(out) == 0 {
		out = append(out, batch{c: c})
	}
	c.batchesLeft.Store(int32(len(out)))
	return out
}

// Run reads cfg.Source to the end (or until stopped) and reports every
// record. It returns ErrInterrupted after a graceful stop, the context's
// error after a hard one, and any error from reading the input or writing
// the report.
func Run(ctx context.Context, cfg Config) error {
	cfg.BatchSize = max(cfg.BatchSize, 1)
	cfg.Workers = max(cfg.Workers, 1)
	if cfg.Summary == nil {
		cfg.Summary = &reports.Summary{}
	}
	if cfg.Progress == nil {
		cfg.Progress = &Progress{}
	}

	g, gctx := errgroup.WithContext(ctx)
	checkers := runtime.GOMAXPROCS(0)
	toCheck := make(chan *chunk, checkers)
	checked := make(chan *chunk, checkers)
	toSend := make(chan batch, cfg.Workers)
	toWrite := make(chan *chunk, cfg.Workers)
	// window bounds the chunks between the reader and the writer, so
	// memory stays flat however large the file is.
	window := make(chan struct{}, 2*(cfg.Workers+checkers)+2)

	// A read error ends the file, not the run: the records read before it
	// are checked, sent and reported, and then Run returns it.
	var interrupted bool
	var readErr error
	g.Go(func() error {
		defer close(toCheck)
		var err error
		interrupted, err = readChunks(gctx, &cfg, toCheck, window)
		if errors.Is(err, errRead) {
			readErr, err = err, nil
		}
		return err
	})
	g.Go(func() error {
		defer close(checked)
		return checkChunks(gctx, &cfg, checkers, toCheck, checked)
	})
	g.Go(func() error {
		defer close(toSend)
		return inOrder(gctx, checked, func(c *chunk) error {
			buildLines(&cfg, c)
			for _, b := range c.batches(cfg.BatchSize) {
				if err := sendTo(gctx, toSend, b); err != nil {
					return err
				}
			}
			return nil
		})
	})
	g.Go(func() error {
		defer close(toWrite)
		return sendChunks(gctx, &cfg, toSend, toWrite)
	})
	g.Go(func() error {
		return writeChunks(gctx, &cfg, toWrite, window)
	})
	err := g.Wait()
	if err == nil && readErr != nil {
		return readErr
	}
	if err == nil && (interrupted || stopped(cfg.Stop)) {
		return ErrInterrupted
	}
	return err
}

// sendChunks runs a bounded pool of workers over the chunks. A worker's
// panic fails its batch instead of crashing the run.
func sendChunks(ctx context.Context, cfg *Config, in <-chan batch, out chan<- *chunk) error {
	var pool errgroup.Group
	pool.SetLimit(cfg.Workers)
	for b := range in {
		pool.Go(func() error {
			if stopped(cfg.Stop) {
				skipUnsent(b, unsentReason(cfg.Sender))
			} else if err := sendBatch(ctx, cfg.Sender, b); err != nil {
				return err
			}
			if b.c.batchesLeft.Add(-1) > 0 {
				return nil
			}
			return sendTo(ctx, out, b.c)
		})
	}
	return pool.Wait()
}

func sendBatch(ctx context.Context, s Sender, b batch) (err error) {
	if s == nil || len(b.rows) == 0 {
		return nil
	}
	lines := make([]*reports.Line, len(b.rows))
	for i, k := range b.rows {
		lines[i] = &b.c.lines[k]
	}
	defer func() {
		if p := recover(); p != nil {
			failBatch(lines, fmt.Sprintf("internal error while sending this batch: %v", p))
			err = nil
		}
	}()
	return s.Send(ctx, lines)
}

// unsentReason is the report's reason for rows that an interrupt left
// unsent by s.
func unsentReason(s Sender) string {
	if r, ok := s.(*Remote); ok && r.DryRun {
		return "interrupted before it was checked against the workspace"
	}
	return "interrupted before it was sent"
}

// skipUnsent marks the rows of a batch that was not started before an
// interrupt: they are reported skipped and not done, so a resumed run
// sends them.
func skipUnsent(b batch, reason string) {
	for _, k := range b.rows {
		l := &b.c.lines[k]
		l.Status = reports.Skipped
		l.Reason = reason
		// No customer exists for the row, so it has no id yet, even when
		// the file gives one: a skipped line with an id reads as done.
		l.ID = ""
	}
}

// failBatch marks every line of batch that has no outcome yet as failed.
func failBatch(lines []*reports.Line, msg string) {
	for _, l := range lines {
		if l.Status == reports.Valid {
			l.Status = reports.Failed
			l.Errors = append(l.Errors, record.FieldError{Code: "internal_error", Message: msg})
		}
	}
}

// checkChunks runs the per-row checks on n goroutines.
func checkChunks(ctx context.Context, cfg *Config, n int, in <-chan *chunk, out chan<- *chunk) error {
	var pool errgroup.Group
	pool.SetLimit(n)
	for c := range in {
		pool.Go(func() error {
			cfg.Source.Map(c.recs)
			checkRows(cfg.Validator, c)
			return sendTo(ctx, out, c)
		})
	}
	return pool.Wait()
}

// inOrder calls fn on the chunks from in by sequence number, whatever
// order they arrive in.
func inOrder(ctx context.Context, in <-chan *chunk, fn func(*chunk) error) error {
	pending := map[int]*chunk{}
	next := 0
	for c := range in {
		pending[c.seq] = c
		for {
			c, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err := fn(c); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
	}
	return nil
}

// writeChunks writes chunks in input order, whatever order the workers
// finish them in.
func writeChunks(ctx context.Context, cfg *Config, in <-chan *chunk, window <-chan struct{}) error {
	return inOrder(ctx, in, func(c *chunk) error {
		if err := writeChunk(cfg, c); err != nil {
			return err
		}
		c.release()
		<-window
		return nil
	})
}

func writeChunk(cfg *Config, c *chunk) error {
	for i := range c.lines {
		l := &c.lines[i]
		if err := cfg.Report.Write(l); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		cfg.Summary.Add(l)
		if cfg.Rejects != nil && (l.Status == reports.Invalid || l.Status == reports.Failed) {
			if err := cfg.Rejects.Write(c.recs[i].Cells, c.recs[i].Text, l); err != nil {
				return fmt.Errorf("write rejects: %w", err)
			}
		}
	}
	cfg.Progress.Written.Add(int64(len(c.lines)))
	if err := cfg.Report.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if cfg.Rejects != nil {
		if err := cfg.Rejects.Flush(); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	return nil
}
