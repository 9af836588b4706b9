package validate

import (
	"fmt"
	"reflect"
	"testing"

	"custimport/record"
)

func TestClaim(t *testing.T) {
	const uuid = "b06b392d-bbef-4644-9604-ea7aaa56f796"
	type claim struct {
		row  int
		in   record.Input
		want []string // "field/code" of the errors
	}
	tests := []struct {
		name   string
		claims []claim
	}{
		{"distinct keys", []claim{
			{2, record.Input{Name: "A", Domains: record.Some([]string{"a.com"})}, nil},
			{3, record.Input{Name: "B", Domains: record.Some([]string{"b.com"})}, nil},
		}},
		{"repeated domain", []claim{
			{2, record.Input{Name: "A", Domains: record.Some([]string{"a.com"})}, nil},
			{3, record.Input{Name: "B", Domains: record.Some([]string{"b.com", "a.com"})}, []string{"domains/duplicate_in_file"}},
		}},
		{"repeated id", []claim{
			{2, record.Input{Name: "A", ID: record.Some(uuid)}, nil},
			{3, record.Input{Name: "B", ID: record.Some(uuid)}, []string{"id/duplicate_in_file"}},
		}},
		{"repeated external id", []claim{
			{2, record.Input{Name: "A", ExternalIDs: record.Some([]string{"0012"})}, nil},
			{3, record.Input{Name: "B", ExternalIDs: record.Some([]string{"12"})}, nil},
			{4, record.Input{Name: "C", ExternalIDs: record.Some([]string{"0012"})}, []string{"externalIds/duplicate_in_file"}},
		}},
		{"repeated slack channel", []claim{
			{2, record.Input{Name: "A", SlackChannelID: record.Some("C01")}, nil},
			{3, record.Input{Name: "B", SlackChannelID: record.Some("C01")}, []string{"slackChannelId/duplicate_in_file"}},
		}},
		{"kinds kept apart", []claim{
			{2, record.Input{Name: "A", Domains: record.Some([]string{"a.com"})}, nil},
			{3, record.Input{Name: "B", ExternalIDs: record.Some([]string{"a.com"}), SlackChannelID: record.Some("a.com")}, nil},
		}},
		{"repeating row claims its other keys", []claim{
			{2, record.Input{Name: "A", Domains: record.Some([]string{"a.com"})}, nil},
			{3, record.Input{Name: "B", Domains: record.Some([]string{"a.com"}), ExternalIDs: record.Some([]string{"x1"})}, []string{"domains/duplicate_in_file"}},
			{4, record.Input{Name: "C", ExternalIDs: record.Some([]string{"x1"})}, []string{"externalIds/duplicate_in_file"}},
			{5, record.Input{Name: "D", Domains: record.Some([]string{"a.com"})}, []string{"domains/duplicate_in_file"}},
		}},
		{"every repeat reported", []claim{
			{2, record.Input{Name: "A", ID: record.Some(uuid), Domains: record.Some([]string{"a.com", "b.com"})}, nil},
			{3, record.Input{Name: "B", ID: record.Some(uuid), Domains: record.Some([]string{"b.com", "a.com"})},
				[]string{"id/duplicate_in_file", "domains/duplicate_in_file", "domains/duplicate_in_file"}},
		}},
		{"key twice in one row", []claim{
			{2, record.Input{Name: "A", ExternalIDs: record.Some([]string{"x1", "x1"})}, nil},
		}},
		{"no keys", []claim{
			{2, record.Input{Name: "A"}, nil},
			{3, record.Input{Name: "A"}, nil},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := New(Options{})
			for _, c := range tt.claims {
				got := errorKeys(v.Claim(c.row, &c.in))
				want := c.want
				if want == nil {
					want = []string{}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("row %d errors\ngot:  %q\nwant: %q", c.row, got, want)
				}
			}
		})
	}
}

func TestClaimMessage(t *testing.T) {
	opts := Options{}
	opts.Columns[record.FieldDomains] = "Website Domain"
	v := New(opts)
	v.Claim(3, &record.Input{Name: "A", Domains: record.Some([]string{"acme.com"})})
	errs := v.Claim(7, &record.Input{Name: "B", Domains: record.Some([]string{"acme.com"})})
	if len(errs) != 1 {
		t.Fatalf("errors\ngot:  %d\nwant: 1", len(errs))
	}
	want := record.FieldError{
		Field: "domains",
		Code:  "duplicate_in_file",
		Message: `row 7, column "Website Domain": "acme.com" is already used by row 3 of this file; ` +
			`merge the two rows into one customer, or give each its own value`,
		Value: "acme.com",
	}
	if errs[0] != want {
		t.Errorf("error\ngot:  %+v\nwant: %+v", errs[0], want)
	}
}

func BenchmarkClaim(b *testing.B) {
	v := New(Options{})
	in := record.Input{Name: "A", Domains: record.Some([]string{""}), ExternalIDs: record.Some([]string{""})}
	domain := []byte("customer-000000000.example.com")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		for j, n := len(domain)-len(".example.com")-1, i; n > 0; j, n = j-1, n/10 {
			domain[j] = byte('0' + n%10)
		}
		in.Domains.Value()[0] = string(domain)
		in.ExternalIDs.Value()[0] = string(domain)
		if errs := v.Claim(i, &in); errs != nil {
			b.Fatal(errs)
		}
	}
}

// BenchmarkClaimFile claims the keys of a file of 1,000,000 rows with
// three or four keys each, growing the table or sizing it from a hint.
func BenchmarkClaimFile(b *testing.B) {
	const rows = 1000000
	inputs := make([]record.Input, rows)
	for i := range inputs {
		in := &inputs[i]
		if i%3 == 0 {
			in.ID = record.Some(fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i))
		}
		in.Domains = record.Some([]string{fmt.Sprintf("company-%d.example.com", i)})
		in.ExternalIDs = record.Some([]string{fmt.Sprintf("CRM-%d", 100000+i)})
		in.SlackChannelID = record.Some(fmt.Sprintf("C%d", 10000000+i))
	}
	for _, hint := range []int{0, rows * 10 / 3} {
		b.Run(fmt.Sprintf("hint=%d", hint), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v := New(Options{ExpectedKeys: hint})
				for i := range inputs {
					if errs := v.Claim(i+2, &inputs[i]); errs != nil {
						b.Fatal(errs)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
	}
}
