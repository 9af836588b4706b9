package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// stringList is a flag that may be given several times.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }

func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// parseInterleaved parses flags that may come before or after the
// positional arguments (custimport import FILE --dry-run), and returns the
// positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlagSet returns a FlagSet that prints nothing by itself: flagError
// prints the full flag list for -h or --help and one line for any other
// parsing error.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagError turns a flag parsing error into an exit status: 0 after
// printing the flags for --help, 2 after a one-line message otherwise.
func flagError(err error, fs *flag.FlagSet, synopsis string, stdout, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "Usage: custimport %s\n\nFlags:\n", synopsis)
		printFlags(stdout, fs)
		return 0
	}
	fmt.Fprintf(stderr, "custimport %s: %s (run 'custimport help %s' for the flags)\n", fs.Name(), flagMessage(err, fs), fs.Name())
	return 2
}

// printFlags lists the flags of fs as flag.PrintDefaults does, but with
// the two dashes that the README and the messages use.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		switch getter, _ := f.Value.(flag.Getter); {
		case f.DefValue == "" || f.DefValue == "0" || f.DefValue == "false":
		case getter != nil && isString(getter.Get()):
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		default:
			line += " (default " + f.DefValue + ")"
		}
		fmt.Fprintln(w, line)
	})
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// flagMessage rewords the flag package's errors with the flags' names as
// people type them (--workers, not -workers) and a reason in plain words.
func flagMessage(err error, fs *flag.FlagSet) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag --" + strings.TrimPrefix(name, "-")
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "--" + strings.TrimPrefix(name, "-") + " needs a value"
	}
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		rest, ok = strings.CutPrefix(msg, "invalid boolean value ")
	}
	if !ok {
		return msg
	}
	rest = strings.Replace(rest, " for -", " for flag -", 1)
	i := strings.LastIndex(rest, " for flag -")
	if i < 0 {
		return msg
	}
	value, after := rest[:i], rest[i+len(" for flag -"):]
	name, reason, _ := strings.Cut(after, ": ")
	name = strings.TrimPrefix(name, "-")
	switch f := fs.Lookup(name); {
	case reason == "value out of range":
		reason = "out of range"
	case f != nil && reason == "parse error":
		reason = expectedValue(f)
	}
	return "--" + name + " " + value + ": " + reason
}

// expectedValue describes the values that built-in flag f accepts.
func expectedValue(f *flag.Flag) string {
	getter, ok := f.Value.(flag.Getter)
	if !ok {
		return "invalid value"
	}
	switch getter.Get().(type) {
	case bool:
		return "not true or false"
	case int, int64, uint, uint64:
		return "not a whole number"
	case float64:
		return "not a number"
	case time.Duration:
		return "not a duration such as 500ms or 2s"
	}
	return "invalid value"
}
