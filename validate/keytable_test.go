package validate

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"custimport/record"
)

func TestKeyTable(t *testing.T) {
	tests := []struct {
		name     string
		expected int
		keys     int
	}{
		{"grows from small", 0, 50000},
		{"sized by hint", 50000, 50000},
		{"hint too small", 100, 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			table := newKeyTable(tt.expected)
			slots := len(table.slots)
			hashes := []uint64{0, 1, ^uint64(0)}
			for len(hashes) < tt.keys {
				hashes = append(hashes, rng.Uint64())
			}
			for i, h := range hashes[1:] { // 0 and 1 share a slot
				table.put(h, int32(i))
			}
			for i, h := range hashes[1:] {
				if row, ok := table.find(h); !ok || row != int32(i) {
					t.Fatalf("find(%#x)\ngot:  %d, %v\nwant: %d, true", h, row, ok, i)
				}
			}
			if _, ok := table.find(0); !ok {
				t.Errorf("find(0) does not find hash 1, which 0 is stored as")
			}
			if _, ok := table.find(rng.Uint64()); ok {
				t.Errorf("find of a hash never put reports it found")
			}
			if table.used != len(hashes)-1 {
				t.Errorf("used\ngot:  %d\nwant: %d", table.used, len(hashes)-1)
			}
			if tt.expected >= tt.keys && len(table.slots) != slots {
				t.Errorf("table sized for %d keys grew from %d to %d slots", tt.expected, slots, len(table.slots))
			}
		})
	}
}

func TestKeyTableReplace(t *testing.T) {
	table := newKeyTable(0)
	table.put(42, 2)
	table.put(42, 3)
	if row, ok := table.find(42); !ok || row != 3 {
		t.Errorf("find(42)\ngot:  %d, %v\nwant: 3, true", row, ok)
	}
	if table.used != 1 {
		t.Errorf("used\ngot:  %d\nwant: 1", table.used)
	}
}

func TestClaimExpectedKeys(t *testing.T) {
	v := New(Options{ExpectedKeys: 3000})
	slots := len(v.claimed.slots)
	for row := 2; row < 1002; row++ {
		in := record.Input{
			Name:        "A",
			Domains:     record.Some([]string{fmt.Sprintf("c%d.com", row)}),
			ExternalIDs: record.Some([]string{fmt.Sprintf("x%d", row)}),
		}
		in.SlackChannelID = record.Some(fmt.Sprintf("C%d", row))
		if errs := v.Claim(row, &in); errs != nil {
			t.Fatalf("row %d: %v", row, errs)
		}
	}
	if len(v.claimed.slots) != slots {
		t.Errorf("table for 3000 keys grew from %d to %d slots", slots, len(v.claimed.slots))
	}
	errs := v.Claim(2000, &record.Input{Name: "B", ExternalIDs: record.Some([]string{"x500"})})
	if got := errorKeys(errs); len(got) != 1 || got[0] != "externalIds/duplicate_in_file" {
		t.Errorf("errors\ngot:  %q\nwant: [externalIds/duplicate_in_file]", got)
	}
}

// concurrentRows are rows that take the common paths and the error paths.
var concurrentRows = []map[record.Field]string{
	{record.FieldName: "Acme", record.FieldDomains: "acme.com, www.acme.io", record.FieldExternalIDs: "a1;a2",
		record.FieldRevenue: "1200000", record.FieldSize: "250", record.FieldLogoURL: "https://acme.com/l.png"},
	{record.FieldName: "N/A", record.FieldDomains: "gmail.com", record.FieldRevenue: "1,200"},
	{record.FieldID: "B06B392D-BBEF-4644-9604-EA7AAA56F796", record.FieldName: "Bücher",
		record.FieldWebsite: "https://www.Bücher.de/x", record.FieldMainSourceID: "zz"},
	{record.FieldName: "Beta", record.FieldExternalIDs: "1.23457E+17", record.FieldLogoURL: "ftp://x",
		record.FieldSize: "-3", record.FieldOwner: "ana@beta.com", record.FieldTier: "#N/A"},
}

// TestRowConcurrent calls Row from several goroutines at once, as the
// importer does, while one goroutine calls Claim. Run it with -race.
func TestRowConcurrent(t *testing.T) {
	v := New(Options{NullValues: []string{"tbd"}})
	raws := make([]*record.Raw, len(concurrentRows))
	want := make([]Result, len(concurrentRows))
	for i, cells := range concurrentRows {
		raws[i] = rawOf(t, cells)
		want[i] = v.Row(i+2, raws[i], nil)
	}
	var wg sync.WaitGroup
	results := make(chan Result, 64)
	for g := range 4 {
		wg.Go(func() {
			for n := range 200 {
				i := (g + n) % len(raws)
				got := v.Row(i+2, raws[i], nil)
				if fmt.Sprint(got) != fmt.Sprint(want[i]) {
					t.Errorf("row %d from goroutine %d\ngot:  %+v\nwant: %+v", i+2, g, got, want[i])
					return
				}
				results <- got
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	row := 100
	for res := range results {
		if len(res.Errors) == 0 {
			v.Claim(row, &res.Input)
		}
		row++
	}
}
