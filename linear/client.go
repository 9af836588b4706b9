package linear

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Endpoint is Linear's public GraphQL endpoint.
const Endpoint = "https://api.linear.app/graphql"

// DefaultMaxBodyBytes is the largest response body read when
// Options.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 32 << 20

// Options configures a Client. The zero Options works.
type Options struct {
	// HTTPClient sends the requests; nil means [NewHTTPClient]. The
	// Client uses a copy whose CheckRedirect stops at every redirect.
	HTTPClient *http.Client
	// UserAgent is sent as User-Agent, such as "custimport/1.2.0";
	// empty means "custimport".
	UserAgent string
	// MaxBodyBytes caps the response body read; 0 means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// OnEvent, if set, is called once per request after it ends, from
	// the goroutine that made it. It must not block for long.
	OnEvent func(Event)
	// Pacer, if set, is waited on before each request and fed with each
	// response's rate-limit headers. Share one Pacer among all clients
	// that use the same credential.
	Pacer *Pacer
	// ReadAttempts bounds the sends of one read (a query, such as a page
	// of customers) after transient failures: network errors, 5xx
	// statuses, rate limits and lock timeouts. 0 means 6; 1 sends once.
	// Mutations are sent once: their callers decide whether to retry.
	ReadAttempts int
	// ReadBackoff is the wait before the first retry of a read, doubled
	// at each further one (up to 64 times) with jitter; 0 means 250ms.
	ReadBackoff time.Duration
}

// An Event reports one finished request.
type Event struct {
	Operation string
	// HTTPStatus is 0 when no response arrived.
	HTTPStatus int
	Duration   time.Duration
	RateLimit  RateLimit
	// Err is nil on success; otherwise an *Error, free of the credential.
	Err error
}

// A Client sends GraphQL requests to one endpoint with one credential.
// It is safe for concurrent use.
type Client struct {
	endpoint  string
	cred      Credential
	http      *http.Client
	userAgent string
	maxBody   int64
	onEvent   func(Event)
	pacer     *Pacer
	now       func() time.Time

	readAttempts int
	readBackoff  time.Duration
}

