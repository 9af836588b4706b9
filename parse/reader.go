// Package parse streams customer records out of CSV, TSV, JSON array and
// NDJSON files without holding a whole file in memory.
//
// It reports only problems of reading (cell counts, quotes, encodings,
// JSON syntax, duplicate keys); the values themselves are checked by
// package validate.
//
// # Columns
//
// Column headers and JSON keys are matched to targets (record.Field)
// ignoring case, spaces, underscores, hyphens, dots, other punctuation
// and a trailing "*", so "External IDs", "external_ids" and "Name*" all
// match. Besides each target's own name, the column names of common CRM
// exports are known: HubSpot, Salesforce (Data Loader and reports),
// Pipedrive, Intercom, Zendesk, Attio and Zoho. Options.Map overrides them:
// a column that it maps to a target wins over one that matches the same
// target by name, which is then left out (see [Reader.Overridden]).
//
// A bare "id" column is the Linear customer id only when written in lower
// case, as the API names it. Written "Id" or "ID", as Salesforce's Data
// Loader does, it is a CRM record id and goes to externalIds.
//
// Columns that hold something else under a familiar name are never mapped
// without Options.Map: Total Revenue, Recent Deal Amount, Monthly Spend,
// Estimated ARR, Employee range and PhotoUrl.
package parse

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"custimport/record"
)

// Options configures a [Reader]. The zero value detects everything.
type Options struct {
	// Format is "csv", "tsv", "json" (a top-level array) or "ndjson";
	// empty detects it from Name's extension and then from the content.
	Format string
	// Delimiter is the CSV cell delimiter, an ASCII character. 0 takes it
	// from a first line such as "sep=;", which Excel writes and reads, and
	// otherwise detects comma, semicolon, tab or pipe from the header line.
	// A separator line is skipped either way, and the header after it is
	// still row 1.
	Delimiter rune
	// Encoding names the file's character encoding, such as
	// "windows-1252" or "iso-8859-1"; empty means UTF-8. A byte order
	// mark (UTF-8, UTF-16 LE or BE) overrides it.
	Encoding string
	// Map maps a header or JSON key as written to a target name
	// (record.Field's String form, such as "externalIds"); an empty
	// target ignores the column. It overrides the built-in names.
	Map map[string]string
	// Name is the file name, used to detect the format by extension
	// (.csv, .tsv, .txt, .json, .ndjson, .jsonl) and in messages.
	Name string
	// DeferMapping makes Read return CSV records before their cells are
	// mapped onto Raw, for the caller to map them with Reader.Map on
	// other goroutines. Read itself then does about a third of the work,
	// measured on a 12-column file.
	DeferMapping bool
}

// Record is one record of the file. Records, their cells and their text
// are carved from blocks shared with neighbouring records, so keeping
// one Record keeps its block (up to 256 records) in memory.
type Record struct {
	// Row is the record's number as people count it. For CSV and TSV it
	// is the spreadsheet row: the header is row 1 and every record
	// counts, blank ones too. For a JSON array it is the element's index
	// from 1, and for NDJSON the line number.
	Row int
	// Line is the physical line (from 1) where the record starts.
	Line int
	// Raw holds the record's values by target.
	Raw record.Raw
	// Cells holds a CSV record's cells as read, beyond the header's width
	// too; nil for JSON.
	Cells []string
	// Text holds a JSON record's original text; nil for CSV. It must not
	// be modified, because the strings in Raw share its memory.
	Text []byte
	// Skip is non-empty when the record is not a customer: SkipBlank or
	// SkipFooter. Such records have no Errs.
	Skip string
	// Errs lists the problems found while reading the record.
	Errs []record.FieldError

	unmapped bool // Raw awaits Reader.Map
}

// Reader reads records from one file.
type Reader struct {
	in     *input
	format string
	plan   *columnPlan // CSV only
	csv    *csvReader  // CSV only
	keys   *keyMapper  // JSON only
	mapper *mapper     // for UnusedMappings
	next   func() (*Record, error)
	name   string // for messages
	err    error  // the error that ended the file
}

