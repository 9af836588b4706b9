// Package exporttest holds the customers that the export tests create in
// a local workspace, and the words an export writes for the seed's ids.
package exporttest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"custimport/record"
	"custimport/workspace"
)

var (
	owners   = []string{workspace.SeedUserViewer, workspace.SeedUserMember, workspace.SeedUserDisabled, ""}
	statuses = []string{workspace.SeedStatusLead, workspace.SeedStatusActive, workspace.SeedStatusChurned}
	tiers    = []string{workspace.SeedTierEnterprise, workspace.SeedTierGrowth, workspace.SeedTierStarter, ""}
)

// Customer returns the i-th test customer. The fields vary with i so that
// every field is both set and undefined somewhere among the first 12, and
// a few names carry a formula, a comma, quotes and a line break.
func Customer(i int) record.Input {
	in := record.Input{
		ID:       record.Some(fmt.Sprintf("%08x-0000-4000-8000-%012x", i+1, i+1)),
		Name:     fmt.Sprintf("Customer %03d", i),
		Domains:  record.Some([]string{fmt.Sprintf("c%d.example.com", i)}),
		StatusID: record.Some(statuses[i%len(statuses)]),
	}
	if i%3 == 0 {
		in.Domains = record.Some([]string{fmt.Sprintf("c%d.example.com", i), fmt.Sprintf("c%d.example.org", i)})
	}
	if i%5 != 0 {
		in.ExternalIDs = record.Some([]string{fmt.Sprintf("%06d", i), fmt.Sprintf("crm-%d", i)})
		if i%2 == 0 {
			in.MainSourceID = record.Some(fmt.Sprintf("crm-%d", i))
		}
	}
	if i%4 == 0 {
		in.SlackChannelID = record.Some(fmt.Sprintf("C%08d", i))
	}
	if o := owners[i%len(owners)]; o != "" {
		in.OwnerID = record.Some(o)
	}
	if t := tiers[i%len(tiers)]; t != "" {
		in.TierID = record.Some(t)
	}
	if i%3 != 0 {
		in.Revenue = record.Some(int64(i) * 1000)
	}
	if i%2 == 1 {
		in.Size = record.Some(int64(i))
	}
	if i%5 == 1 {
		in.LogoURL = record.Some(fmt.Sprintf("https://c%d.example.com/logo.png?a=1&b=2", i))
	}
	switch i {
	case 1:
		in.Revenue = record.Some(int64(2147483647))
	case 7:
		in.Name = "=SUM(A1:A2)"
	case 8:
		in.Name = "Acme, \"Quoted\" Ltd\nSecond line"
	}
	return in
}

// SeedWords are the words an export writes for the seed's ids. The
// disabled user is missing, because the API lists active users only.
var SeedWords = map[string]string{
	workspace.SeedUserViewer:     "alex@example.com",
	workspace.SeedUserMember:     "jordan@example.com",
	workspace.SeedStatusLead:     "Lead",
	workspace.SeedStatusActive:   "Active",
	workspace.SeedStatusChurned:  "Churned",
	workspace.SeedTierEnterprise: "Enterprise",
	workspace.SeedTierGrowth:     "Growth",
	workspace.SeedTierStarter:    "Starter",
}

// Cells returns the CSV cells that an export writes for in, in the order
// of export.Columns: references to seed objects as words, others as ids.
func Cells(in record.Input) []string {
	owner, ownerID := ref(in.OwnerID)
	status, statusID := ref(in.StatusID)
	tier, tierID := ref(in.TierID)
	return []string{
		in.ID.Value(), in.Name,
		strings.Join(in.Domains.Value(), "; "), strings.Join(in.ExternalIDs.Value(), "; "),
		in.SlackChannelID.Value(),
		owner, ownerID, status, statusID, tier, tierID,
		intCell(in.Revenue), intCell(in.Size),
		in.LogoURL.Value(), in.MainSourceID.Value(),
	}
}

// ref returns the word or the id that an export writes for a reference
// to a seed user, status or tier.
func ref(id record.Opt[string]) (word, rawID string) {
	v, ok := id.Get()
	if !ok {
		return "", ""
	}
	if w, ok := SeedWords[v]; ok {
		return w, ""
	}
	return "", v
}

func intCell(o record.Opt[int64]) string {
	if v, ok := o.Get(); ok {
		return strconv.FormatInt(v, 10)
	}
	return ""
}

// Object returns the JSON Lines object that an export writes for in: the
// CSV cells that are not empty, keyed by columns (export.Columns), with
// lists as arrays and numbers as JSON numbers.
func Object(in record.Input, columns []string) map[string]any {
	obj := map[string]any{}
	for i, cell := range Cells(in) {
		if cell != "" {
			obj[columns[i]] = cell
		}
	}
	for key, list := range map[string][]string{"domains": in.Domains.Value(), "externalIds": in.ExternalIDs.Value()} {
		if len(list) > 0 {
			elems := make([]any, len(list))
			for i, s := range list {
				elems[i] = s
			}
			obj[key] = elems
		}
	}
	for _, key := range []string{"revenue", "size"} {
		if s, ok := obj[key].(string); ok {
			obj[key] = json.Number(s)
		}
	}
	return obj
}
