package validate

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"custimport/record"
)

func FuzzRow(f *testing.F) {
	f.Add("b06b392d-bbef-4644-9604-ea7aaa56f796", "Acme", "https://www.Acme.com/x", "", "a1;00042", "a1",
		"1200000", "250", "https://acme.com/logo.png", "ana@acme.com", false)
	f.Add("", "N/A", "gmail.com, co.uk", "www.acme.com", "1.2E+17", "x", "1,200,000", "-5", "ftp://x", "-", true)
	f.Add("{B06B392D-BBEF-4644-9604-EA7AAA56F796}", " \u00a0", "Bücher.de|xn--bcher-kva.de", "acme..com",
		"a|a", "", "$1.2e6", "1.2E+07", "https:", "#N/A", false)
	f.Fuzz(func(t *testing.T, id, name, domains, website, ext, main, revenue, size, logo, owner string, lenient bool) {
		raw := &record.Raw{}
		for f, s := range map[record.Field]string{
			record.FieldID: id, record.FieldName: name, record.FieldDomains: domains,
			record.FieldWebsite: website, record.FieldExternalIDs: ext, record.FieldMainSourceID: main,
			record.FieldRevenue: revenue, record.FieldSize: size, record.FieldLogoURL: logo,
			record.FieldOwner: owner,
		} {
			if err := raw.Cell(f).UnmarshalCSV(s); err != nil {
				t.Fatal(err)
			}
		}
		v := New(Options{LenientNumbers: lenient, NullValues: []string{"tbd"}})
		res := v.Row(2, raw, nil)
		checkFuzzResult(t, v, res)
	})
}

func checkFuzzResult(t *testing.T, v *Validator, res Result) {
	for _, n := range []record.Opt[int64]{res.Input.Revenue, res.Input.Size} {
		if x, ok := n.Get(); ok && (x < 0 || x > MaxInt) {
			t.Fatalf("number %d outside 0..%d", x, MaxInt)
		}
	}
	for _, e := range res.Errors {
		if _, _, ok := record.Explain(e.Code); !ok || e.Field == "" || !strings.HasPrefix(e.Message, "row 2, ") {
			t.Fatalf("bad error %+v", e)
		}
	}
	if len(res.Errors) > 0 {
		return
	}
	if res.Input.Name == "" {
		t.Fatalf("valid row with an empty name")
	}
	if _, err := json.Marshal(res.Input); err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	if errs := v.Claim(2, &res.Input); errs != nil {
		t.Fatalf("first claim: %v", errs)
	}
	hasKeys := res.Input.ID.IsSet() || res.Input.Domains.IsSet() || res.Input.ExternalIDs.IsSet()
	if errs := v.Claim(3, &res.Input); (errs != nil) != hasKeys {
		t.Fatalf("second claim of a row with keys=%v: %v", hasKeys, errs)
	}
}

// TestCodesExplained checks that every record code the package's source
// refers to has an entry in the catalogue of record.Explain.
func TestCodesExplained(t *testing.T) {
	values := codeValues(t, filepath.Join("..", "record", "codes.go"))
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Code") {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "record" {
					used[sel.Sel.Name] = true
				}
			}
			return true
		})
	}
	if len(used) < 15 {
		t.Fatalf("found only %d codes in use", len(used))
	}
	for name := range used {
		t.Run(name, func(t *testing.T) {
			if _, _, ok := record.Explain(values[name]); !ok {
				t.Errorf("record.Explain(record.%s = %q) not found", name, values[name])
			}
		})
	}
}

// codeValues returns the string constants declared in the Go file at path.
func codeValues(t *testing.T, path string) map[string]string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, id := range spec.Names {
			if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				values[id.Name], _ = strconv.Unquote(lit.Value)
			}
		}
		return true
	})
	return values
}

func TestPlaceholderLengthBound(t *testing.T) {
	for _, p := range placeholders {
		if len(p) > maxPlaceholderLen {
			t.Errorf("placeholder %q is longer than maxPlaceholderLen %d", p, maxPlaceholderLen)
		}
		if !isPlaceholder(strings.ToUpper(p)) {
			t.Errorf("placeholder %q is not recognised in upper case", p)
		}
	}
	for _, e := range spreadsheetErrors {
		if !isSpreadsheetError(strings.ToLower(e)) {
			t.Errorf("spreadsheet error %q is not recognised in lower case", e)
		}
	}
}

func TestPublicEmailList(t *testing.T) {
	if len(providers.exact) < 100 {
		t.Errorf("exact domains\ngot:  %d\nwant: at least 100", len(providers.exact))
	}
	for d := range providers.exact {
		if _, p := parseDomain(d); p != nil {
			t.Errorf("listed domain %q: %v", d, p.reason)
		}
	}
	for _, name := range []string{"hotmail", "yahoo", "gmx", "yandex"} {
		if !providers.names[name] {
			t.Errorf("%s.* missing", name)
		}
	}
}

func BenchmarkRow(b *testing.B) {
	raw := rawOf(b, map[record.Field]string{
		record.FieldID:             "b06b392d-bbef-4644-9604-ea7aaa56f796",
		record.FieldName:           "Acme Robotics",
		record.FieldDomains:        "acme-robotics.com",
		record.FieldExternalIDs:    "sf-0012345;hs-998",
		record.FieldSlackChannelID: "C0123ABCD",
		record.FieldOwner:          "ana@acme-robotics.com",
		record.FieldStatus:         "Active",
		record.FieldRevenue:        "1200000",
		record.FieldSize:           "250",
		record.FieldTier:           "Enterprise",
		record.FieldLogoURL:        "https://acme-robotics.com/logo.png",
		record.FieldMainSourceID:   "sf-0012345",
	})
	v := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		if res := v.Row(2, raw, nil); len(res.Errors) > 0 {
			b.Fatal(res.Errors)
		}
	}
}
