package parse

import (
	"fmt"
	"slices"
	"strings"

	"custimport/record"
)

// columnPlan records the target of each CSV column.
type columnPlan struct {
	header     []string               // as written
	target     []int                  // per column: a record.Field, or noTarget
	blank      []bool                 // per column: the header is blank
	columns    [record.NumFields]int  // per target: its column, or -1
	explicit   [record.NumFields]bool // per target: the user's mapping chose its column
	unknown    []string               // non-blank headers that map to nothing
	overridden []OverriddenColumn
}

// OverriddenColumn is a CSV column that matches a target by its name, or
// by a name that CRM exports use for it, but is not imported because
// [Options.Map] maps another column to that target.
type OverriddenColumn struct {
	// Column is the column's header as written, with bytes that are not
	// UTF-8 shown as \xNN.
	Column string
	// Target is the target that Column matches by its name.
	Target record.Field
	// MappedFrom is the header that Options.Map maps to Target, as
	// written in the file.
	MappedFrom string
}

const noTarget = -1

// newColumnPlan maps the header onto targets. A column that the user's
// mapping names wins over one that matches the same target only by its
// name, which is then left out and listed in overridden. Two columns
// that match one target both by name, or both by the user's mapping, and
// a header with no name column are errors.
func newColumnPlan(header []string, m *mapper) (*columnPlan, error) {
	p := &columnPlan{
		header: header,
		target: make([]int, len(header)),
		blank:  make([]bool, len(header)),
	}
	for f := range p.columns {
		p.columns[f] = -1
	}
	byName, err := p.assignExplicit(m)
	if err != nil {
		return nil, err
	}

	// Columns matched by name come second, so that the user's mapping
	// wins over them wherever they stand in the header.
	for _, b := range byName {
		if err := p.assign(b.column, b.target, false); err != nil {
			return nil, err
		}
	}
	if p.columns[record.FieldName] < 0 {
		return nil, p.noNameError()
	}
	return p, nil
}

// nameMatch is a column that matches a target by its name.
type nameMatch struct {
	column int
	target record.Field
}

// assignExplicit looks up every column, assigns those that the user's
// mapping names, notes the blank and unknown ones, and returns those
// that match a target by name, in header order.
func (p *columnPlan) assignExplicit(m *mapper) ([]nameMatch, error) {
	var byName []nameMatch
	seen := map[string]int{}
	for i, h := range p.header {
		p.target[i] = noTarget
		if record.IsBlank(h) {
			p.blank[i] = true
			continue
		}
		seen[h]++
		f, kind := m.lookupAt(h, seen[h])
		switch kind {
		case colUnknown:
			if !slices.Contains(p.unknown, showBytes(h)) {
				p.unknown = append(p.unknown, showBytes(h))
			}
		case colMapped:
			byName = append(byName, nameMatch{i, f})
		case colExplicit:
			if err := p.assign(i, f, true); err != nil {
				return nil, err
			}
		}
	}
	return byName, nil
}

// assign maps column i to target f. explicit reports whether the user's
// mapping chose the column; such columns are assigned first.
func (p *columnPlan) assign(i int, f record.Field, explicit bool) error {
	j := p.columns[f]
	switch {
	case j < 0:
	case p.explicit[f] && !explicit:
		p.override(i, f, j)
		return nil
	case explicit && p.header[i] == p.header[j]:
		return fmt.Errorf("columns %d and %d are both headed %s, so the mapping sends both to %s; map one of them alone, such as --map '%s#%d=' to ignore the second",
			j+1, i+1, quote(p.header[i]), f, showBytes(p.header[i]), p.occurrence(i))
	case explicit:
		return fmt.Errorf("columns %d (%s) and %d (%s) are both mapped to %s by --map or --mapping; keep one of the two mappings",
			j+1, quote(p.header[j]), i+1, quote(p.header[i]), f)
	case p.header[i] == p.header[j]:
		return fmt.Errorf("columns %d and %d are both headed %s and map to %s; rename one of them, or ignore the second with --map '%s#%d='",
			j+1, i+1, quote(p.header[i]), f, showBytes(p.header[i]), p.occurrence(i))
	default:
		return fmt.Errorf("columns %d (%s) and %d (%s) both map to %s; rename one of them, or ignore one with --map '%s='",
			j+1, quote(p.header[j]), i+1, quote(p.header[i]), f, showBytes(p.header[i]))
	}
	p.columns[f] = i
	p.target[i] = int(f)
	p.explicit[f] = explicit
	return nil
}

// occurrence returns which column headed like column i it is, from 1.
func (p *columnPlan) occurrence(i int) int {
	n := 0
	for _, h := range p.header[:i+1] {
		if h == p.header[i] {
			n++
		}
	}
	return n
}

// override leaves out column i, which matches target f by its name,
// because the user's mapping gives f to column by.
func (p *columnPlan) override(i int, f record.Field, by int) {
	p.target[i] = noTarget
	p.overridden = append(p.overridden, OverriddenColumn{
		Column:     showBytes(p.header[i]),
		Target:     f,
		MappedFrom: showBytes(p.header[by]),
	})
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
