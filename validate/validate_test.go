package validate

import (
	"reflect"
	"strings"
	"testing"

	"custimport/record"
)

type cells = map[record.Field]string

const (
	id        = record.FieldID
	name      = record.FieldName
	domains   = record.FieldDomains
	addDomain = record.FieldAdditionalDomains
	website   = record.FieldWebsite
	extIDs    = record.FieldExternalIDs
	slack     = record.FieldSlackChannelID
	owner     = record.FieldOwner
	ownerID   = record.FieldOwnerID
	status    = record.FieldStatus
	statusID  = record.FieldStatusID
	revenue   = record.FieldRevenue
	size      = record.FieldSize
	tier      = record.FieldTier
	tierID    = record.FieldTierID
	logoURL   = record.FieldLogoURL
	mainSrc   = record.FieldMainSourceID
)

// rowTest is one case of a table run through Validator.Row.
type rowTest struct {
	name      string
	opts      Options
	cells     cells
	wantInput string   // the input as JSON; checked when no error is expected
	wantErrs  []string // "field/code" for each error, in order
	wantNotes []string // checked when not nil
}

func runRowTests(t *testing.T, tests []rowTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New(tt.opts).Row(4, rawOf(t, tt.cells), nil)
			got := errorKeys(res.Errors)
			want := tt.wantErrs
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("errors\ngot:  %q\nwant: %q\nmessages: %q", got, want, messages(res.Errors))
			}
			if len(tt.wantErrs) == 0 && tt.wantInput != "" {
				assertInputJSON(t, res.Input, tt.wantInput)
			}
			if tt.wantNotes != nil && len(res.Notes)+len(tt.wantNotes) > 0 &&
				!reflect.DeepEqual(res.Notes, tt.wantNotes) {
				t.Errorf("notes\ngot:  %q\nwant: %q", res.Notes, tt.wantNotes)
			}
		})
	}
}

func messages(errs []record.FieldError) []string {
	var m []string
	for _, e := range errs {
		m = append(m, e.Message)
	}
	return m
}

func TestRowPlaceholders(t *testing.T) {
	var tests []rowTest
	for _, p := range []string{"N/A", "n/a", "NA", "null", "NULL", "none", "nil", "NaN", "-", "--", "—", "?", "???", "(blank)"} {
		tests = append(tests, rowTest{
			name:     "revenue " + p,
			cells:    cells{name: "Acme", revenue: p},
			wantErrs: []string{"revenue/placeholder"},
		})
	}
	for _, e := range []string{"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#n/a"} {
		tests = append(tests, rowTest{
			name:     "size " + e,
			cells:    cells{name: "Acme", size: e},
			wantErrs: []string{"size/spreadsheet_error"},
		})
	}
	tests = append(tests, []rowTest{
		{name: "name placeholder", cells: cells{name: "N/A"}, wantErrs: []string{"name/placeholder"}},
		{name: "id placeholder", cells: cells{name: "Acme", id: "null"}, wantErrs: []string{"id/placeholder"}},
		{name: "domains placeholder", cells: cells{name: "Acme", domains: "N/A"}, wantErrs: []string{"domains/placeholder"}},
		{name: "domains element placeholder", cells: cells{name: "Acme", domains: "acme.com; N/A"}, wantErrs: []string{"domains/placeholder"}},
		{name: "domains spreadsheet error", cells: cells{name: "Acme", domains: "#REF!"}, wantErrs: []string{"domains/spreadsheet_error"}},
		{name: "external id placeholder", cells: cells{name: "Acme", extIDs: "-"}, wantErrs: []string{"externalIds/placeholder"}},
		{name: "logo placeholder", cells: cells{name: "Acme", logoURL: "null"}, wantErrs: []string{"logoUrl/placeholder"}},
		{name: "owner placeholder", cells: cells{name: "Acme", owner: "-"}, wantErrs: []string{"ownerId/placeholder"}},
		{name: "status placeholder", cells: cells{name: "Acme", status: "n/a"}, wantErrs: []string{"statusId/placeholder"}},
		{name: "tier placeholder", cells: cells{name: "Acme", tier: "?"}, wantErrs: []string{"tierId/placeholder"}},
		{name: "slack placeholder", cells: cells{name: "Acme", slack: "none"}, wantErrs: []string{"slackChannelId/placeholder"}},
		{name: "main source placeholder", cells: cells{name: "Acme", mainSrc: "N/A"}, wantErrs: []string{"mainSourceId/placeholder"}},
		{
			name:      "null value is undefined",
			opts:      Options{NullValues: []string{" n/a ", "#N/A", "not set"}},
			cells:     cells{name: "Acme", revenue: "N/A", size: "#n/a", domains: "not set", website: "acme.com"},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
		},
		{
			name:     "null value name is missing",
			opts:     Options{NullValues: []string{"unknown"}},
			cells:    cells{name: "Unknown"},
			wantErrs: []string{"name/required"},
		},
		{
			name:      "dash inside value",
			cells:     cells{name: "-Contoso Widgets", owner: "a-b"},
			wantInput: `{"name":"-Contoso Widgets"}`,
		},
	}...)
	runRowTests(t, tests)
}

