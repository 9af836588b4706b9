package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"custimport/importer"
	"custimport/linear"
	"custimport/parse"
	"custimport/record"
	"custimport/reports"
	"custimport/resolve"
	"custimport/validate"
)

// importFlags holds the flags of import and validate.
type importFlags struct {
	dryRun bool

	// input
	format    string
	delimiter string
	encoding  string
	maps      stringList
	mapping   string

	// validation
	allowDomains   stringList
	lenientNumbers bool
	nullValues     stringList

	// output
	report      string
	rejects     string
	summaryJSON string
	html        string
	progress    string
	logLevel    string

	// destination
	to                 string
	apiKeyFile         string
	batchSize          int
	workers            int
	resume             string
	onExisting         string
	createMissingTiers bool
}

const importSynopsis = "import [flags] FILE"

func (f *importFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.dryRun, "dry-run", false, "check every row and write the report, but send nothing")

	fs.StringVar(&f.format, "format", "", "input format: csv, tsv, json (an array) or ndjson (default: detected from the name and content)")
	fs.StringVar(&f.delimiter, "delimiter", "", "CSV delimiter, one character such as ';' or '\\t' (default: detected from the header line)")
	fs.StringVar(&f.encoding, "encoding", "", "encoding of a legacy 8-bit file, such as windows-1252 or iso-8859-1 (default: UTF-8, or UTF-16 when the file starts with its byte order mark)")
	fs.Var(&f.maps, "map", "map a column to a field, as 'Header=field'; 'Header=' ignores the column, and 'Header#2=' the second of two columns with that header (repeatable)")
	fs.StringVar(&f.mapping, "mapping", "", "file of column mappings, one 'Header=field' a line, or a JSON object; entries for columns the input lacks are skipped without a warning, so one file can serve several exports")

	fs.Var(&f.allowDomains, "allow-domain", "accept this domain even though it is a public email provider (repeatable)")
	fs.BoolVar(&f.lenientNumbers, "lenient-numbers", false, "read thousands separators and currency symbols in revenue and size instead of rejecting them")
	fs.Var(&f.nullValues, "null-value", "treat this cell text as blank, such as 'n/a' (repeatable)")

	fs.StringVar(&f.report, "report", "", "per-row report, .csv or .jsonl (default: NAME.report.csv next to the input)")
	fs.StringVar(&f.rejects, "rejects", "", "write the rows that did not go through, with their original cells and an error column, to this file")
	fs.StringVar(&f.summaryJSON, "summary-json", "", "write the run's summary as JSON to this file")
	fs.StringVar(&f.html, "html", "", "write a self-contained HTML page about the run to this file")
	fs.StringVar(&f.progress, "progress", "auto", "progress display: auto (a bar on a terminal, plain lines otherwise), bar, plain or none")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")

	fs.StringVar(&f.to, "to", "", "destination: a GraphQL endpoint URL, or local:PATH for a local workspace file (default: Linear's API)")
	fs.StringVar(&f.apiKeyFile, "api-key-file", "", "read the API key from this file (default: the LINEAR_API_KEY environment variable)")
	fs.IntVar(&f.batchSize, "batch-size", 50, "rows per request, 1 to 250 (each row is one aliased customerCreate)")
	fs.IntVar(&f.workers, "workers", 4, "requests in flight at once, 1 to 64")
	fs.StringVar(&f.resume, "resume", "", "skip the rows that this earlier report shows created, updated or skipped, if they did not change since")
	fs.StringVar(&f.onExisting, "on-existing", "skip", "what to do with a row whose customer exists (same id, domain, external id or Slack channel): skip, update or fail")
	fs.BoolVar(&f.createMissingTiers, "create-missing-tiers", false, "create the tiers that rows name but the workspace lacks")
}

