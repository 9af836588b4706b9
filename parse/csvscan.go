package parse

import (
	"bytes"
	"strings"
)

// States of the CSV tokenizer within a record.
const (
	stCellStart   = iota // at the start of a cell
	stUnquoted           // in a cell that did not start with a quote
	stQuoted             // in a quoted cell
	stQuotedCR           // in a quoted cell, right after a CR
	stQuoteSeen          // in a quoted cell, right after a quote
	stQuoteSpaces        // after a quote and spaces, which are dropped if the cell ends here
)

// rawRecord is one CSV record as tokenized.
type rawRecord struct {
	cells    []string
	line     int         // physical line where the record starts
	unclosed *quoteStart // the quote that opened and never closed, or nil
	tooLong  bool        // the record exceeded maxRecord; cells is nil
}

// quoteStart records the quote that opened a cell, and the input position
// to resume from if the quote never closes.
type quoteStart struct {
	offset     int64 // stream offset of the quote
	line       int
	cell       int   // 0-based index of the cell it opens
	broke      bool  // a line break followed it inside the quotes
	resume     int64 // stream offset after that line break
	resumeLine int
	resumeLF   bool // that line break was a CR, so an LF right after belongs to it
	textLen    int  // length of the record's text up to that line break
	tooLong    bool // the record was already too long at that line break

	// A quote inside the cell that text follows, so it does not close the
	// cell, as in "Acme" Robotics: the first such quote, at byte closeAt
	// of the cell's text, or -1 when the record was already too long.
	textAfter bool
	closeAt   int
}

// csvScanner splits the decoded input into records and cells. It reads
// LF, CRLF and lone CR line endings, and quoted cells with doubled quotes
// and line breaks inside, where a line break is kept as LF. A quote in an
// unquoted cell is text. So is a quote inside a quoted cell that is not
// doubled and not followed by a delimiter or the line's end.
type csvScanner struct {
	src    *source
	delim  byte
	line   int  // physical line of the next unread byte
	skipLF bool // the last line break was a CR: an LF right after it is part of it

	// noLFBefore is a stream offset before which the input has no LF
	// after the read position, so that files with lone-CR line ends are
	// not searched for one again for every record.
	noLFBefore int64

	stopUnquoted [256]bool
	stopQuoted   [256]bool
	mem          arena // source of the records' text, cells and Records

	// The record being read.
	state   int
	text    []byte // the text of all cells so far
	ends    []int  // end offset in text of each finished cell
	quote   quoteStart
	pending int // length of text before a quote followed by spaces
	tooLong bool
}

func newCSVScanner(src *source, delim byte) *csvScanner {
	c := &csvScanner{src: src, delim: delim, line: 1}
	for _, b := range []byte{delim, '\r', '\n'} {
		c.stopUnquoted[b] = true
	}
	for _, b := range []byte{'"', '\r', '\n'} {
		c.stopQuoted[b] = true
	}
	return c
}

// next returns the next record, or io.EOF after the last one, or a read
// error.
func (c *csvScanner) next() (rawRecord, error) {
	c.startRecord()
	s := c.src
	if s.r == s.w && !s.fill() {
		return rawRecord{}, s.endErr()
	}
	line := c.line
	if rec, ok := c.plainLine(); ok {
		return rec, nil
	}
	for {
		if c.scan() {
			return c.finish(line), nil
		}
		if c.quoteTooFar(s.pos()) {
			return c.unclosed(line), nil
		}
		if !s.fill() {
			break
		}
	}
	if s.err != nil {
		return rawRecord{}, s.err
	}
	return c.atEOF(line), nil
}

// plainLine reads the record at buf[r] when it is a whole line in the
// buffer, with no CR but one right before its LF, whose quoted cells
// each close before a delimiter or the line's end. It is the fast path
// for most records, finding delimiters and quotes with IndexByte; any
// other record is left to scan.
func (c *csvScanner) plainLine() (rawRecord, bool) {
	s := c.src
	if s.base+int64(s.w) <= c.noLFBefore {
		return rawRecord{}, false // searched already: lone-CR line ends
	}
	b := s.buf[s.r:s.w]
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		c.noLFBefore = s.base + int64(s.w)
		return rawRecord{}, false
	}
	line := b[:nl]
	if nl > 0 && line[nl-1] == '\r' {
		line = line[:nl-1]
	}
	if bytes.IndexByte(line, '\r') >= 0 {
		return rawRecord{}, false
	}
	if bytes.IndexByte(line, '"') < 0 {
		return c.splitLine(line, nl), true
	}

	// Cut the cells one by one, and give up at the first one that
	// needs the state machine.
	for {
		var ok bool
		if line, ok = c.cutCell(line); !ok {
			c.text, c.ends = c.text[:0], c.ends[:0]
			return rawRecord{}, false
		}
		if line == nil {
			break
		}
	}

	rec := c.finish(c.line)
	s.r += nl + 1
	c.line++
	return rec, true
}

