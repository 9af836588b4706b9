// Package workspace is a local, Linear-compatible workspace: it serves the
// customer part of Linear's GraphQL API over HTTP, with Linear's rules,
// error shapes and rate-limit headers, and stores the data in one SQLite
// file. People rehearse a migration against it, and tests of the API
// client run against it, with faults injected on request.
package workspace

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	"github.com/vektah/gqlparser/v2/ast"
)

// Defaults for the zero values of [Options].
const (
	DefaultAddr                = "127.0.0.1:0"
	DefaultRequestsPerMinute   = 60_000
	DefaultComplexityPerMinute = 10_000_000
	DefaultMaxBodyBytes        = 10 << 20
)

// Options configures a [Server]. The zero value of each field works; only
// DBPath is required.
type Options struct {
	// DBPath is the workspace's SQLite file, created when missing.
	DBPath string
	// Addr is the address [Start] listens on, DefaultAddr when empty.
	Addr string
	// APIKey is the key every request must carry; a random one is made
	// when it is empty. Read it back with [Server.APIKey].
	APIKey string
	// SchemaPath, when set, names an SDL file (Linear's full schema) to
	// validate documents against instead of the embedded subset.
	SchemaPath string
	// SeedPath names a JSON seed file (see [Seed]). It must parse even
	// when DBPath exists, but its data only fills a new workspace file.
	SeedPath string

	// RequestsPerMinute and ComplexityPerMinute size the two leaky
	// buckets; zero means the generous defaults above.
	RequestsPerMinute, ComplexityPerMinute int
	// RateLimitStatus is the HTTP status of a rate-limited response: 400
	// (Linear's, the default) or 429, which adds Retry-After.
	RateLimitStatus int

	// Latency delays every authenticated request, plus a random share of
	// Jitter.
	Latency, Jitter time.Duration
	// ReadLag keeps new customers out of customer and customers reads for
	// this long after their creation.
	ReadLag time.Duration
	// FailRate is the share of requests that get 500, 502 or 503 with
	// nothing done. DropRate is the share whose connection is closed
	// before any work. LostResponseRate is the share that is executed and
	// committed before the connection is closed without a response.
	FailRate, DropRate, LostResponseRate float64
	// PartialErrors lets the other aliases of a document run and respond
	// when one fails, instead of nulling data as Linear does.
	PartialErrors bool
	// Seed seeds the generator that decides the injected faults.
	Seed int64
	// MaxBodyBytes limits the request body, DefaultMaxBodyBytes when zero.
	MaxBodyBytes int64
	// HTTPErrorLog receives the errors of the http.Server that [Start]
	// runs, such as failed accepts; nil means the standard logger.
	HTTPErrorLog *log.Logger

	// RateLimitRequests, when set, is called with n = 1, 2, ... for each
	// authenticated document that contains customerCreate; returning true
	// rejects that document as rate limited without running it.
	RateLimitRequests func(n int) bool
	// OnError receives server-side errors (a failing store, a panic) that
	// clients only see as an internal error. It must be safe for
	// concurrent use.
	OnError func(error)
}

// Validate reports the first option that cannot be used, as NewServer
// would, without opening anything.
func (o Options) Validate() error {
	return o.setDefaults()
}

