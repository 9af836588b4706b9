package reports

import (
	"bufio"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	format, err := FormatFor(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if format == "csv" {
		return loadDoneCSV(f)
	}
	return loadDoneJSONL(f)
}

func loadDoneJSONL(r io.Reader) (map[int]Done, error) {
	done := map[int]Done{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	n := 0
	for sc.Scan() {
		n++
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			// A run killed while writing leaves a cut last line.
			if !sc.Scan() {
				break
			}
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if l.Done() {
			done[l.Row] = Done{Status: l.Status, ID: l.ID, Fingerprint: l.Fingerprint}
		}
	}
	return done, sc.Err()
}

func loadDoneCSV(r io.Reader) (map[int]Done, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, name := range []string{"row", "status", "id", "fingerprint"} {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("no %q column: is this a custimport report?", name)
		}
	}
	done := map[int]Done{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return done, nil
		}
		if err != nil {
			// A cut last record from a killed run ends the file.
			return done, nil
		}
		if len(rec) < len(header) {
			continue
		}
		row, err := strconv.Atoi(rec[col["row"]])
		if err != nil {
			continue
		}
		l := Line{Status: Status(rec[col["status"]]), ID: rec[col["id"]]}
		if l.Done() {
			done[row] = Done{Status: l.Status, ID: l.ID, Fingerprint: rec[col["fingerprint"]]}
		}
	}
}
