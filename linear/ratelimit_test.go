package linear

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestParseRateLimit(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	resetMs := now.Add(time.Hour).UnixMilli()
	tests := []struct {
		name    string
		headers map[string]string
		want    RateLimit
	}{
		{"none", nil, RateLimit{Requests: Budget{Remaining: -1}, Complexity: Budget{Remaining: -1}}},
		{"all", map[string]string{
			"X-RateLimit-Requests-Limit":       "5000",
			"X-RateLimit-Requests-Remaining":   "4990",
			"X-RateLimit-Requests-Reset":       itoa(resetMs),
			"X-RateLimit-Complexity-Limit":     "3000000",
			"X-RateLimit-Complexity-Remaining": "2999000",
			"X-RateLimit-Complexity-Reset":     itoa(resetMs),
			"X-Complexity":                     "112",
		}, RateLimit{
			Requests:   Budget{Limit: 5000, Remaining: 4990, Reset: time.UnixMilli(resetMs)},
			Complexity: Budget{Limit: 3000000, Remaining: 2999000, Reset: time.UnixMilli(resetMs)},
			Cost:       112,
		}},
		{"reset in seconds", map[string]string{
			"X-RateLimit-Requests-Remaining": "0", "X-RateLimit-Requests-Reset": itoa(now.Unix() + 60),
		}, RateLimit{
			Requests:   Budget{Remaining: 0, Reset: now.Add(time.Minute)},
			Complexity: Budget{Remaining: -1},
		}},
		{"fractional cost rounds up", map[string]string{"X-Complexity": "2.2"},
			RateLimit{Requests: Budget{Remaining: -1}, Complexity: Budget{Remaining: -1}, Cost: 3}},
		{"garbage ignored", map[string]string{"X-RateLimit-Requests-Remaining": "lots", "Retry-After": "soon"},
			RateLimit{Requests: Budget{Remaining: -1}, Complexity: Budget{Remaining: -1}}},
		{"retry after seconds", map[string]string{"Retry-After": "42"},
			RateLimit{Requests: Budget{Remaining: -1}, Complexity: Budget{Remaining: -1}, RetryAt: now.Add(42 * time.Second)}},
		{"retry after date", map[string]string{"Retry-After": "Sun, 01 Mar 2026 12:05:00 GMT"},
			RateLimit{Requests: Budget{Remaining: -1}, Complexity: Budget{Remaining: -1}, RetryAt: now.Add(5 * time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			got := parseRateLimit(h, now)
			if !sameRateLimit(got, tt.want) {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func sameRateLimit(a, b RateLimit) bool {
	sameBudget := func(x, y Budget) bool {
		return x.Limit == y.Limit && x.Remaining == y.Remaining && x.Reset.Equal(y.Reset)
	}
	return sameBudget(a.Requests, b.Requests) && sameBudget(a.Complexity, b.Complexity) &&
		a.Cost == b.Cost && a.RetryAt.Equal(b.RetryAt)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestResumeAt(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name string
		rl   RateLimit
		want time.Time
	}{
		{"retry after wins", RateLimit{RetryAt: now.Add(time.Second), Requests: Budget{Remaining: 0, Reset: now.Add(time.Hour)}}, now.Add(time.Second)},
		{"used-up budget", RateLimit{Requests: Budget{Remaining: 0, Reset: now.Add(time.Minute)}, Complexity: Budget{Remaining: 9, Reset: now.Add(time.Hour)}}, now.Add(time.Minute)},
		{"both used up", RateLimit{Requests: Budget{Remaining: 0, Reset: now.Add(time.Minute)}, Complexity: Budget{Remaining: 0, Reset: now.Add(time.Hour)}}, now.Add(time.Hour)},
		{"unknown", RateLimit{Requests: Budget{Remaining: -1}, Complexity: Budget{Remaining: 5}}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rl.ResumeAt(); !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
