package main

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"custimport/parse"
)

// maxListedColumns bounds the columns or keys that one warning lists.
const maxListedColumns = 40

// warnHeader logs what a CSV file's header leaves out of the import:
// columns that match no field, columns that match a field by name but
// lose it to a --map or --mapping entry, and --map entries that name no
// column. JSON keys are known only once the records are read, so
// warnKeys logs them after the run.
func warnHeader(src *parse.Reader, f *importFlags, log *slog.Logger) {
	if src.Header() == nil {
		return
	}
	if unknown := unknownColumns(src); len(unknown) > 0 {
		log.Warn("ignoring columns that match no customer field; map them with --map 'Header=field' if they should be imported",
			"columns", strings.Join(unknown, ", "))
	}
	if over := src.Overridden(); len(over) > 0 {
		log.Warn("ignoring columns that match a field by name, because --map or --mapping maps another column to that field; map them with --map 'Header=field' to import them into another field",
			"columns", overriddenList(over))
	}
	if unused := unusedMapFlags(src, f); len(unused) > 0 {
		log.Warn("--map names columns that the file does not have, so those mappings do nothing; check their spelling against the file's columns",
			"unmatched", strings.Join(unused, ", "), "header", listNames(nonBlank(src.Header())))
	}
}

// warnKeys logs, after a JSON file was read, the top-level keys that
// match no field, a key that seems to wrap the records, and --map
// entries that name no key.
func warnKeys(src *parse.Reader, f *importFlags, path string, log *slog.Logger) {
	if src.Header() != nil {
		return
	}
	keys, more := src.UnknownKeys()
	// The error key of a rejects file is left out, as its column is.
	keys = slices.DeleteFunc(keys, func(k parse.UnknownKey) bool { return isRejectsColumn(k.Name) })
	if len(keys) > 0 {
		log.Warn("ignoring keys that match no customer field; map them with --map 'key=field' if they should be imported",
			"keys", unknownKeyList(keys, more))
	}
	for _, k := range keys {
		if k.ObjectList {
			log.Warn("the records seem to be inside a key: the first record has no name, and this key contains a list of objects; take the objects out and import the result, for example with the command shown",
				"key", k.Name, "row", k.FirstRow, "command", unwrapCommand(src.Format(), k.Name, path))
		}
	}
	if unused := unusedMapFlags(src, f); len(unused) > 0 {
		log.Warn("--map names keys that no record has, so those mappings do nothing; check their spelling against the keys of the file",
			"unmatched", strings.Join(unused, ", "), "keys", listNames(jsonKeys(src)))
	}
}

// overriddenList formats columns that lost their field to a mapping.
func overriddenList(over []parse.OverriddenColumn) string {
	parts := make([]string, len(over))
	for i, o := range over {
		parts[i] = fmt.Sprintf("%s (its field %s goes to %s)", o.Column, o.Target, o.MappedFrom)
	}
	return strings.Join(parts, ", ")
}

// unknownKeyList formats unknown JSON keys with the number of records
// that have each and the row of the first.
func unknownKeyList(keys []parse.UnknownKey, more bool) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		records := "1 record"
		if k.Records != 1 {
			records = fmt.Sprintf("%d records", k.Records)
		}
		parts[i] = fmt.Sprintf("%s (%s, first in row %d)", k.Name, records, k.FirstRow)
	}
	list := strings.Join(parts, ", ")
	if more {
		list += ", and more keys not listed"
	}
	return list
}

// unusedMapFlags returns the headers of --map flags that match no column
// or key. Entries of a --mapping file are left out: such a file may list
// the columns of several exports, so a missing one is expected.
func unusedMapFlags(src *parse.Reader, f *importFlags) []string {
	var out []string
	for _, header := range src.UnusedMappings() {
		if slices.ContainsFunc(f.maps, func(kv string) bool {
			h, _, _ := strings.Cut(kv, "=")
			return h == header
		}) {
			out = append(out, header)
		}
	}
	return out
}

func nonBlank(names []string) []string {
	var out []string
	for _, n := range names {
		if strings.TrimSpace(n) != "" {
			out = append(out, n)
		}
	}
	return out
}

// jsonKeys returns the top-level keys read so far: those that fill a
// field, then those that match none.
func jsonKeys(src *parse.Reader) []string {
	var out []string
	for _, c := range src.Columns() {
		if c != "" {
			out = append(out, c)
		}
	}
	return append(out, src.Unknown()...)
}

// listNames joins names for a log line, at most maxListedColumns of them.
func listNames(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	listed := names[:min(len(names), maxListedColumns)]
	list := strings.Join(listed, ", ")
	if len(names) > len(listed) {
		list += fmt.Sprintf(", and %d more", len(names)-len(listed))
	}
	return list
}

var jqIdentifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// unwrapCommand returns a jq command that writes the objects listed under
// key, one per line, to an NDJSON file beside path. In a JSON array the
// key is looked up in every element.
func unwrapCommand(format, key, path string) string {
	field := "." + key
	if !jqIdentifier.MatchString(key) {
		field = fmt.Sprintf(".[%q]", key)
	}
	program := field + "[]"
	if format == parse.FormatJSON {
		program = ".[]" + program
	}
	out := strings.TrimSuffix(path, filepath.Ext(path)) + "-records.ndjson"
	return "jq -c " + shellQuote(program) + " " + shellQuote(path) + " > " + shellQuote(out)
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and a few safe punctuation marks.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
