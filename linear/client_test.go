package linear

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestNewChecksEndpoint(t *testing.T) {
	key, err := APIKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		endpoint string
		cred     Credential
		wantErr  bool
	}{
		{"https remote", "https://api.linear.app/graphql", key, false},
		{"http IPv4 loopback", "http://127.0.0.1:8080/graphql", key, false},
		{"http other loopback address", "http://127.0.0.2:8080/graphql", key, false},
		{"http IPv6 loopback", "http://[::1]:8080/graphql", key, false},
		{"http localhost", "http://localhost:8080/graphql", key, false},
		{"http remote with key", "http://api.linear.app/graphql", key, true},
		{"http private address with key", "http://10.0.0.5/graphql", key, true},
		{"http localhost lookalike", "http://localhost.example.com/graphql", key, true},
		{"http remote without key", "http://10.0.0.5/graphql", Credential{}, false},
		{"relative", "/graphql", key, true},
		{"other scheme", "ftp://127.0.0.1/graphql", key, true},
		{"user info", "https://user:pass@api.linear.app/graphql", key, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.endpoint, tt.cred, Options{})
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("New(%q): error %v, want error: %v", tt.endpoint, err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), testKey) {
				t.Errorf("error shows the key")
			}
		})
	}
}

func TestDoSendsRequest(t *testing.T) {
	var got struct {
		method, auth, contentType, userAgent string
		body                                 request
		rawVariables                         json.RawMessage
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.method = r.Method
		got.auth = r.Header.Get("Authorization")
		got.contentType = r.Header.Get("Content-Type")
		got.userAgent = r.Header.Get("User-Agent")
		var raw struct {
			request
			Variables json.RawMessage `json:"variables"`
		}
		_ = json.NewDecoder(r.Body).Decode(&raw)
		got.body, got.rawVariables = raw.request, raw.Variables
		writeJSON(w, 200, map[string]any{"data": map[string]any{"viewer": map[string]any{"id": "u1"}}})
	}))
	defer srv.Close()
	c := newFakeLinear().client(t, srv, Options{UserAgent: "custimport/1.2.3"})

	var out struct {
		Viewer struct{ ID string } `json:"viewer"`
	}
	op := Operation{Name: "Viewer", Query: viewerQuery}
	if _, err := c.Do(context.Background(), op, map[string]any{"a": 1}, &out); err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"method", got.method, "POST"},
		{"Authorization", got.auth, testKey},
		{"Content-Type", got.contentType, "application/json"},
		{"User-Agent", got.userAgent, "custimport/1.2.3"},
		{"operationName", got.body.OperationName, "Viewer"},
		{"query", got.body.Query, viewerQuery},
		{"variables", string(got.rawVariables), `{"a":1}`},
		{"decoded id", out.Viewer.ID, "u1"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s:\n got %q\nwant %q", ch.name, ch.got, ch.want)
		}
	}
}

func TestDoSendsBearerForOAuth(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		writeJSON(w, 200, map[string]any{"data": map[string]any{}})
	}))
	defer srv.Close()
	cred, err := ParseCredential("lin_oauth_tok")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(srv.URL, cred, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), Operation{Name: "Viewer", Query: viewerQuery}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer lin_oauth_tok" {
		t.Errorf("Authorization: got %q, want %q", auth, "Bearer lin_oauth_tok")
	}
}

// cannedResponse is a fixed HTTP response that a test server sends.
type cannedResponse struct {
	status  int
	headers map[string]string
	body    string
}

