package workspace

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	gqlerrors "github.com/graph-gophers/graphql-go/errors"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
)

// mutationTimeout bounds a mutation document. It runs on even when the
// client disconnects, as a server does once it has accepted a request.
const mutationTimeout = time.Minute

// request is the JSON body of a GraphQL POST.
type request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
}

// response is the JSON body of every response.
type response struct {
	Data   json.RawMessage `json:"data,omitempty"`
	Errors []gqlError      `json:"errors,omitempty"`
}

type gqlError struct {
	Message    string         `json:"message"`
	Locations  []location     `json:"locations,omitempty"`
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

type location struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// result is a handled request before it is written.
type result struct {
	status     int
	body       *response
	complexity int
	limits     limitState
	retryAfter time.Duration
}

func errorFrom(e *Error, path []any) gqlError {
	return gqlError{Message: e.Message, Path: path, Extensions: e.Extensions()}
}

func writeJSON(w http.ResponseWriter, status int, body *response) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !checkEndpoint(w, r) {
		return
	}
	s.limiter.peek(time.Now()).setHeaders(w.Header(), 0)
	if err := s.authenticate(r); err != nil {
		writeJSON(w, http.StatusUnauthorized, errorResponse(err))
		return
	}
	plan := s.faults.plan()
	if plan.drop {
		dropConnection(w)
		return
	}
	if !sleep(r.Context(), plan.delay) {
		return
	}
	if plan.fail != 0 {
		writeFailure(w, plan.fail)
		return
	}
	res := s.handleGraphQL(w, r)
	if plan.lose {
		dropConnection(w)
		return
	}
	res.write(w)
}

// checkEndpoint writes an error response and returns false unless the
// request is a POST to /graphql.
func checkEndpoint(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path != "/graphql" {
		writeJSON(w, http.StatusNotFound, errorResponse(graphQLError("NOT_FOUND", "no such endpoint: the API is at /graphql")))
		return false
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, errorResponse(graphQLError("METHOD_NOT_ALLOWED", "send GraphQL requests with POST")))
		return false
	}
	return true
}

