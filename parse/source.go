package parse

import "io"

const (
	bufSize   = 64 << 10 // initial read buffer
	maxRecord = 16 << 20 // bytes of one CSV record, JSON element or NDJSON line
	keptText  = 1 << 20  // capacity of record text a scanner keeps for the next record

	// maxQuoted is how far after an opening quote, with a line break
	// between, the quote counts as unclosed and reading resumes after
	// that line break. The source keeps that much input to go back to,
	// and each stray quote costs reading that much again.
	//
	// NOTE: a quoted cell with line breaks that is longer than this, and
	// closes, is still taken for an unclosed one, and its lines are read
	// as records. Spreadsheets' cells hold at most 32,767 characters.
	maxQuoted = 4 << 20
)

// source is the read buffer that the CSV, NDJSON and JSON array readers
// scan directly. Unread input is buf[r:w]. A reader that may need to go
// back sets mark to the first index it still needs. Then fill keeps
// buf[min(r, mark):] and drops what is before it.
type source struct {
	rd   io.Reader
	buf  []byte
	r, w int
	base int64 // stream offset of buf[0]
	mark int   // -1 when nothing before r must be kept
	eof  bool
	err  error // a read error other than io.EOF
}

func newSource(rd io.Reader) *source {
	return &source{rd: rd, buf: make([]byte, bufSize), mark: -1}
}

// pos returns the stream offset of buf[r].
func (s *source) pos() int64 { return s.base + int64(s.r) }

// fill reads more input after buf[w] and reports whether any arrived.
// It returns false at the end of input or after a read error (s.err).
func (s *source) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	s.compact()
	if s.w == len(s.buf) {
		grown := make([]byte, 2*len(s.buf))
		copy(grown, s.buf[:s.w])
		s.buf = grown
	}
	for range 100 {
		n, err := s.rd.Read(s.buf[s.w:])
		s.w += n
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.err = err
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// endErr returns the read error, or io.EOF when the input simply ended.
func (s *source) endErr() error {
	if s.err != nil {
		return s.err
	}
	return io.EOF
}

// compact moves the bytes still needed to the front of buf, and gives
// back a buffer that grew for one long record once that record is done.
func (s *source) compact() {
	keep := s.r
	if s.mark >= 0 && s.mark < keep {
		keep = s.mark
	}
	if keep == 0 {
		return
	}
	rest := s.w - keep
	if len(s.buf) > 4*bufSize && rest < bufSize/2 {
		small := make([]byte, bufSize)
		copy(small, s.buf[keep:s.w])
		s.buf = small
	} else {
		copy(s.buf, s.buf[keep:s.w])
	}
	s.w = rest
	s.r -= keep
	if s.mark >= 0 {
		s.mark -= keep
	}
	s.base += int64(keep)
}

// countingReader counts the bytes read from the underlying input.
type countingReader struct {
	rd io.Reader
	n  int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.rd.Read(p)
	c.n += int64(n)
	return n, err
}
