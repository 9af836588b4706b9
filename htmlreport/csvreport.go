package htmlreport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// isCSVReport reports whether the stream is the CSV form of the report,
// whose header starts with the column "row", rather than JSON Lines.
func isCSVReport(br *bufio.Reader) bool {
	head, _ := br.Peek(16)
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	return bytes.HasPrefix(head, []byte("row,")) || bytes.HasPrefix(head, []byte(`"row",`))
}

// readCSV reads the CSV form of the report. That form has no offending
// values and joins a row's messages into one cell, so examples are
// distinguished by message instead of by value.
func (c *collector) readCSV(r io.Reader) error {
	c.byMessage = true
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read report header: %w", err)
	}
	cols := map[string]int{}
	for i, name := range header {
		cols[strings.TrimPrefix(name, "\uFEFF")] = i
	}
	for n := 2; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var perr *csv.ParseError
		switch {
		case errors.As(err, &perr):
			c.markUnreadable(perr.StartLine)
			continue
		case err != nil:
			return fmt.Errorf("read report record %d: %w", n, err)
		}
		c.lines++
		if !c.decodeCSV(rec, cols) {
			line, _ := cr.FieldPos(0)
			c.markUnreadable(line)
			continue
		}
		c.add(&c.e)
	}
}

func (c *collector) decodeCSV(rec []string, cols map[string]int) bool {
	get := func(name string) string {
		i, ok := cols[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return unneutralize(rec[i])
	}
	c.e = entry{Errors: c.e.Errors[:0], Status: get("status"), ID: get("id"), Reason: get("reason")}
	var err1, err2 error
	c.e.Row, err1 = strconv.Atoi(get("row"))
	c.e.Line, err2 = strconv.Atoi(get("line"))
	if err1 != nil || err2 != nil || c.e.Status == "" {
		return false
	}
	if in := get("input"); in != "" {
		// A cell that is not JSON leaves the name out; the row still counts.
		_ = json.Unmarshal([]byte(in), &c.e.Input)
	}
	if notes := get("notes"); notes != "" {
		c.e.Notes = []string{notes}
	}
	c.e.Errors = csvErrors(c.e.Errors, get("error_fields"), get("error_codes"), get("errors"))
	addValues(c.e.Errors, get("error_values"))
	return true
}

// addValues fills in the errors' values from the error_values column, a
// JSON array in the order of error_codes; reports without the column, or
// whose array does not match the errors one for one, leave them empty.
func addValues(errs []reportError, cell string) {
	if cell == "" {
		return
	}
	var values []string
	if json.Unmarshal([]byte(cell), &values) != nil || len(values) != len(errs) {
		return
	}
	for i := range errs {
		errs[i].Value = values[i]
	}
}

// csvErrors rebuilds a row's errors from the CSV report's columns, which
// join fields and codes with ";" and messages with " | ". When the
// messages do not split into one per code, the first error gets them all.
func csvErrors(dst []reportError, fields, codes, messages string) []reportError {
	if codes == "" && messages == "" {
		return dst
	}
	codeList := strings.Split(codes, ";")
	fieldList := strings.Split(fields, ";")
	msgList := strings.Split(messages, " | ")
	for i, code := range codeList {
		e := reportError{Code: code}
		if i < len(fieldList) {
			e.Field = fieldList[i]
		}
		switch {
		case len(msgList) == len(codeList):
			e.Message = msgList[i]
		case i == 0:
			e.Message = messages
		}
		dst = append(dst, e)
	}
	return dst
}

// unneutralize undoes the apostrophe the CSV report puts before a cell
// that a spreadsheet would run as a formula.
func unneutralize(cell string) string {
	if len(cell) >= 2 && cell[0] == '\'' && strings.IndexByte("=+-@\t\r", cell[1]) >= 0 {
		return cell[1:]
	}
	return cell
}