// check validates flag values that the flag package cannot.
func (f *importFlags) check() error {
	switch f.progress {
	case "auto", "bar", "plain", "none":
	default:
		return fmt.Errorf("--progress %q: use auto, bar, plain or none", f.progress)
	}
	if f.batchSize < 1 || f.batchSize > 250 {
		return fmt.Errorf("--batch-size %d: use 1 to 250", f.batchSize)
	}
	if f.workers < 1 || f.workers > 64 {
		return fmt.Errorf("--workers %d: use 1 to 64", f.workers)
	}
	if _, err := f.delimiterRune(); err != nil {
		return err
	}
	if _, err := parseLevel(f.logLevel); err != nil {
		return err
	}
	if _, err := importer.ParseOnExisting(f.onExisting); err != nil {
		return err
	}
	return nil
}

// online reports whether the run talks to a workspace: a real import, or
// a dry run that was given a destination or a key, which then checks
// names and existing customers read-only.
func (f *importFlags) online() bool {
	return !f.dryRun || f.to != "" || f.apiKeyFile != "" || os.Getenv("LINEAR_API_KEY") != ""
}

func (f *importFlags) delimiterRune() (rune, error) {
	d := f.delimiter
	switch strings.ToLower(d) {
	case "":
		return 0, nil
	case `\t`, "tab":
		return '\t', nil
	}
	r, size := utf8.DecodeRuneInString(d)
	if size != len(d) || r == '"' || r == '\n' || r == '\r' {
		return 0, fmt.Errorf("--delimiter %q: give one character such as ';' or '\\t'", d)
	}
	return r, nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("--log-level %q: use debug, info, warn or error", s)
	}
	return l, nil
}

// runImport runs the import and validate commands. validateOnly forces a
// dry run.
func runImport(ctx context.Context, sig *signals, args []string, stdout, stderr io.Writer, validateOnly bool) int {
	name := "import"
	if validateOnly {
		name = "validate"
	}
	var f importFlags
	fs := newFlagSet(name)
	f.register(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return flagError(err, fs, strings.Replace(importSynopsis, "import", name, 1), stdout, stderr)
	}
	if err := f.check(); err != nil {
		fmt.Fprintf(stderr, "custimport %s: %v\n", name, err)
		return 2
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "custimport %s: give exactly one input file (got %d); run 'custimport help %s'\n", name, len(pos), name)
		return 2
	}
	f.dryRun = f.dryRun || validateOnly
	level, _ := parseLevel(f.logLevel)
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	return importFile(ctx, sig, &f, pos[0], stderr, log)
}

// fatal prints a one-line reason that the run cannot start and returns 2.
func fatal(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "custimport: "+format+"\n", args...)
	return 2
}

