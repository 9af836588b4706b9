package importer_test

import (
	"testing"

	"custimport/importer"
	"custimport/reports"
	"custimport/workspace"
)

// With a snapshot of the workspace, rows are checked for existing
// customers without a request a batch, and the outcome is the same.
func TestSnapshotReplacesLookups(t *testing.T) {
	for _, snap := range []bool{false, true} {
		ts := startServer(t, workspace.Options{})
		if _, _, err := run(t, ts, customersCSV(30, "s"), 10, 2, nil); err != nil {
			t.Fatal(err)
		}
		took := false
		lines, summary, err := run(t, ts, customersCSV(50, "s"), 10, 2, func(r *importer.Remote) {
			if snap {
				var err error
				if took, err = r.Snapshot(t.Context(), 5); err != nil {
					t.Fatal(err)
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if took != snap {
			t.Fatalf("snapshot taken: %v, want %v", took, snap)
		}
		if got := countStatus(lines, reports.Skipped); got != 30 {
			t.Errorf("snapshot %v: %d rows skipped as existing, want 30", snap, got)
		}
		if got := countStatus(lines, reports.Created); got != 20 {
			t.Errorf("snapshot %v: %d rows created, want 20", snap, got)
		}
		for _, l := range lines[:30] {
			if l.Status == reports.Skipped && l.ID == "" {
				t.Errorf("row %d skipped without the existing customer's id", l.Row)
			}
		}
		// Five batches: five lookups and two create requests without the
		// snapshot, one page and two creates with it.
		want := 7
		if snap {
			want = 3
		}
		if summary.Requests != want {
			t.Errorf("snapshot %v: %d requests, want %d", snap, summary.Requests, want)
		}
		customers, err := ts.Store().ListCustomers(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(customers) != 50 {
			t.Errorf("snapshot %v: workspace holds %d customers, want 50", snap, len(customers))
		}
	}
}

// A workspace that takes more pages than the snapshot may read keeps
// the per-batch lookups.
func TestSnapshotTooLarge(t *testing.T) {
	ts := startServer(t, workspace.Options{})
	if _, _, err := run(t, ts, customersCSV(260, "big"), 50, 2, nil); err != nil {
		t.Fatal(err)
	}
	_, _, err := run(t, ts, customersCSV(5, "new"), 10, 1, func(r *importer.Remote) {
		took, err := r.Snapshot(t.Context(), 1)
		if err != nil || took {
			t.Errorf("Snapshot of 260 customers in one page: %v, %v; want false, nil", took, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
