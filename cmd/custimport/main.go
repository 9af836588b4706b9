// Command custimport moves customer records from exported spreadsheets
// (CSV, TSV, UTF-16 text, JSON, NDJSON) into a Linear workspace.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	stop := startCPUProfile(os.Getenv("CUSTIMPORT_CPUPROFILE"))
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// startCPUProfile writes a CPU profile to path until the returned function
// is called; an empty path profiles nothing. Benchmarks use it to find
// where a run spends its time.
func startCPUProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "custimport: CUSTIMPORT_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "custimport: CUSTIMPORT_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// run dispatches to a subcommand and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	ctx, sig := newSignals()
	defer sig.close()
	switch cmd, rest := args[0], args[1:]; cmd {
	case "import":
		return runImport(ctx, sig, rest, stdout, stderr, false)
	case "validate":
		return runImport(ctx, sig, rest, stdout, stderr, true)
	case "serve":
		return runServe(sig.first, rest, stdout, stderr)
	case "export":
		return runExport(sig.first, rest, stdout, stderr)
	case "report":
		return runReport(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "custimport %s\n", versionString())
		return 0
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return run(append(rest[:1:1], "--help"), stdout, stderr)
		}
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "custimport: unknown command %q; run 'custimport help'\n", cmd)
		return 2
	}
}

// versionString returns the version set at build time, or else the module
// version and commit that the Go toolchain recorded in the binary.
func versionString() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	v := info.Main.Version
	commit, modified := "", false
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision" && len(s.Value) >= 12:
			commit = s.Value[:12]
		case s.Key == "vcs.modified":
			modified = s.Value == "true"
		}
	}
	switch {
	case commit != "" && modified:
		v += " (commit " + commit + ", with uncommitted changes)"
	case commit != "":
		v += " (commit " + commit + ")"
	case v == "(devel)":
		v += "; this build records no version: build it from a git checkout with -buildvcs=auto, or with -ldflags '-X main.version=VERSION'"
	}
	return v
}

func usage(w io.Writer) {
	fmt.Fprint(w, `custimport moves customer records from spreadsheets into a Linear workspace.

Usage:
  custimport import [flags] FILE     import FILE (add --dry-run to only check it)
  custimport validate [flags] FILE   check FILE and write the report; sends nothing
  custimport serve [flags]           run a local Linear-compatible workspace
  custimport export --from URL|local:PATH --out FILE.csv|FILE.jsonl
                                     write every customer of a workspace to a file
  custimport report REPORT.jsonl --html PATH
                                     build an HTML page from a run's report
  custimport version                 print the version

Run 'custimport help COMMAND' for a command's flags.
`)
}

// signals turns SIGINT and SIGTERM into two stages: the first closes
// graceful (stop reading, finish in-flight work, write the report), the
// second cancels hard (stop at once after flushing what is known).
type signals struct {
	first      context.Context // cancelled by the first signal
	stopFirst  context.CancelFunc
	hard       context.Context // cancelled by the second signal
	cancelHard context.CancelFunc
	ch         chan os.Signal
	done       chan struct{}
}

func newSignals() (context.Context, *signals) {
	hard, cancelHard := context.WithCancel(context.Background())
	first, stopFirst := context.WithCancel(hard)
	s := &signals{
		first:      first,
		stopFirst:  stopFirst,
		hard:       hard,
		cancelHard: cancelHard,
		ch:         make(chan os.Signal, 2),
		done:       make(chan struct{}),
	}
	signal.Notify(s.ch, os.Interrupt, syscall.SIGTERM)
	go s.loop()
	return hard, s
}

func (s *signals) loop() {
	count := 0
	for {
		select {
		case <-s.ch:
			count++
			if count == 1 {
				s.stopFirst()
				continue
			}
			s.cancelHard()
		case <-s.done:
			return
		}
	}
}

func (s *signals) close() {
	signal.Stop(s.ch)
	close(s.done)
	s.cancelHard()
}
