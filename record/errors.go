package record

import (
	"errors"
	"fmt"
)

var errNotText = errors.New("record: UnmarshalCSV supports only Opt[string]")

// A FieldError is one problem with one row. Field is the
// CustomerCreateInput field it concerns (such as "revenue"), or empty for
// a problem with the row as a whole, such as a wrong number of cells.
// Code is a stable, machine-readable kind such as "not_integer". Value is
// the offending cell text as read (it may be empty, for a missing value).
// Message is a full sentence for people: it names the row, the column, the
// value and the fix.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Value   string `json:"value,omitempty"`
}

func (e FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Field, e.Message)
}