func (res *result) write(w http.ResponseWriter) {
	res.limits.setHeaders(w.Header(), res.complexity)
	if res.retryAfter > 0 {
		secs := int((res.retryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	writeJSON(w, res.status, res.body)
}

// sleep waits for d and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// authenticate accepts the API key alone (a personal key, as Linear
// expects it) or after "Bearer " (as OAuth tokens are sent).
func (s *Server) authenticate(r *http.Request) *Error {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if h == "" {
		return authError("Authentication required, not authenticated: send the API key in the Authorization header")
	}
	key := h
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		key = strings.TrimSpace(h[7:])
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.apiKey)) != 1 {
		return authError("Authentication failed: the API key is not valid for this workspace")
	}
	return nil
}

func authError(msg string) *Error {
	return &Error{Type: TypeAuthentication, Code: "AUTHENTICATION_ERROR", Message: msg, UserError: true, UserPresentableMessage: msg}
}

func graphQLError(code, msg string) *Error {
	return &Error{Type: TypeGraphQL, Code: code, Message: msg, UserError: true}
}

func errorResponse(errs ...*Error) *response {
	body := &response{}
	for _, e := range errs {
		body.Errors = append(body.Errors, errorFrom(e, nil))
	}
	return body
}

// handleGraphQL checks, prices and runs one document.
func (s *Server) handleGraphQL(w http.ResponseWriter, r *http.Request) *result {
	now := time.Now()
	res := &result{status: http.StatusBadRequest, limits: s.limiter.peek(now)}
	req, err := s.decodeRequest(w, r)
	if err != nil {
		res.status, res.body = requestErrorStatus(err), errorResponse(err)
		return res
	}
	op, vars, verrs := s.validate(req)
	if verrs != nil {
		res.body = &response{Errors: verrs}
		return res
	}
	res.complexity = Complexity(op, vars)
	if res.complexity > MaxComplexity {
		res.body = errorResponse(graphQLError("QUERY_TOO_COMPLEX", fmt.Sprintf(
			"Query too complex: it costs %d complexity points and one request may cost at most %d; ask for smaller pages or fewer fields",
			res.complexity, MaxComplexity)))
		return res
	}
	if s.rateLimited(now, op, res) {
		return res
	}
	res.status, res.body = s.execute(r.Context(), req, op)
	return res
}

func requestErrorStatus(err *Error) int {
	if err.Code == "PAYLOAD_TOO_LARGE" {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

func (s *Server) decodeRequest(w http.ResponseWriter, r *http.Request) (*request, *Error) {
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	var req request
	err := json.NewDecoder(body).Decode(&req)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, graphQLError("PAYLOAD_TOO_LARGE", fmt.Sprintf("the request body is larger than %d bytes", s.opts.MaxBodyBytes))
	case err != nil:
		return nil, graphQLError("BAD_REQUEST", "the request body is not a JSON object {query, variables, operationName}: "+err.Error())
	case strings.TrimSpace(req.Query) == "":
		return nil, graphQLError("BAD_REQUEST", "the request has no query")
	}
	return &req, nil
}

// validate parses the document and checks it and its variables against
// the validation schema. It returns the operation to run and the
// variables coerced to their types.
func (s *Server) validate(req *request) (*ast.OperationDefinition, map[string]any, []gqlError) {
	doc, errs := gqlparser.LoadQuery(s.validation, req.Query)
	if len(errs) > 0 {
		return nil, nil, validationErrors(errs)
	}
	op, err := selectOperation(doc, req.OperationName)
	if err != nil {
		return nil, nil, validationErrors(gqlerror.List{err})
	}
	vars, verr := validator.VariableValues(s.validation, op, req.Variables)
	if verr != nil {
		var gerr *gqlerror.Error
		if !errors.As(verr, &gerr) {
			gerr = gqlerror.Wrap(verr)
		}
		return nil, nil, validationErrors(gqlerror.List{gerr})
	}
	if gerr := checkNumberVariables(s.validation, op, vars); gerr != nil {
		return nil, nil, validationErrors(gqlerror.List{gerr})
	}
	return op, vars, nil
}

func selectOperation(doc *ast.QueryDocument, name string) (*ast.OperationDefinition, *gqlerror.Error) {
	if name != "" {
		if op := doc.Operations.ForName(name); op != nil {
			return op, nil
		}
		return nil, gqlerror.Errorf("Unknown operation named %q.", name)
	}
	if len(doc.Operations) != 1 {
		return nil, gqlerror.Errorf("Must provide operation name if query contains multiple operations.")
	}
	return doc.Operations[0], nil
}

func validationErrors(list gqlerror.List) []gqlError {
	out := make([]gqlError, 0, len(list))
	for _, e := range list {
		ge := gqlError{Message: e.Message, Extensions: graphQLError("GRAPHQL_VALIDATION_FAILED", "").Extensions()}
		for _, l := range e.Locations {
			ge.Locations = append(ge.Locations, location{Line: l.Line, Column: l.Column})
		}
		for _, p := range e.Path {
			ge.Path = append(ge.Path, p)
		}
		out = append(out, ge)
	}
	return out
}

// rateLimited spends the document's budget, or fills res with a
// rate-limit response and reports true. Options.RateLimitRequests can
// force that response for chosen customerCreate documents.
func (s *Server) rateLimited(now time.Time, op *ast.OperationDefinition, res *result) bool {
	forced := false
	if hasRootField(op, "customerCreate") {
		n := int(s.createDocuments.Add(1))
		forced = s.opts.RateLimitRequests != nil && s.opts.RateLimitRequests(n)
	}
	var wait time.Duration
	if forced {
		// A forced limit reports an empty request budget that refills
		// when the wait ends, as a real one would.
		wait = time.Second
		res.limits = s.limiter.peek(now)
		res.limits.requestsRemaining = 0
		res.limits.requestsReset = now.Add(wait)
	} else {
		res.limits, wait = s.limiter.take(now, res.complexity)
	}
	if wait == 0 {
		return false
	}
	msg := "Rate limit exceeded: wait until the X-RateLimit-*-Reset time before sending more requests"
	res.body = errorResponse(&Error{Type: TypeRatelimited, Code: "RATELIMITED", Message: msg, UserError: true, UserPresentableMessage: msg})
	res.status = http.StatusBadRequest
	if s.opts.RateLimitStatus == http.StatusTooManyRequests {
		res.status, res.retryAfter = http.StatusTooManyRequests, wait
	}
	return true
}

// hasRootField reports whether the operation selects the named field at
// its top level, directly or through fragments.
func hasRootField(op *ast.OperationDefinition, name string) bool {
	var walk func(ast.SelectionSet) bool
	walk = func(set ast.SelectionSet) bool {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				if sel.Name == name {
					return true
				}
			case *ast.InlineFragment:
				if walk(sel.SelectionSet) {
					return true
				}
			case *ast.FragmentSpread:
				if sel.Definition != nil && walk(sel.Definition.SelectionSet) {
					return true
				}
			}
		}
		return false
	}
	return walk(op.SelectionSet)
}

// execute runs the document with graphql-go. A mutation document is
// detached from the client's connection so that it runs to the end, as
// it would on a server that has accepted it.
func (s *Server) execute(ctx context.Context, req *request, op *ast.OperationDefinition) (int, *response) {
	if op.Operation == ast.Mutation {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), mutationTimeout)
		defer cancel()
	}
	ctx = withRequestState(ctx, &requestState{})
	out := s.exec.Exec(ctx, req.Query, req.OperationName, req.Variables)
	if out.Data == nil && len(out.Errors) > 0 {
		// graphql-go rejected the document before running it.
		return http.StatusBadRequest, &response{Errors: s.executorErrors(out.Errors, "GRAPHQL_VALIDATION_FAILED")}
	}
	return http.StatusOK, &response{Data: out.Data, Errors: s.executorErrors(out.Errors, "")}
}

// executorErrors converts graphql-go's errors, leaving out the fields that
// were skipped after an earlier failure. Errors without extensions come
// from graphql-go itself: with a code they are document errors, and
// otherwise they are reported as the server's own.
func (s *Server) executorErrors(list []*gqlerrors.QueryError, code string) []gqlError {
	var out []gqlError
	for _, e := range list {
		if errors.Is(e.ResolverError, errSkipped) {
			continue
		}
		ge := gqlError{Message: e.Message, Path: e.Path, Extensions: e.Extensions}
		for _, l := range e.Locations {
			ge.Locations = append(ge.Locations, location{Line: l.Line, Column: l.Column})
		}
		switch {
		case ge.Extensions != nil:
		case code != "":
			ge.Extensions = graphQLError(code, "").Extensions()
		default:
			ge.Extensions = internalError().Extensions()
			s.report(fmt.Errorf("graphql-go error at %v: %s", e.Path, e.Message))
		}
		out = append(out, ge)
	}
	return out
}

func (s *Server) report(err error) {
	if s.opts.OnError != nil {
		s.opts.OnError(err)
	}
}