// splitLine returns the cells of a line without quotes, which ends at
// buf[r+nl].
func (c *csvScanner) splitLine(line []byte, nl int) rawRecord {
	text := c.mem.string(line)
	cells := c.mem.cellSlice(bytes.Count(line, []byte{c.delim}) + 1)
	for i := 0; i < len(cells)-1; i++ {
		j := strings.IndexByte(text, c.delim)
		cells[i], text = text[:j], text[j+1:]
	}
	cells[len(cells)-1] = text
	rec := rawRecord{cells: cells, line: c.line}
	c.src.r += nl + 1
	c.line++
	return rec
}

// cutCell adds the first cell of line to the record and returns the rest
// after its delimiter, or nil after the last cell. It reports false for
// a cell that plainLine leaves to scan: a quote that does not close
// within the line, or a lone quote inside quotes.
func (c *csvScanner) cutCell(line []byte) ([]byte, bool) {
	if len(line) == 0 || line[0] != '"' {
		j := bytes.IndexByte(line, c.delim)
		if j < 0 {
			c.add(line)
			c.endCell()
			return nil, true
		}
		c.add(line[:j])
		c.endCell()
		return line[j+1:], true
	}
	rest := line[1:]
	for {
		q := bytes.IndexByte(rest, '"')
		if q < 0 {
			return nil, false
		}
		c.add(rest[:q])
		rest = rest[q+1:]
		switch {
		case len(rest) == 0:
			c.endCell()
			return nil, true
		case rest[0] == c.delim:
			c.endCell()
			return rest[1:], true
		case rest[0] == '"':
			c.add(rest[:1])
			rest = rest[1:]
		default:
			return nil, false
		}
	}
}

// startRecord resets the record state and consumes the LF of a CRLF that
// ended the previous record.
func (c *csvScanner) startRecord() {
	c.state = stCellStart
	c.quote = quoteStart{}
	c.text = c.text[:0]
	if cap(c.text) > keptText {
		c.text = nil
	}
	c.ends = c.ends[:0]
	c.tooLong = false
	if !c.skipLF {
		return
	}
	c.skipLF = false
	s := c.src
	if s.r < s.w || s.fill() {
		if s.buf[s.r] == '\n' {
			s.r++
		}
	}
}

func (c *csvScanner) inQuotes() bool {
	return c.state == stQuoted || c.state == stQuotedCR
}

// scan consumes buffered bytes of the current record. It returns true at
// the end of the record, after its line break, and false when the buffer
// runs out first.
func (c *csvScanner) scan() bool {
	s := c.src
	buf := s.buf[:s.w]
	i := s.r
	for i < len(buf) {
		switch c.state {
		case stCellStart:
			if buf[i] == '"' {
				c.openQuote(i)
				i++
				c.state = stQuoted
			} else {
				c.state = stUnquoted
			}

		case stUnquoted:
			j := i
			for j < len(buf) && !c.stopUnquoted[buf[j]] {
				j++
			}
			c.add(buf[i:j])
			if i = j; i == len(buf) {
				break
			}
			b := buf[i]
			i++
			c.endCell()
			if b == c.delim {
				c.state = stCellStart
				continue
			}
			c.recordBreak(b)
			s.r = i
			return true

		case stQuoted:
			if c.quoteTooFar(s.base + int64(i)) {
				s.r = i // next reports the quote as unclosed
				return false
			}
			j := i
			for j < len(buf) && !c.stopQuoted[buf[j]] {
				j++
			}
			c.add(buf[i:j])
			if i = j; i == len(buf) {
				break
			}
			b := buf[i]
			i++
			if b == '"' {
				c.state = stQuoteSeen
				continue
			}
			c.add([]byte{'\n'})
			c.quotedBreak(b, i)

		case stQuotedCR:
			c.state = stQuoted
			if buf[i] == '\n' {
				i++
			}

		case stQuoteSeen:
			b := buf[i]
			switch {
			case b == c.delim || b == '\r' || b == '\n':
				if c.closeCell(b) {
					s.r = i + 1
					return true
				}
				i++
			case b == '"':
				c.add([]byte{'"'})
				c.state = stQuoted
				i++
			case b == ' ' || b == '\t':
				c.pending = len(c.text)
				c.add([]byte{'"', b})
				c.state = stQuoteSpaces
				i++
			default:
				c.textAfterQuote(len(c.text))
				c.add([]byte{'"'}) // a lone quote inside a quoted cell is text
				c.state = stQuoted
			}

		case stQuoteSpaces:
			b := buf[i]
			switch {
			case b == c.delim || b == '\r' || b == '\n':
				c.text = c.text[:c.pending]
				if c.closeCell(b) {
					s.r = i + 1
					return true
				}
				i++
			case b == ' ' || b == '\t':
				c.add(buf[i : i+1])
				i++
			default:
				c.textAfterQuote(c.pending)
				c.state = stQuoted
			}
		}
	}
	s.r = i
	return false
}

