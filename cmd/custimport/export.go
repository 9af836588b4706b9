package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"custimport/export"
)

// exportFlags contains the flags of export.
type exportFlags struct {
	from       string
	out        string
	apiKeyFile string
	logLevel   string
}

const exportSynopsis = "export --from URL|local:PATH --out FILE.csv|FILE.jsonl [flags]"

func (f *exportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.from, "from", "", "workspace to read: a GraphQL endpoint URL such as "+
		"https://api.linear.app/graphql, or local:PATH for a local workspace file (required; no default)")
	fs.StringVar(&f.out, "out", "", "file to write: .csv for CSV, .jsonl or .ndjson for JSON Lines (required; no default)")
	fs.StringVar(&f.apiKeyFile, "api-key-file", "", "read the API key from this file "+
		"(default: the LINEAR_API_KEY environment variable; local:PATH needs no key)")
	fs.StringVar(&f.logLevel, "log-level", "warn", "log level: debug (every request and page), info (failed requests), warn or error")
}

// check validates what the flag package cannot, and rejects positional
// arguments, which export does not take.
func (f *exportFlags) check(pos []string) error {
	switch {
	case len(pos) > 0:
		return fmt.Errorf("unexpected argument %q; export takes only flags", pos[0])
	case f.from == "":
		return errors.New("missing --from: give the workspace to read, a GraphQL endpoint URL or local:PATH")
	case f.out == "":
		return errors.New("missing --out: give the file to write, ending in .csv or .jsonl")
	}
	if _, err := export.FormatOf(f.out); err != nil {
		return fmt.Errorf("invalid --out: %w", err)
	}
	_, err := parseLevel(f.logLevel)
	return err
}

const exportNotes = `
The CSV file has one column for each field that 'custimport import' reads:
id, name, domains, externalIds, slackChannelId, owner, ownerId, status,
statusId, tier, tierId, revenue, size, logoUrl, mainSourceId. Lists are
joined with "; " (JSON Lines writes arrays). An owner is written as the
user's email (the name when the user has none), a status or tier as its
name. When that word is missing or also names another user, status or tier,
the id goes in ownerId, statusId or tierId instead. Disabled users are not
listed by the API, so their customers keep the owner's id.

Cells are written exactly as stored, with no protection against spreadsheet
formulas, because the file is meant to be imported again: do not open an
export from an untrusted workspace in a spreadsheet program.

The output is written to a temporary file next to --out and renamed into
place when the last page is written. An export that stops early leaves --out
as it was, and keeps the pages it wrote, if any, in FILE.incomplete.

Exit status: 0 done; 2 a bad flag, a bad key, an unreachable workspace, an
unwritable file or a failed request; 130 interrupted.
`

// runExport runs the export command.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f exportFlags
	fs := newFlagSet("export")
	f.register(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		code := flagError(err, fs, exportSynopsis, stdout, stderr)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, exportNotes)
		}
		return code
	}
	if err := f.check(pos); err != nil {
		fmt.Fprintf(stderr, "custimport export: %v (run 'custimport help export' for the flags)\n", err)
		return 2
	}
	level, _ := parseLevel(f.logLevel)
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	return exportCustomers(ctx, &f, stderr, log)
}

// exportFailed prints why the export could not run and returns its exit
// status: 130 when ctx was cancelled, 2 otherwise.
func exportFailed(ctx context.Context, stderr io.Writer, err error) int {
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "custimport export: interrupted before any customer was written; --out was not written\n")
		return 130
	}
	fmt.Fprintf(stderr, "custimport export: %v\n", err)
	return 2
}