func serveCanned(t *testing.T, a cannedResponse) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range a.headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDoClassifiesResponses(t *testing.T) {
	retryIn := time.Now().Add(30 * time.Second).UnixMilli()
	tests := []struct {
		name          string
		response      cannedResponse
		wantKind      Kind
		wantRetryable bool
		wantAmbiguous bool
		wantRetry     bool // RetryAfter > 0
	}{
		{"ratelimited on 400", cannedResponse{400, map[string]string{
			"X-RateLimit-Requests-Remaining": "0", "X-RateLimit-Requests-Reset": fmt.Sprint(retryIn),
		}, `{"errors":[{"message":"Rate limit exceeded","extensions":{"code":"RATELIMITED","type":"ratelimited","userError":true}}]}`},
			KindRateLimited, true, false, true},
		{"429 with Retry-After", cannedResponse{429, map[string]string{"Retry-After": "7"}, `{"errors":[{"message":"slow down"}]}`},
			KindRateLimited, true, false, true},
		{"429 without body", cannedResponse{429, nil, ``}, KindRateLimited, true, false, false},
		{"authentication on 400", cannedResponse{400, nil,
			`{"errors":[{"message":"Authentication required","extensions":{"type":"authentication error","userError":true}}]}`},
			KindAuthentication, false, false, false},
		{"401 plain", cannedResponse{401, nil, `{"errors":[{"message":"not authenticated"}]}`}, KindAuthentication, false, false, false},
		{"forbidden on 200", cannedResponse{200, nil,
			`{"data":null,"errors":[{"message":"no","extensions":{"type":"forbidden","userError":true}}]}`},
			KindForbidden, false, false, false},
		{"invalid input on 200", cannedResponse{200, nil,
			`{"data":null,"errors":[{"message":"bad","path":["customerCreate"],"extensions":{"type":"invalid input","userError":true,"userPresentableMessage":"Name is required"}}]}`},
			KindInvalidInput, false, false, false},
		{"graphql validation on 400", cannedResponse{400, nil,
			`{"errors":[{"message":"Cannot query field \"nope\" on type \"Query\".","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}`},
			KindValidation, false, false, false},
		{"lock timeout", cannedResponse{200, nil,
			`{"data":null,"errors":[{"message":"lock timeout","extensions":{"type":"lock timeout"}}]}`},
			KindLockTimeout, true, false, false},
		{"lock timeout in message only", cannedResponse{200, nil,
			`{"data":null,"errors":[{"message":"Query failed: lock timeout exceeded"}]}`},
			KindLockTimeout, true, false, false},
		{"internal error", cannedResponse{500, nil,
			`{"errors":[{"message":"oops","extensions":{"type":"internal error"}}]}`},
			KindServer, true, true, false},
		{"502 HTML", cannedResponse{502, nil, `<html>Bad gateway</html>`}, KindServer, true, true, false},
		{"200 not JSON", cannedResponse{200, nil, `hello`}, KindUnknown, false, true, false},
		{"200 empty object", cannedResponse{200, nil, `{}`}, KindUnknown, false, true, false},
		{"numeric code tolerated", cannedResponse{200, nil,
			`{"data":null,"errors":[{"message":"x","extensions":{"code":42,"type":"user error","userError":"true"}}]}`},
			KindInvalidInput, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveCanned(t, tt.response)
			c := newFakeLinear().client(t, srv, Options{})
			resp, err := c.Do(context.Background(), Operation{Name: "Viewer", Query: viewerQuery}, nil, nil)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if resp == nil || resp.HTTPStatus != tt.response.status {
				t.Errorf("response status: got %+v, want %d", resp, tt.response.status)
			}
			if e.Kind != tt.wantKind {
				t.Errorf("Kind: got %v, want %v (%v)", e.Kind, tt.wantKind, err)
			}
			if got := IsRetryable(err); got != tt.wantRetryable {
				t.Errorf("IsRetryable: got %v, want %v", got, tt.wantRetryable)
			}
			if got := IsAmbiguous(err); got != tt.wantAmbiguous {
				t.Errorf("IsAmbiguous: got %v, want %v", got, tt.wantAmbiguous)
			}
			if got := e.RetryAfter > 0; got != tt.wantRetry {
				t.Errorf("RetryAfter: got %v, want positive: %v", e.RetryAfter, tt.wantRetry)
			}
			if !e.Sent {
				t.Error("Sent: got false for a request that got an cannedResponse")
			}
		})
	}
}