func importFile(ctx context.Context, sig *signals, f *importFlags, path string, stderr io.Writer, log *slog.Logger) int {
	in, err := os.Open(path)
	if err != nil {
		return fatal(stderr, "%v", err)
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return fatal(stderr, "%v", err)
	}
	if st.IsDir() {
		return fatal(stderr, "%s is a directory; give a CSV, TSV, JSON or NDJSON file", path)
	}

	popts, err := f.parseOptions(path)
	if err != nil {
		return fatal(stderr, "%v", err)
	}
	src, err := parse.NewReader(in, popts)
	if err != nil {
		var fe *parse.FileError
		if errors.As(err, &fe) {
			return fatal(stderr, "%v", err)
		}
		return fatal(stderr, "%s: %v", path, err)
	}
	warnHeader(src, f, log)
	// The output paths are checked before the workspace is opened, so
	// that a wrong one costs no request and creates no workspace file.
	reportFile, err := checkOutputPaths(f, path, src)
	if err != nil {
		return fatal(stderr, "%v", err)
	}

	summary := &reports.Summary{File: path, Format: src.Format(), DryRun: f.dryRun, Started: time.Now()}
	summary.Destination = "dry run"
	sample := sampleFile(in, st.Size(), popts)
	var remote *importer.Remote
	var dest *destination
	var workspaceID string
	if f.online() {
		dest, err = openDestination(ctx, f, log)
		if err != nil {
			return fatal(stderr, "%v", err)
		}
		defer dest.close()
		// Until the first row is read, the first signal stops the run at
		// once: nothing was sent that a report would need to record.
		access, err := preflight(sig.first, dest)
		if err != nil {
			if sig.first.Err() != nil {
				fmt.Fprintln(stderr, "custimport: interrupted before any row was sent")
				return 130
			}
			return fatal(stderr, "%v", err)
		}
		dir, err := loadDirectory(sig.first, dest, f)
		if err != nil {
			if sig.first.Err() != nil {
				fmt.Fprintln(stderr, "custimport: interrupted before any row was sent")
				return 130
			}
			return fatal(stderr, "%v", err)
		}
		summary.Destination = dest.label
		remote = newRemote(dest, f, dir, src.Columns(), log)
		workspaceID = access.Organization.ID
		remote.IDSeed = workspaceID + "/" + filepath.Base(path)
		defer logTiers(dir, log)
		// Reading the whole workspace once saves a lookup a batch. The
		// pages read before the copy gives up are lost, so it may take a
		// quarter as many as the file has batches, and it is held in
		// memory, so it stops at maxSnapshotPages.
		maxPages := min(max(1, sample.records/max(f.batchSize, 1)/4), maxSnapshotPages)
		took, err := remote.Snapshot(sig.first, maxPages)
		switch {
		case sig.first.Err() != nil:
			fmt.Fprintln(stderr, "custimport: interrupted before any row was sent")
			return 130
		case err != nil:
			log.Warn("existing customers will be looked up batch by batch", "err", err)
		case took:
			log.Info("read all the workspace's customers in one pass; rows are matched against that copy, which saves a lookup request per batch")
		}
	}
	var resume map[int]reports.Done
	if f.resume != "" {
		if resume, err = reports.LoadDone(f.resume); err != nil {
			return fatal(stderr, "read --resume %s: %v", f.resume, err)
		}
		log.Info("resuming", "report", f.resume, "rows done", len(resume))
	}
	// The outputs are created only now, so a run that cannot start
	// leaves no empty report behind.
	out, err := openOutputs(f, reportFile, src)
	if err != nil {
		return fatal(stderr, "%v", err)
	}
	defer out.close()
	if f.report == "" && f.resume == "" && out.reportPath != defaultReportPath(path) {
		log.Info("the report of an earlier import is kept as it is; this run's report goes to another file",
			"kept", defaultReportPath(path), "report", out.reportPath)
	}
	progress := &importer.Progress{}
	cfg := importer.Config{
		Source: src,
		Validator: validate.New(validate.Options{
			ExpectedKeys:   sample.keys,
			Columns:        src.Columns(),
			AllowDomains:   f.allowDomains,
			LenientNumbers: f.lenientNumbers,
			NullValues:     f.nullValues,
		}),
		Report:    out.report,
		Sender:    senderOf(remote),
		Rejects:   out.rejects,
		Summary:   summary,
		BatchSize: f.batchSize,
		Workers:   f.workers,
		Stop:      sig.first.Done(),
		Progress:  progress,

		Fingerprints: remote != nil,
		Workspace:    workspaceID,
		Resume:       resume,
	}

	stopProgress := startProgress(f.progress, stderr, st.Size(), progress)
	runErr := importer.Run(ctx, cfg)
	stopProgress()
	warnKeys(src, f, path, log)
	summary.Finished = time.Now()
	if summary.Changed > 0 && summary.Resumed == 0 {
		log.Warn("no row that the resumed report shows done matches this workspace and file: the report was written for another workspace, or for another file, so every row was checked and sent unless its customer exists",
			"report", f.resume, "rows", summary.Changed)
	} else if summary.Changed > 0 {
		log.Warn("rows that the resumed report shows done have changed since, so they were checked again: a row with an id, domain, external id or Slack channel id is matched to its customer (which keeps its old values with --on-existing skip), and a row with none of them is created anew",
			"count", summary.Changed, "rows", formatRows(summary.ChangedRows))
	}
	if remote != nil && remote.Keyless() > 1 {
		verb := "were sent"
		if f.dryRun {
			verb = "would be sent"
		}
		log.Warn("rows with no id, domain, external id or Slack channel id "+verb+"; a re-run recognises them only while their content and row numbers stay the same",
			"count", remote.Keyless())
	}
	if remote != nil {
		summary.Requests = int(dest.requests.Load())
		stats := dest.pacer.Stats()
		summary.RateLimitedAnswers = int(stats.Pauses)
		summary.RateLimitWaitSeconds = stats.HeldBack.Seconds()
		if err := remote.Fatal(); err != nil && runErr == nil {
			log.Error("sending stopped", "err", err)
		}
	}
	if unknown := unknownColumns(src); len(unknown) > 0 {
		summary.UnknownColumns = unknown
	}
	if names := unresolvedColumns(src); !f.online() && len(names) > 0 {
		log.Warn("the names in these columns were not looked up, because no workspace was given; add --to URL or --to local:PATH to the dry run to check that each names a user, status or tier",
			"columns", strings.Join(names, ", "))
	}
	return finish(f, out, summary, runErr, stderr, log)
}

