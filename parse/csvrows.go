package parse

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"custimport/record"
)

// chunkRows is how many rows are read ahead and mapped by one gocsv call.
// Each call matches the header against rawRow's fields anew, which costs
// about as much as mapping a few rows; a chunk pays it once.
const chunkRows = 256

// csvReader turns tokenized records into Records. It reads up to
// chunkRows records ahead and maps their cells onto record.Raw with gocsv
// in one call, then hands them out one at a time. With deferred set it
// leaves the mapping to Reader.Map.
type csvReader struct {
	sc       *csvScanner
	plan     *columnPlan
	row      int         // row number of the last record read; the header is row 1
	sawBlank bool        // a blank record was seen, so report footers may follow
	deferred bool        // leave Raw unset for Reader.Map
	cutShort func() bool // input.endsMidCharacter, or nil

	queue []*Record // records ready to return
	head  int
	err   error // returned once the queue is empty

	targets []record.Field // the targets in the gocsv header, in order
	header  []string       // their names: the gocsv header
	scratch sync.Pool      // of *cellMapper
}

func newCSVReader(sc *csvScanner, plan *columnPlan, deferred bool) *csvReader {
	c := &csvReader{
		sc:       sc,
		plan:     plan,
		row:      1,
		deferred: deferred,
		queue:    make([]*Record, 0, chunkRows),
	}
	for f, col := range plan.columns {
		// With gocsv.FailIfUnmatchedStructTags set, gocsv rejects a
		// header that lacks any of rawRow's fields, so all are named.
		if col >= 0 || gocsv.FailIfUnmatchedStructTags {
			c.targets = append(c.targets, record.Field(f))
			c.header = append(c.header, record.Field(f).String())
		}
	}
	return c
}

func (c *csvReader) next() (*Record, error) {
	if c.head == len(c.queue) && c.err == nil {
		c.readChunk()
	}
	if c.head < len(c.queue) {
		rec := c.queue[c.head]
		c.queue[c.head] = nil
		c.head++
		return rec, nil
	}
	return nil, c.err
}

// readChunk reads up to chunkRows records and, unless deferred, maps them.
func (c *csvReader) readChunk() {
	c.queue = c.queue[:0]
	c.head = 0
	for len(c.queue) < chunkRows {
		raw, err := c.sc.next()
		if err != nil {
			c.err = err
			break
		}
		c.queue = append(c.queue, c.build(raw))
	}
	if !c.deferred {
		c.mapRecords(c.queue)
	}
}

// mapRecords fills the Raw of each record in recs that awaits it. It is
// safe for concurrent use on different records.
func (c *csvReader) mapRecords(recs []*Record) {
	m, _ := c.scratch.Get().(*cellMapper)
	if m == nil {
		m = &cellMapper{c: c}
	}
	for len(recs) > 0 {
		n := min(len(recs), chunkRows)
		m.mapChunk(recs[:n])
		recs = recs[n:]
	}
	c.scratch.Put(m)
}

// build checks one tokenized record and queues its mapped cells for gocsv.
func (c *csvReader) build(raw rawRecord) *Record {
	c.row++
	rec := c.sc.mem.record()
	rec.Row, rec.Line, rec.Cells = c.row, raw.line, raw.cells
	switch {
	case c.cutShort != nil && c.cutShort():
		// The last record: report the lost character, not what it did
		// to the record, such as a missing cell.
		trimReplacement(raw.cells)
		rec.Errs = append(rec.Errs, midCharacterError(fmt.Sprintf("row %d", c.row)))
		rec.unmapped = true
		return rec
	case raw.tooLong:
		rec.Errs = append(rec.Errs, record.FieldError{
			Code:    CodeRecordTooLong,
			Message: fmt.Sprintf("row %d, starting on line %d, is longer than 16 MiB, so it was not read; check the file for a quote that never closes", c.row, raw.line),
		})
		return rec
	case allBlank(raw.cells) && raw.unclosed == nil:
		rec.Skip = SkipBlank
		c.sawBlank = true
		return rec
	case c.sawBlank && isFooter(raw.cells) && raw.unclosed == nil:
		rec.Skip = SkipFooter
		return rec
	case isTotals(raw.cells) && raw.unclosed == nil:
		rec.Skip = SkipTotals
		return rec
	}
	if raw.unclosed != nil {
		rec.Errs = append(rec.Errs, c.unclosedError(raw))
	} else {
		c.checkCount(rec)
	}
	c.checkBlankHeaders(rec)
	rec.unmapped = true
	return rec
}