func TestRowPlaceholderMessage(t *testing.T) {
	res := New(Options{}).Row(2, rawOf(t, cells{name: "Acme", revenue: "N/A"}), nil)
	if len(res.Errors) != 1 {
		t.Fatalf("errors\ngot:  %q\nwant: one", messages(res.Errors))
	}
	got := res.Errors[0].Message
	want := `row 2, column "revenue": "N/A" is placeholder text, not a value; ` +
		`clear the cell to leave the field out, or run with --null-value "N/A"`
	if got != want {
		t.Errorf("message\ngot:  %s\nwant: %s", got, want)
	}
	if res.Errors[0].Value != "N/A" {
		t.Errorf("value\ngot:  %q\nwant: %q", res.Errors[0].Value, "N/A")
	}
}

func TestRowID(t *testing.T) {
	const valid = "b06b392d-bbef-4644-9604-ea7aaa56f796"
	runRowTests(t, []rowTest{
		{name: "valid", cells: cells{name: "Acme", id: valid}, wantInput: `{"id":"` + valid + `","name":"Acme"}`},
		{name: "trimmed", cells: cells{name: "Acme", id: " " + valid + "\u00a0"}, wantInput: `{"id":"` + valid + `","name":"Acme"}`},
		{name: "variant 8", cells: cells{name: "Acme", id: "b06b392d-bbef-4644-8604-ea7aaa56f796"}, wantInput: `{"id":"b06b392d-bbef-4644-8604-ea7aaa56f796","name":"Acme"}`},
		{name: "variant b", cells: cells{name: "Acme", id: "b06b392d-bbef-4644-b604-ea7aaa56f796"}, wantInput: `{"id":"b06b392d-bbef-4644-b604-ea7aaa56f796","name":"Acme"}`},
		{name: "upper case", cells: cells{name: "Acme", id: strings.ToUpper(valid)}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "braces", cells: cells{name: "Acme", id: "{" + valid + "}"}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "urn prefix", cells: cells{name: "Acme", id: "urn:uuid:" + valid}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "no hyphens", cells: cells{name: "Acme", id: strings.ReplaceAll(valid, "-", "")}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "version 1", cells: cells{name: "Acme", id: "b06b392d-bbef-1644-9604-ea7aaa56f796"}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "version 7", cells: cells{name: "Acme", id: "b06b392d-bbef-7644-9604-ea7aaa56f796"}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "wrong variant", cells: cells{name: "Acme", id: "b06b392d-bbef-4644-c604-ea7aaa56f796"}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "nil uuid", cells: cells{name: "Acme", id: "00000000-0000-0000-0000-000000000000"}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "not hex", cells: cells{name: "Acme", id: "g06b392d-bbef-4644-9604-ea7aaa56f796"}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "short", cells: cells{name: "Acme", id: "b06b392d-bbef-4644-9604"}, wantErrs: []string{"id/invalid_uuid"}},
		{name: "text", cells: cells{name: "Acme", id: "acme-1"}, wantErrs: []string{"id/invalid_uuid"}},
	})
}

func TestRowIDMessages(t *testing.T) {
	const valid = "b06b392d-bbef-4644-9604-ea7aaa56f796"
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"upper case", strings.ToUpper(valid), `"B06B392D-BBEF-4644-9604-EA7AAA56F796" has upper-case letters; write ` + valid},
		{"braces", "{" + valid + "}", `is wrapped in braces; write ` + valid},
		{"urn prefix", "urn:uuid:" + valid, `has a urn:uuid: prefix; write ` + valid},
		{"no hyphens", strings.ReplaceAll(valid, "-", ""), `has no hyphens; write ` + valid},
		{"version 1", "b06b392d-bbef-1644-9604-ea7aaa56f796", `is a version 1 UUID, but only version 4 is accepted`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New(Options{}).Row(7, rawOf(t, cells{name: "Acme", id: tt.in}), nil)
			if len(res.Errors) != 1 {
				t.Fatalf("errors\ngot:  %q\nwant: one", messages(res.Errors))
			}
			if got := res.Errors[0].Message; !strings.Contains(got, tt.want) {
				t.Errorf("message\ngot:  %s\nwant it to contain: %s", got, tt.want)
			}
		})
	}
}

