package validate

// caseWants lists, per case file and row in order, what Row and Claim must
// return: "valid" with the exact input JSON, or "invalid" with the fields
// the errors name.
var caseWants = map[string][]caseWant{
	"B08-quoted-newline.csv": {
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"size":250}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics\nEMEA Division","domains":["globex.example.com"],"size":40}`},
		{row: 4, status: "valid", input: `{"name":"Initech Labs","domains":["initech.example.com"],"size":85}`},
	},
	"B15-header-case-whitespace.csv": {
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000,"size":250,"logoUrl":"https://acme-robotics.example.com/logo.png","externalIds":["ext-1001"],"mainSourceId":"ext-1001"}`},
	},
	"B18-whitespace.csv": {
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000,"logoUrl":"https://acme-robotics.example.com/logo.png"}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"]}`},
		{row: 4, status: "invalid", fields: []string{"name"}},
	},
	"B19-thousands-separators.csv": {
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"size"}},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"Contoso Widgets","domains":["contoso.example.com"],"revenue":450000,"size":45}`},
	},
	"B20-currency-symbols.csv": {
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"revenue"}},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"Contoso Widgets","domains":["contoso.example.com"],"revenue":450000}`},
	},
	"B22-decimal-integers.csv": {
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000,"size":250}`},
		{row: 3, status: "invalid", fields: []string{"revenue"}},
		{row: 4, status: "invalid", fields: []string{"size"}},
	},
	"B23-int64-overflow.csv": {
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"revenue"}},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"Tailspin Data","domains":["tailspin.example.org"],"revenue":2147483647}`},
	},
	"B24-placeholders.csv": {
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "invalid", fields: []string{"size"}},
		{row: 4, status: "invalid", fields: []string{"logoUrl"}},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "invalid", fields: []string{"name"}},
		{row: 7, status: "valid", input: `{"name":"Tailspin Data","domains":["tailspin.example.org"]}`},
	},
	"B27-formula-injection.csv": {
		{row: 2, status: "valid", input: `{"name":"=1+2","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 3, status: "valid", input: `{"name":"@SUM(1,2)","domains":["globex.example.com"],"revenue":800000}`},
		{row: 4, status: "valid", input: `{"name":"+Initech Labs","domains":["initech.example.com"],"revenue":300000}`},
		{row: 5, status: "invalid", fields: []string{"revenue"}},
		{row: 6, status: "valid", input: `{"name":"-Contoso Widgets","domains":["contoso.example.com"],"revenue":450000}`},
	},
	"B28-public-email-domains.csv": {
		{row: 2, status: "invalid", fields: []string{"domains"}},
		{row: 3, status: "invalid", fields: []string{"domains"}},
		{row: 4, status: "valid", input: `{"name":"Name Registry Co","domains":["name.com"]}`},
		{row: 5, status: "valid", input: `{"name":"Initech Labs","domains":["initech.example.com"]}`},
		{row: 6, status: "invalid", fields: []string{"domains"}},
	},
	"B33-null-vs-missing.json": {
		{row: 1, status: "valid", input: `{"name":"Acme Robotics","size":250}`},
		{row: 2, status: "valid", input: `{"name":"Globex Analytics","size":40}`},
		{row: 3, status: "valid", input: `{"name":"Initech Labs","revenue":0,"size":0}`},
		{row: 4, status: "invalid", fields: []string{"name"}},
	},
	"B35-numbers-as-strings.json": {
		{row: 1, status: "valid", input: `{"name":"Acme Robotics","revenue":1200000,"size":250,"externalIds":["98765"],"mainSourceId":"98765"}`},
		{row: 2, status: "invalid", fields: []string{"revenue"}},
		{row: 3, status: "valid", input: `{"name":"Initech Labs","size":85}`},
	},
	"B38-one-bad-row.csv": {
		{row: 2, status: "valid", input: `{"name":"Acme Robotics","domains":["acme-robotics.example.com"],"revenue":1200000}`},
		{row: 3, status: "valid", input: `{"name":"Globex Analytics","domains":["globex.example.com"],"revenue":800000}`},
		{row: 4, status: "invalid", fields: []string{"revenue"}},
		{row: 5, status: "invalid", fields: []string{"name"}},
		{row: 6, status: "valid", input: `{"name":"Contoso Widgets","domains":["contoso.example.com"],"revenue":450000}`},
	},
}
