package resolve

import (
	"context"
	"fmt"
	"testing"

	"custimport/linear"
	"custimport/record"
)

// benchDirectory has 1,000 users, half with accented names, 10 statuses
// and 50 tiers.
func benchDirectory() *Directory {
	users := make([]User, 1000)
	for i := range users {
		name := fmt.Sprintf("Member Number %d", i)
		if i%2 == 0 {
			name = fmt.Sprintf("Zoë Ångström %d", i)
		}
		users[i] = member(fmt.Sprintf("u-%d", i), name, fmt.Sprintf("m%d", i), fmt.Sprintf("m%d@example.com", i))
	}
	statuses := make([]linear.CustomerStatus, 10)
	for i := range statuses {
		statuses[i] = linear.CustomerStatus{ID: fmt.Sprintf("s-%d", i), Name: fmt.Sprintf("Stage %d", i)}
	}
	tiers := make([]linear.CustomerTier, 50)
	for i := range tiers {
		tiers[i] = linear.CustomerTier{ID: fmt.Sprintf("t-%d", i), Name: fmt.Sprintf("Tier %d", i)}
	}
	return New(users, statuses, tiers, Options{})
}

func benchRefs(n int) []record.Refs {
	refs := make([]record.Refs, n)
	for i := range refs {
		owner := fmt.Sprintf("M%d@Example.com", i%1000)
		if i%2 == 0 {
			owner = fmt.Sprintf("  zoe  angstrom %d", i%1000)
		}
		refs[i] = record.Refs{Owner: owner, Status: fmt.Sprintf("stage %d", i%10), Tier: fmt.Sprintf("TIER %d", i%50)}
	}
	return refs
}

func BenchmarkResolve(b *testing.B) {
	d := benchDirectory()
	refs := benchRefs(4096)
	cols := testColumns()
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		var in record.Input
		if errs, _ := d.Resolve(ctx, i+2, refs[i%len(refs)], &in, cols); len(errs) != 0 {
			b.Fatal(errs)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkResolveParallel(b *testing.B) {
	d := benchDirectory()
	refs := benchRefs(4096)
	cols := testColumns()
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			var in record.Input
			if errs, _ := d.Resolve(ctx, i+2, refs[i%len(refs)], &in, cols); len(errs) != 0 {
				b.Error(errs)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkResolveUnknownOwner measures the costly path: an unknown owner,
// whose message ranks all 1,000 users by edit distance.
func BenchmarkResolveUnknownOwner(b *testing.B) {
	d := benchDirectory()
	cols := testColumns()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var in record.Input
		if errs, _ := d.Resolve(ctx, 2, record.Refs{Owner: "Zoe Angstrum"}, &in, cols); len(errs) != 1 {
			b.Fatal(errs)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
