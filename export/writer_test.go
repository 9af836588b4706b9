package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"custimport/linear"
	"custimport/record"
)

func TestFormatSize(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{1200, "1200"},
		{2147483647, "2147483647"},
		{1e20, "100000000000000000000"},
		{12.5, "12.5"},
		{0.1, "0.1"},
		{-3, "-3"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatSize(tt.in); string(got) != tt.want {
				t.Errorf("FormatSize(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// fullCustomer is a customer with every field set, some to text that
// needs quoting or that a spreadsheet would read as a formula.
func fullCustomer() linear.Customer {
	return linear.Customer{
		ID:             "c1",
		Name:           "=HYPERLINK(\"x\"), \"Acme\"\nLtd",
		Domains:        []string{"acme.com", "acme.io"},
		ExternalIDs:    []string{"007", "-12"},
		SlackChannelID: record.Some("C01"),
		Revenue:        record.Some(int64(1500000)),
		Size:           record.Some(250.0),
		LogoURL:        record.Some("https://acme.com/l.png?a=1&b=<2>"),
		MainSourceID:   record.Some("007"),
		Owner:          &linear.User{ID: "u1"},
		Status:         &linear.CustomerStatus{ID: "s1"},
		Tier:           &linear.CustomerTier{ID: "t-unknown"},
	}
}

var testNames = NewNames(
	[]linear.User{{ID: "u1", Email: "ana@example.com", Name: "Ana"}},
	[]linear.CustomerStatus{{ID: "s1", Name: "Active"}},
	nil,
)

func TestWriterCSV(t *testing.T) {
	full := fullCustomer()
	tests := []struct {
		name string
		in   linear.Customer
		want string
	}{
		{
			name: "every field",
			in:   full,
			want: "c1,\"=HYPERLINK(\"\"x\"\"), \"\"Acme\"\"\nLtd\",acme.com; acme.io,007; -12,C01," +
				"ana@example.com,,Active,,,t-unknown,1500000,250,https://acme.com/l.png?a=1&b=<2>,007\n",
		},
		{
			name: "only a name",
			in:   linear.Customer{ID: "c2", Name: "Beta", Domains: []string{}, ExternalIDs: []string{}},
			want: "c2,Beta,,,,,,,,,,,,,\n",
		},
		{
			name: "null fields",
			in: linear.Customer{ID: "c3", Name: "Gamma", SlackChannelID: record.Null[string](),
				Revenue: record.Null[int64](), Size: record.Null[float64](), LogoURL: record.Null[string]()},
			want: "c3,Gamma,,,,,,,,,,,,,\n",
		},
		{
			name: "fractional size",
			in:   linear.Customer{ID: "c4", Name: "Delta", Size: record.Some(12.5)},
			want: "c4,Delta,,,,,,,,,,,12.5,,\n",
		},
	}
	header := strings.Join(Columns(), ",") + "\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out, CSV)
			row := testNames.Row(&tt.in)
			if err := w.Write(&row); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != header+tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, header+tt.want)
			}
		})
	}
}

func TestWriterJSONL(t *testing.T) {
	full := fullCustomer()
	tests := []struct {
		name string
		in   linear.Customer
		want string
	}{
		{
			name: "every field",
			in:   full,
			want: `{"id":"c1","name":"=HYPERLINK(\"x\"), \"Acme\"\nLtd","domains":["acme.com","acme.io"],` +
				`"externalIds":["007","-12"],"slackChannelId":"C01","owner":"ana@example.com","status":"Active",` +
				`"tierId":"t-unknown","revenue":1500000,"size":250,"logoUrl":"https://acme.com/l.png?a=1&b=<2>","mainSourceId":"007"}` + "\n",
		},
		{
			name: "only a name",
			in:   linear.Customer{ID: "c2", Name: "Beta", Domains: []string{}, ExternalIDs: []string{}},
			want: `{"id":"c2","name":"Beta"}` + "\n",
		},
		{
			name: "null fields",
			in: linear.Customer{ID: "c3", Name: "Gamma", SlackChannelID: record.Null[string](),
				Revenue: record.Null[int64](), Size: record.Null[float64](), LogoURL: record.Null[string]()},
			want: `{"id":"c3","name":"Gamma"}` + "\n",
		},
		{
			name: "zero numbers",
			in:   linear.Customer{ID: "c4", Name: "Delta", Revenue: record.Some(int64(0)), Size: record.Some(0.0)},
			want: `{"id":"c4","name":"Delta","revenue":0,"size":0}` + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out, JSONL)
			row := testNames.Row(&tt.in)
			if err := w.Write(&row); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		path    string
		want    Format
		wantErr bool
	}{
		{"out.csv", CSV, false},
		{"dir/OUT.CSV", CSV, false},
		{"out.jsonl", JSONL, false},
		{"out.ndjson", JSONL, false},
		{"out.json", 0, true},
		{"out.txt", 0, true},
		{"out", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := FormatOf(tt.path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("FormatOf(%q) error = %v, want error: %v", tt.path, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("FormatOf(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

// FuzzWriterCSV checks that encoding/csv reads back exactly the cells
// that the Writer wrote, whatever the text.
func FuzzWriterCSV(f *testing.F) {
	f.Add("Acme", "acme.com", "007", "=1+1", 12.0)
	f.Add("a\"b\r\nc", " x ", "\t-1", "@sum", 0.5)
	f.Fuzz(func(t *testing.T, name, domain, extID, slack string, size float64) {
		in := linear.Customer{ID: "c1", Name: name, Domains: []string{domain}, ExternalIDs: []string{extID},
			SlackChannelID: record.Some(slack), Size: record.Some(size)}
		row := testNames.Row(&in)
		var out bytes.Buffer
		w := NewWriter(&out, CSV)
		if err := w.Write(&row); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := row.appendCells(nil)
		// encoding/csv reads \r\n inside a quoted field as \n.
		for i := range want {
			want[i] = strings.ReplaceAll(want[i], "\r\n", "\n")
		}
		if len(records) != 2 || !slices.Equal(records[1], want) {
			t.Errorf("read back %q\nwant %q", records, want)
		}
	})
}

// FuzzWriterJSONL checks that every line is one JSON object that decodes
// to the row's values.
func FuzzWriterJSONL(f *testing.F) {
	f.Add("Acme", "<b>&</b>", 12.0)
	f.Add("\u2028\x00\xff", "", 1e300)
	f.Fuzz(func(t *testing.T, name, slack string, size float64) {
		if math.IsNaN(size) || math.IsInf(size, 0) {
			t.Skip("JSON has no NaN or infinity, so the API never returns one")
		}
		in := linear.Customer{ID: "c1", Name: name, SlackChannelID: record.Some(slack), Size: record.Some(size)}
		row := testNames.Row(&in)
		var out bytes.Buffer
		w := NewWriter(&out, JSONL)
		if err := w.Write(&row); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if bytes.Count(out.Bytes(), []byte("\n")) != 1 {
			t.Fatalf("output is not one line: %q", out.String())
		}
		var got struct {
			Name string  `json:"name"`
			Size float64 `json:"size"`
		}
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%q: %v", out.String(), err)
		}
		if got.Size != size {
			t.Errorf("size read back as %v, want %v", got.Size, size)
		}
	})
}

func BenchmarkWriter(b *testing.B) {
	full := fullCustomer()
	row := testNames.Row(&full)
	for _, f := range []Format{CSV, JSONL} {
		b.Run(f.String(), func(b *testing.B) {
			w := NewWriter(discard{}, f)
			b.ReportAllocs()
			for b.Loop() {
				if err := w.Write(&row); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
