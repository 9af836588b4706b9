package parse

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"testing"
)

const benchRows = 20000

// benchCSV returns a 12-column CSV: ten columns that map to targets and
// two that do not, with some quoted cells.
func benchCSV() []byte {
	var b bytes.Buffer
	b.WriteString("Company name,Company Domain Name,Record ID,Annual Revenue,Number of Employees,Company owner,Lifecycle Stage,Ideal Customer Profile Tier,Logo URL,mainSourceId,Industry,Notes\n")
	for i := range benchRows {
		fmt.Fprintf(&b, "Company %08d,company-%08d.example.com,%d,%d,%d,owner%d@example.com,Customer,Tier %d,https://company-%08d.example.com/logo.png,%d,Manufacturing,\"Renewal due, call first\"\n",
			i, i, 100000+i, 1000+i*7, i%5000+1, i%40, i%3+1, i, 100000+i)
	}
	return b.Bytes()
}

// benchNDJSON returns NDJSON records with the fields of benchCSV.
func benchNDJSON() []byte {
	var b bytes.Buffer
	for i := range benchRows {
		fmt.Fprintf(&b, `{"name": "Company %08d", "domains": ["company-%08d.example.com"], "externalIds": ["%d"], "revenue": %d, "size": %d, "owner": "owner%d@example.com", "status": "Customer", "tier": "Tier %d", "logoUrl": "https://company-%08d.example.com/logo.png", "mainSourceId": "%d", "industry": "Manufacturing"}`+"\n",
			i, i, 100000+i, 1000+i*7, i%5000+1, i%40, i%3+1, i, 100000+i)
	}
	return b.Bytes()
}

func BenchmarkReadCSV(b *testing.B) {
	data := benchCSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := NewReader(bytes.NewReader(data), Options{Name: "bench.csv"})
		if err != nil {
			b.Fatal(err)
		}
		readBench(b, rd)
	}
}

func BenchmarkEncodingCSV(b *testing.B) {
	data := benchCSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := csv.NewReader(bytes.NewReader(data))
		for {
			_, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkReadNDJSON(b *testing.B) {
	data := benchNDJSON()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := NewReader(bytes.NewReader(data), Options{Name: "bench.ndjson"})
		if err != nil {
			b.Fatal(err)
		}
		readBench(b, rd)
	}
}

func readBench(b *testing.B, rd *Reader) {
	n := 0
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if len(rec.Errs) > 0 {
			b.Fatalf("row %d: %v", rec.Row, rec.Errs)
		}
		n++
	}
	if n != benchRows {
		b.Fatalf("read %d records, want %d", n, benchRows)
	}
}

// BenchmarkTokenizeCSV measures the tokenizer alone, without mapping.
func BenchmarkTokenizeCSV(b *testing.B) {
	data := benchCSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		sc := newCSVScanner(newSource(bytes.NewReader(data)), ',')
		n := 0
		for {
			_, err := sc.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRows+1 {
			b.Fatalf("read %d records", n)
		}
	}
}
