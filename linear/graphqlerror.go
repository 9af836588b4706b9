package linear

import (
	"encoding/json"
	"strconv"
)

// A GraphQLError is one entry of a response's errors[] list.
type GraphQLError struct {
	Message string `json:"message"`
	// Path names the field that failed: strings for fields and aliases,
	// float64 for list indexes (as encoding/json decodes numbers). It is
	// empty for an error of the request as a whole.
	Path       []any           `json:"path,omitempty"`
	Extensions ErrorExtensions `json:"extensions"`
}

// ErrorExtensions are the extensions Linear puts on an error.
type ErrorExtensions struct {
	// Type is Linear's classification, such as "invalid input",
	// "ratelimited", "authentication error" or "forbidden".
	Type string `json:"type,omitempty"`
	// Code is a machine code such as "RATELIMITED"; it varies more than
	// Type does.
	Code                   string `json:"code,omitempty"`
	UserError              bool   `json:"userError,omitempty"`
	UserPresentableMessage string `json:"userPresentableMessage,omitempty"`
}

// UnmarshalJSON reads the known extensions and tolerates other types for
// them (a numeric code, a string userError), so that an unusual error
// entry never hides the rest of the response.
func (x *ErrorExtensions) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil
	}
	*x = ErrorExtensions{
		Type:                   looseString(m["type"]),
		Code:                   looseString(m["code"]),
		UserPresentableMessage: looseString(m["userPresentableMessage"]),
	}
	x.UserError, _ = strconv.ParseBool(looseString(m["userError"]))
	return nil
}

// looseString returns a JSON string's value, or the raw text of any other
// scalar; "" for null, objects and arrays.
func looseString(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	switch raw[0] {
	case '{', '[', 'n':
		return ""
	}
	return string(raw)
}

// Top returns the first path element when it is a field or alias name,
// such as "c3" for an error in the mutation aliased c3; "" otherwise.
func (e GraphQLError) Top() string {
	if len(e.Path) == 0 {
		return ""
	}
	s, _ := e.Path[0].(string)
	return s
}

// Text returns userPresentableMessage, or message when that is empty.
func (e GraphQLError) Text() string {
	if e.Extensions.UserPresentableMessage != "" {
		return e.Extensions.UserPresentableMessage
	}
	return e.Message
}

func (e *GraphQLError) redact(c Credential) {
	e.Message = c.redact(e.Message)
	e.Extensions.UserPresentableMessage = c.redact(e.Extensions.UserPresentableMessage)
}