// New returns a Client for endpoint, such as [Endpoint] or a local
// workspace's URL. It returns an error for an endpoint that is not an
// absolute http or https URL. When cred is set, it also rejects a plain
// http endpoint on a host other than loopback (127.0.0.0/8, ::1,
// localhost), because the credential would cross the network unencrypted.
func New(endpoint string, cred Credential, opts Options) (*Client, error) {
	if err := checkEndpoint(endpoint, cred); err != nil {
		return nil, err
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = NewHTTPClient()
	}
	copied := *hc
	copied.CheckRedirect = stopAtRedirect
	c := &Client{
		endpoint:  endpoint,
		cred:      cred,
		http:      &copied,
		userAgent: opts.UserAgent,
		maxBody:   opts.MaxBodyBytes,
		onEvent:   opts.OnEvent,
		pacer:     opts.Pacer,
		now:       time.Now,

		readAttempts: cmp.Or(opts.ReadAttempts, 6),
		readBackoff:  cmp.Or(opts.ReadBackoff, 250*time.Millisecond),
	}
	if c.userAgent == "" {
		c.userAgent = "custimport"
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	return c, nil
}

func checkEndpoint(endpoint string, cred Credential) error {
	u, err := url.Parse(endpoint)
	if err != nil {
		return fmt.Errorf("linear: invalid endpoint URL: %w", err)
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("linear: endpoint %q is not an absolute http or https URL", u.Redacted())
	}
	if u.User != nil {
		return fmt.Errorf("linear: endpoint %q carries user info; pass the credential separately", u.Redacted())
	}
	if u.Scheme == "http" && !cred.IsZero() && !isLoopback(u.Hostname()) {
		return fmt.Errorf("linear: endpoint %s uses plain http, which would send the credential unencrypted; use https, or http only on a loopback address", u.Host)
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CloseIdleConnections closes the connections that the client keeps open
// between requests. Call it before stopping a server on the other end:
// such a server waits on a connection that its client dialled but never
// used.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// NewHTTPClient returns the HTTP client that a Client uses by default. It
// takes proxies from the environment and allows 10 s to connect and to
// finish TLS. A whole request may take 2 minutes, because the server can
// take a while over a large batch of mutations.
func NewHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{
		Timeout: 2 * time.Minute,
		Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         dialer.DialContext,
			TLSHandshakeTimeout: 10 * time.Second,
			MaxIdleConnsPerHost: 32,
			IdleConnTimeout:     90 * time.Second,
			ForceAttemptHTTP2:   true,
		},
	}
}

var errRedirect = errors.New("linear: redirect not followed")

// stopAtRedirect stops at the first redirect, because following it could
// carry the Authorization header to another host or turn a POST into a GET.
func stopAtRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// String describes the client without its credential.
func (c *Client) String() string {
	return fmt.Sprintf("linear.Client{endpoint: %s, credential: %s}", c.endpoint, c.cred)
}

// Format writes String for every verb, so that no fmt verb prints the
// client's fields.
func (c *Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// An Operation is a GraphQL document with the name of the operation in
// it to run.
type Operation struct {
	Name  string
	Query string
}

// A Response is the decoded HTTP response to one request.
type Response struct {
	HTTPStatus int
	// Errors is the errors[] list, in the order the server sent it.
	Errors []GraphQLError
	// DataNull reports that data was null or missing.
	DataNull  bool
	RateLimit RateLimit
}

type request struct {
	Query         string `json:"query"`
	Variables     any    `json:"variables,omitempty"`
	OperationName string `json:"operationName,omitempty"`
}

type envelope struct {
	Data   json.RawMessage `json:"data"`
	Errors []GraphQLError  `json:"errors"`
}

// Do sends op with variables and decodes data into out, unless out is nil
// or data is null. The Response is nil only when no HTTP response
// arrived. The error is an *Error when the request failed, the status was
// not 2xx, or errors[] was not empty. Data is decoded in the last case
// too, so that partial results can be read.
func (c *Client) Do(ctx context.Context, op Operation, variables, out any) (*Response, error) {
	if c.pacer != nil {
		if err := c.pacer.Wait(ctx); err != nil {
			return nil, fmt.Errorf("linear: %s: waiting for rate-limit budget: %w", op.Name, err)
		}
	}
	start := c.now()
	resp, err := c.send(ctx, op, variables, out)
	c.finish(op, start, resp, err)
	return resp, err
}

// Read is Do for a query, which can be sent again without harm: after a
// transient failure (see IsRetryable) it waits and sends it again, up to
// Options.ReadAttempts sends in all. A rate-limited response has paused the
// pacer, if there is one, so the next send also waits for the budget.
// Use Do for mutations.
func (c *Client) Read(ctx context.Context, op Operation, variables, out any) (*Response, error) {
	for attempt := 1; ; attempt++ {
		resp, err := c.Do(ctx, op, variables, out)
		if err == nil || !IsRetryable(err) || attempt >= c.readAttempts || ctx.Err() != nil {
			return resp, err
		}
		wait := c.readBackoff << min(attempt-1, 6)
		wait += time.Duration(rand.Int64N(int64(wait)/2 + 1))
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return resp, err
		}
	}
}

// finish feeds the pacer and reports the event.
func (c *Client) finish(op Operation, start time.Time, resp *Response, err error) {
	ev := Event{Operation: op.Name, Duration: c.now().Sub(start), Err: err}
	if resp != nil {
		ev.HTTPStatus = resp.HTTPStatus
		ev.RateLimit = resp.RateLimit
	}
	if c.pacer != nil && resp != nil {
		c.pacer.Observe(resp.RateLimit)
		var e *Error
		if errors.As(err, &e) && e.Kind == KindRateLimited {
			c.pacer.Pause(resp.RateLimit.ResumeAt())
		}
	}
	if c.onEvent != nil {
		c.onEvent(ev)
	}
}

func (c *Client) send(ctx context.Context, op Operation, variables, out any) (*Response, error) {
	req, err := c.newRequest(ctx, op, variables)
	if err != nil {
		return nil, err
	}
	var wrote atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) {
		wrote.Store(info.Err == nil)
	}}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	hr, err := c.http.Do(req)
	if err != nil {
		return nil, &Error{Kind: KindNetwork, Operation: op.Name, Sent: wrote.Load(), Err: c.cleanError(err)}
	}
	defer hr.Body.Close()
	resp := &Response{HTTPStatus: hr.StatusCode, RateLimit: parseRateLimit(hr.Header, c.now())}
	if hr.StatusCode >= 300 && hr.StatusCode < 400 {
		return resp, c.redirectError(op, hr)
	}
	body, err := readBody(hr.Body, c.maxBody)
	if err != nil {
		kind := KindNetwork
		if errors.Is(err, errBodyTooLarge) {
			kind = KindUnknown
		}
		return resp, &Error{Kind: kind, Operation: op.Name, HTTPStatus: hr.StatusCode, Sent: true, Err: c.cleanError(err)}
	}
	return resp, c.decode(op, resp, body, out)
}

