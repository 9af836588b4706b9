package importer

import (
	"context"
	"errors"
	"fmt"
	"io"

	"custimport/parse"
	"custimport/reports"
)

// readChunks reads, validates and groups records into chunks. It reports
// whether it stopped early because cfg.Stop was closed.
func readChunks(ctx context.Context, cfg *Config, out chan<- *chunk, window chan<- struct{}) (bool, error) {
	maxLines := max(4*cfg.BatchSize, 256)
	seq := 0
	c := &chunk{}
	emit := func() error {
		if len(c.lines) == 0 {
			return nil
		}
		c.seq = seq
		seq++
		select {
		case window <- struct{}{}:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		select {
		case out <- c:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		c = &chunk{}
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
			return false, fmt.Errorf("read input: %w", err)
		}
		cfg.Progress.Rows.Add(1)
		cfg.Progress.Bytes.Store(cfg.Source.Offset())
		addRecord(cfg, c, rec)
		if len(c.send) >= cfg.BatchSize || len(c.lines) >= maxLines {
			if err := emit(); err != nil {
				return false, err
			}
		}
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

// addRecord validates rec and appends its report line to c.
func addRecord(cfg *Config, c *chunk, rec *parse.Record) {
	l := reports.Line{Row: rec.Row, Line: rec.Line}
	switch {
	case rec.Skip != "":
		l.Status = reports.Skipped
		l.Reason = rec.Skip
	default:
		res := cfg.Validator.Row(rec.Row, &rec.Raw, rec.Errs)
		errs := append(rec.Errs, res.Errors...)
		if len(errs) == 0 {
			errs = cfg.Validator.Claim(rec.Row, &res.Input)
		}
		l.Notes = res.Notes
		if len(errs) > 0 {
			l.Status = reports.Invalid
			l.Errors = errs
			break
		}
		l.Status = reports.Valid
		l.Input = &res.Input
		l.ID = res.Input.ID.Value()
		if !res.Refs.IsZero() {
			refs := res.Refs
			l.Refs = &refs
		}
		if cfg.Sender != nil {
			c.send = append(c.send, len(c.lines))
		}
	}
	c.lines = append(c.lines, l)
	if cfg.Rejects != nil {
		c.cells = append(c.cells, rec.Cells)
		c.texts = append(c.texts, rec.Text)
	}
}
