package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// schemaVersion is stored in PRAGMA user_version of every workspace file.
const schemaVersion = 1

// busyTimeout is how long a statement waits for another connection's write
// lock before it fails with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// Store is one workspace's data in one SQLite file. It is safe for
// concurrent use. Uniqueness of ids, domains, external ids and Slack
// channel ids is enforced by the database's own constraints, and every
// write runs in a transaction that takes the write lock when it begins.
type Store struct {
	db      *sql.DB
	path    string
	writeMu sync.Mutex
	seeded  bool
}

// Open opens the workspace file at path, creating it with its tables and
// the default seed data when it does not exist yet. It takes no context,
// so use [OpenSeeded] to bound a slow first open.
func Open(path string) (*Store, error) {
	return openStore(context.Background(), path, nil)
}

// OpenSeeded is like [Open], but a new file is seeded with seed instead of
// [DefaultSeed]. An existing file is opened as it is.
func OpenSeeded(ctx context.Context, path string, seed *Seed) (*Store, error) {
	return openStore(ctx, path, seed)
}

func openStore(ctx context.Context, path string, seed *Seed) (*Store, error) {
	if path == "" {
		return nil, errors.New("open workspace: empty path")
	}
	db, err := sql.Open("sqlite", dataSourceName(path))
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.initRetrying(ctx, seed); err != nil {
		db.Close()
		return nil, fmt.Errorf("open workspace %s: %w", path, err)
	}
	return s, nil
}

// dataSourceName builds the modernc.org/sqlite DSN: WAL journal, a busy
// timeout, foreign keys on, and BEGIN IMMEDIATE for every transaction.
// Taking the write lock when a transaction begins means a busy database
// makes it wait at BEGIN instead of failing at its first write.
func dataSourceName(path string) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	q := url.Values{}
	q.Add("_txlock", "immediate")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	// NOTE: with WAL, synchronous NORMAL keeps every commit through a
	// crash of the process, but the last commits can be lost when the
	// machine loses power.
	q.Add("_pragma", "synchronous(NORMAL)")
	u.RawQuery = q.Encode()
	return u.String()
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Seeded reports whether opening the store created the workspace and
// loaded its seed; an existing workspace is opened as it is.
func (s *Store) Seeded() bool { return s.seeded }

// Close closes the database. Committed data stays in the file.
func (s *Store) Close() error {
	return s.db.Close()
}

// initRetrying runs init, and runs it again after a short pause when
// SQLite reports the file busy. The busy timeout does not cover every
// case: processes that open one new file at once have seen SQLITE_BUSY
// without any wait, probably while one of them switched it to WAL.
func (s *Store) initRetrying(ctx context.Context, seed *Seed) error {
	for attempt := 1; ; attempt++ {
		err := s.init(ctx, seed)
		if !isBusy(err) || attempt == initAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
	}
}

// initAttempts bounds initRetrying: the pauses add up to about 4 seconds.
const initAttempts = 20

// isBusy reports whether err is SQLite's SQLITE_BUSY, in any of its
// extended forms.
func isBusy(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

func (s *Store) init(ctx context.Context, seed *Seed) error {
	s.seeded = false // set again below if this attempt creates the tables
	if seed == nil {
		seed = DefaultSeed()
	}
	// The version is read inside the write transaction, so that of two
	// processes opening a new file at once only one creates the tables.
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var version int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		switch {
		case version == schemaVersion:
			return nil
		case version > schemaVersion:
			return fmt.Errorf("schema version %d is newer than this program's %d", version, schemaVersion)
		}
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("create tables: %w", err)
		}
		if err := seed.insert(ctx, tx, time.Now()); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		s.seeded = true
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion))
		return err
	})
}

// inTx runs fn in a transaction and commits it when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isUniqueViolation reports whether err is SQLite's UNIQUE or PRIMARY KEY
// constraint failure.
func isUniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// ddl creates the tables. Times are Unix milliseconds. The seq columns give
// every row a stable creation order for pagination; the ids are the
// public identifiers.
const ddl = `
CREATE TABLE organization (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	url_key TEXT NOT NULL,
	customers_enabled INTEGER NOT NULL,
	last_sync_id INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE TABLE users (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	display_name TEXT NOT NULL UNIQUE,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	active INTEGER NOT NULL,
	admin INTEGER NOT NULL,
	app INTEGER NOT NULL,
	guest INTEGER NOT NULL,
	owner INTEGER NOT NULL,
	viewer INTEGER NOT NULL DEFAULT 0,
	disable_reason TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_one_viewer ON users (viewer) WHERE viewer = 1;
CREATE TABLE customer_statuses (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	color TEXT NOT NULL,
	description TEXT,
	position REAL NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE TABLE customer_tiers (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	color TEXT NOT NULL,
	description TEXT,
	position REAL NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE TABLE customers (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	slug_id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL CHECK (trim(name) <> ''),
	slack_channel_id TEXT UNIQUE,
	owner_id TEXT REFERENCES users (id),
	status_id TEXT NOT NULL REFERENCES customer_statuses (id),
	tier_id TEXT REFERENCES customer_tiers (id),
	revenue INTEGER CHECK (revenue BETWEEN -2147483648 AND 2147483647),
	size INTEGER CHECK (size BETWEEN -2147483648 AND 2147483647),
	logo_url TEXT,
	main_source_id TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX customers_updated ON customers (updated_at, seq);
CREATE TABLE customer_domains (
	domain TEXT PRIMARY KEY CHECK (domain = lower(domain) AND domain <> ''),
	customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	position INTEGER NOT NULL
);
CREATE INDEX customer_domains_by_customer ON customer_domains (customer_id, position);
CREATE TABLE customer_external_ids (
	external_id TEXT PRIMARY KEY CHECK (external_id <> ''),
	customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	position INTEGER NOT NULL
);
CREATE INDEX customer_external_ids_by_customer ON customer_external_ids (customer_id, position);
`