// NewReader detects the encoding, format and delimiter of the file in r
// and, for CSV, reads the header. It returns a *FileError for a file that
// cannot be used at all. That is an empty file, an unknown encoding or
// format, or a mapping to an unknown target. For CSV it is also two
// columns that map to one target, or no column that maps to name.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	m, err := newMapper(opts.Map)
	if err != nil {
		return nil, &FileError{Name: opts.Name, Msg: err.Error()}
	}
	in, err := openInput(r, opts)
	if err != nil {
		return nil, err
	}
	if err := checkText(in.src, opts.Name); err != nil {
		return nil, err
	}
	format, err := detectFormat(opts, in.src)
	if err != nil {
		return nil, err
	}
	name := opts.Name
	if name == "" {
		name = "input"
	}
	rd := &Reader{in: in, format: format, name: name, mapper: m}
	if format == FormatJSON || format == FormatNDJSON {
		err = rd.startJSON(opts, m)
	} else {
		err = rd.startCSV(opts, m)
	}
	if err != nil {
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) startJSON(opts Options, m *mapper) error {
	if firstByte(rd.in.src) == 0 {
		return rd.readError(opts.Name, rd.in.src.endErr())
	}
	rd.keys = newKeyMapper(m)
	dec := &jsonDecoder{keys: rd.keys, array: rd.format == FormatJSON}
	if rd.format == FormatNDJSON {
		rd.next = (&ndjsonReader{src: rd.in.src, dec: dec, line: 1, cutShort: rd.in.endsMidCharacter}).next
	} else {
		rd.next = (&arrayReader{src: rd.in.src, dec: dec, name: opts.Name, oddUTF16: rd.in.oddUTF16}).next
	}
	return nil
}

func (rd *Reader) startCSV(opts Options, m *mapper) error {
	sep := skipSepLine(rd.in.src)
	delim, err := pickDelimiter(opts, rd.in.src, rd.format, sep)
	if err != nil {
		return err
	}
	rd.format = FormatCSV
	if delim == '\t' {
		rd.format = FormatTSV
	}
	sc := newCSVScanner(rd.in.src, delim)
	if sep != 0 {
		sc.line = 2 // the header follows the separator line
	}
	header, err := sc.next()
	if err != nil {
		return rd.readError(opts.Name, err)
	}
	if err := checkHeader(header); err != nil {
		return &FileError{Name: opts.Name, Line: header.line, Msg: err.Error()}
	}
	if rd.plan, err = newColumnPlan(header.cells, m); err != nil {
		return &FileError{Name: opts.Name, Line: header.line, Msg: err.Error()}
	}
	rd.csv = newCSVReader(sc, rd.plan, opts.DeferMapping)
	rd.csv.cutShort = rd.in.endsMidCharacter
	rd.next = rd.csv.next
	return nil
}

// readError turns the end of input or a read error, met before the
// first record, into a FileError.
func (rd *Reader) readError(name string, err error) error {
	switch {
	case err != io.EOF:
		return &FileError{Name: name, Msg: "read the file", Err: err}
	case rd.format == FormatJSON || rd.format == FormatNDJSON:
		return &FileError{Name: name, Msg: "the file is empty"}
	}
	return &FileError{Name: name, Msg: "the file is empty; it needs a header line and rows"}
}

func checkHeader(h rawRecord) error {
	switch {
	case h.tooLong:
		return errors.New("the header line is longer than 16 MiB; is this a CSV file?")
	case h.unclosed != nil:
		return errors.New("a quote in the header never closes; close it or remove it")
	}
	return nil
}

// pickDelimiter returns the delimiter: Options.Delimiter, then tab for
// Options.Format "tsv", then the one that a separator line names (sep,
// or 0 for none), then tab for a file named .tsv, and else the one
// detected in the header line.
func pickDelimiter(opts Options, s *source, format string, sep byte) (byte, error) {
	d := opts.Delimiter
	switch {
	case d < 0 || d >= 0x80 || d == '"' || d == '\r' || d == '\n':
		return 0, &FileError{Name: opts.Name, Msg: "the delimiter " + quote(string(d)) + " cannot be used; use an ASCII character other than a quote or a line break"}
	case d != 0:
		return byte(d), nil
	case strings.EqualFold(opts.Format, FormatTSV):
		return '\t', nil
	case sep != 0:
		return sep, nil
	case format == FormatTSV:
		return '\t', nil
	}
	return detectDelimiter(s), nil
}