// trimReplacement removes the U+FFFD that ends the last cell, which the
// UTF-16 decoder wrote for the half character that ends the input.
func trimReplacement(cells []string) {
	if n := len(cells); n > 0 {
		cells[n-1] = strings.TrimSuffix(cells[n-1], "\uFFFD")
	}
}

// midCharacterError reports the record that a UTF-16 file with an odd
// number of bytes ends in. place names the record, such as "row 7".
func midCharacterError(place string) record.FieldError {
	return record.FieldError{
		Code:    CodeIncompleteCharacter,
		Message: place + ": the file ends in the middle of a UTF-16 character (it has an odd number of bytes), so the end of this record is lost and the file was probably cut short; export or copy the file again",
	}
}

// cellCount returns the number of a row's cells with the noun, for messages.
func cellCount(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return fmt.Sprintf("%d cells", n)
}

func (c *csvReader) unclosedError(raw rawRecord) record.FieldError {
	q := raw.unclosed
	value := ""
	if q.cell < len(raw.cells) {
		value = raw.cells[q.cell]
	}
	if q.textAfter && q.closeAt >= 0 && q.closeAt < len(value) {
		return c.textAfterQuoteError(q, value)
	}
	return record.FieldError{
		Code: CodeUnclosedQuote,
		Message: fmt.Sprintf("row %d: the quote that opens %s on line %d never closes, so the row was read only to the end of that line; close the quote, or double it (\"\") if it is part of the text",
			c.row, c.plan.columnName(q.cell), q.line),
		Value: showBytes(value),
	}
}

// textAfterQuoteError reports a quoted cell whose quote closes with text
// after it, such as "Acme" Robotics. That quote then counts as text, so
// the cell runs on and never closes. value is the cell as read.
func (c *csvReader) textAfterQuoteError(q *quoteStart, value string) record.FieldError {
	inside := value[:q.closeAt]
	after := value[q.closeAt+1:]
	if end := strings.IndexByte(after, c.sc.delim); end >= 0 {
		after = after[:end]
	}
	msg := fmt.Sprintf("row %d: the quote that opens %s on line %d closes after %s, but the text %s follows it, so the cell does not end there and the row was read only to the end of that line; if the quotes belong to the value, double each of them and quote the whole cell",
		c.row, c.plan.columnName(q.cell), q.line, quote(inside), quote(after))
	if example := `"` + strings.ReplaceAll(`"`+inside+`"`+after, `"`, `""`) + `"`; len(example) <= 80 {
		msg += " (" + controlShown.Replace(showBytes(example)) + ")"
	}
	return record.FieldError{
		Code:    CodeUnclosedQuote,
		Message: msg + ", otherwise remove them",
		Value:   showBytes(value),
	}
}

// checkCount reports a short row and values in cells beyond the header.
func (c *csvReader) checkCount(rec *Record) {
	n := len(c.plan.header)
	if len(rec.Cells) < n {
		rec.Errs = append(rec.Errs, record.FieldError{
			Code: CodeWrongCellCount,
			Message: fmt.Sprintf("row %d has %s, but the header has %d columns; add the missing cells (empty ones are fine) or quote a cell that contains the delimiter or a line break",
				rec.Row, cellCount(len(rec.Cells)), n),
		})
		return
	}
	for i := n; i < len(rec.Cells); i++ {
		if v := rec.Cells[i]; !isBlank(v) {
			rec.Errs = append(rec.Errs, record.FieldError{
				Code: CodeWrongCellCount,
				Message: fmt.Sprintf("row %d has the value %s in column %d, beyond the %d columns of the header; remove the value, or give its column a header",
					rec.Row, quote(v), i+1, n),
				Value: showBytes(v),
			})
		}
	}
}