func TestRowName(t *testing.T) {
	runRowTests(t, []rowTest{
		{name: "trimmed", cells: cells{name: "  Acme Robotics "}, wantInput: `{"name":"Acme Robotics"}`},
		{name: "no-break space trimmed", cells: cells{name: "\u00a0Acme\u00a0"}, wantInput: `{"name":"Acme"}`},
		{
			name:      "zero-width space trimmed",
			cells:     cells{name: " \u200bAcme\ufeff"},
			wantInput: `{"name":"Acme"}`,
			wantNotes: []string{`name: "\u200bAcme\ufeff" read as "Acme"`},
		},
		{name: "plain trim has no note", cells: cells{name: "  Acme\u00a0"}, wantInput: `{"name":"Acme"}`, wantNotes: []string{}},
		{
			name:      "tab made a space",
			cells:     cells{name: "Contoso\tWidgets"},
			wantInput: `{"name":"Contoso Widgets"}`,
			wantNotes: []string{`name: "Contoso\tWidgets" read as "Contoso Widgets"`},
		},
		{name: "inner newline kept", cells: cells{name: "Globex Analytics\nEMEA Division"}, wantInput: `{"name":"Globex Analytics\nEMEA Division"}`},
		{name: "inner spaces kept", cells: cells{name: "Acme  \"Red\"  Robotics"}, wantInput: `{"name":"Acme  \"Red\"  Robotics"}`},
		{name: "formula text kept", cells: cells{name: "=1+2"}, wantInput: `{"name":"=1+2"}`},
		{name: "at sign kept", cells: cells{name: "@SUM(1,2)"}, wantInput: `{"name":"@SUM(1,2)"}`},
		{name: "plus kept", cells: cells{name: "+Initech Labs"}, wantInput: `{"name":"+Initech Labs"}`},
		{name: "blank", cells: cells{name: "   "}, wantErrs: []string{"name/required"}},
		{name: "missing", cells: cells{revenue: "5"}, wantErrs: []string{"name/required"}},
		{name: "nul byte", cells: cells{name: "Acme\x00"}, wantErrs: []string{"name/control_character"}},
		{name: "replacement character", cells: cells{name: "Bad\ufffdx"}, wantErrs: []string{"name/replacement_character"}},
		{name: "replacement character in a list", cells: cells{name: "Acme", extIDs: "a1;b\ufffd"}, wantErrs: []string{"externalIds/replacement_character"}},
		{
			name:      "invisible characters removed",
			cells:     cells{name: "Tail\u200bspin\u2060 Toys\ufeff Ltd"},
			wantInput: `{"name":"Tailspin Toys Ltd"}`,
			wantNotes: []string{`name: "Tail\u200bspin\u2060 Toys\ufeff Ltd" read as "Tailspin Toys Ltd"`},
		},
		{name: "joiners kept", cells: cells{name: "Nova\u200dLabs"}, wantInput: `{"name":"Nova\u200dLabs"}`},
		{name: "word joiner only", cells: cells{name: "\u2060"}, wantErrs: []string{"name/required"}},
		{name: "word joiner trimmed", cells: cells{name: "\u2060 Acme \u2060"}, wantInput: `{"name":"Acme"}`},
		{
			name:      "no-break and thin spaces made plain",
			cells:     cells{name: "Acme\u00a0Corp\u202fEMEA\u3000Ltd"},
			wantInput: `{"name":"Acme Corp EMEA Ltd"}`,
			wantNotes: []string{`name: "Acme\u00a0Corp\u202fEMEA\u3000Ltd" read as "Acme Corp EMEA Ltd"`},
		},
		{name: "accents kept", cells: cells{name: "Café Müller"}, wantInput: `{"name":"Café Müller"}`},
	})
}

