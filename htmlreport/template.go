package htmlreport

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"strings"
)

var (
	//go:embed page.html
	pageHTML string
	//go:embed page.css
	pageCSS string
	//go:embed page.js
	pageJS string
)

// contentSecurityPolicy allows the page's own inline style and script and
// nothing else: no request to any host, no form, no frame, no plugin.
// The script is allowed by its hash, so markup that slipped into the page
// could not run a script of its own.
var contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
	"script-src '" + scriptHash(pageJS) + "'; base-uri 'none'; form-action 'none'"

func scriptHash(js string) string {
	sum := sha256.Sum256([]byte(js))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"comma":  comma,
	"rows":   func(n int) string { return plural(n, "row", "rows") },
	"errors": func(n int) string { return plural(n, "error", "errors") },
	"join":   func(s []string) string { return strings.Join(s, ", ") },
	"csp":    func() string { return contentSecurityPolicy },
	"style":  func() template.CSS { return template.CSS(pageCSS) },
	"script": func() template.JS { return template.JS(pageJS) },
}).Parse(pageHTML))

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return comma(n) + " " + many
}