// checkBlankHeaders reports values under columns whose header is blank.
func (c *csvReader) checkBlankHeaders(rec *Record) {
	p := c.plan
	for i := 0; i < len(rec.Cells) && i < len(p.header); i++ {
		if v := rec.Cells[i]; p.blank[i] && !isBlank(v) {
			rec.Errs = append(rec.Errs, record.FieldError{
				Code: CodeBlankHeader,
				Message: fmt.Sprintf("row %d has the value %s in column %d, whose header is blank; give the column a name, or remove the value",
					rec.Row, quote(v), i+1),
				Value: showBytes(v),
			})
		}
	}
}

// cellMapper holds what one gocsv call takes and gives, reused from
// chunk to chunk.
type cellMapper struct {
	c       *csvReader
	pending []*Record  // records waiting for their Raw
	rows    [][]string // gocsv header and rows
	cells   []string   // backing array of rows[1:]
	raws    []rawRow
}

// mapChunk fills the Raw of the records in recs that await it with one
// gocsv call. If gocsv rejects the chunk, it maps row by row, so that
// only the failing rows get an error.
func (m *cellMapper) mapChunk(recs []*Record) {
	m.pending = m.pending[:0]
	m.rows = append(m.rows[:0], m.c.header)
	if need := len(recs) * len(m.c.targets); cap(m.cells) < need {
		m.cells = make([]string, need)
	}
	for _, rec := range recs {
		if rec.unmapped {
			rec.unmapped = false
			m.queueCells(rec)
		}
	}
	n := len(m.pending)
	if n == 0 {
		return
	}
	if cap(m.raws) < n {
		m.raws = make([]rawRow, chunkRows)
	}
	raws := m.raws[:n]
	if err := gocsv.UnmarshalDecoder(chunk(m.rows), &raws); err != nil {
		m.mapEach()
		return
	}
	for i, rec := range m.pending {
		raws[i].fill(&rec.Raw, m.c.targets)
	}
	clear(m.pending)
}

func (m *cellMapper) mapEach() {
	for i, rec := range m.pending {
		raws := m.raws[:1]
		rows := chunk{m.rows[0], m.rows[i+1]}
		if err := gocsv.UnmarshalDecoder(rows, &raws); err != nil {
			rec.Errs = append(rec.Errs, record.FieldError{
				Code:    CodeMapFailed,
				Message: fmt.Sprintf("row %d could not be mapped onto its columns: %v", rec.Row, err),
			})
			continue
		}
		raws[0].fill(&rec.Raw, m.c.targets)
	}
	clear(m.pending)
}

// queueCells adds the record's cells as one gocsv row, a cell for each
// target: a target with no column, a missing cell and a cell that is not
// UTF-8 go in empty, which is undefined.
func (m *cellMapper) queueCells(rec *Record) {
	c := m.c
	k := len(m.pending)
	w := len(c.targets)
	row := m.cells[k*w : (k+1)*w : (k+1)*w]
	for j, f := range c.targets {
		row[j] = ""
		col := c.plan.columns[f]
		if col < 0 || col >= len(rec.Cells) {
			continue
		}
		v := rec.Cells[col]
		if !utf8.ValidString(v) {
			rec.Errs = append(rec.Errs, c.utf8Error(rec.Row, col, v))
			continue
		}
		row[j] = v
	}
	m.pending = append(m.pending, rec)
	m.rows = append(m.rows, row)
}

func (c *csvReader) utf8Error(row, col int, v string) record.FieldError {
	f := record.Field(c.plan.target[col])
	return record.FieldError{
		Field: f.String(),
		Code:  CodeInvalidUTF8,
		Message: fmt.Sprintf("row %d, %s: the value %s is not valid UTF-8; the file is probably windows-1252 or ISO-8859-1, so run again with --encoding windows-1252",
			row, c.plan.columnName(col), quote(v)),
		Value: showBytes(v),
	}
}

