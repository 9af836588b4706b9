package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"custimport/linear"
	"custimport/reports"
)

// A snapshot holds every customer of a workspace, read before the first
// batch, indexed by their keys. With it, the check for existing customers
// costs no request per batch.
type snapshot struct {
	customers []linear.Customer
	byKey     map[string][]int // snapshotKey to indexes in customers
}

// errTooLarge stops reading a snapshot that would take more pages than
// it saves.
var errTooLarge = errors.New("workspace has more customers than the snapshot may hold")

// Snapshot reads every customer of the workspace, when that takes at
// most maxPages pages (250 customers a page), and from then on checks
// the rows for existing customers against what it read instead of
// asking the workspace for each batch. It reports whether it took the
// snapshot. When the workspace holds more customers, or reading fails,
// the per-batch lookups stay. The client sends each page again after a
// transient failure.
//
// A caller passes a fraction of the number of batches the file will
// make, which bounds the requests lost when the workspace is too large:
// into an empty or small workspace an import then sends about half the
// requests.
//
// Customers that others create in the workspace while the import runs
// are not in the snapshot. Rows that an earlier run of the same file
// created are: they exist before the snapshot is read, and a row whose
// create still finds its own id taken counts as created before.
func (s *Remote) Snapshot(ctx context.Context, maxPages int) (bool, error) {
	if maxPages <= 0 {
		return false, nil
	}
	var all []linear.Customer
	pages := 0
	err := s.Client.Customers(ctx, nil, func(page []linear.Customer) error {
		s.requests.Add(1)
		if pages++; pages > maxPages {
			return errTooLarge
		}
		all = append(all, page...)
		return nil
	})
	switch {
	case errors.Is(err, errTooLarge):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("read the workspace's customers: %w", err)
	}
	s.snap = newSnapshot(all)
	return true, nil
}

func newSnapshot(customers []linear.Customer) *snapshot {
	snap := &snapshot{customers: customers, byKey: make(map[string][]int, 2*len(customers))}
	add := func(key string, i int) {
		if list := snap.byKey[key]; len(list) == 0 || list[len(list)-1] != i {
			snap.byKey[key] = append(list, i)
		}
	}
	for i, c := range customers {
		add(snapshotKey('i', c.ID), i)
		for _, d := range c.Domains {
			add(snapshotKey('d', strings.ToLower(d)), i)
		}
		for _, e := range c.ExternalIDs {
			add(snapshotKey('e', e), i)
		}
		if v, ok := c.SlackChannelID.Get(); ok {
			add(snapshotKey('s', v), i)
		}
	}
	return snap
}

// snapshotKey keeps the kinds of key apart in one map.
func snapshotKey(kind byte, value string) string {
	return string(kind) + value
}

// find returns for each line the distinct customers it matches, as the
// workspace's lookup would.
func (snap *snapshot) find(lines []*reports.Line) [][]match {
	out := make([][]match, len(lines))
	for i, l := range lines {
		in := l.Input
		var keys []string
		if id, ok := in.ID.Get(); ok {
			keys = append(keys, snapshotKey('i', id))
		}
		for _, d := range in.Domains.Value() {
			keys = append(keys, snapshotKey('d', strings.ToLower(d)))
		}
		for _, e := range in.ExternalIDs.Value() {
			keys = append(keys, snapshotKey('e', e))
		}
		if v, ok := in.SlackChannelID.Get(); ok {
			keys = append(keys, snapshotKey('s', v))
		}
		// matchesOf drops a customer that two keys found twice.
		var candidates []linear.Customer
		for _, k := range keys {
			for _, j := range snap.byKey[k] {
				candidates = append(candidates, snap.customers[j])
			}
		}
		out[i] = matchesOf(in, candidates)
	}
	return out
}
