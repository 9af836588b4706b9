package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"custimport/workspace"
)

const serveSynopsis = "serve [flags]"

// shutdownTimeout is how long requests in flight may take to finish once
// the serve command is asked to stop.
const shutdownTimeout = 10 * time.Second

// runServe runs the local workspace until ctx is cancelled and returns the
// exit status: 0 after a clean stop, 1 when the workspace cannot start or
// stops on an error, 2 for unusable flags.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, status, ok := parseServeFlags(args, stdout, stderr)
	if !ok {
		return status
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	opts.OnError = func(err error) { logger.Error("request failed", "err", err) }
	opts.HTTPErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	generatedKey := opts.APIKey == ""

	ws, err := workspace.Start(ctx, opts)
	if err != nil {
		logger.Error("workspace did not start", "db", opts.DBPath, "err", err)
		return 1
	}
	logStart(logger, opts, ws)
	fmt.Fprintf(stdout, "Listening on %s\n", ws.URL)
	if generatedKey {
		fmt.Fprintf(stdout, "API key (generated, shown only now): %s\n", ws.APIKey)
	}
	return waitAndStop(ctx, logger, ws, opts.DBPath)
}

// waitAndStop serves until ctx is cancelled, then lets requests in flight
// finish for up to shutdownTimeout and closes the workspace.
func waitAndStop(ctx context.Context, logger *slog.Logger, ws *workspace.Running, db string) int {
	select {
	case <-ctx.Done():
		logger.Info("stopping", "reason", context.Cause(ctx))
	case <-ws.Done():
		logger.Error("server stopped unexpectedly", "db", db)
	}
	closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := ws.Close(closeCtx); err != nil {
		logger.Error("stop failed", "db", db, "err", err)
		return 1
	}
	logger.Info("stopped", "db", db)
	return 0
}

func logStart(logger *slog.Logger, opts workspace.Options, ws *workspace.Running) {
	logger.Info("workspace started", "url", ws.URL, "db", opts.DBPath, "created", ws.Store.Seeded(),
		"requests_per_minute", opts.RequestsPerMinute, "complexity_per_minute", opts.ComplexityPerMinute,
		"fail_rate", opts.FailRate, "drop_rate", opts.DropRate, "lost_response_rate", opts.LostResponseRate,
		"latency", opts.Latency, "jitter", opts.Jitter, "read_lag", opts.ReadLag,
		"partial_errors", opts.PartialErrors, "seed", opts.Seed)
	if opts.SeedPath != "" && !ws.Store.Seeded() {
		logger.Warn("seed file not loaded: it only fills a new workspace file", "seed_file", opts.SeedPath, "db", opts.DBPath)
	}
}

// parseServeFlags returns the options, or the exit status with ok false
// after --help or an unusable flag.
func parseServeFlags(args []string, stdout, stderr io.Writer) (opts workspace.Options, status int, ok bool) {
	fs := newFlagSet("serve")
	defineServeFlags(fs, &opts)
	if err := fs.Parse(args); err != nil {
		return opts, flagError(err, fs, serveSynopsis, stdout, stderr), false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "custimport serve: unexpected argument %q; serve takes flags only\n", fs.Arg(0))
		return opts, 2, false
	}
	if err := checkServeFlags(opts); err != nil {
		fmt.Fprintf(stderr, "custimport serve: %v\n", err)
		return opts, 2, false
	}
	return opts, 0, true
}

