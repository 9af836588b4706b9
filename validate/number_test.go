package validate

import (
	"strconv"
	"testing"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		lenient  bool
		want     int64
		wantCode string // "" when the number is accepted
	}{
		{"plain", "1200000", false, 1200000, ""},
		{"zero", "0", false, 0, ""},
		{"max int", "2147483647", false, 2147483647, ""},
		{"surrounding space", " 85 ", false, 85, ""},
		{"no-break space", "\u00a085\u00a0", false, 85, ""},
		{"plus sign", "+85", false, 85, ""},
		{"minus zero", "-0", false, 0, ""},
		{"leading zeros", "0755", false, 755, ""},
		{"leading zeros and decimals", "00250.00", false, 250, ""},
		{"decimal zeros", "1200000.00", false, 1200000, ""},
		{"one decimal zero", "1200000.0", false, 1200000, ""},
		{"trailing point", "250.", false, 250, ""},
		{"exact scientific", "8.5E7", false, 85000000, ""},
		{"data loader scientific", "1.15056052E8", false, 115056052, ""},
		{"lower-case scientific", "1.2e6", false, 1200000, ""},
		{"lower-case plus exponent", "1.2e+6", false, 1200000, ""},
		{"negative exponent whole", "1200e-2", false, 12, ""},
		{"zero with huge exponent", "0e99999999999", false, 0, ""},
		{"scientific at max", "2.147483647e9", false, 2147483647, ""},

		{"fraction", "800000.5", false, 0, "fraction"},
		{"fraction size", "85.7", false, 0, "fraction"},
		{"fraction scientific", "1.25e1", false, 0, "fraction"},
		{"tiny exponent", "1e-99999999999", false, 0, "fraction"},
		{"one dot group", "1.200", false, 0, "fraction"},
		{"one dot group of zeros", "2.000", false, 0, "thousands_separator"},
		{"three dot groups of zeros", "450.000", false, 0, "thousands_separator"},
		{"zero with three decimal zeros", "0.000", false, 0, ""},
		{"long whole with three decimal zeros", "1200000.000", false, 1200000, ""},
		{"one dot group lenient", "1.200", true, 0, "fraction"},
		{"fraction with separators lenient", "1,200.5", true, 0, "fraction"},

		{"display scientific", "1.2E+07", false, 0, "scientific_display"},
		{"display scientific long", "1.23457E+17", false, 0, "scientific_display"},
		{"display scientific no fraction", "1E+16", false, 0, "scientific_display"},
		{"display scientific comma", "1,2E+07", false, 0, "scientific_display"},
		{"display scientific lenient", "1.2E+07", true, 0, "scientific_display"},
		{"display scientific negative", "-4.5E+10", false, 0, "scientific_display"},

		{"comma groups", "1,200,000", false, 0, "thousands_separator"},
		{"comma one group", "1,250", false, 0, "thousands_separator"},
		{"dot groups", "1.200.000", false, 0, "thousands_separator"},
		{"space groups", "1 200 000", false, 0, "thousands_separator"},
		{"no-break space groups", "1\u00a0200\u00a0000", false, 0, "thousands_separator"},
		{"narrow no-break space groups", "1\u202f200\u202f000", false, 0, "thousands_separator"},
		{"apostrophe groups", "1'200'000", false, 0, "thousands_separator"},
		{"underscore groups", "1_200_000", false, 0, "thousands_separator"},
		{"groups with decimals", "1,200,000.00", false, 0, "thousands_separator"},
		{"european groups", "1.200.000,00", false, 0, "thousands_separator"},
		{"comma groups lenient", "1,200,000", true, 1200000, ""},
		{"dot groups lenient", "1.200.000", true, 1200000, ""},
		{"space groups lenient", "9 000 000", true, 9000000, ""},
		{"thin space groups lenient", "12\u2009000", true, 12000, ""},
		{"thin space groups", "12\u2009000", false, 0, "thousands_separator"},
		{"apostrophe groups lenient", "1'200'000", true, 1200000, ""},
		{"european groups lenient", "1.200.000,00", true, 1200000, ""},
		{"decimal comma", "1200000,00", false, 0, "not_integer"},
		{"decimal comma lenient", "1200000,00", true, 1200000, ""},
		{"decimal comma fraction lenient", "85,7", true, 0, "fraction"},
		{"uneven groups", "1,20,000", false, 0, "not_integer"},

		{"dollar prefix", "$1200000", false, 0, "currency"},
		{"euro prefix", "€450000", false, 0, "currency"},
		{"euro prefix no space lenient", "€300000", true, 300000, ""},
		{"dollar suffix", "9000000 $", false, 0, "currency"},
		{"code suffix", "1200000 USD", false, 0, "currency"},
		{"code prefix", "EUR 450000", false, 0, "currency"},
		{"lower-case code", "usd 800000", false, 0, "currency"},
		{"letters and symbol", "US$1200000", false, 0, "currency"},
		{"pound with groups", "£1,200,000", false, 0, "currency"},
		{"code prefix lenient", "USD 800000", true, 800000, ""},
		{"code suffix lenient", "1200000 USD", true, 1200000, ""},
		{"symbol and groups lenient", "$1,200,000.00", true, 1200000, ""},
		{"currency fraction lenient", "$12.50", true, 0, "fraction"},
		{"not a currency code", "ABC 100", false, 0, "not_integer"},

		{"negative", "-5", false, 0, "out_of_range"},
		{"negative unicode minus", "\u22125", false, 0, "out_of_range"},
		{"negative currency", "-$5", false, 0, "out_of_range"},
		{"currency then negative", "$-5", false, 0, "out_of_range"},
		{"negative huge", "-99999999999999999999", false, 0, "out_of_range"},
		{"above max", "2147483648", false, 0, "out_of_range"},
		{"int64 max", "9223372036854775807", false, 0, "out_of_range"},
		{"int64 overflow", "9223372036854775808", false, 0, "out_of_range"},
		{"huge digits", "99999999999999999999", false, 0, "out_of_range"},
		{"exact scientific too large", "1e+16", false, 0, "out_of_range"},
		{"huge exponent", "1e999999999999", false, 0, "out_of_range"},

		{"empty", "", false, 0, "not_integer"},
		{"blank", "   ", false, 0, "not_integer"},
		{"word", "abc", false, 0, "not_integer"},
		{"formula", "=A2*2", false, 0, "not_integer"},
		{"hexadecimal", "0x1F", false, 0, "not_integer"},
		{"octal prefix", "0o17", false, 0, "not_integer"},
		{"binary prefix", "0b101", false, 0, "not_integer"},
		{"percent", "50%", false, 0, "not_integer"},
		{"point only", ".", false, 0, "not_integer"},
		{"exponent only", "e5", false, 0, "not_integer"},
		{"bare sign", "-", false, 0, "not_integer"},
		{"two signs", "--5", false, 0, "not_integer"},
		{"fullwidth digits", "１２３", false, 0, "not_integer"},
		{"inner text", "12abc34", false, 0, "not_integer"},
		{"missing exponent digits", "1e", false, 0, "not_integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInt(tt.in, tt.lenient)
			gotCode := ""
			if err != nil {
				gotCode = err.Code
			}
			if gotCode != tt.wantCode {
				t.Errorf("ParseInt(%q, %v) code\ngot:  %q (%v)\nwant: %q", tt.in, tt.lenient, gotCode, err, tt.wantCode)
			}
			if got != tt.want {
				t.Errorf("ParseInt(%q, %v) value\ngot:  %d\nwant: %d", tt.in, tt.lenient, got, tt.want)
			}
			if err != nil && (err.Reason == "" || err.Fix == "") {
				t.Errorf("ParseInt(%q) error has an empty reason or fix: %+v", tt.in, err)
			}
		})
	}
}

func TestParseIntFixNamesPlainNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"thousands", "1,200,000", "write 1200000, or run with --lenient-numbers"},
		{"currency", "$1200000", "write 1200000, or run with --lenient-numbers"},
		{"one dot group", "1.200", "write a whole number, or 1200 if the dot separates thousands"},
		{"one dot group of zeros", "2.000", "write 2000 if the dot separates thousands, or 2 if it does not"},
		{"scientific display", "1.2E+07", "format the column as Number with 0 decimals in the spreadsheet and export again (exact forms that programs write, such as 8.5E7, are read as they are)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseInt(tt.in, false)
			if err == nil {
				t.Fatalf("ParseInt(%q) accepted", tt.in)
			}
			if err.Fix != tt.want {
				t.Errorf("fix\ngot:  %q\nwant: %q", err.Fix, tt.want)
			}
		})
	}
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{
		"1200000", "1,200,000", "1.2E+07", "8.5E7", "$1200000", "1200000 USD",
		"9223372036854775808", "0x1F", "1.200.000,00", "-5", " 85 ", "1e-5", "€",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, lenient bool) {
		v, err := ParseInt(s, lenient)
		if err != nil {
			if v != 0 || err.Code == "" || err.Reason == "" || err.Fix == "" {
				t.Fatalf("ParseInt(%q) = %d, %+v", s, v, err)
			}
			return
		}
		if v < 0 || v > MaxInt {
			t.Fatalf("ParseInt(%q) = %d, outside 0..%d", s, v, MaxInt)
		}
		// A plain decimal number must read back as itself.
		if plain := strconv.FormatInt(v, 10); plain != s {
			if back, err := ParseInt(plain, false); err != nil || back != v {
				t.Fatalf("ParseInt(%q) = %d, %v", plain, back, err)
			}
		}
		if !lenient {
			if lv, lerr := ParseInt(s, true); lerr != nil || lv != v {
				t.Fatalf("strict read %q as %d but lenient as %d, %v", s, v, lv, lerr)
			}
		}
	})
}
