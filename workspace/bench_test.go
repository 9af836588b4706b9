package workspace

import (
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// BenchmarkCreateOverLoopback measures single-create documents and
// 50-alias documents over HTTP on loopback, one client at a time.
func BenchmarkCreateOverLoopback(b *testing.B) {
	for _, aliases := range []int{1, 50} {
		b.Run(fmt.Sprintf("aliases=%d", aliases), func(b *testing.B) {
			r := startServer(b, Options{DBPath: filepath.Join(b.TempDir(), "w.db")})
			c := newClient(r)
			doc := batchDoc(aliases)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				vars := map[string]any{}
				for i := 1; i <= aliases; i++ {
					n++
					vars[fmt.Sprintf("i%d", i)] = map[string]any{"name": fmt.Sprint("B", n), "domains": []string{fmt.Sprintf("b%d.example.com", n)}}
				}
				res, err := c.send(doc, vars)
				if err != nil || res.Status != http.StatusOK || len(res.Errors) > 0 {
					b.Fatalf("%v %s", err, res.Raw)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "creates/s")
		})
	}
}

// BenchmarkCreateParallel measures single-create documents sent by
// several clients at once, which queue on the store's write lock.
func BenchmarkCreateParallel(b *testing.B) {
	r := startServer(b, Options{DBPath: filepath.Join(b.TempDir(), "w.db")})
	c := newClient(r)
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			input := map[string]any{"name": fmt.Sprint("P", n), "domains": []string{fmt.Sprintf("p%d.example.com", n)}}
			res, err := c.send(createDoc, map[string]any{"input": input})
			if err != nil || res.Status != http.StatusOK || len(res.Errors) > 0 {
				b.Errorf("%v %v", err, res)
				return
			}
		}
	})
	b.ReportMetric(float64(next.Load())/b.Elapsed().Seconds(), "creates/s")
}