func exportCustomers(ctx context.Context, f *exportFlags, stderr io.Writer, log *slog.Logger) int {
	start := time.Now()
	format, _ := export.FormatOf(f.out)
	file, err := export.CreateFile(f.out)
	if err != nil {
		return exportFailed(ctx, stderr, fmt.Errorf("--out %s: %w", f.out, err))
	}
	src, names, err := openSource(ctx, f, log)
	if err != nil {
		file.Remove()
		return exportFailed(ctx, stderr, err)
	}
	defer src.close()

	w := export.NewWriter(file, format)
	st, err := export.Run(ctx, src.client, w, export.Options{
		Names: names,
		OnPage: func(n int, total export.Stats) {
			log.Debug("page written", "customers", n, "total", total.Customers)
		},
	})
	return finishExport(ctx, f, file, st, time.Since(start), err, stderr)
}

// openSource connects to the workspace named by --from, as import connects
// to --to, checks the key and reads the words for owners, statuses and
// tiers.
func openSource(ctx context.Context, f *exportFlags, log *slog.Logger) (*destination, *export.Names, error) {
	if err := checkSource(f); err != nil {
		return nil, nil, err
	}
	src, err := openDestination(ctx, &importFlags{to: f.from, apiKeyFile: f.apiKeyFile}, log)
	if err != nil {
		return nil, nil, err
	}
	if _, err := preflight(ctx, src); err != nil {
		src.close()
		return nil, nil, err
	}
	names, err := export.LoadNames(ctx, src.client)
	if err != nil {
		src.close()
		return nil, nil, fmt.Errorf("%s: %w", src.label, err)
	}
	return src, names, nil
}

// checkSource rejects a local:PATH that names no file, because opening it
// would create an empty workspace, and a URL with no key at all.
func checkSource(f *exportFlags) error {
	path, local := strings.CutPrefix(f.from, "local:")
	if !local {
		if f.apiKeyFile == "" && strings.TrimSpace(os.Getenv("LINEAR_API_KEY")) == "" {
			return errors.New("no API key: set LINEAR_API_KEY or pass --api-key-file")
		}
		return nil
	}
	if path == "" {
		return errors.New("--from local: needs a file name, such as local:workspace.db")
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("--from %s: no workspace file at %s; give a file that 'custimport serve --db' or 'custimport import --to local:' wrote", f.from, path)
	} else if err != nil {
		return fmt.Errorf("--from %s: %w", f.from, err)
	}
	return nil
}

// finishExport renames the output into place after a complete export, or
// keeps what was written under an incomplete name, and prints the
// one-line summary.
func finishExport(ctx context.Context, f *exportFlags, file *export.File, st export.Stats, elapsed time.Duration, runErr error, stderr io.Writer) int {
	switch {
	case runErr != nil && st.Pages == 0:
		file.Remove()
		return exportFailed(ctx, stderr, runErr)
	case runErr != nil:
		return keepIncomplete(ctx, f, file, st, elapsed, runErr, stderr)
	}
	if err := file.Commit(); err != nil {
		fmt.Fprintf(stderr, "custimport export: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "custimport export: wrote %d customers in %s to %s in %s (%.0f customers/s)\n",
		st.Customers, plural(st.Pages, "page"), f.out, elapsed.Round(time.Millisecond), perSecond(st.Customers, elapsed))
	return 0
}

// keepIncomplete keeps the pages written before runErr under the
// incomplete name, leaves --out as it was, and returns 130 when ctx was
// cancelled and 2 otherwise.
func keepIncomplete(ctx context.Context, f *exportFlags, file *export.File, st export.Stats, elapsed time.Duration, runErr error, stderr io.Writer) int {
	kept, err := file.KeepIncomplete()
	where := "they are in " + kept + ", which is incomplete"
	if err != nil {
		where = "they were lost: " + err.Error()
	}
	reason, code := runErr.Error(), 2
	if ctx.Err() != nil {
		reason, code = "interrupted", 130
	}
	fmt.Fprintf(stderr, "custimport export: %s after %d customers in %s (%s); %s; %s was not written\n",
		reason, st.Customers, plural(st.Pages, "page"), elapsed.Round(time.Millisecond), where, f.out)
	return code
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