// add appends cell text, unless the record has grown too long.
func (c *csvScanner) add(b []byte) {
	if c.tooLong {
		return
	}
	if len(c.text)+len(b) > maxRecord {
		c.tooLong = true
		return
	}
	c.text = append(c.text, b...)
}

func (c *csvScanner) endCell() {
	c.ends = append(c.ends, len(c.text))
}

// recordBreak counts the line break b that ends a record.
func (c *csvScanner) recordBreak(b byte) {
	c.line++
	c.skipLF = b == '\r'
}

// closeCell ends a quoted cell at the byte b that follows its closing
// quote, and reports whether b also ended the record.
func (c *csvScanner) closeCell(b byte) bool {
	c.src.mark = -1
	c.endCell()
	if b == c.delim {
		c.state = stCellStart
		return false
	}
	c.recordBreak(b)
	return true
}

func (c *csvScanner) openQuote(i int) {
	c.quote = quoteStart{
		offset: c.src.base + int64(i),
		line:   c.line,
		cell:   len(c.ends),
	}
}

// textAfterQuote notes a quote inside a quoted cell that text follows.
// at is the quote's offset in the record's text.
//
// Before the cell's first line break, a record already too long is left
// unmarked. After it, such a quote is most likely the one that opens a
// cell of the next row, so the cell is marked in any case: quoteTooFar
// then ends it at that line break.
func (c *csvScanner) textAfterQuote(at int) {
	q := &c.quote
	if q.textAfter || c.tooLong && !q.broke {
		return
	}
	q.textAfter, q.closeAt = true, -1
	if !c.tooLong {
		start := 0
		if len(c.ends) > 0 {
			start = c.ends[len(c.ends)-1]
		}
		q.closeAt = at - start
	}
}

// quotedBreak counts the line break b inside quotes; i is the index after it.
func (c *csvScanner) quotedBreak(b byte, i int) {
	c.line++
	if b == '\r' {
		c.state = stQuotedCR
	}
	q := &c.quote
	if q.broke {
		return
	}
	q.broke = true
	c.src.mark = i // keep the input from here, where reading resumes if the quote never closes
	q.resume = c.src.base + int64(i)
	q.resumeLine = c.line
	q.resumeLF = b == '\r'
	q.textLen = len(c.text) - 1
	q.tooLong = c.tooLong
	if c.tooLong {
		q.textLen = 0
	}
}

// atEOF ends the record that the end of input cut off.
func (c *csvScanner) atEOF(line int) rawRecord {
	switch c.state {
	case stQuoted, stQuotedCR:
		return c.unclosed(line)
	case stQuoteSpaces:
		c.text = c.text[:c.pending]
	}
	c.src.mark = -1
	c.endCell()
	return c.finish(line)
}

// quoteTooFar reports whether the record is inside a quoted cell that
// runs on past a line break and counts as one that never closes. That is
// so when the cell opened more than maxQuoted bytes before stream offset
// pos, or when text followed one of its quotes, as in "Big" Corp or in
// the quote that opens a cell of the next row. A cell like that opened
// with a stray quote, and taking a later quote in the file for its end
// would swallow the rows between.
func (c *csvScanner) quoteTooFar(pos int64) bool {
	q := &c.quote
	return c.inQuotes() && q.broke && (q.textAfter || pos-q.offset > maxQuoted)
}

// unclosed ends the record at the end of the line where its unclosed
// quote opened, and rewinds the input to the next line so that the rows
// after it are read normally.
func (c *csvScanner) unclosed(line int) rawRecord {
	q := c.quote
	s := c.src
	if q.broke {
		if q.textLen <= len(c.text) {
			c.text = c.text[:q.textLen]
		}
		c.tooLong = q.tooLong // the text is cut back to the line break
		c.ends = c.ends[:min(len(c.ends), q.cell)]
		s.r = int(q.resume - s.base)
		c.line = q.resumeLine
		c.skipLF = q.resumeLF
	}
	s.mark = -1
	c.endCell()
	rec := c.finish(line)
	rec.unclosed = &q
	return rec
}

// finish returns the record read so far. All cells share one string.
func (c *csvScanner) finish(line int) rawRecord {
	if c.tooLong {
		return rawRecord{line: line, tooLong: true}
	}
	text := c.mem.string(c.text)
	cells := c.mem.cellSlice(len(c.ends))
	start := 0
	for i, end := range c.ends {
		cells[i] = text[start:end]
		start = end
	}
	return rawRecord{cells: cells, line: line}
}