// unresolvedColumns returns the input's owner, status and tier columns,
// whose names only a workspace can resolve.
func unresolvedColumns(src *parse.Reader) []string {
	cols := src.Columns()
	var out []string
	for _, f := range []record.Field{record.FieldOwner, record.FieldStatus, record.FieldTier} {
		if cols[f] != "" {
			out = append(out, cols[f])
		}
	}
	return out
}

// unknownColumns returns the input's columns that map to no field, less
// the error column that a rejects file adds: a fixed rejects file is
// imported again as it is.
func unknownColumns(src *parse.Reader) []string {
	var out []string
	for _, c := range src.Unknown() {
		if !isRejectsColumn(c) {
			out = append(out, c)
		}
	}
	return out
}

// isRejectsColumn reports whether name is the column or key that a
// rejects file adds for the reason a row did not go through.
func isRejectsColumn(name string) bool {
	return name == "error" || name == "custimport_error"
}

// logTiers logs the tiers the run created, or that a dry run would create.
func logTiers(dir *resolve.Directory, log *slog.Logger) {
	for _, t := range dir.CreatedTiers() {
		log.Info("created tier", "name", t.Name, "id", t.ID)
	}
	if planned := dir.PlannedTiers(); len(planned) > 0 {
		log.Info("a real run would create tiers", "names", strings.Join(planned, ", "))
	}
}

// maxSnapshotPages bounds the copy of a workspace's customers that an
// import holds: 400 pages of 250 customers, tens of megabytes.
const maxSnapshotPages = 400

// fileSample is an estimate, from the first 64 KiB of the input, of the
// number of records and keys (ids, domains, external ids and Slack
// channel ids) in the whole file. Zero means unknown.
type fileSample struct {
	records, keys int
}

// sampleFile reads the first 64 KiB of the file as the run will, counts
// its records and their keys, and scales the counts by the file's size.
// The key count sizes the table that finds keys repeated across rows,
// which otherwise grows by doubling, with the old and new tables both in
// memory for a moment. The record count bounds the snapshot of existing
// customers.
func sampleFile(f *os.File, size int64, opts parse.Options) fileSample {
	const sample = 64 << 10
	head := make([]byte, sample)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	opts.DeferMapping = false
	rd, err := parse.NewReader(bytes.NewReader(head), opts)
	if err != nil || n == 0 {
		return fileSample{}
	}
	v := validate.New(validate.Options{})
	records, keys := 0, 0
	for {
		rec, err := rd.Read()
		if err != nil {
			break
		}
		records++
		in := v.Row(rec.Row, &rec.Raw, nil).Input
		keys += len(in.Domains.Value()) + len(in.ExternalIDs.Value())
		if in.ID.IsSet() {
			keys++
		}
		if in.SlackChannelID.IsSet() {
			keys++
		}
	}
	// A tenth more, for files whose later rows are shorter or carry
	// more keys.
	scale := 1.1 * float64(size) / float64(n)
	return fileSample{
		records: int(min(float64(records)*scale, 1<<30)),
		keys:    int(min(float64(keys)*scale+1000, 16<<20)),
	}
}