func TestDoKeepsErrorDetails(t *testing.T) {
	srv := serveCanned(t, cannedResponse{200, nil, `{"data":{"c0":null,"c1":{"success":true}},"errors":[` +
		`{"message":"raw","path":["c0"],"extensions":{"type":"invalid input","code":"INPUT_ERROR","userError":true,"userPresentableMessage":"Name is required"}}]}`})
	c := newFakeLinear().client(t, srv, Options{})
	var out map[string]any
	resp, err := c.Do(context.Background(), Operation{Name: "X", Query: "{ x }"}, nil, &out)
	if err == nil {
		t.Fatal("got no error for errors[]")
	}
	if len(resp.Errors) != 1 {
		t.Fatalf("Errors: got %d, want 1", len(resp.Errors))
	}
	ge := resp.Errors[0]
	want := ErrorExtensions{Type: "invalid input", Code: "INPUT_ERROR", UserError: true, UserPresentableMessage: "Name is required"}
	if ge.Extensions != want {
		t.Errorf("Extensions:\n got %+v\nwant %+v", ge.Extensions, want)
	}
	if ge.Top() != "c0" || ge.Message != "raw" {
		t.Errorf("Top, Message: got %q, %q", ge.Top(), ge.Message)
	}
	if out["c1"] == nil {
		t.Error("partial data was not decoded")
	}
	if !strings.Contains(err.Error(), "Name is required") {
		t.Errorf("error %q lacks the user-presentable message", err)
	}
}

func TestDoConnectionRefusedIsNotSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cred, _ := APIKey(testKey)
	c, err := New("http://"+addr+"/graphql", cred, Options{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(context.Background(), Operation{Name: "Viewer", Query: viewerQuery}, nil, nil)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNetwork {
		t.Fatalf("got %v, want a network *Error", err)
	}
	if resp != nil {
		t.Errorf("Response: got %+v, want nil", resp)
	}
	if e.Sent {
		t.Error("Sent: got true for a refused connection")
	}
	if !IsRetryable(err) || IsAmbiguous(err) {
		t.Errorf("IsRetryable %v, IsAmbiguous %v: want true, false", IsRetryable(err), IsAmbiguous(err))
	}
}

// dropAfterBody reads the whole request, then closes the connection
// without a response.
func dropAfterBody(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDoDroppedAfterSendIsAmbiguous(t *testing.T) {
	srv := dropAfterBody(t)
	c := newFakeLinear().client(t, srv, Options{})
	_, err := c.Do(context.Background(), Operation{Name: "CreateCustomers", Query: "mutation { x }"}, nil, nil)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNetwork {
		t.Fatalf("got %v, want a network *Error", err)
	}
	if !e.Sent {
		t.Error("Sent: got false after the body was written")
	}
	if !IsAmbiguous(err) || !IsRetryable(err) {
		t.Errorf("IsAmbiguous %v, IsRetryable %v: want true, true", IsAmbiguous(err), IsRetryable(err))
	}
}

func TestDoTimeoutIsAmbiguous(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		<-release
	}))
	defer srv.Close()
	defer close(release)
	c := newFakeLinear().client(t, srv, Options{HTTPClient: &http.Client{Timeout: 100 * time.Millisecond}})
	_, err := c.Do(context.Background(), Operation{Name: "Viewer", Query: viewerQuery}, nil, nil)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNetwork {
		t.Fatalf("got %v, want a network *Error", err)
	}
	if !IsAmbiguous(err) || !IsRetryable(err) {
		t.Errorf("IsAmbiguous %v, IsRetryable %v: want true, true", IsAmbiguous(err), IsRetryable(err))
	}
}

func TestDoCancelledIsNotRetryable(t *testing.T) {
	srv := newFakeLinear().start(t)
	c := newFakeLinear().client(t, srv, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Do(ctx, Operation{Name: "Viewer", Query: viewerQuery}, nil, nil)
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if IsRetryable(err) || IsAmbiguous(err) {
		t.Errorf("IsRetryable %v, IsAmbiguous %v: want false, false", IsRetryable(err), IsAmbiguous(err))
	}
}

func TestDoBodyLimit(t *testing.T) {
	srv := serveCanned(t, cannedResponse{200, nil, `{"data":{"x":"` + strings.Repeat("a", 500) + `"}}`})
	c := newFakeLinear().client(t, srv, Options{MaxBodyBytes: 100})
	_, err := c.Do(context.Background(), Operation{Name: "X", Query: "{ x }"}, nil, nil)
	if !errors.Is(err, errBodyTooLarge) {
		t.Fatalf("got %v, want errBodyTooLarge", err)
	}
	if !IsAmbiguous(err) {
		t.Error("IsAmbiguous: got false for an cannedResponse that could not be read")
	}
}

func TestDoDoesNotFollowRedirects(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		writeJSON(w, 200, map[string]any{"data": map[string]any{}})
	}))
	defer other.Close()
	for _, status := range []int{301, 302, 307, 308} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/graphql", status)
			}))
			defer srv.Close()
			c := newFakeLinear().client(t, srv, Options{})
			_, err := c.Do(context.Background(), Operation{Name: "Viewer", Query: viewerQuery}, nil, nil)
			if !errors.Is(err, errRedirect) {
				t.Fatalf("got %v, want errRedirect", err)
			}
			if !strings.Contains(err.Error(), other.Listener.Addr().String()) {
				t.Errorf("error %q does not name the redirect target", err)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Error("error shows the key")
			}
		})
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests, want 0", n)
	}
}

