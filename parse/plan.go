package parse

import (
	"fmt"
	"slices"
	"strings"

	"custimport/record"
)

// columnPlan records the target of each CSV column.
type columnPlan struct {
	header  []string              // as written
	target  []int                 // per column: a record.Field, or noTarget
	blank   []bool                // per column: the header is blank
	columns [record.NumFields]int // per target: its column, or -1
	unknown []string              // non-blank headers that map to nothing
}

const noTarget = -1

// newColumnPlan maps the header onto targets. Two columns for one target
// and a header with no name column are errors.
func newColumnPlan(header []string, m *mapper) (*columnPlan, error) {
	p := &columnPlan{
		header: header,
		target: make([]int, len(header)),
		blank:  make([]bool, len(header)),
	}
	for f := range p.columns {
		p.columns[f] = -1
	}
	for i, h := range header {
		p.target[i] = noTarget
		if record.IsBlank(h) {
			p.blank[i] = true
			continue
		}
		f, match := m.lookup(h)
		switch match {
		case colUnknown:
			if !slices.Contains(p.unknown, showBytes(h)) {
				p.unknown = append(p.unknown, showBytes(h))
			}
		case colMapped:
			if err := p.assign(i, f); err != nil {
				return nil, err
			}
		}
	}
	if p.columns[record.FieldName] < 0 {
		return nil, p.noNameError()
	}
	return p, nil
}

func (p *columnPlan) assign(i int, f record.Field) error {
	if j := p.columns[f]; j >= 0 {
		return fmt.Errorf("columns %d (%s) and %d (%s) both map to %s; rename one of them, or ignore one with --map '%s='",
			j+1, quote(p.header[j]), i+1, quote(p.header[i]), f, showBytes(p.header[i]))
	}
	p.columns[f] = i
	p.target[i] = int(f)
	return nil
}

func (p *columnPlan) noNameError() error {
	quoted := make([]string, 0, len(p.header))
	for _, h := range p.header {
		if !record.IsBlank(h) {
			quoted = append(quoted, quote(h))
		}
	}
	found := "the header is blank"
	if len(quoted) > 0 {
		found = "the columns are " + strings.Join(quoted, ", ")
	}
	return fmt.Errorf("missing name column: no column maps to name, the customer's name (%s); head that column \"name\", or map it with --map 'Header=name'", found)
}

// columnName returns how a message names column i (0-based).
func (p *columnPlan) columnName(i int) string {
	if i < len(p.header) && !p.blank[i] {
		return fmt.Sprintf("column %d (%s)", i+1, quote(p.header[i]))
	}
	return fmt.Sprintf("column %d", i+1)
}
