package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Summary counts the outcomes of a run. Add every report line to it.
type Summary struct {
	File        string    `json:"file"`
	Format      string    `json:"format"`
	Destination string    `json:"destination"`
	DryRun      bool      `json:"dryRun"`
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished"`
	Interrupted bool      `json:"interrupted"`
	// StoppedAtOnce is set when a second interrupt cut requests short.
	StoppedAtOnce      bool `json:"stoppedAtOnce,omitempty"`
	Rows               int  `json:"rows"`
	Valid              int  `json:"valid"`
	Invalid            int  `json:"invalid"`
	Created            int  `json:"created"`
	Updated            int  `json:"updated"`
	Skipped            int  `json:"skipped"`
	Blank              int  `json:"blank"`
	Failed             int  `json:"failed"`
	Requests           int  `json:"requests"`
	RateLimitedAnswers int  `json:"rateLimitedAnswers"`
	// RateLimitWaitSeconds is the time during which requests were held
	// back to stay within the rate limit.
	RateLimitWaitSeconds float64  `json:"rateLimitWaitSeconds"`
	UnknownColumns       []string `json:"unknownColumns,omitempty"`
	// Changed counts the rows that the resumed report shows done but
	// whose content changed since; ChangedRows lists the first 100.
	Changed     int   `json:"changed,omitempty"`
	ChangedRows []int `json:"changedRows,omitempty"`
	// Resumed counts the rows skipped because the resumed report shows
	// them done and unchanged.
	Resumed int `json:"resumed,omitempty"`
	// Error is the error that ended the run before the end of the file,
	// such as a JSON array that breaks off. Rows after it were not read.
	Error string `json:"error,omitempty"`
	// Codes counts errors by code, over every row.
	Codes map[string]int `json:"codes"`
	// Fields counts errors by field and code: Fields[field][code].
	Fields map[string]map[string]int `json:"fields"`
}

// Add counts one report line.
func (s *Summary) Add(l *Line) {
	s.Rows++
	switch l.Status {
	case Valid:
		s.Valid++
	case Invalid:
		s.Invalid++
	case Created:
		s.Created++
	case Updated:
		s.Updated++
	case Skipped:
		s.Skipped++
		if l.Reason == "blank" {
			s.Blank++
		}
	case Failed:
		s.Failed++
	}
	if len(l.Errors) == 0 {
		return
	}
	if s.Codes == nil {
		s.Codes = map[string]int{}
		s.Fields = map[string]map[string]int{}
	}
	for _, e := range l.Errors {
		s.Codes[e.Code]++
		byCode := s.Fields[e.Field]
		if byCode == nil {
			byCode = map[string]int{}
			s.Fields[e.Field] = byCode
		}
		byCode[e.Code]++
	}
}

// CodeCount is one error code and how many times it occurred.
type CodeCount struct {
	Code  string
	Count int
}

// TopCodes returns up to n error codes, most frequent first.
func (s *Summary) TopCodes(n int) []CodeCount {
	out := make([]CodeCount, 0, len(s.Codes))
	for c, k := range s.Codes {
		out = append(out, CodeCount{c, k})
	}
	slices.SortFunc(out, func(a, b CodeCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Code, b.Code))
	})
	return out[:min(n, len(out))]
}

// ExitCode returns the process exit status the run's outcome calls for:
// 0 when every record succeeded (or was valid in a dry run) or was
// skipped, 1 when some were invalid or failed, 130 when interrupted.
func (s *Summary) ExitCode() int {
	switch {
	case s.Interrupted:
		return 130
	case s.Invalid > 0 || s.Failed > 0:
		return 1
	}
	return 0
}

// WriteText writes the summary for people, a few lines of plain text.
func (s *Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	mode := "import"
	if s.DryRun {
		mode = "dry run"
	}
	elapsed := s.Finished.Sub(s.Started).Round(time.Millisecond)
	rows := "rows"
	if s.Rows == 1 {
		rows = "row"
	}
	fmt.Fprintf(&b, "%s of %s: %d %s read in %s\n", mode, s.File, s.Rows, rows, elapsed)
	fmt.Fprintf(&b, "  valid %d, created %d, updated %d, skipped %d (blank %d), invalid %d, failed %d\n",
		s.Valid, s.Created, s.Updated, s.Skipped, s.Blank, s.Invalid, s.Failed)
	if !s.DryRun || s.Requests > 0 {
		fmt.Fprintf(&b, "  requests sent %d, rate-limited answers %d", s.Requests, s.RateLimitedAnswers)
		if s.RateLimitWaitSeconds >= 1 {
			waited := time.Duration(s.RateLimitWaitSeconds * float64(time.Second))
			fmt.Fprintf(&b, ", waited %s for the rate limit", waited.Round(time.Second))
		}
		b.WriteString("\n")
	}
	if top := s.TopCodes(10); len(top) > 0 {
		parts := make([]string, len(top))
		for i, c := range top {
			parts[i] = fmt.Sprintf("%s %d", c.Code, c.Count)
		}
		fmt.Fprintf(&b, "  most frequent errors: %s\n", strings.Join(parts, ", "))
	}
	switch {
	case s.StoppedAtOnce:
		b.WriteString("  stopped at once: requests in flight may have created customers that the report does not show;\n" +
			"  run the same import again with --resume and this report to settle them\n")
	case s.Interrupted && s.DryRun:
		b.WriteString("  interrupted: rows after the last one in the report were not read\n")
	case s.Interrupted:
		b.WriteString("  interrupted: rows after the last one in the report were not read;\n" +
			"  run the same import again with --resume and this report to go on where it stopped\n")
	case s.Error != "":
		fmt.Fprintf(&b, "  stopped early, so rows after the last one in the report were not read: %s\n", s.Error)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the summary as one JSON object.
func (s *Summary) WriteJSON(w io.Writer) error {
	out := *s
	if out.Codes == nil { // a run without errors has empty counts, not null ones
		out.Codes = map[string]int{}
		out.Fields = map[string]map[string]int{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