// Read returns the next record, or io.EOF after the last one. A record's
// problems are in its Errs. An error from Read ends the file, and later
// calls return it again. It is a read error, or a *FileError when the
// brackets of a JSON array do not match, so its elements cannot be found.
func (rd *Reader) Read() (*Record, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	rec, err := rd.next()
	if err != nil {
		rd.err = rd.endError(err)
		return nil, rd.err
	}
	return rec, nil
}

// Map fills the Raw of the records in recs that Read returned unmapped
// (see Options.DeferMapping), adding to their Errs the problems of
// mapping (cells that are not UTF-8). Records already mapped, and all
// JSON records, are left as they are. Map is safe for concurrent use, on
// different records, with Read and with other calls of Map.
func (rd *Reader) Map(recs []*Record) {
	if rd.csv != nil {
		rd.csv.mapRecords(recs)
	}
}

// endError returns the error that Read reports for err, which ended the
// file: a read error is wrapped with the file's name.
func (rd *Reader) endError(err error) error {
	var fe *FileError
	if err == io.EOF || errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("read %s: %w", rd.name, err)
}

// Format returns "csv", "tsv" (CSV with tab as the delimiter), "json" or
// "ndjson".
func (rd *Reader) Format() string { return rd.format }

// Header returns a CSV file's header cells as written, without a byte
// order mark; nil for JSON. The caller must not modify it.
func (rd *Reader) Header() []string {
	if rd.plan == nil {
		return nil
	}
	return rd.plan.header
}

// Columns returns, per target, the column header (CSV) or the JSON key
// that fills it, as written; "" for none. For JSON that is the first key
// read so far, or the key that the user's mapping names once one is read. Bytes that are
// not UTF-8 are shown as \xNN.
func (rd *Reader) Columns() [record.NumFields]string {
	var cols [record.NumFields]string
	if rd.keys != nil {
		return rd.keys.columns
	}
	for f, i := range rd.plan.columns {
		if i >= 0 {
			cols[f] = showBytes(rd.plan.header[i])
		}
	}
	return cols
}

// Unknown returns the non-blank column headers (CSV, all known after
// NewReader) or top-level JSON keys (those read so far, at most 50) that
// map to no target and were not ignored by Options.Map, in the order
// first seen.
func (rd *Reader) Unknown() []string {
	if rd.keys != nil {
		names := make([]string, len(rd.keys.unknown))
		for i, k := range rd.keys.unknown {
			names[i] = k.Name
		}
		return names
	}
	return append([]string(nil), rd.plan.unknown...)
}

// UnknownKeys returns the top-level JSON keys read so far that map to no
// target and were not ignored by Options.Map, in the order first seen,
// with how many records had each. It keeps at most 50 keys, and more
// reports whether records had other such keys beyond those. For CSV it
// returns nil and false: Unknown lists its columns. Like Read, it must
// not run at the same time as Read.
func (rd *Reader) UnknownKeys() (keys []UnknownKey, more bool) {
	if rd.keys == nil {
		return nil, false
	}
	return append([]UnknownKey(nil), rd.keys.unknown...), rd.keys.moreUnknown
}

// Overridden returns the CSV columns that match a target by their name
// but are not imported, because Options.Map maps another column to that
// target, in the order found. It returns nil for JSON.
func (rd *Reader) Overridden() []OverriddenColumn {
	if rd.plan == nil {
		return nil
	}
	return append([]OverriddenColumn(nil), rd.plan.overridden...)
}

// UnusedMappings returns the headers of Options.Map, sorted, that match
// no column of a CSV file (all known after NewReader), or no top-level
// key of the JSON records read so far. Like Read, it must not run at the
// same time as Read.
func (rd *Reader) UnusedMappings() []string {
	return rd.mapper.unused()
}

// Offset returns how many bytes of the input have been consumed, for a
// progress bar. It runs ahead of the records returned so far by what is
// read ahead: up to 256 CSV rows, and for a decoded encoding (UTF-16, or
// Options.Encoding) up to a read buffer of 64 KiB more.
func (rd *Reader) Offset() int64 {
	if rd.in.decoded {
		return rd.in.count.n
	}
	return int64(rd.in.bomLen) + rd.in.src.pos()
}