func TestRowDomains(t *testing.T) {
	runRowTests(t, []rowTest{
		{
			name:      "url normalised",
			cells:     cells{name: "Acme", domains: "https://www.Acme.com/about"},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
			wantNotes: []string{`domains: "https://www.Acme.com/about" read as "acme.com"`},
		},
		{
			name:      "userinfo port query fragment",
			cells:     cells{name: "Acme", domains: "http://user:pw@Acme.com:8080/x?y=1#z"},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
		},
		{
			name:      "email address",
			cells:     cells{name: "Acme", domains: "sales@acme.com"},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
		},
		{
			name:      "final dot",
			cells:     cells{name: "Acme", domains: "acme.com."},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
		},
		{
			name:      "plain kept without note",
			cells:     cells{name: "Acme", domains: "acme-robotics.example.com"},
			wantInput: `{"name":"Acme","domains":["acme-robotics.example.com"]}`,
			wantNotes: []string{},
		},
		{
			name:      "idn to punycode",
			cells:     cells{name: "Bücher", domains: "Bücher.de"},
			wantInput: `{"name":"Bücher","domains":["xn--bcher-kva.de"]}`,
		},
		{
			name:      "list separators",
			cells:     cells{name: "Acme", domains: "a.com; b.com|c.com\nd.com, e.com f.com\r\ng.com"},
			wantInput: `{"name":"Acme","domains":["a.com","b.com","c.com","d.com","e.com","f.com","g.com"]}`,
		},
		{name: "words one error", cells: cells{name: "Acme", domains: "not a domain"}, wantErrs: []string{"domains/invalid_domain"}},
		{
			name:     "sentence one error",
			cells:    cells{name: "Acme", addDomain: "Copyright 2024 Salesforce, Inc. All rights reserved."},
			wantErrs: []string{"domains/invalid_domain"},
		},
		{name: "single word checked", cells: cells{name: "Acme", domains: "acme"}, wantErrs: []string{"domains/invalid_domain"}},
		{
			name:      "final points in a list",
			cells:     cells{name: "Acme", domains: "acme.com., beta.com."},
			wantInput: `{"name":"Acme","domains":["acme.com","beta.com"]}`,
			wantNotes: []string{`domains: "acme.com." read as "acme.com"`, `domains: "beta.com." read as "beta.com"`},
		},
		{
			name:      "ideographic full stop in a list",
			cells:     cells{name: "Acme", domains: "acme\u3002com beta.com"},
			wantInput: `{"name":"Acme","domains":["acme.com","beta.com"]}`,
			wantNotes: []string{"domains: \"acme\u3002com\" read as \"acme.com\""},
		},
		{name: "control character beside words", cells: cells{name: "Acme", domains: "acme.com\x00 x y"}, wantErrs: []string{"domains/control_character"}},
		{name: "replacement character beside words", cells: cells{name: "Acme", domains: "acme.com foo\ufffd"}, wantErrs: []string{"domains/replacement_character"}},
		{
			name:      "duplicates removed",
			cells:     cells{name: "Acme", domains: "acme.com, ACME.com", addDomain: "www.acme.com"},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
			wantNotes: []string{
				`domains: "ACME.com" read as "acme.com"`,
				`domains: "acme.com" appears more than once in the row; kept once`,
				`additionalDomains: "www.acme.com" read as "acme.com"`,
				`additionalDomains: "acme.com" appears more than once in the row; kept once`,
			},
		},
		{
			name:      "additional domains merged",
			cells:     cells{name: "Acme", domains: "acme.com", addDomain: "acme.co.uk;acme.de"},
			wantInput: `{"name":"Acme","domains":["acme.com","acme.co.uk","acme.de"]}`,
		},
		{
			name:      "website fallback",
			cells:     cells{name: "Acme", website: "https://www.acme.com/"},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
			wantNotes: []string{`website: "https://www.acme.com/" read as "acme.com"`},
		},
		{
			name:      "website ignored beside domains",
			cells:     cells{name: "Acme", domains: "acme.com", website: "https://globex.com"},
			wantInput: `{"name":"Acme","domains":["acme.com"]}`,
		},
		{
			name:     "website ignored beside bad domains",
			cells:    cells{name: "Acme", domains: "N/A", website: "https://globex.com"},
			wantErrs: []string{"domains/placeholder"},
		},
		{
			name:     "website checked",
			cells:    cells{name: "Acme", website: "https://gmail.com"},
			wantErrs: []string{"domains/public_email_domain"},
		},
		{name: "name.com valid", cells: cells{name: "Name Registry Co", domains: "name.com"}, wantInput: `{"name":"Name Registry Co","domains":["name.com"]}`},
		{name: "private suffix subdomain", cells: cells{name: "Acme", domains: "acme.github.io"}, wantInput: `{"name":"Acme","domains":["acme.github.io"]}`},
		{name: "gmail", cells: cells{name: "Acme", domains: "gmail.com"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "googlemail", cells: cells{name: "Acme", domains: "googlemail.com"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "outlook mixed case", cells: cells{name: "Acme", domains: "Outlook.com"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "yahoo co uk", cells: cells{name: "Acme", domains: "yahoo.co.uk"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "hotmail fr", cells: cells{name: "Acme", domains: "hotmail.fr"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "gmx de", cells: cells{name: "Acme", domains: "gmx.de"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "yandex ru", cells: cells{name: "Acme", domains: "yandex.ru"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "provider subdomain", cells: cells{name: "Acme", domains: "mail.yahoo.com"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "provider in list", cells: cells{name: "Acme", domains: "acme.com, proton.me"}, wantErrs: []string{"domains/public_email_domain"}},
		{name: "provider name under private suffix", cells: cells{name: "Acme", domains: "yahoo.github.io"}, wantInput: `{"name":"Acme","domains":["yahoo.github.io"]}`},
		{
			name:      "allowed provider",
			opts:      Options{AllowDomains: []string{"Gmail.com"}},
			cells:     cells{name: "Google", domains: "gmail.com"},
			wantInput: `{"name":"Google","domains":["gmail.com"]}`,
		},
		{name: "public suffix", cells: cells{name: "Acme", domains: "co.uk"}, wantErrs: []string{"domains/public_suffix"}},
		{name: "top-level domain", cells: cells{name: "Acme", domains: "com"}, wantErrs: []string{"domains/public_suffix"}},
		{name: "single label", cells: cells{name: "Acme", domains: "localhost"}, wantErrs: []string{"domains/invalid_domain"}},
		{name: "unknown top-level domain", cells: cells{name: "Acme", domains: "acme.corp"}, wantErrs: []string{"domains/invalid_domain"}},
		{name: "empty label", cells: cells{name: "Acme", domains: "acme..com"}, wantErrs: []string{"domains/invalid_domain"}},
		{name: "leading hyphen", cells: cells{name: "Acme", domains: "-acme.com"}, wantErrs: []string{"domains/invalid_domain"}},
		{name: "underscore", cells: cells{name: "Acme", domains: "acme_robotics.com"}, wantErrs: []string{"domains/invalid_domain"}},
		{name: "ip address", cells: cells{name: "Acme", domains: "127.0.0.1"}, wantErrs: []string{"domains/invalid_domain"}},
		{name: "long label", cells: cells{name: "Acme", domains: strings.Repeat("a", 64) + ".com"}, wantErrs: []string{"domains/invalid_domain"}},
		{name: "scheme only", cells: cells{name: "Acme", domains: "https://"}, wantErrs: []string{"domains/invalid_domain"}},
		{
			name:     "each bad element reported",
			cells:    cells{name: "Acme", domains: "gmail.com; co.uk; acme.com; bad_domain.com"},
			wantErrs: []string{"domains/public_email_domain", "domains/public_suffix", "domains/invalid_domain"},
		},
	})
}

func TestRowExternalIDs(t *testing.T) {
	runRowTests(t, []rowTest{
		{name: "leading zeros kept", cells: cells{name: "Acme", extIDs: "00123"}, wantInput: `{"name":"Acme","externalIds":["00123"]}`},
		{name: "split on semicolon bar newline", cells: cells{name: "Acme", extIDs: "a1; 002|b 3\nc4"}, wantInput: `{"name":"Acme","externalIds":["a1","002","b 3","c4"]}`},
		{name: "comma kept", cells: cells{name: "Acme", extIDs: "a,b"}, wantInput: `{"name":"Acme","externalIds":["a,b"]}`},
		{name: "case kept", cells: cells{name: "Acme", extIDs: "SF-001;sf-001"}, wantInput: `{"name":"Acme","externalIds":["SF-001","sf-001"]}`},
		{
			name:      "duplicate removed",
			cells:     cells{name: "Acme", extIDs: "x1; x1"},
			wantInput: `{"name":"Acme","externalIds":["x1"]}`,
			wantNotes: []string{`externalIds: "x1" appears more than once in the row; kept once`},
		},
		{name: "mangled", cells: cells{name: "Acme", extIDs: "1.23457E+17"}, wantErrs: []string{"externalIds/mangled_id"}},
		{name: "mangled no fraction", cells: cells{name: "Acme", extIDs: "4E+10"}, wantErrs: []string{"externalIds/mangled_id"}},
		{name: "mangled in list", cells: cells{name: "Acme", extIDs: "a1;4.5E+10"}, wantErrs: []string{"externalIds/mangled_id"}},
		{name: "exact scientific kept", cells: cells{name: "Acme", extIDs: "4.5e10"}, wantInput: `{"name":"Acme","externalIds":["4.5e10"]}`},
	})
}

func TestRowMainSourceID(t *testing.T) {
	runRowTests(t, []rowTest{
		{name: "one of external ids", cells: cells{name: "Acme", extIDs: "a1;b2", mainSrc: " b2 "}, wantInput: `{"name":"Acme","externalIds":["a1","b2"],"mainSourceId":"b2"}`},
		{name: "compared exactly", cells: cells{name: "Acme", extIDs: "a1", mainSrc: "A1"}, wantErrs: []string{"mainSourceId/main_source_not_external_id"}},
		{name: "leading zeros matter", cells: cells{name: "Acme", extIDs: "0012", mainSrc: "12"}, wantErrs: []string{"mainSourceId/main_source_not_external_id"}},
		{name: "no external ids", cells: cells{name: "Acme", mainSrc: "a1"}, wantErrs: []string{"mainSourceId/main_source_not_external_id"}},
		{name: "mangled", cells: cells{name: "Acme", extIDs: "1.2E+17", mainSrc: "1.2E+17"}, wantErrs: []string{"externalIds/mangled_id", "mainSourceId/mangled_id"}},
	})
}

func TestRowMainSourceMessage(t *testing.T) {
	opts := Options{}
	opts.Columns[extIDs] = "CRM IDs"
	opts.Columns[mainSrc] = "Primary CRM ID"
	res := New(opts).Row(9, rawOf(t, cells{name: "Acme", mainSrc: "a1"}), nil)
	if len(res.Errors) != 1 {
		t.Fatalf("errors\ngot:  %q\nwant: one", messages(res.Errors))
	}
	got := res.Errors[0].Message
	want := `row 9, column "Primary CRM ID": "a1" is not one of the row's externalIds, which are empty; add it to column "CRM IDs" too`
	if got != want {
		t.Errorf("message\ngot:  %s\nwant: %s", got, want)
	}
}

func TestRowTextIDs(t *testing.T) {
	runRowTests(t, []rowTest{
		{
			name: "trimmed and kept",
			cells: cells{name: "Acme", slack: " C0123ABC ", ownerID: " 0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
				statusID: "1c7a4b63-2d3e-4f60-9b0c-1d2e3f4a5b6c", tierID: "2d8b5c74-3e4f-4071-8c1d-2e3f4a5b6c7d "},
			wantInput: `{"name":"Acme","slackChannelId":"C0123ABC","ownerId":"0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b",` +
				`"statusId":"1c7a4b63-2d3e-4f60-9b0c-1d2e3f4a5b6c","tierId":"2d8b5c74-3e4f-4071-8c1d-2e3f4a5b6c7d"}`,
		},
		{
			name:      "upper-case workspace id lowered",
			cells:     cells{name: "Acme", ownerID: "0B6F3A52-1C2D-4E5F-8A9B-0C1D2E3F4A5B"},
			wantInput: `{"name":"Acme","ownerId":"0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b"}`,
			wantNotes: []string{`ownerId: "0B6F3A52-1C2D-4E5F-8A9B-0C1D2E3F4A5B" read as "0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b"`},
		},
		{
			name:      "Salesforce user id left out",
			cells:     cells{name: "Acme", ownerID: "0055g00000AbCdEAAZ"},
			wantInput: `{"name":"Acme"}`,
			wantNotes: []string{`ownerId: "0055g00000AbCdEAAZ" left out: it is a Salesforce user id, and Linear identifies users only by its own ids; map a column of owner emails or names to owner`},
		},
		{
			name:      "numeric owner id left out",
			cells:     cells{name: "Acme", ownerID: "51234567"},
			wantInput: `{"name":"Acme"}`,
			wantNotes: []string{`ownerId: "51234567" left out: it is a CRM's numeric owner id, and Linear identifies users only by its own ids; map a column of owner emails or names to owner`},
		},
		{name: "owner id not a UUID", cells: cells{name: "Acme", ownerID: "u-1"}, wantErrs: []string{"ownerId/invalid_uuid"}},
		{name: "status id not a UUID", cells: cells{name: "Acme", statusID: "Active"}, wantErrs: []string{"statusId/invalid_uuid"}},
		{name: "numeric tier id rejected", cells: cells{name: "Acme", tierID: "12"}, wantErrs: []string{"tierId/invalid_uuid"}},
		{name: "slack mangled", cells: cells{name: "Acme", slack: "1.23457E+17"}, wantErrs: []string{"slackChannelId/mangled_id"}},
		{name: "owner id mangled", cells: cells{name: "Acme", ownerID: "4.5E+10"}, wantErrs: []string{"ownerId/mangled_id"}},
		{name: "status id mangled", cells: cells{name: "Acme", statusID: "4.5E+10"}, wantErrs: []string{"statusId/mangled_id"}},
		{name: "tier id mangled", cells: cells{name: "Acme", tierID: "4.5E+10"}, wantErrs: []string{"tierId/mangled_id"}},
		{name: "tab inside", cells: cells{name: "Acme", slack: "C01\tX"}, wantErrs: []string{"slackChannelId/control_character"}},
	})
}

func TestRowRefs(t *testing.T) {
	res := New(Options{}).Row(2, rawOf(t, cells{
		name: "Acme", owner: " ana@acme.com ", status: "Active\u00a0", tier: " Enterprise",
	}), nil)
	if len(res.Errors) != 0 {
		t.Fatalf("errors\ngot:  %q\nwant: none", messages(res.Errors))
	}
	want := record.Refs{Owner: "ana@acme.com", Status: "Active", Tier: "Enterprise"}
	if res.Refs != want {
		t.Errorf("refs\ngot:  %+v\nwant: %+v", res.Refs, want)
	}
}

func TestRowNumbers(t *testing.T) {
	runRowTests(t, []rowTest{
		{name: "plain", cells: cells{name: "Acme", revenue: "1200000", size: "250"}, wantInput: `{"name":"Acme","revenue":1200000,"size":250}`, wantNotes: []string{}},
		{name: "zero", cells: cells{name: "Acme", revenue: "0", size: "0"}, wantInput: `{"name":"Acme","revenue":0,"size":0}`},
		{name: "spaces", cells: cells{name: "Acme", size: " 85 "}, wantInput: `{"name":"Acme","size":85}`, wantNotes: []string{}},
		{
			name:      "decimal zeros noted",
			cells:     cells{name: "Acme", revenue: "1200000.00"},
			wantInput: `{"name":"Acme","revenue":1200000}`,
			wantNotes: []string{`revenue: "1200000.00" read as 1200000`},
		},
		{
			name:      "lenient noted",
			opts:      Options{LenientNumbers: true},
			cells:     cells{name: "Acme", revenue: "$1,200,000", size: "1 250"},
			wantInput: `{"name":"Acme","revenue":1200000,"size":1250}`,
			wantNotes: []string{`revenue: "$1,200,000" read as 1200000`, `size: "1 250" read as 1250`},
		},
		{name: "lenient no fraction", opts: Options{LenientNumbers: true}, cells: cells{name: "Acme", revenue: "1,200.50"}, wantErrs: []string{"revenue/fraction"}},
		{name: "thousands", cells: cells{name: "Acme", revenue: "1,200,000"}, wantErrs: []string{"revenue/thousands_separator"}},
		{name: "currency", cells: cells{name: "Acme", revenue: "€450000"}, wantErrs: []string{"revenue/currency"}},
		{name: "display scientific", cells: cells{name: "Acme", revenue: "1.2E+07"}, wantErrs: []string{"revenue/scientific_display"}},
		{name: "exact scientific", cells: cells{name: "Acme", revenue: "8.5E7"}, wantInput: `{"name":"Acme","revenue":85000000}`},
		{name: "negative", cells: cells{name: "Acme", size: "-1"}, wantErrs: []string{"size/out_of_range"}},
		{name: "too large", cells: cells{name: "Acme", revenue: "2147483648"}, wantErrs: []string{"revenue/out_of_range"}},
		{name: "fraction", cells: cells{name: "Acme", size: "85.7"}, wantErrs: []string{"size/fraction"}},
		{name: "text", cells: cells{name: "Acme", revenue: "abc"}, wantErrs: []string{"revenue/not_integer"}},
	})
}

func TestRowNumberMessage(t *testing.T) {
	opts := Options{}
	opts.Columns[revenue] = "Annual Revenue"
	res := New(opts).Row(4, rawOf(t, cells{name: "Acme", revenue: "1,200,000"}), nil)
	if len(res.Errors) != 1 {
		t.Fatalf("errors\ngot:  %q\nwant: one", messages(res.Errors))
	}
	got := res.Errors[0]
	want := record.FieldError{
		Field: "revenue",
		Code:  "thousands_separator",
		Message: `row 4, column "Annual Revenue": "1,200,000" has thousands separators; ` +
			`write 1200000, or run with --lenient-numbers`,
		Value: "1,200,000",
	}
	if got != want {
		t.Errorf("error\ngot:  %+v\nwant: %+v", got, want)
	}
}

func TestRowLogoURL(t *testing.T) {
	runRowTests(t, []rowTest{
		{name: "https", cells: cells{name: "Acme", logoURL: " https://acme.com/logo.png "}, wantInput: `{"name":"Acme","logoUrl":"https://acme.com/logo.png"}`},
		{name: "http upper-case scheme", cells: cells{name: "Acme", logoURL: "HTTP://acme.com/l.png"}, wantInput: `{"name":"Acme","logoUrl":"HTTP://acme.com/l.png"}`},
		{name: "no scheme", cells: cells{name: "Acme", logoURL: "acme.com/logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "ftp", cells: cells{name: "Acme", logoURL: "ftp://acme.com/logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "javascript", cells: cells{name: "Acme", logoURL: "javascript:alert(1)"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "no host", cells: cells{name: "Acme", logoURL: "https:///logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "opaque", cells: cells{name: "Acme", logoURL: "https:acme.com"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "bad escape", cells: cells{name: "Acme", logoURL: "https://acme.com/%zz"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "space in host", cells: cells{name: "Acme", logoURL: "https://ac me.com/"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "space in path", cells: cells{name: "Acme", logoURL: "https://acme.com/my logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "no-break space in path", cells: cells{name: "Acme", logoURL: "https://acme.com/my\u00a0logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "port too large", cells: cells{name: "Acme", logoURL: "https://acme.com:99999/logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "port zero", cells: cells{name: "Acme", logoURL: "https://acme.com:0/logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "port kept", cells: cells{name: "Acme", logoURL: "https://acme.com:8443/logo.png"}, wantInput: `{"name":"Acme","logoUrl":"https://acme.com:8443/logo.png"}`},
		{name: "user and password", cells: cells{name: "Acme", logoURL: "https://user:pw@acme.com/logo.png"}, wantErrs: []string{"logoUrl/invalid_url"}},
		{name: "escaped space kept", cells: cells{name: "Acme", logoURL: "https://acme.com/my%20logo.png"}, wantInput: `{"name":"Acme","logoUrl":"https://acme.com/my%20logo.png"}`},
	})
}

func TestRowReportsAllErrors(t *testing.T) {
	runRowTests(t, []rowTest{{
		name: "every field",
		cells: cells{
			id: "ACME", domains: "gmail.com", extIDs: "1.2E+17", slack: "4E+10",
			revenue: "1,000", size: "-3", logoURL: "logo.png", mainSrc: "x", owner: "N/A",
		},
		wantErrs: []string{
			"id/invalid_uuid", "name/required", "domains/public_email_domain",
			"externalIds/mangled_id", "slackChannelId/mangled_id",
			"revenue/thousands_separator", "size/out_of_range", "logoUrl/invalid_url",
			"mainSourceId/main_source_not_external_id", "ownerId/placeholder",
		},
	}})
}

func TestRowSkip(t *testing.T) {
	raw := rawOf(t, cells{name: "Acme", revenue: "abc", size: "x"})
	skip := []record.FieldError{{Field: "revenue", Code: "invalid_utf8", Message: "m"}}
	res := New(Options{}).Row(3, raw, skip)
	got := errorKeys(res.Errors)
	want := []string{"size/not_integer"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors\ngot:  %q\nwant: %q", got, want)
	}
}

func TestRowNilRaw(t *testing.T) {
	res := New(Options{}).Row(2, nil, nil)
	got := errorKeys(res.Errors)
	want := []string{"name/required"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors\ngot:  %q\nwant: %q", got, want)
	}
}

func TestRowMessageClipsLongValue(t *testing.T) {
	long := strings.Repeat("x", 5000)
	res := New(Options{}).Row(2, rawOf(t, cells{name: "Acme", revenue: long}), nil)
	if len(res.Errors) != 1 {
		t.Fatalf("errors\ngot:  %d\nwant: 1", len(res.Errors))
	}
	if n := len(res.Errors[0].Message); n > 400 {
		t.Errorf("message length\ngot:  %d\nwant: at most 400", n)
	}
	if res.Errors[0].Value != long {
		t.Errorf("value was cut to %d bytes", len(res.Errors[0].Value))
	}
}
