package validate

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"custimport/record"
)

// cellState is the outcome of screening a cell.
type cellState uint8

const (
	absent   cellState = iota // no value: blank, missing, null or a null value
	rejected                  // a value that an error was recorded for
	present                   // a value to check further
)

// cell returns the trimmed, screened text of the single value of target f.
func (c *rowCheck) cell(f record.Field) (string, cellState) {
	if c.skipped(f) || c.jsonProblem(f, false) {
		return "", rejected
	}
	o := c.raw.Cell(f)
	if !o.IsSet() {
		return "", absent
	}
	return c.screen(f, o.Value(), f == record.FieldName)
}

// screen trims s and rejects placeholder text, spreadsheet error values,
// control characters (line breaks and tabs pass when lines is true) and
// the replacement character U+FFFD.
// A text listed in Options.NullValues is absent.
func (c *rowCheck) screen(f record.Field, s string, lines bool) (string, cellState) {
	t := trimSpace(s)
	switch {
	case t == "" || c.v.isNull(t):
		return "", absent
	case isSpreadsheetError(t):
		c.fail(f, t, problem{record.CodeSpreadsheetError,
			"is a spreadsheet error value, left by a formula that failed",
			"fix the formula and export again, or clear the cell; --null-value " +
				strconv.Quote(t) + " treats it as blank"})
		return "", rejected
	case isPlaceholder(t):
		c.fail(f, t, problem{record.CodePlaceholder, "is placeholder text, not a value", placeholderFix(f, t)})
		return "", rejected
	}
	if r, found := unwantedRune(t, lines); found {
		c.fail(f, t, unwanted(r))
		return "", rejected
	}
	return t, present
}

// unwanted returns the problem with a value that holds rune r, which
// unwantedRune found.
func unwanted(r rune) problem {
	if r == utf8.RuneError {
		return problem{record.CodeReplacementCharacter,
			"contains U+FFFD (\uFFFD), the replacement character, which marks text that could not be decoded, here or in an earlier conversion",
			"correct the text; if the file was decoded with --encoding, check that it names the file's real encoding, and otherwise export the file again as UTF-8"}
	}
	return problem{record.CodeControlCharacter,
		fmt.Sprintf("contains the control character U+%04X", r),
		"remove it from the cell"}
}

func placeholderFix(f record.Field, t string) string {
	if f == record.FieldName {
		return "enter the customer's name, which every customer needs"
	}
	return "clear the cell to leave the field out, or run with --null-value " + strconv.Quote(t)
}

// jsonProblem records a json_type error when the JSON value of target f
// has a type the field cannot take, and reports whether it did. A list
// counts as such a type unless list is true.
func (c *rowCheck) jsonProblem(f record.Field, list bool) bool {
	j := c.raw.JSON
	if j == nil {
		return false
	}
	if kind := j.Kinds[f]; kind != "" {
		c.failValueless(f, problem{record.CodeJSONType,
			"is a JSON " + kind + ", but this field takes " + takes(f),
			"write it as " + takes(f)})
		return true
	}
	if !list && j.Lists[f] != nil {
		c.failValueless(f, problem{record.CodeJSONType,
			"is a JSON list, but this field takes one value",
			"write it as " + takes(f)})
		return true
	}
	return false
}

// takes names the JSON value target f takes, for messages.
func takes(f record.Field) string {
	switch f {
	case record.FieldRevenue, record.FieldSize:
		return "a whole number"
	case record.FieldDomains, record.FieldAdditionalDomains, record.FieldExternalIDs:
		return "a string or a list of strings"
	}
	return "a string"
}

// eachElement calls add with each element of the list cell of target f,
// split at sep, and with each element of its JSON list, skipping blank
// elements and null values and recording errors for the rest of what
// screen rejects. It returns how many values the target has, counting
// rejected ones, so that the caller can tell an empty target.
func (c *rowCheck) eachElement(f record.Field, sep *listSeparator,
	add func(record.Field, string)) int {
	if c.skipped(f) || c.jsonProblem(f, f != record.FieldWebsite) {
		return 1
	}
	n := 0
	if o := c.raw.Cell(f); o.IsSet() {
		t, state := c.screen(f, o.Value(), true)
		if state == rejected {
			return 1
		}
		splitList(t, sep, func(e string) {
			n++
			if e, state := c.screen(f, e, false); state == present {
				add(f, e)
			}
		})
	}
	if c.raw.JSON != nil {
		n += c.eachJSONElement(f, add)
	}
	return n
}

// eachJSONElement calls add with each element of the JSON list of target
// f, one value an element, and returns how many elements there are.
func (c *rowCheck) eachJSONElement(f record.Field, add func(record.Field, string)) int {
	list := c.raw.JSON.Lists[f]
	for _, o := range list {
		if !o.IsSet() {
			c.failValueless(f, problem{record.CodeJSONType,
				"is a JSON list that contains null",
				"remove the null from the list"})
			continue
		}
		if e, state := c.screen(f, o.Value(), false); state == present {
			add(f, e)
		}
	}
	return len(list)
}