// senderOf keeps a nil *Remote from becoming a non-nil Sender.
func senderOf(r *importer.Remote) importer.Sender {
	if r == nil {
		return nil
	}
	return r
}

// preflight checks the key and the workspace before any row is sent.
func preflight(ctx context.Context, d *destination) (linear.Access, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	access, err := d.client.Preflight(ctx)
	if err != nil {
		return access, fmt.Errorf("%s: %w", d.label, err)
	}
	return access, nil
}

func (f *importFlags) parseOptions(path string) (parse.Options, error) {
	delim, _ := f.delimiterRune()
	opts := parse.Options{
		Format:    f.format,
		Delimiter: delim,
		Encoding:  f.encoding,
		Name:      filepath.Base(path),
		Map:       map[string]string{},
		// The importer maps cells onto fields on its checking goroutines.
		DeferMapping: true,
	}
	if f.mapping != "" {
		mf, err := os.Open(f.mapping)
		if err != nil {
			return opts, fmt.Errorf("read --mapping: %w", err)
		}
		defer mf.Close()
		m, err := parse.LoadMapping(mf)
		if err != nil {
			return opts, fmt.Errorf("read --mapping %s: %w", f.mapping, err)
		}
		for k, v := range m {
			opts.Map[k] = v
		}
	}
	for _, kv := range f.maps {
		header, field, ok := strings.Cut(kv, "=")
		if !ok {
			return opts, fmt.Errorf("invalid --map %q: write it as 'Header=field', or 'Header=' to ignore the column", kv)
		}
		opts.Map[header] = strings.TrimSpace(field)
	}
	return opts, nil
}

// finish writes the summary and returns the exit status.
func finish(f *importFlags, out *outputs, summary *reports.Summary, runErr error, stderr io.Writer, log *slog.Logger) int {
	interrupted := errors.Is(runErr, importer.ErrInterrupted) || errors.Is(runErr, context.Canceled)
	summary.Interrupted = interrupted
	summary.StoppedAtOnce = errors.Is(runErr, context.Canceled)
	if err := out.flush(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil && !interrupted {
		summary.Error = runErr.Error()
	}
	summary.WriteText(stderr)
	fmt.Fprintf(stderr, "  report: %s\n", out.reportPath)
	if f.rejects != "" {
		fmt.Fprintf(stderr, "  rejects: %s\n", f.rejects)
	}
	if f.summaryJSON != "" {
		if err := writeFileWith(f.summaryJSON, summary.WriteJSON); err != nil {
			log.Error("write summary", "path", f.summaryJSON, "err", err)
		}
	}
	if f.html != "" {
		if err := writeHTML(f.html, out.reportPath, summary); err != nil {
			log.Error("write HTML page", "path", f.html, "err", err)
		} else {
			fmt.Fprintf(stderr, "  page: %s\n", f.html)
		}
	}
	switch {
	case interrupted:
		return 130
	case runErr != nil && summary.Created+summary.Updated > 0:
		// The rows before the damage reached the workspace: the report
		// has them, and --resume skips them once the file is repaired.
		// The summary above contains runErr, so the log line only explains it.
		log.Error("the file could be read only up to the error above; the rows before it were imported and are in the report, and nothing after it was read")
		return 1
	case runErr != nil:
		log.Error("import stopped at the error above")
		return 2
	}
	return summary.ExitCode()
}

func writeFileWith(path string, write func(io.Writer) error) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(file); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