func (c *Client) newRequest(ctx context.Context, op Operation, variables any) (*http.Request, error) {
	body, err := json.Marshal(request{Query: op.Query, Variables: variables, OperationName: op.Name})
	if err != nil {
		return nil, fmt.Errorf("linear: %s: encoding variables: %w", op.Name, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("linear: %s: building request: %w", op.Name, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if h := c.cred.header(); h != "" {
		req.Header.Set("Authorization", h)
	}
	return req, nil
}

// errBodyTooLarge reports a response body over Options.MaxBodyBytes.
var errBodyTooLarge = errors.New("response body exceeds the size limit")

func readBody(r io.Reader, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading response: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w of %d bytes", errBodyTooLarge, limit)
	}
	return body, nil
}

func (c *Client) redirectError(op Operation, hr *http.Response) error {
	target := "another location"
	if loc, err := hr.Location(); err == nil {
		target = loc.Scheme + "://" + loc.Host
	}
	msg := fmt.Sprintf("the endpoint redirected to %s; set the endpoint to the final URL", target)
	return &Error{
		Kind: KindUnknown, Operation: op.Name, HTTPStatus: hr.StatusCode, Sent: true,
		Messages: []string{c.cred.redact(msg)}, Err: errRedirect,
	}
}

// cleanError keeps err for errors.Is and errors.As but makes sure its
// text cannot carry the credential.
func (c *Client) cleanError(err error) error {
	if s := err.Error(); c.cred.redact(s) != s {
		return &redactedError{msg: c.cred.redact(s), err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// decode reads a GraphQL response body into resp and out.
func (c *Client) decode(op Operation, resp *Response, body []byte, out any) error {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return &Error{
			Kind: kindOfStatus(resp.HTTPStatus), Operation: op.Name, HTTPStatus: resp.HTTPStatus, Sent: true,
			Messages: []string{c.cred.redact("response is not GraphQL JSON: " + snippet(body))},
		}
	}
	resp.Errors = env.Errors
	for i := range resp.Errors {
		resp.Errors[i].redact(c.cred)
	}
	resp.DataNull = isNull(env.Data)
	if out != nil && !resp.DataNull {
		if err := json.Unmarshal(env.Data, out); err != nil {
			return &Error{Kind: KindUnknown, Operation: op.Name, HTTPStatus: resp.HTTPStatus, Sent: true,
				Err: fmt.Errorf("decoding data: %w", err)}
		}
	}
	if len(resp.Errors) == 0 && resp.HTTPStatus/100 == 2 {
		if resp.DataNull {
			return &Error{Kind: KindUnknown, Operation: op.Name, HTTPStatus: resp.HTTPStatus, Sent: true,
				Messages: []string{"response has neither data nor errors"}}
		}
		return nil
	}
	return c.responseError(op, resp)
}

// responseError builds the *Error for a non-2xx status or a non-empty
// errors[] list.
func (c *Client) responseError(op Operation, resp *Response) *Error {
	e := &Error{
		Kind: classify(resp.HTTPStatus, resp.Errors), Operation: op.Name,
		HTTPStatus: resp.HTTPStatus, Errors: resp.Errors, Sent: true,
	}
	for _, ge := range resp.Errors {
		e.Messages = append(e.Messages, ge.Text())
	}
	if len(e.Messages) == 0 {
		e.Messages = []string{http.StatusText(resp.HTTPStatus)}
	}
	if e.Kind == KindRateLimited {
		if at := resp.RateLimit.ResumeAt(); !at.IsZero() {
			e.RetryAfter = max(at.Sub(c.now()), 0)
		}
	}
	return e
}

func isNull(raw json.RawMessage) bool {
	s := bytes.TrimSpace(raw)
	return len(s) == 0 || bytes.Equal(s, []byte("null"))
}

// snippet quotes the start of a body for an error message.
func snippet(body []byte) string {
	const n = 120
	if len(body) > n {
		return fmt.Sprintf("%q...", body[:n])
	}
	return fmt.Sprintf("%q", body)
}
