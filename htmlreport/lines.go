package htmlreport

import (
	"bufio"
	"errors"
	"io"
)

// maxLineBytes caps one report line. A longer line is skipped and counted
// as unreadable, so one damaged line cannot make the page builder hold an
// unbounded amount of memory.
const maxLineBytes = 4 << 20

// lineReader returns the lines of a JSON Lines stream one at a time,
// without their line endings.
type lineReader struct {
	r    *bufio.Reader
	buf  []byte
	n    int  // number of the line last returned, from 1
	long bool // the line last returned was cut at maxLineBytes
}

func newLineReader(r *bufio.Reader) *lineReader {
	return &lineReader{r: r}
}

// next returns the next line. The slice is valid until the next call.
// At the end of the stream it returns io.EOF; a last line without a
// newline is still returned first.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	lr.long = false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if len(lr.buf)+len(chunk) <= maxLineBytes {
			lr.buf = append(lr.buf, chunk...)
		} else {
			lr.long = true
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(lr.buf) == 0 && !lr.long:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, err
		}
		lr.n++
		return trimEOL(lr.buf), nil
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