// rawRow is the struct that gocsv fills: a field for each target, with
// record.Raw's csv tags, holding the cell as written. For each cell gocsv calls
// UnmarshalCSVWithFields with the cell's column name from the chunk's
// header, which is a target name. Setting the field there spares gocsv's
// reflection on every cell, which made reading a 12-column file take
// about 1.7 times as long (BenchmarkReadCSV). Plain strings keep the
// struct small: gocsv allocates two for every row.
type rawRow struct {
	ID                string `csv:"id"`
	Name              string `csv:"name"`
	Domains           string `csv:"domains"`
	AdditionalDomains string `csv:"additionalDomains"`
	Website           string `csv:"website"`
	ExternalIDs       string `csv:"externalIds"`
	SlackChannelID    string `csv:"slackChannelId"`
	Owner             string `csv:"owner"`
	OwnerID           string `csv:"ownerId"`
	Status            string `csv:"status"`
	StatusID          string `csv:"statusId"`
	Revenue           string `csv:"revenue"`
	Size              string `csv:"size"`
	Tier              string `csv:"tier"`
	TierID            string `csv:"tierId"`
	LogoURL           string `csv:"logoUrl"`
	MainSourceID      string `csv:"mainSourceId"`
}

// cell returns the field of r for target f.
func (r *rawRow) cell(f record.Field) *string {
	switch f {
	case record.FieldID:
		return &r.ID
	case record.FieldName:
		return &r.Name
	case record.FieldDomains:
		return &r.Domains
	case record.FieldAdditionalDomains:
		return &r.AdditionalDomains
	case record.FieldWebsite:
		return &r.Website
	case record.FieldExternalIDs:
		return &r.ExternalIDs
	case record.FieldSlackChannelID:
		return &r.SlackChannelID
	case record.FieldOwner:
		return &r.Owner
	case record.FieldOwnerID:
		return &r.OwnerID
	case record.FieldStatus:
		return &r.Status
	case record.FieldStatusID:
		return &r.StatusID
	case record.FieldRevenue:
		return &r.Revenue
	case record.FieldSize:
		return &r.Size
	case record.FieldTier:
		return &r.Tier
	case record.FieldTierID:
		return &r.TierID
	case record.FieldLogoURL:
		return &r.LogoURL
	case record.FieldMainSourceID:
		return &r.MainSourceID
	}
	return nil
}

// UnmarshalCSVWithFields sets the cell of the target named key.
func (r *rawRow) UnmarshalCSVWithFields(key, value string) error {
	f, ok := fieldByName(key)
	if !ok {
		// gocsv passes the header through its normalizer, which a
		// program may have set (gocsv.SetHeaderNormalizer).
		f, ok = ParseTarget(key)
	}
	if !ok {
		return fmt.Errorf("no target is named %q", key)
	}
	*r.cell(f) = value
	return nil
}

// fill sets raw's cells of targets from r with record.Opt's rule that a
// blank cell is undefined.
func (r *rawRow) fill(raw *record.Raw, targets []record.Field) {
	for _, f := range targets {
		if v := *r.cell(f); !isBlank(v) {
			*raw.Cell(f) = record.Some(v)
		}
	}
}

// fieldByName is record.ParseField for the names in a gocsv header,
// which runs for every cell: it picks the candidates by length and first
// letter and compares once, which is faster than a map or a switch on
// the whole name.
func fieldByName(name string) (record.Field, bool) {
	if name == "" {
		return 0, false
	}
	var f record.Field
	switch len(name) {
	case 2:
		f = record.FieldID
	case 4:
		switch name[0] {
		case 'n':
			f = record.FieldName
		case 's':
			f = record.FieldSize
		default:
			f = record.FieldTier
		}
	case 5:
		f = record.FieldOwner
	case 6:
		if name[0] == 's' {
			f = record.FieldStatus
		} else {
			f = record.FieldTierID
		}
	case 7:
		switch name[0] {
		case 'd':
			f = record.FieldDomains
		case 'w':
			f = record.FieldWebsite
		case 'o':
			f = record.FieldOwnerID
		case 'r':
			f = record.FieldRevenue
		default:
			f = record.FieldLogoURL
		}
	case 8:
		f = record.FieldStatusID
	case 11:
		f = record.FieldExternalIDs
	case 12:
		f = record.FieldMainSourceID
	case 14:
		f = record.FieldSlackChannelID
	case 17:
		f = record.FieldAdditionalDomains
	default:
		return 0, false
	}
	return f, f.String() == name
}

