package reports

import (
	"bufio"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strconv"

	"custimport/record"
)

// Fingerprint identifies a row's content in a workspace: a hash of the
// workspace's id and of the input as it would be sent, before custimport
// gives it an id. A resumed run compares it to tell whether a row changed
// since the report was written. A report written for another workspace
// matches no row, so a run resumed from it sends every row.
func Fingerprint(workspace string, in *record.Input) string {
	h := fnv.New64a()
	h.Write([]byte(workspace))
	h.Write([]byte{0})
	h.Write(appendInput(nil, in))
	return hex.EncodeToString(h.Sum(nil))
}

// Done is an earlier report's record of a row that reached the
// workspace.
type Done struct {
	Status      Status
	ID          string
	Fingerprint string
}

// LoadDone reads a report (JSON Lines or CSV, by the file's extension)
// and returns, by row, the rows it shows as created, updated, or skipped
// because their customer exists.
func LoadDone(path string) (map[int]Done, error) {
	done := map[int]Done{}
	err := eachLine(path, func(l *Line) bool {
		if l.Done() {
			done[l.Row] = Done{Status: l.Status, ID: l.ID, Fingerprint: l.Fingerprint}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return done, nil
}

// RecordsImport reports whether the report at path shows, within its
// first maxLines lines, a row that reached a workspace: created, updated,
// failed, or skipped because its customer exists. Such a report is the
// record of a real import, where a dry run's report is not.
//
// NOTE: a real import whose first maxLines rows were all invalid reads as
// a dry run.
func RecordsImport(path string, maxLines int) (bool, error) {
	found, n := false, 0
	err := eachLine(path, func(l *Line) bool {
		found = l.Done() || l.Status == Failed
		n++
		return !found && n < maxLines
	})
	return found, err
}

// eachLine calls fn with each line of the report at path, in order, until
// fn returns false. Lines of the CSV form carry only the row, status, id
// and fingerprint. A cut last line, which a killed run leaves, ends the
// file.
func eachLine(path string, fn func(*Line) bool) error {
	format, err := FormatFor(path)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if format == "csv" {
		return eachCSVLine(f, fn)
	}
	return eachJSONLine(f, fn)
}

func eachJSONLine(r io.Reader, fn func(*Line) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	n := 0
	for sc.Scan() {
		n++
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			if !sc.Scan() {
				break
			}
			return fmt.Errorf("line %d: %w", n, err)
		}
		if !fn(&l) {
			return nil
		}
	}
	return sc.Err()
}

func eachCSVLine(r io.Reader, fn func(*Line) bool) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, name := range []string{"row", "status", "id", "fingerprint"} {
		if _, ok := col[name]; !ok {
			return fmt.Errorf("no %q column: is this a custimport report?", name)
		}
	}
	for {
		rec, err := cr.Read()
		if err != nil {
			// io.EOF, or a cut last record.
			return nil
		}
		if len(rec) < len(header) {
			continue
		}
		row, err := strconv.Atoi(rec[col["row"]])
		if err != nil {
			continue
		}
		l := Line{Row: row, Status: Status(rec[col["status"]]), ID: rec[col["id"]], Fingerprint: rec[col["fingerprint"]]}
		if !fn(&l) {
			return nil
		}
	}
}
