package parse

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"custimport/record"
)

// TestDeferMapping maps records on several goroutines at once and checks
// that they come out as Read maps them itself.
func TestDeferMapping(t *testing.T) {
	var b strings.Builder
	b.WriteString("Company,Website,Employees,External ID,Notes\n")
	for i := range 2000 {
		switch i % 7 {
		case 3:
			fmt.Fprintf(&b, "Acme \xe9 %d,acme-%d.com,%d,X-%d,\n", i, i, i, i) // not UTF-8
		case 5:
			b.WriteString(",,,,\n") // blank
		default:
			fmt.Fprintf(&b, "\"Acme, %d\",acme-%d.com,  ,X-%d,n\n", i, i, i)
		}
	}
	text := b.String()
	want := readAll(t, text, Options{Name: "a.csv"})
	rd, err := NewReader(strings.NewReader(text), Options{Name: "a.csv", DeferMapping: true})
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, rd)
	if len(got) != len(want) {
		t.Fatalf("read %d records deferred, %d at once", len(got), len(want))
	}

	var wg sync.WaitGroup
	for start := 0; start < len(got); start += 100 {
		wg.Go(func() { rd.Map(got[start:min(start+100, len(got))]) })
	}
	wg.Wait()
	rd.Map(got) // a second call changes nothing

	for i := range got {
		g, w := got[i], want[i]
		if !reflect.DeepEqual(g.Raw, w.Raw) || !reflect.DeepEqual(g.Errs, w.Errs) || g.Skip != w.Skip {
			t.Fatalf("row %d mapped later\ngot:  %+v %v %q\nwant: %+v %v %q", w.Row, g.Raw, g.Errs, g.Skip, w.Raw, w.Errs, w.Skip)
		}
	}
	if got[3].Errs == nil || got[0].Raw.Name.Value() != "Acme, 0" {
		t.Fatalf("test file: row 2 %+v and row 5 errors %v, want a name and an encoding error", got[0].Raw, got[3].Errs)
	}
}

// TestFieldByName checks the lookup that gocsv's cell calls use against
// record.ParseField, for every target name and for near misses.
func TestFieldByName(t *testing.T) {
	var names []string
	for f := range record.Field(record.NumFields) {
		name := f.String()
		names = append(names, name, strings.ToUpper(name[:1])+name[1:], name+"s", name[1:], "x"+name[1:])
	}
	names = append(names, "", "unknown", "domain", "ID", "tierID")
	for _, name := range names {
		got, gotOK := fieldByName(name)
		want, wantOK := record.ParseField(name)
		if got != want && wantOK || gotOK != wantOK {
			t.Errorf("fieldByName(%q) = %v, %v; ParseField gives %v, %v", name, got, gotOK, want, wantOK)
		}
	}
}