func defineServeFlags(fs *flag.FlagSet, opts *workspace.Options) {
	// Files, address and key.
	fs.StringVar(&opts.DBPath, "db", "custimport-workspace.db", "workspace `file` (SQLite); created with seed data when missing")
	fs.StringVar(&opts.Addr, "addr", workspace.DefaultAddr, "`host:port` to listen on; port 0 picks a free port, and the URL is printed")
	fs.StringVar(&opts.APIKey, "api-key", "", "API `key` that requests must send (default: a random key, printed once)")
	fs.StringVar(&opts.SchemaPath, "schema", "", "validate documents against this SDL `file`, such as Linear's full schema (default: the built-in customer subset)")
	fs.StringVar(&opts.SeedPath, "seed-file", "", "JSON `file` with the organization, statuses, tiers, users and customers of a new workspace (default: built-in sample data)")
	fs.Int64Var(&opts.MaxBodyBytes, "max-body-bytes", workspace.DefaultMaxBodyBytes, "largest request body accepted, in `bytes`")

	// Rate limits.
	fs.IntVar(&opts.RequestsPerMinute, "requests-per-minute", workspace.DefaultRequestsPerMinute, "request budget, in `requests` per minute (leaky bucket)")
	fs.IntVar(&opts.ComplexityPerMinute, "complexity-per-minute", workspace.DefaultComplexityPerMinute, "complexity budget, in `points` per minute (leaky bucket)")
	fs.IntVar(&opts.RateLimitStatus, "rate-limit-status", 400, "HTTP `status` of a rate-limited response: 400 as Linear sends, or 429 with Retry-After")

	// Injected faults and Linear's behaviours that tests provoke.
	fs.DurationVar(&opts.Latency, "latency", 0, "fixed delay added to every request, as a Go `duration` such as 50ms (default 0: none)")
	fs.DurationVar(&opts.Jitter, "jitter", 0, "random extra delay per request, up to this `duration` (default 0: none)")
	fs.Float64Var(&opts.FailRate, "fail-rate", 0, "`share` of requests (0 to 1) that get 500, 502 or 503 with nothing done (default 0)")
	fs.Float64Var(&opts.DropRate, "drop-rate", 0, "`share` of requests (0 to 1) whose connection is closed before any work (default 0)")
	fs.Float64Var(&opts.LostResponseRate, "lost-response-rate", 0, "`share` of requests (0 to 1) executed and committed, then closed without a response (default 0)")
	fs.DurationVar(&opts.ReadLag, "read-lag", 0, "new customers stay invisible to customer and customers reads for this `duration` (default 0: none)")
	fs.BoolVar(&opts.PartialErrors, "partial-errors", false, "run the other aliases of a document and return their results when one fails, instead of nulling data as Linear does (default off)")
	fs.Int64Var(&opts.Seed, "seed", 0, "`number` that seeds the injected faults, so that a run can be repeated (default 0)")
}

// checkServeFlags rejects values that the workspace cannot use, naming
// the flag. A zero budget is rejected here, where Options would read it
// as the default.
func checkServeFlags(opts workspace.Options) error {
	if err := checkRanges(opts); err != nil {
		return err
	}
	switch {
	case opts.RateLimitStatus != 400 && opts.RateLimitStatus != 429:
		return fmt.Errorf("--rate-limit-status %d: use 400 or 429", opts.RateLimitStatus)
	case opts.RequestsPerMinute < 1:
		return fmt.Errorf("--requests-per-minute %d: use 1 or more", opts.RequestsPerMinute)
	case opts.ComplexityPerMinute < 1:
		return fmt.Errorf("--complexity-per-minute %d: use 1 or more", opts.ComplexityPerMinute)
	case opts.MaxBodyBytes < 1:
		return fmt.Errorf("--max-body-bytes %d: use 1 or more", opts.MaxBodyBytes)
	case opts.DBPath == "":
		return errors.New("--db is empty: name the workspace file")
	}
	return opts.Validate()
}

// checkRanges checks the fault shares and the durations.
func checkRanges(opts workspace.Options) error {
	shares := []struct {
		name  string
		value float64
	}{{"fail-rate", opts.FailRate}, {"drop-rate", opts.DropRate}, {"lost-response-rate", opts.LostResponseRate}}
	for _, s := range shares {
		if s.value < 0 || s.value > 1 {
			return fmt.Errorf("--%s %v is not a share between 0 and 1", s.name, s.value)
		}
	}
	durations := []struct {
		name  string
		value time.Duration
	}{{"latency", opts.Latency}, {"jitter", opts.Jitter}, {"read-lag", opts.ReadLag}}
	for _, d := range durations {
		if d.value < 0 {
			return fmt.Errorf("--%s %v: use a duration of 0 or more", d.name, d.value)
		}
	}
	return nil
}
