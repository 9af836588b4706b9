package parse_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"custimport/parse"
)

func ExampleReader() {
	const file = "Company name;Annual Revenue;Industry\r\n" +
		"\"Fabrikam Tools, Inc.\";4500000;Retail\r\n" +
		";;\r\n" +
		"Tailspin Data;12\" Displays;\r\n"
	rd, err := parse.NewReader(strings.NewReader(file), parse.Options{Name: "accounts.csv"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("unknown columns:", rd.Unknown())
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		if rec.Skip != "" {
			fmt.Printf("row %d: skipped, %s\n", rec.Row, rec.Skip)
			continue
		}
		fmt.Printf("row %d: name %q, revenue %q\n", rec.Row, rec.Raw.Name.Value(), rec.Raw.Revenue.Value())
	}
	// Output:
	// unknown columns: [Industry]
	// row 2: name "Fabrikam Tools, Inc.", revenue "4500000"
	// row 3: skipped, blank
	// row 4: name "Tailspin Data", revenue "12\" Displays"
}

func ExampleLoadMapping() {
	m, err := parse.LoadMapping(strings.NewReader("# German export\nFirma=name\nUmsatz=revenue\nNotizen=\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m["Firma"], m["Umsatz"], m["Notizen"] == "")
	// Output: name revenue true
}
