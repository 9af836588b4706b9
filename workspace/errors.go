package workspace

import "fmt"

// The values of extensions.type that the workspace sends. They are the
// strings Linear's API uses and its official SDK maps to error classes.
const (
	TypeInvalidInput         = "invalid input"
	TypeAuthentication       = "authentication error"
	TypeForbidden            = "forbidden"
	TypeFeatureNotAccessible = "feature not accessible"
	TypeRatelimited          = "ratelimited"
	TypeGraphQL              = "graphql error"
	TypeInternal             = "internal error"
)

// Error is a problem with a request, sent in Linear's shape: a message plus
// extensions {type, code, userError, userPresentableMessage}. The store
// returns it for every broken rule, so Go callers can inspect it with
// errors.As as well.
type Error struct {
	Type                   string
	Code                   string
	Message                string
	UserError              bool
	UserPresentableMessage string
}

func (e *Error) Error() string { return e.Message }

// Extensions returns the extensions object of the GraphQL error. The
// graphql-go executor calls it for errors returned by resolvers.
func (e *Error) Extensions() map[string]any {
	ext := map[string]any{"type": e.Type, "userError": e.UserError}
	if e.Code != "" {
		ext["code"] = e.Code
	}
	if e.UserPresentableMessage != "" {
		ext["userPresentableMessage"] = e.UserPresentableMessage
	}
	return ext
}

// invalidInput reports input that breaks a rule. The message is shown to
// people as it is, so it names the field and the value.
func invalidInput(format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Type: TypeInvalidInput, Code: "INVALID_INPUT", Message: msg, UserError: true, UserPresentableMessage: msg}
}

// notFound reports a reference to an entity that does not exist, in the
// words Linear uses.
func notFound(entity, id string) *Error {
	return &Error{
		Type:                   TypeInvalidInput,
		Code:                   "INVALID_INPUT",
		Message:                "Entity not found: " + entity,
		UserError:              true,
		UserPresentableMessage: fmt.Sprintf("Could not find referenced %s with id %q.", entity, id),
	}
}

// alreadyExists reports a create with an id that is taken, in the words
// Linear's API uses for it.
func alreadyExists(entity, id string) *Error {
	msg := fmt.Sprintf("Entity %s with id %s already exists", entity, id)
	return &Error{Type: TypeInvalidInput, Code: "INVALID_INPUT", Message: msg, UserError: true, UserPresentableMessage: msg}
}

func featureDisabled() *Error {
	msg := "Customers are not enabled in this workspace"
	return &Error{Type: TypeFeatureNotAccessible, Code: "FEATURE_NOT_ACCESSIBLE", Message: msg, UserError: true, UserPresentableMessage: msg}
}

func internalError() *Error {
	return &Error{Type: TypeInternal, Code: "INTERNAL_SERVER_ERROR", Message: "Internal server error"}
}
