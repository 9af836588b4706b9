package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"custimport/record"
)

// ListSeparator joins the elements of domains and externalIds in a CSV
// cell. The importer splits domains at semicolons, commas and white space,
// and externalIds at semicolons, vertical bars and line breaks, so an
// external id that contains one of those does not survive a CSV round
// trip; JSONL keeps it.
const ListSeparator = "; "

// Columns returns the header of a CSV export, in order, which is also the
// key order of a JSONL object. Each name is one that the importer maps to
// its field with no column mapping.
func Columns() []string {
	return []string{
		"id", "name", "domains", "externalIds", "slackChannelId",
		"owner", "ownerId", "status", "statusId", "tier", "tierId",
		"revenue", "size", "logoUrl", "mainSourceId",
	}
}

// Writer writes Rows in one Format. It buffers its output: call Flush to
// pass what was written to the underlying io.Writer. A Writer is not safe
// for concurrent use.
type Writer struct {
	csv    *csv.Writer
	buf    *bufio.Writer
	json   *json.Encoder
	header bool
	cells  []string
}

// NewWriter returns a Writer of format f to w. A CSV Writer writes the
// header line before the first row, or at the first Flush when no row
// came, so that an export of an empty workspace still names its columns.
// Cells are written exactly as they are, with no protection against
// spreadsheet formulas, because the file is meant to be imported again.
func NewWriter(w io.Writer, f Format) *Writer {
	if f == JSONL {
		buf := bufio.NewWriterSize(w, 64<<10)
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		return &Writer{buf: buf, json: enc}
	}
	return &Writer{csv: csv.NewWriter(bufio.NewWriterSize(w, 64<<10)), cells: make([]string, 0, len(Columns()))}
}

// Write writes one row.
func (w *Writer) Write(r *Row) error {
	if w.json != nil {
		return w.json.Encode(jsonRowOf(r))
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.cells = r.appendCells(w.cells[:0])
	return w.csv.Write(w.cells)
}

func (w *Writer) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	return w.csv.Write(Columns())
}

// Flush writes any buffered data to the underlying io.Writer and returns
// the first error of any write so far.
func (w *Writer) Flush() error {
	if w.json != nil {
		return w.buf.Flush()
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.csv.Flush()
	return w.csv.Error()
}

// appendCells appends the row's cells in the order of Columns.
func (r *Row) appendCells(cells []string) []string {
	return append(cells,
		r.ID, r.Name,
		strings.Join(r.Domains, ListSeparator), strings.Join(r.ExternalIDs, ListSeparator),
		r.SlackChannelID.Value(),
		r.Owner.Value(), r.OwnerID.Value(),
		r.Status.Value(), r.StatusID.Value(),
		r.Tier.Value(), r.TierID.Value(),
		formatInt(r.Revenue), string(r.Size.Value()),
		r.LogoURL.Value(), r.MainSourceID.Value(),
	)
}

func formatInt(o record.Opt[int64]) string {
	v, ok := o.Get()
	if !ok {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

// jsonRow is a Row as one JSON Lines object: an undefined field is a
// missing key, and so is an empty list, as in the CSV form.
type jsonRow struct {
	ID             string      `json:"id"`
	Name           string      `json:"name"`
	Domains        []string    `json:"domains,omitempty"`
	ExternalIDs    []string    `json:"externalIds,omitempty"`
	SlackChannelID *string     `json:"slackChannelId,omitempty"`
	Owner          *string     `json:"owner,omitempty"`
	OwnerID        *string     `json:"ownerId,omitempty"`
	Status         *string     `json:"status,omitempty"`
	StatusID       *string     `json:"statusId,omitempty"`
	Tier           *string     `json:"tier,omitempty"`
	TierID         *string     `json:"tierId,omitempty"`
	Revenue        *int64      `json:"revenue,omitempty"`
	Size           json.Number `json:"size,omitempty"`
	LogoURL        *string     `json:"logoUrl,omitempty"`
	MainSourceID   *string     `json:"mainSourceId,omitempty"`
}

func jsonRowOf(r *Row) jsonRow {
	return jsonRow{
		ID: r.ID, Name: r.Name, Domains: r.Domains, ExternalIDs: r.ExternalIDs,
		SlackChannelID: ptr(r.SlackChannelID.Get()),
		Owner:          ptr(r.Owner.Get()), OwnerID: ptr(r.OwnerID.Get()),
		Status: ptr(r.Status.Get()), StatusID: ptr(r.StatusID.Get()),
		Tier: ptr(r.Tier.Get()), TierID: ptr(r.TierID.Get()),
		Revenue: ptr(r.Revenue.Get()), Size: r.Size.Value(),
		LogoURL: ptr(r.LogoURL.Get()), MainSourceID: ptr(r.MainSourceID.Get()),
	}
}

// ptr returns a pointer to v when ok, and nil otherwise.
func ptr[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}