func TestDoReportsEvents(t *testing.T) {
	fake := newFakeLinear()
	srv := fake.start(t)
	var events []Event
	c := fake.client(t, srv, Options{ReadAttempts: 1, OnEvent: func(e Event) { events = append(events, e) }})
	if _, err := c.Viewer(context.Background()); err != nil {
		t.Fatal(err)
	}
	fake.mu.Lock()
	fake.rateLimited = 1
	fake.mu.Unlock()
	_, err := c.Viewer(context.Background())
	if err == nil {
		t.Fatal("got no error for a rate-limited request")
	}
	if len(events) != 2 {
		t.Fatalf("events: got %d, want 2", len(events))
	}
	ok, limited := events[0], events[1]
	if ok.Operation != "Viewer" || ok.HTTPStatus != 200 || ok.Err != nil {
		t.Errorf("first event: got %+v", ok)
	}
	if ok.RateLimit.Requests.Limit != 5000 || ok.RateLimit.Requests.Remaining != 4999 || ok.RateLimit.Cost != 3 {
		t.Errorf("first event rate limit: got %+v", ok.RateLimit)
	}
	if limited.HTTPStatus != 400 || limited.Err == nil {
		t.Errorf("second event: got %+v", limited)
	}
}

func TestClientFormattingHidesKey(t *testing.T) {
	srv := newFakeLinear().start(t)
	c := newFakeLinear().client(t, srv, Options{})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d"} {
		for _, x := range []any{c, *c} {
			if out := fmt.Sprintf(verb, x); strings.Contains(out, testKey) {
				t.Errorf("%s of %T shows the key", verb, x)
			}
		}
	}
}

// serveCannedFunc responds to each request with what fn returns for its body.
func serveCannedFunc(t *testing.T, fn func(body []byte) cannedResponse) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		a := fn(body)
		for k, v := range a.headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func containsBytes(b []byte, s string) bool { return strings.Contains(string(b), s) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// A read that fails for a passing reason is sent again, up to
// ReadAttempts sends; a mutation is sent once.
func TestReadRetriesTransientFailures(t *testing.T) {
	fake := newFakeLinear()
	srv := fake.start(t)
	var events []Event
	c := fake.client(t, srv, Options{ReadBackoff: time.Millisecond, OnEvent: func(e Event) { events = append(events, e) }})
	fake.mu.Lock()
	fake.rateLimited = 2
	fake.mu.Unlock()
	if _, err := c.Viewer(context.Background()); err != nil {
		t.Fatalf("Viewer after two rate-limited answers: %v", err)
	}
	if len(events) != 3 {
		t.Errorf("sent %d requests, want 3", len(events))
	}

	var sends atomic.Int32
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sends.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer failing.Close()
	c = fake.client(t, failing, Options{ReadAttempts: 3, ReadBackoff: time.Millisecond})
	if _, err := c.Viewer(context.Background()); !IsRetryable(err) {
		t.Fatalf("Viewer from a server that always fails: %v, want a retryable error", err)
	}
	if n := sends.Load(); n != 3 {
		t.Errorf("read sent %d times, want 3", n)
	}
	sends.Store(0)
	if _, err := c.CreateTier(context.Background(), "Gold"); err == nil {
		t.Fatal("CreateTier on a failing server succeeded")
	}
	if n := sends.Load(); n != 1 {
		t.Errorf("mutation sent %d times, want 1", n)
	}
}
