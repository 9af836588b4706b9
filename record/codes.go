package record

// Codes of FieldError. Each is stable: reports, rejects files and scripts
// that read them rely on the exact text.
const (
	// Reading a file (package parse).
	CodeWrongCellCount = "wrong_cell_count"
	CodeUnclosedQuote  = "unclosed_quote"
	CodeInvalidUTF8    = "invalid_utf8"
	CodeInvalidJSON    = "invalid_json"
	CodeDuplicateKey   = "duplicate_key"
	CodeJSONType       = "json_type"

	CodeBlankHeader         = "blank_header"
	CodeRecordTooLong       = "record_too_long"
	CodeMapFailed           = "map_failed"
	CodeIncompleteCharacter = "incomplete_character"

	// Checking the values of one row (package validate).
	CodeRequired                = "required"
	CodePlaceholder             = "placeholder"
	CodeSpreadsheetError        = "spreadsheet_error"
	CodeControlCharacter        = "control_character"
	CodeReplacementCharacter    = "replacement_character"
	CodeInvalidUUID             = "invalid_uuid"
	CodeInvalidDomain           = "invalid_domain"
	CodePublicSuffix            = "public_suffix"
	CodePublicEmailDomain       = "public_email_domain"
	CodeMangledID               = "mangled_id"
	CodeNotInteger              = "not_integer"
	CodeFraction                = "fraction"
	CodeScientificDisplay       = "scientific_display"
	CodeThousandsSeparator      = "thousands_separator"
	CodeCurrency                = "currency"
	CodeOutOfRange              = "out_of_range"
	CodeInvalidURL              = "invalid_url"
	CodeMainSourceNotExternalID = "main_source_not_external_id"

	// Checking keys across the rows of one file (package validate).
	CodeDuplicateInFile = "duplicate_in_file"
)

// codeEntry is one line of the catalogue that Explain reads.
type codeEntry struct {
	code        string
	explanation string
	fix         string
}

