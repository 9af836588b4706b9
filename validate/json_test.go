package validate

import (
	"reflect"
	"testing"

	"custimport/record"
)

func TestRowJSON(t *testing.T) {
	tests := []struct {
		name      string
		build     func(r *record.Raw)
		wantInput string
		wantErrs  []string
	}{
		{
			name: "name boolean",
			build: func(r *record.Raw) {
				r.JSON.Kinds[record.FieldName] = "boolean"
			},
			wantErrs: []string{"name/json_type"},
		},
		{
			name: "name null",
			build: func(r *record.Raw) {
				r.Name = record.Null[string]()
			},
			wantErrs: []string{"name/required"},
		},
		{
			name: "null fields left out",
			build: func(r *record.Raw) {
				r.Revenue = record.Null[string]()
				r.Domains = record.Null[string]()
				r.LogoURL = record.Null[string]()
			},
			wantInput: `{"name":"Acme"}`,
		},
		{
			name: "number lists as text",
			build: func(r *record.Raw) {
				r.JSON.Lists[record.FieldExternalIDs] = []record.Opt[string]{record.Some("98765"), record.Some("00042")}
				r.MainSourceID = record.Some("98765")
			},
			wantInput: `{"name":"Acme","externalIds":["98765","00042"],"mainSourceId":"98765"}`,
		},
		{
			name: "domain list",
			build: func(r *record.Raw) {
				r.JSON.Lists[record.FieldDomains] = []record.Opt[string]{record.Some("acme.com"), record.Some(" WWW.Acme.de ")}
			},
			wantInput: `{"name":"Acme","domains":["acme.com","acme.de"]}`,
		},
		{
			name: "list element not split",
			build: func(r *record.Raw) {
				r.JSON.Lists[record.FieldExternalIDs] = []record.Opt[string]{record.Some("a;b")}
			},
			wantInput: `{"name":"Acme","externalIds":["a;b"]}`,
		},
		{
			name: "null in list",
			build: func(r *record.Raw) {
				r.JSON.Lists[record.FieldDomains] = []record.Opt[string]{record.Some("acme.com"), record.Null[string]()}
			},
			wantErrs: []string{"domains/json_type"},
		},
		{
			name: "list for single value",
			build: func(r *record.Raw) {
				r.JSON.Lists[record.FieldRevenue] = []record.Opt[string]{record.Some("5")}
			},
			wantErrs: []string{"revenue/json_type"},
		},
		{
			name: "list for website",
			build: func(r *record.Raw) {
				r.JSON.Lists[record.FieldWebsite] = []record.Opt[string]{record.Some("acme.com")}
			},
			wantErrs: []string{"domains/json_type"},
		},
		{
			name: "object for owner",
			build: func(r *record.Raw) {
				r.JSON.Kinds[record.FieldOwner] = "object"
			},
			wantErrs: []string{"ownerId/json_type"},
		},
		{
			name: "quoted number",
			build: func(r *record.Raw) {
				r.Size = record.Some(" 85 ")
				r.Revenue = record.Some("0")
			},
			wantInput: `{"name":"Acme","revenue":0,"size":85}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := &record.Raw{Name: record.Some("Acme"), JSON: &record.JSONValues{}}
			tt.build(raw)
			res := New(Options{}).Row(1, raw, nil)
			got := errorKeys(res.Errors)
			want := tt.wantErrs
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("errors\ngot:  %q\nwant: %q\nmessages: %q", got, want, messages(res.Errors))
			}
			if len(tt.wantErrs) == 0 {
				assertInputJSON(t, res.Input, tt.wantInput)
			}
		})
	}
}

func TestRowJSONMessage(t *testing.T) {
	raw := &record.Raw{JSON: &record.JSONValues{}}
	raw.JSON.Kinds[record.FieldName] = "boolean"
	opts := Options{}
	opts.Columns[record.FieldName] = "companyName"
	res := New(opts).Row(3, raw, nil)
	if len(res.Errors) != 1 {
		t.Fatalf("errors\ngot:  %q\nwant: one", messages(res.Errors))
	}
	got := res.Errors[0].Message
	want := `row 3, key "companyName": the value is a JSON boolean, but this field takes a string; write it as a string`
	if got != want {
		t.Errorf("message\ngot:  %s\nwant: %s", got, want)
	}
}
