// Command gen writes a synthetic customer file for benchmarks: N rows of
// 12 columns, as CSV or NDJSON, with a small share of bad values so that
// validation takes its error paths too.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
)

func main() {
	rows := flag.Int("rows", 1000000, "number of rows")
	format := flag.String("format", "csv", "csv or ndjson")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	if *format == "csv" {
		fmt.Fprintln(w, "id,name,domains,externalIds,revenue,size,owner,status,tier,logoUrl,slackChannelId,notes")
	}
	for i := 0; i < *rows; i++ {
		writeRow(w, i, *format)
	}
}

func writeRow(w *bufio.Writer, i int, format string) {
	id := ""
	if i%3 == 0 {
		id = fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", i, i%65536, i%4096, (i/7)%4096, i*31)
	}
	name := "Company " + strconv.Itoa(i)
	domain := "company-" + strconv.Itoa(i) + ".example.com"
	ext := "CRM-" + strconv.Itoa(100000+i)
	revenue := strconv.Itoa((i % 5000) * 1000)
	if i%100000 == 99999 {
		revenue = "N/A"
	}
	size := strconv.Itoa(i % 9000)
	logo := "https://" + domain + "/logo.png"
	slack := "C" + strconv.Itoa(10000000+i)
	if format == "ndjson" {
		fmt.Fprintf(w, `{"id":%q,"name":%q,"domains":[%q],"externalIds":[%q],"revenue":%q,"size":%s,"owner":"ana@example.com","status":"Active","tier":"Growth","logoUrl":%q,"slackChannelId":%q,"notes":"renewal, Q3"}`+"\n",
			id, name, domain, ext, revenue, size, logo, slack)
		return
	}
	fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,ana@example.com,Active,Growth,%s,%s,\"renewal, Q3\"\n",
		id, name, domain, ext, revenue, size, logo, slack)
}
