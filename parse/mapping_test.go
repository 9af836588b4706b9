package parse

import (
	"strings"
	"testing"
)

func TestLoadMapping(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[string]string
	}{
		{"lines", "# columns of the EU export\nFirma=name\n\n  Umsatz = revenue \r\nKunden-IDs=external_ids\nNotizen=\n", map[string]string{
			"Firma": "name", "Umsatz": "revenue", "Kunden-IDs": "externalIds", "Notizen": "",
		}},
		{"header with =", "a=b=name\n", map[string]string{"a=b": "name"}},
		{"BOM", "\xef\xbb\xbfFirma=name\n", map[string]string{"Firma": "name"}},
		{"JSON", `{"Firma": "name", "# employees": "size", "Notes": "", "Skip": null}`, map[string]string{
			"Firma": "name", "# employees": "size", "Notes": "", "Skip": "",
		}},
		{"empty", "", map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadMapping(strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if !equalCells(got, tt.want) {
				t.Errorf("LoadMapping = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLoadMappingErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		part string
	}{
		{"no equals sign", "Firma=name\nUmsatz revenue\n", "mapping line 2"},
		{"unknown target", "Firma=nome\n", "unknown target"},
		{"empty header", "=name\n", "empty"},
		{"header twice", "Firma=name\nFirma=tier\n", "twice"},
		{"JSON number", `{"Firma": 1}`, "target name in quotes"},
		{"JSON unknown target", `{"Firma": "nome"}`, "unknown target"},
		{"JSON trailing text", `{"Firma": "name"} x`, "after the closing"},
		{"JSON syntax", `{"Firma" "name"}`, "JSON mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadMapping(strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.part) {
				t.Errorf("LoadMapping error = %v, want one mentioning %s", err, tt.part)
			}
		})
	}
}

func TestLoadMappingFeedsMap(t *testing.T) {
	m, err := LoadMapping(strings.NewReader("Firma=name\nUmsatz=revenue\n"))
	if err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, "Firma;Umsatz\nAcme GmbH;100\n", Options{Map: m})
	check(t, recs, []want{{2, 2, "", noErrs, c{"name": "Acme GmbH", "revenue": "100"}}})
}
