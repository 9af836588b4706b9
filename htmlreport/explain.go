package htmlreport

import "custimport/record"

// defaultExplain is the Explain used when Options.Explain is nil.
var defaultExplain = record.Explain

// explainOwn covers the names the page itself files errors under.
func explainOwn(code string) (explanation, fix string, ok bool) {
	switch code {
	case noCode:
		return "The report marks these rows as invalid or failed but gives no error code for them.",
			"Read the row in the report file, or run the import again with the same file to see the reason.", true
	case otherCode:
		return "The report has more distinct error codes than this page lists one by one, so the rest are counted together here.",
			"Read the messages below and the report file for the codes in this group.", true
	}
	return "", "", false
}
