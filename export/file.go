package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// IncompleteSuffix is appended to the name of an export that stopped
// before the last page, by [File.KeepIncomplete].
const IncompleteSuffix = ".incomplete"

// File is an export's output while it is written: a temporary file in the
// directory of the final path, created readable and writable by its owner
// only (mode 0600, because it contains customer data). [File.Commit] renames it to
// the final path, so a file under that name is always a finished export.
type File struct {
	tmp    *os.File
	path   string
	closed bool
}

// CreateFile creates the temporary file for an export to path. It fails
// when path is a directory or its directory does not accept a new file.
func CreateFile(path string) (*File, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s is a directory; give a file name ending in .csv or .jsonl", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("creating a file next to %s: %w", path, err)
	}
	return &File{tmp: tmp, path: path}, nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// Commit writes the temporary file to stable storage, closes it and
// renames it to the final path, replacing any file there. On an error the
// temporary file is removed.
func (f *File) Commit() error {
	err := f.tmp.Sync()
	if err == nil {
		err = f.close()
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		return errors.Join(fmt.Errorf("finishing %s: %w", f.path, err), f.Remove())
	}
	return nil
}

// KeepIncomplete closes the temporary file and renames it to the final
// path with IncompleteSuffix appended, a name that no one takes for a
// finished export, and returns that name.
func (f *File) KeepIncomplete() (string, error) {
	name := f.path + IncompleteSuffix
	if err := f.close(); err != nil {
		return "", errors.Join(err, f.Remove())
	}
	if err := os.Rename(f.tmp.Name(), name); err != nil {
		return "", errors.Join(fmt.Errorf("keeping the incomplete export: %w", err), f.Remove())
	}
	return name, nil
}

// Remove closes and deletes the temporary file. Removing a file that is
// already gone is not an error.
func (f *File) Remove() error {
	_ = f.close() // the data is being discarded, so a failed close does not matter
	if err := os.Remove(f.tmp.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing the unfinished export: %w", err)
	}
	return nil
}

func (f *File) close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	return f.tmp.Close()
}