func (o *Options) setDefaults() error {
	if o.DBPath == "" {
		return errors.New("workspace: DBPath is required")
	}
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.RequestsPerMinute == 0 {
		o.RequestsPerMinute = DefaultRequestsPerMinute
	}
	if o.ComplexityPerMinute == 0 {
		o.ComplexityPerMinute = DefaultComplexityPerMinute
	}
	if o.RateLimitStatus == 0 {
		o.RateLimitStatus = http.StatusBadRequest
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	return o.check()
}

func (o *Options) check() error {
	for name, rate := range map[string]float64{"FailRate": o.FailRate, "DropRate": o.DropRate, "LostResponseRate": o.LostResponseRate} {
		if rate < 0 || rate > 1 {
			return fmt.Errorf("workspace: %s %v is not between 0 and 1", name, rate)
		}
	}
	switch {
	case o.RateLimitStatus != http.StatusBadRequest && o.RateLimitStatus != http.StatusTooManyRequests:
		return fmt.Errorf("workspace: RateLimitStatus %d is neither 400 nor 429", o.RateLimitStatus)
	case o.RequestsPerMinute < 0 || o.ComplexityPerMinute < 0:
		return errors.New("workspace: rate limits must be positive")
	case o.Latency < 0 || o.Jitter < 0 || o.ReadLag < 0:
		return errors.New("workspace: Latency, Jitter and ReadLag must not be negative")
	case o.MaxBodyBytes < 0:
		return errors.New("workspace: MaxBodyBytes must not be negative")
	}
	return nil
}

// Server serves one workspace's GraphQL API. Create it with [NewServer].
type Server struct {
	opts       Options
	store      *Store
	apiKey     string
	validation *ast.Schema
	exec       *graphql.Schema
	limiter    *limiter
	faults     *faults
	// createDocuments counts documents containing customerCreate, for
	// Options.RateLimitRequests.
	createDocuments atomic.Int64
}

// NewServer opens the workspace file and prepares the API. Close the
// server to close the file.
func NewServer(opts Options) (*Server, error) {
	return newServer(context.Background(), opts)
}

func newServer(ctx context.Context, opts Options) (*Server, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	s := &Server{opts: opts, apiKey: opts.APIKey}
	if s.apiKey == "" {
		s.apiKey = NewAPIKey()
	}
	var err error
	if s.validation, err = validationSchema(opts.SchemaPath); err != nil {
		return nil, err
	}
	if s.store, err = openForServer(ctx, opts); err != nil {
		return nil, err
	}
	s.limiter = newLimiter(opts.RequestsPerMinute, opts.ComplexityPerMinute, time.Now())
	s.faults = newFaults(&s.opts)
	r := &resolver{store: s.store, opts: &s.opts, limiter: s.limiter, onInternal: opts.OnError}
	if s.exec, err = newExecutor(r, opts.PartialErrors); err != nil {
		s.store.Close()
		return nil, fmt.Errorf("workspace: bind schema: %w", err)
	}
	return s, nil
}

func validationSchema(path string) (*ast.Schema, error) {
	if path == "" {
		return loadEmbeddedSchema()
	}
	return LoadSchema(path)
}

func openForServer(ctx context.Context, opts Options) (*Store, error) {
	var seed *Seed
	if opts.SeedPath != "" {
		var err error
		if seed, err = LoadSeed(opts.SeedPath); err != nil {
			return nil, err
		}
	}
	return OpenSeeded(ctx, opts.DBPath, seed)
}

// NewAPIKey returns a random key in the form of Linear's personal API
// keys: "lin_api_" and 40 letters and digits.
func NewAPIKey() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 40)
	rand.Read(b)
	for i := range b {
		// 248 is the largest multiple of 62 below 256; the rare bytes
		// above it are drawn again to keep the letters uniform.
		for b[i] >= 248 {
			var one [1]byte
			rand.Read(one[:])
			b[i] = one[0]
		}
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "lin_api_" + string(b)
}

// Handler returns the HTTP handler: POST /graphql.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// APIKey returns the key that requests must carry.
func (s *Server) APIKey() string { return s.apiKey }

// Store returns the workspace's data.
func (s *Server) Store() *Store { return s.store }

// Close closes the workspace file. Serve no requests after it.
func (s *Server) Close() error { return s.store.Close() }

// Running is a server started by [Start].
type Running struct {
	// URL is the GraphQL endpoint, http://127.0.0.1:PORT/graphql.
	URL string
	// APIKey is the key requests must carry.
	APIKey string
	// Store is the workspace's data, for checks from Go.
	Store *Store

	server    *Server
	http      *http.Server
	done      chan struct{}
	serveErr  error
	closeOnce sync.Once
	closeErr  error
}

// Start opens the workspace and serves it on Options.Addr (127.0.0.1 and
// a free port by default) in the background until [Running.Close]. The
// context bounds opening and seeding the workspace only.
func Start(ctx context.Context, opts Options) (*Running, error) {
	s, err := newServer(ctx, opts)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.opts.Addr)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("workspace: listen: %w", err)
	}
	r := &Running{
		URL:    "http://" + ln.Addr().String() + "/graphql",
		APIKey: s.apiKey,
		Store:  s.store,
		server: s,
		http: &http.Server{
			Handler: s.Handler(),
			// Short, because Shutdown waits for a connection that was
			// opened but has sent no request yet (an HTTP client can leave
			// one behind when its request was cancelled) until this
			// timeout closes it.
			ReadHeaderTimeout: 2 * time.Second,
			ErrorLog:          s.opts.HTTPErrorLog,
		},
		done: make(chan struct{}),
	}
	go func() {
		r.serveErr = r.http.Serve(ln)
		close(r.done)
	}()
	return r, nil
}

// Server returns the running server.
func (r *Running) Server() *Server { return r.server }

// Done is closed when the server stops serving, after Close or on a
// failure of its listener.
func (r *Running) Done() <-chan struct{} { return r.done }

// Close stops accepting requests, waits for those in flight until ctx
// ends, and closes the workspace file. Calling it again returns the
// first result.
func (r *Running) Close(ctx context.Context) error {
	r.closeOnce.Do(func() {
		err := r.http.Shutdown(ctx)
		<-r.done
		if !errors.Is(r.serveErr, http.ErrServerClosed) {
			err = errors.Join(err, fmt.Errorf("workspace: serve: %w", r.serveErr))
		}
		r.closeErr = errors.Join(err, r.server.Close())
	})
	return r.closeErr
}