// chunk is a gocsv.Decoder over rows already in memory: a header of
// target names, then one row of cells per record.
type chunk [][]string

func (c chunk) GetCSVRows() ([][]string, error) { return c, nil }

// isBlank is record.IsBlank with a fast path for ordinary text.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\v' || b == '\f':
		case b < utf8.RuneSelf:
			return false
		default:
			return record.IsBlank(s[i:])
		}
	}
	return true
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if !isBlank(c) {
			return false
		}
	}
	return true
}

// isTotals reports whether a row is a report's totals row rather than a
// customer: its first value is "Total", "Totals", "Subtotal" or "Grand
// Total" (any case, perhaps with a colon, perhaps followed by a count such
// as "(12 records)"), and every other value is a number. A company with
// that name would have a domain, an id or an owner beside it.
func isTotals(cells []string) bool {
	first := true
	for _, c := range cells {
		if isBlank(c) {
			continue
		}
		if first {
			first = false
			if !isTotalsLabel(c) {
				return false
			}
			continue
		}
		if !isNumeric(c) {
			return false
		}
	}
	return !first
}

func isTotalsLabel(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < len("total") || len(s) > len("grand totals (12345678 records):") {
		return false
	}
	switch s[0] | 0x20 { // the first letter of total, subtotal or grand total, in any case
	case 't', 's', 'g':
	default:
		return false
	}
	s = strings.ToLower(s)
	for _, prefix := range []string{"grand ", "sub-", "sub ", "sub"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = rest
			break
		}
	}
	rest, ok := strings.CutPrefix(s, "totals")
	if !ok {
		rest, ok = strings.CutPrefix(s, "total")
	}
	if !ok || rest != "" && !strings.ContainsRune(" :(", rune(rest[0])) {
		return false // "Totally Awesome" is a name
	}
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), ":"))
	rest = strings.TrimSpace(strings.TrimPrefix(rest, ":"))
	return rest == "" || isRecordCount(rest)
}

// isRecordCount reports whether s counts the records a totals row sums,
// as in "(12 records)", "(12)" or "12 rows". A bare number needs the
// parentheses: "Total 360" may be a company's name.
func isRecordCount(s string) bool {
	inner, parens := strings.CutPrefix(s, "(")
	if parens {
		if s, parens = strings.CutSuffix(inner, ")"); !parens {
			return false
		}
	}
	words := strings.Fields(s)
	switch {
	case len(words) == 0 || !isCount(words[0]):
		return false
	case len(words) == 1:
		return parens
	}
	unit := words[1]
	return len(words) == 2 && (strings.HasPrefix(unit, "record") || strings.HasPrefix(unit, "row") ||
		strings.HasPrefix(unit, "item") || strings.HasPrefix(unit, "compan") || strings.HasPrefix(unit, "account"))
}

// isCount reports whether s is a whole number, perhaps with thousands
// separators.
func isCount(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.Trim(s, "0123456789,.") == ""
}

// isNumeric reports whether s, trimmed, is an amount as a report writes
// it: digits with signs, separators, a decimal point, a currency symbol
// or a per cent sign.
func isNumeric(s string) bool {
	digits := 0
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-.,' %()", r), unicode.Is(unicode.Sc, r): // Sc: currency symbols
		default:
			return false
		}
	}
	return digits > 0
}

// isFooter reports whether a row after a blank one is a footer of a
// Salesforce report export: "Grand Totals (N records)", which may carry
// totals in other cells, or a row whose only value is "Confidential
// Information - Do Not Distribute" or a copyright line.
func isFooter(cells []string) bool {
	values := 0
	first := ""
	for _, c := range cells {
		if isBlank(c) {
			continue
		}
		if values++; values == 1 {
			first = strings.ToLower(strings.TrimSpace(c))
		}
	}
	if strings.HasPrefix(first, "grand total") && strings.Contains(first, "record") {
		return true
	}
	if values != 1 {
		return false
	}
	for _, prefix := range []string{"confidential information", "copyright", "©", "(c) "} {
		if strings.HasPrefix(first, prefix) {
			return true
		}
	}
	return false
}
