package validate

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"custimport/record"
)

// rawOf returns a Raw holding cells, each read as gocsv reads a CSV cell.
func rawOf(t testing.TB, cells map[record.Field]string) *record.Raw {
	t.Helper()
	raw := &record.Raw{}
	for f, s := range cells {
		if err := raw.Cell(f).UnmarshalCSV(s); err != nil {
			t.Fatalf("UnmarshalCSV(%q): %v", s, err)
		}
	}
	return raw
}

// errorKeys returns "field/code" for each error, in order.
func errorKeys(errs []record.FieldError) []string {
	keys := []string{}
	for _, e := range errs {
		keys = append(keys, e.Field+"/"+e.Code)
	}
	return keys
}

// assertInputJSON fails unless in encodes to the same JSON value as want:
// same keys, same strings, numbers written the same way.
func assertInputJSON(t *testing.T, in record.Input, want string) {
	t.Helper()
	got, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	if !reflect.DeepEqual(decodeJSON(t, got), decodeJSON(t, []byte(want))) {
		t.Errorf("input\ngot:  %s\nwant: %s", got, want)
	}
}

// decodeJSON decodes b keeping numbers as written, so that 1200000 and
// 1.2e6 differ.
func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}
