package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"custimport/importer"
	"custimport/linear"
	"custimport/record"
	"custimport/resolve"
	"custimport/workspace"
)

// destination is the workspace an import sends its rows to: Linear's API,
// another GraphQL endpoint, or a local workspace file served in this
// process on a loopback port, so all three go through one HTTP client.
type destination struct {
	label    string
	client   *linear.Client
	pacer    *linear.Pacer
	local    *workspace.Running
	requests atomic.Int64 // HTTP requests sent, every attempt counted
}

func (d *destination) close() {
	if d == nil || d.local == nil {
		return
	}
	if d.client != nil {
		d.client.CloseIdleConnections()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d.local.Close(ctx)
}

// longWaitLogger returns a function that logs a long wait for the rate
// limit, at most once every 30 seconds however many workers wait.
func longWaitLogger(log *slog.Logger) func(time.Duration) {
	var last atomic.Int64
	return func(d time.Duration) {
		now := time.Now().UnixNano()
		prev := last.Load()
		if now-prev < int64(30*time.Second) || !last.CompareAndSwap(prev, now) {
			return
		}
		log.Info("waiting for the rate limit's budget", "for", d.Round(time.Second))
	}
}

// openDestination connects to the destination named by --to. The first
// request is sent by preflight, not here.
func openDestination(ctx context.Context, f *importFlags, log *slog.Logger) (*destination, error) {
	d := &destination{pacer: linear.NewPacer(linear.PacerOptions{OnLongWait: longWaitLogger(log)})}
	endpoint := f.to
	var cred linear.Credential
	var err error
	switch {
	case strings.HasPrefix(f.to, "local:"):
		path := strings.TrimPrefix(f.to, "local:")
		if path == "" {
			return nil, errors.New("--to local: needs a file name, such as local:workspace.db")
		}
		_, err := os.Stat(path)
		switch {
		case f.dryRun && errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("--to %s: no workspace file there, and a dry run creates none; "+
				"check the path, or leave out --to to check the file alone", f.to)
		case errors.Is(err, fs.ErrNotExist):
			if dir, derr := os.Stat(filepath.Dir(path)); derr != nil || !dir.IsDir() {
				return nil, fmt.Errorf("--to %s: the folder %s does not exist", f.to, filepath.Dir(path))
			}
		}
		d.local, err = workspace.Start(ctx, workspace.Options{DBPath: path, Addr: "127.0.0.1:0"})
		if err != nil {
			return nil, fmt.Errorf("open local workspace %s: %w", path, err)
		}
		endpoint, d.label = d.local.URL, f.to
		cred, err = linear.APIKey(d.local.APIKey)
	default:
		if endpoint == "" {
			endpoint = linear.Endpoint
		}
		d.label = endpoint
		cred, err = readCredential(f.apiKeyFile)
	}
	if err != nil {
		d.close()
		return nil, err
	}
	logRequest := logEvent(log)
	d.client, err = linear.New(endpoint, cred, linear.Options{
		UserAgent: "custimport/" + version,
		Pacer:     d.pacer,
		OnEvent: func(e linear.Event) {
			d.requests.Add(1)
			logRequest(e)
		},
	})
	if err != nil {
		d.close()
		return nil, err
	}
	return d, nil
}

// readCredential reads the API key from path, or from LINEAR_API_KEY when
// path is empty. Errors never quote the key.
func readCredential(path string) (linear.Credential, error) {
	raw := os.Getenv("LINEAR_API_KEY")
	source := "LINEAR_API_KEY"
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return linear.Credential{}, fmt.Errorf("read --api-key-file: %w", err)
		}
		raw, source = string(b), "--api-key-file "+path
	}
	if strings.TrimSpace(raw) == "" {
		return linear.Credential{}, errors.New("no API key: set LINEAR_API_KEY or pass --api-key-file, or use --dry-run to check the file without sending")
	}
	cred, err := linear.ParseCredential(raw)
	if err != nil {
		return cred, fmt.Errorf("API key from %s: %w", source, err)
	}
	return cred, nil
}

// logEvent logs each request at debug level and each failed one at info.
// The client never puts the key in an event.
func logEvent(log *slog.Logger) func(linear.Event) {
	return func(e linear.Event) {
		level := slog.LevelDebug
		if e.Err != nil {
			level = slog.LevelInfo
		}
		log.Log(context.Background(), level, "request",
			"operation", e.Operation, "status", e.HTTPStatus,
			"duration", e.Duration.Round(time.Millisecond), "err", e.Err)
	}
}

// newRemote returns the Sender of an import that talks to a workspace.
func newRemote(d *destination, f *importFlags, dir *resolve.Directory, columns [record.NumFields]string, log *slog.Logger) *importer.Remote {
	mode, _ := importer.ParseOnExisting(f.onExisting)
	return &importer.Remote{
		Client:     d.client,
		OnExisting: mode,
		DryRun:     f.dryRun,
		Resolver:   resolver{dir, columns},
		OnEvent: func(e importer.Event) {
			level := slog.LevelInfo
			if e.Kind == "warning" {
				level = slog.LevelWarn
			}
			log.Log(context.Background(), level, e.Kind, "rows", formatRows(e.Rows), "reason", e.Reason)
		},
	}
}

// resolver adapts a resolve.Directory to the importer, naming columns as
// the input file does.
type resolver struct {
	dir     *resolve.Directory
	columns [record.NumFields]string
}

func (r resolver) Resolve(ctx context.Context, row int, refs record.Refs, in *record.Input) ([]record.FieldError, []string) {
	return r.dir.Resolve(ctx, row, refs, in, r.columns)
}

// loadDirectory reads the workspace's users, statuses and tiers, so rows
// can name them in words.
func loadDirectory(ctx context.Context, d *destination, f *importFlags) (*resolve.Directory, error) {
	dir, err := resolve.Load(ctx, d.client, resolve.Options{
		CreateMissingTiers: f.createMissingTiers,
		DryRun:             f.dryRun,
		Client:             d.client,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.label, err)
	}
	return dir, nil
}

// formatRows lists row numbers compactly for a log line.
func formatRows(rows []int) string {
	if len(rows) == 0 {
		return ""
	}
	if len(rows) > 6 {
		return fmt.Sprintf("%d-%d (%d rows)", rows[0], rows[len(rows)-1], len(rows))
	}
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = fmt.Sprint(r)
	}
	return strings.Join(parts, ",")
}
