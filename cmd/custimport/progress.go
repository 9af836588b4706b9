package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"custimport/importer"
)

// plainInterval is how often a plain progress line is printed when
// stderr is not a terminal.
const plainInterval = 5 * time.Second

// startProgress shows the run's progress on stderr until the returned
// function is called. On a terminal it draws a bar by bytes read with
// rows/s and an estimated time left; elsewhere it prints a plain line
// every few seconds, with no carriage return or escape byte, so logs and
// CI output stay clean.
func startProgress(mode string, stderr io.Writer, size int64, p *importer.Progress) (stop func()) {
	if mode == "auto" {
		mode = "plain"
		if isTerminal(stderr) {
			mode = "bar"
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	switch mode {
	case "bar":
		wg.Go(func() { showBar(stderr, size, p, done) })
	case "plain":
		wg.Go(func() { showPlain(stderr, size, p, done) })
	}
	return func() {
		close(done)
		wg.Wait()
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func showBar(w io.Writer, size int64, p *importer.Progress, done <-chan struct{}) {
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	start := time.Now()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			bar.Set64(p.Bytes.Load())
			bar.Finish()
			return
		case <-tick.C:
			rows := p.Rows.Load()
			bar.Describe(fmt.Sprintf("%d rows, %.0f rows/s", rows, rate(rows, start)))
			bar.Set64(p.Bytes.Load())
		}
	}
}

func showPlain(w io.Writer, size int64, p *importer.Progress, done <-chan struct{}) {
	start := time.Now()
	tick := time.NewTicker(plainInterval)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			rows, n := p.Rows.Load(), p.Bytes.Load()
			pct := 0.0
			if size > 0 {
				pct = 100 * float64(n) / float64(size)
			}
			fmt.Fprintf(w, "progress: %d rows read, %d reported, %.1f of %.1f MB (%.0f%%), %.0f rows/s\n",
				rows, p.Written.Load(), float64(n)/1e6, float64(size)/1e6, pct, rate(rows, start))
		}
	}
}

func rate(n int64, since time.Time) float64 {
	s := time.Since(since).Seconds()
	if s <= 0 {
		return 0
	}
	return float64(n) / s
}