var catalogue = []codeEntry{
	{CodeWrongCellCount,
		"The row has fewer cells than the header has columns, or has a surplus cell that is not blank.",
		"Make the row match the header: add the missing cells or remove the extra ones, and check for an unquoted delimiter inside a value."},
	{CodeUnclosedQuote,
		"A quoted cell opens with a double quote that never closes, so the rest of the file would be read as one cell.",
		"Add the closing double quote, and write a double quote inside a quoted cell as two double quotes."},
	{CodeInvalidUTF8,
		"The row contains bytes that are not valid UTF-8, as files saved in a legacy encoding such as Windows-1252 do.",
		"Save the file as UTF-8, or name its encoding when importing."},
	{CodeInvalidJSON,
		"The record is not valid JSON.",
		"Fix the JSON syntax at the position given in the message."},
	{CodeDuplicateKey,
		"The JSON object has the same key twice, or two keys that map to one field, so it is unclear which value is meant.",
		"Keep one of the two keys, or ignore one with --map 'key='."},
	{CodeJSONType,
		"The JSON value has a type the field cannot take, such as a boolean for a name, a list for a single value, or null inside a list.",
		"Write a string (or a number for revenue and size); write lists only for domains and externalIds."},
	{CodeBlankHeader,
		"The row has a value in a column whose header is blank, so it is unclear which field the value belongs to.",
		"Give the column a header, or map it with --map, or clear its cells."},
	{CodeRecordTooLong,
		"The record is longer than 16 MiB, far more than any customer needs, as when a quote is left open over much of the file.",
		"Look at the record in a text editor for a quote or bracket that does not close, or shorten the values."},
	{CodeMapFailed,
		"The row's cells could not be placed in their fields.",
		"Check the row's cells against the header; the message names what failed."},
	{CodeIncompleteCharacter,
		"The file is UTF-16 but has an odd number of bytes, so it ends in half a character, as a file cut off in a copy does.",
		"Export or copy the file again so that it is whole."},
	{CodeRequired,
		"A value the customer must have is missing; every customer needs a name.",
		"Fill in the cell."},
	{CodePlaceholder,
		"The cell holds placeholder text such as N/A, null or a dash, which is not a value but could be read as one.",
		"Clear the cell to leave the field out, or pass --null-value with the text to treat it as blank."},
	{CodeSpreadsheetError,
		"The cell holds a spreadsheet error value such as #N/A or #REF!, left by a formula that failed.",
		"Fix the formula in the spreadsheet and export again, or clear the cell; --null-value can treat the text as blank."},
	{CodeControlCharacter,
		"The value contains a control character, such as a NUL byte, that cannot be stored.",
		"Remove the character from the cell."},
	{CodeReplacementCharacter,
		"The value contains U+FFFD, the replacement character that a program writes where it met bytes it could not decode, so the original characters are lost.",
		"Correct the text; if the file came from another encoding, export it again as UTF-8 or name its encoding with --encoding."},
	{CodeInvalidUUID,
		"The id is not a canonical lowercase UUID version 4 (8-4-4-4-12 lowercase hexadecimal digits, version 4, RFC 9562 variant).",
		"Write the UUID in its canonical lowercase form, or leave the cell blank to let the server choose an id."},
	{CodeInvalidDomain,
		"The text is not a valid domain name.",
		"Write the company's web domain, such as acme.com."},
	{CodePublicSuffix,
		"The domain is a public suffix such as co.uk, under which anyone can register names, not a company's own domain.",
		"Write the company's full registered domain, such as acme.co.uk."},
	{CodePublicEmailDomain,
		"The domain belongs to a public email provider such as gmail.com; it is shared by many people, so it cannot identify a customer.",
		"Use the company's own domain, or pass --allow-domain to accept this one."},
	{CodeMangledID,
		"The id looks like a number that a spreadsheet shortened to scientific notation (such as 1.23457E+17), so its digits are already lost.",
		"Format the column as Text in the spreadsheet, restore the full ids from their source, and export again."},
	{CodeNotInteger,
		"The value is not a whole number.",
		"Write a whole number using digits only, such as 1200000."},
	{CodeFraction,
		"The number has a fractional part; values are never rounded.",
		"Write a whole number."},
	{CodeScientificDisplay,
		"The number is in the scientific notation a spreadsheet displays (such as 1.2E+07), which may have lost digits.",
		"Format the column as Number with 0 decimals in the spreadsheet and export again."},
	{CodeThousandsSeparator,
		"The number has thousands separators.",
		"Write the digits only, or pass --lenient-numbers to read separators."},
	{CodeCurrency,
		"The number has a currency symbol or code.",
		"Write the digits only, or pass --lenient-numbers to read currency marks."},
	{CodeOutOfRange,
		"The number is negative or larger than 2147483647, the largest whole number Linear's API accepts (a signed 32-bit integer).",
		"Write a whole number from 0 to 2147483647."},
	{CodeInvalidURL,
		"The value is not an absolute http or https URL with a host.",
		"Write the full URL, such as https://acme.com/logo.png."},
	{CodeMainSourceNotExternalID,
		"The main source id must be one of the row's externalIds, compared exactly.",
		"Add the id to externalIds, or correct it to match one of them."},
	{CodeDuplicateInFile,
		"An earlier row of the same file already uses this id, domain, external id or Slack channel, and each must be unique across the workspace.",
		"Merge the two rows into one customer, or give each its own value."},
}

// Explain returns a plain-language explanation of code and a hint on how
// to fix the problem it names. ok is false for a code not in the catalogue.
func Explain(code string) (explanation, fix string, ok bool) {
	for _, e := range catalogue {
		if e.code == code {
			return e.explanation, e.fix, true
		}
	}
	return "", "", false
}

// Codes returns every code in the catalogue, grouped by the stage that
// reports it. The caller owns the returned slice.
func Codes() []string {
	codes := make([]string, len(catalogue))
	for i, e := range catalogue {
		codes[i] = e.code
	}
	return codes
}
