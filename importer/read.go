package importer

import (
	"context"
	"errors"
	"fmt"
	"io"

	"custimport/parse"
	"custimport/record"
	"custimport/reports"
	"custimport/validate"
)

// errRead marks the error that ended reading the input.
var errRead = errors.New("read input")

// readChunks reads records into chunks, without validating them. It
// reports whether it stopped early because cfg.Stop was closed.
func readChunks(ctx context.Context, cfg *Config, out chan<- *chunk, window chan<- struct{}) (bool, error) {
	// A dry run reads ahead in large chunks for speed. A real run reads
	// one batch a chunk, so an interrupt has little in flight to finish.
	size := max(cfg.BatchSize, 256)
	if cfg.Sender != nil {
		size = cfg.BatchSize
	}
	seq := 0
	c := &chunk{}
	emit := func() error {
		if len(c.recs) == 0 {
			return nil
		}
		c.seq = seq
		seq++
		if err := sendTo(ctx, window, struct{}{}); err != nil {
			return err
		}
		if err := sendTo(ctx, out, c); err != nil {
			return err
		}
		c = &chunk{recs: make([]*parse.Record, 0, size)}
		return nil
	}
	for {
		if stopped(cfg.Stop) {
			return true, emit()
		}
		rec, err := cfg.Source.Read()
		if errors.Is(err, io.EOF) {
			return false, emit()
		}
		if err != nil {
			if emitErr := emit(); emitErr != nil {
				return false, emitErr
			}
			return false, fmt.Errorf("%w: %w", errRead, err)
		}
		cfg.Progress.Rows.Add(1)
		cfg.Progress.Bytes.Store(cfg.Source.Offset())
		c.recs = append(c.recs, rec)
		if len(c.recs) >= size {
			if err := emit(); err != nil {
				return false, err
			}
		}
	}
}

// sendTo sends v on ch unless ctx ends first.
func sendTo[T any](ctx context.Context, ch chan<- T, v T) error {
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// checkRows runs the per-row checks of one chunk. Chunks are checked in
// parallel: validate.Validator.Row is safe for concurrent use.
func checkRows(v *validate.Validator, c *chunk) {
	c.results = getSlice[validate.Result](&resultPool, len(c.recs))
	for i, rec := range c.recs {
		if rec.Skip == "" && !unreadable(rec.Errs) {
			c.results[i] = v.Row(rec.Row, &rec.Raw, rec.Errs)
		} else {
			c.results[i] = validate.Result{}
		}
	}
}

// unreadable reports whether reading the record failed so badly that its
// cells mean nothing (a line that is not JSON, a quote that never
// closes), so checking them would only add misleading errors.
func unreadable(errs []record.FieldError) bool {
	for _, e := range errs {
		switch e.Code {
		case parse.CodeInvalidJSON, parse.CodeUnclosedQuote, parse.CodeRecordTooLong,
			parse.CodeIncompleteCharacter:
			return true
		}
	}
	return false
}

// buildLines turns a checked chunk into report lines, in input order
// across chunks, because the checks across rows (a key repeated in the
// file) depend on the rows before.
func buildLines(cfg *Config, c *chunk) {
	c.lines = getSlice[reports.Line](&linePool, len(c.recs))
	for i, rec := range c.recs {
		l := &c.lines[i]
		*l = reports.Line{Row: rec.Row, Line: rec.Line}
		if rec.Skip != "" {
			l.Status = reports.Skipped
			l.Reason = rec.Skip
			continue
		}
		res := &c.results[i]
		errs := joinErrors(rec.Errs, res.Errors)
		if len(rec.Errs) == 0 {
			// A row with bad values still claims its good keys, so that
			// a later row with one of them is reported in the same run,
			// not after the first row is fixed.
			if dup := cfg.Validator.Claim(rec.Row, &res.Input); len(dup) > 0 {
				errs = append(errs[:len(errs):len(errs)], dup...)
			}
		}
		l.Notes = res.Notes
		if len(errs) > 0 {
			l.Status = reports.Invalid
			l.Errors = errs
			continue
		}
		l.Status = reports.Valid
		l.Input = &res.Input
		l.ID = res.Input.ID.Value()
		if !res.Refs.IsZero() {
			l.Refs = &res.Refs
		}
		if cfg.Fingerprints || cfg.Resume != nil {
			l.Fingerprint = reports.Fingerprint(cfg.Workspace, l.Input)
		}
		if resumed(cfg, l) {
			continue
		}
		if cfg.Sender != nil {
			c.send = append(c.send, i)
		}
	}
}

// resumed reports whether the earlier report shows l's row done with the
// same content, and if so marks it skipped.
func resumed(cfg *Config, l *reports.Line) bool {
	d, ok := cfg.Resume[l.Row]
	if !ok {
		return false
	}
	if d.Fingerprint != l.Fingerprint {
		cfg.Summary.Changed++
		if len(cfg.Summary.ChangedRows) < 100 {
			cfg.Summary.ChangedRows = append(cfg.Summary.ChangedRows, l.Row)
		}
		return false
	}
	l.Status = reports.Skipped
	l.ID = d.ID
	l.Reason = fmt.Sprintf("done before: the resumed report shows it %s", d.Status)
	cfg.Summary.Resumed++
	return true
}

func joinErrors(a, b []record.FieldError) []record.FieldError {
	if len(a) == 0 {
		return b
	}
	return append(a[:len(a):len(a)], b...)
}
