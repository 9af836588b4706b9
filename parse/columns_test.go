package parse

import (
	"strings"
	"testing"

	"custimport/record"
)

// columnsOf returns, per target name, the header that fills it.
func columnsOf(t *testing.T, header string, opts Options) map[string]string {
	t.Helper()
	rd, err := NewReader(strings.NewReader(header+"\n"), opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	m := map[string]string{}
	for f, h := range rd.Columns() {
		if h != "" {
			m[record.Field(f).String()] = h
		}
	}
	return m
}

func TestCRMExportHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   map[string]string
	}{
		{"HubSpot display names",
			`"Record ID","Company name","Company Domain Name","Additional Domains","Website URL","Annual Revenue","Number of Employees","Company owner","Lifecycle Stage","Ideal Customer Profile Tier","Logo URL","Total Revenue","Recent Deal Amount","Create Date"`,
			c{"externalIds": "Record ID", "name": "Company name", "domains": "Company Domain Name", "additionalDomains": "Additional Domains",
				"website": "Website URL", "revenue": "Annual Revenue", "size": "Number of Employees", "owner": "Company owner",
				"status": "Lifecycle Stage", "tier": "Ideal Customer Profile Tier", "logoUrl": "Logo URL"}},
		{"HubSpot older names", "Company ID,Name,Company Domain Name",
			c{"externalIds": "Company ID", "name": "Name", "domains": "Company Domain Name"}},
		{"HubSpot internal names",
			"hs_object_id,name,domain,hs_additional_domains,website,annualrevenue,numberofemployees,hubspot_owner_id,lifecyclestage,hs_logo_url",
			c{"externalIds": "hs_object_id", "name": "name", "domains": "domain", "additionalDomains": "hs_additional_domains", "website": "website",
				"revenue": "annualrevenue", "size": "numberofemployees", "ownerId": "hubspot_owner_id", "status": "lifecyclestage", "logoUrl": "hs_logo_url"}},
		{"Salesforce Data Loader", "Id,Name,Website,AnnualRevenue,NumberOfEmployees,Owner.Email,Type,OwnerId,PhotoUrl",
			c{"externalIds": "Id", "name": "Name", "website": "Website", "revenue": "AnnualRevenue", "size": "NumberOfEmployees",
				"owner": "Owner.Email", "status": "Type", "ownerId": "OwnerId"}},
		{"Salesforce Data Loader in capitals", `"ID","NAME","WEBSITE","ANNUALREVENUE","NUMBEROFEMPLOYEES","OWNER.EMAIL","TYPE"`,
			c{"externalIds": "ID", "name": "NAME", "website": "WEBSITE", "revenue": "ANNUALREVENUE", "size": "NUMBEROFEMPLOYEES",
				"owner": "OWNER.EMAIL", "status": "TYPE"}},
		{"Salesforce report", `"Account ID","Account Name","Website","Annual Revenue","Employees","Account Owner","Type"`,
			c{"externalIds": "Account ID", "name": "Account Name", "website": "Website", "revenue": "Annual Revenue", "size": "Employees",
				"owner": "Account Owner", "status": "Type"}},
		{"Pipedrive", "Organization - ID;Organization - Name;Organization - Website;Organization - Annual revenue;Organization - Number of employees;Organization - Owner;Organization - Labels;Organization - Update time",
			c{"externalIds": "Organization - ID", "name": "Organization - Name", "website": "Organization - Website",
				"revenue": "Organization - Annual revenue", "size": "Organization - Number of employees",
				"owner": "Organization - Owner", "status": "Organization - Labels"}},
		{"Intercom", "Company ID,Company name,Company website,Company size,Plan,Monthly Spend",
			c{"externalIds": "Company ID", "name": "Company name", "website": "Company website", "size": "Company size", "tier": "Plan"}},
		{"Zendesk", "name,domain_names,external_id",
			c{"name": "name", "additionalDomains": "domain_names", "externalIds": "external_id"}},
		{"Attio", "Record ID,Record,Domains,Estimated ARR,Employee range",
			c{"externalIds": "Record ID", "name": "Record", "domains": "Domains"}},
		{"Zoho", "Record Id,Account Name,Website,Annual Revenue,Employees,Account Owner",
			c{"externalIds": "Record Id", "name": "Account Name", "website": "Website", "revenue": "Annual Revenue",
				"size": "Employees", "owner": "Account Owner"}},
		{"generic", "Company,Domain,Headcount,ARR,Owner Email,Status,Tier,External ID,Slack Channel ID,Main Source ID,Customer ID",
			c{"name": "Company", "domains": "Domain", "size": "Headcount", "revenue": "ARR", "owner": "Owner Email",
				"status": "Status", "tier": "Tier", "externalIds": "External ID", "slackChannelId": "Slack Channel ID",
				"mainSourceId": "Main Source ID", "id": "Customer ID"}},
		{"generic names 2", "organization name,website,number of employees,revenue,account owner,labels,ideal customer profile tier,logo url,linear id,owner id",
			c{"name": "organization name", "website": "website", "size": "number of employees", "revenue": "revenue",
				"owner": "account owner", "status": "labels", "tier": "ideal customer profile tier", "logoUrl": "logo url", "id": "linear id", "ownerId": "owner id"}},
		{"target names", "id,name,domains,additionalDomains,website,externalIds,slackChannelId,owner,ownerId,status,statusId,revenue,size,tier,tierId,logoUrl,mainSourceId",
			c{"id": "id", "name": "name", "domains": "domains", "additionalDomains": "additionalDomains", "website": "website",
				"externalIds": "externalIds", "slackChannelId": "slackChannelId", "owner": "owner", "ownerId": "ownerId",
				"status": "status", "statusId": "statusId", "revenue": "revenue", "size": "size", "tier": "tier", "tierId": "tierId",
				"logoUrl": "logoUrl", "mainSourceId": "mainSourceId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := columnsOf(t, tt.header, Options{}); !equalCells(got, tt.want) {
				t.Errorf("columns\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestHeaderMatching(t *testing.T) {
	tests := []struct {
		header string
		want   record.Field
	}{
		{"External IDs", record.FieldExternalIDs},
		{"external_ids", record.FieldExternalIDs},
		{"EXTERNALIDS", record.FieldExternalIDs},
		{"external-ids", record.FieldExternalIDs},
		{" externalIds ", record.FieldExternalIDs},
		{"Name*", record.FieldName},
		{"Company Name *", record.FieldName},
		{"main.source.id", record.FieldMainSourceID},
		{"Logo URL", record.FieldLogoURL},
		{"id", record.FieldID},
		{" id* ", record.FieldID},
		{"Id", record.FieldExternalIDs},
		{"ID", record.FieldExternalIDs},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			got, ok := aliasTarget(tt.header)
			if !ok || got != tt.want {
				t.Errorf("aliasTarget(%q) = %v, %v; want %v", tt.header, got, ok, tt.want)
			}
		})
	}
}

func TestNeverMapped(t *testing.T) {
	for _, header := range []string{"Total Revenue", "Recent Deal Amount", "Monthly Spend", "Estimated ARR", "Employee range", "PhotoUrl"} {
		t.Run(header, func(t *testing.T) {
			if f, ok := aliasTarget(header); ok {
				t.Errorf("aliasTarget(%q) = %v, want no target", header, f)
			}
		})
	}
	for _, name := range neverMapped {
		if _, ok := aliases[normalizeName(name)]; ok {
			t.Errorf("aliases has %q", name)
		}
	}
}

func TestDomainTargetsAreDistinct(t *testing.T) {
	got := columnsOf(t, "Company name,Company Domain Name,Additional Domains,Website URL", Options{})
	want := c{"name": "Company name", "domains": "Company Domain Name", "additionalDomains": "Additional Domains", "website": "Website URL"}
	if !equalCells(got, want) {
		t.Errorf("columns = %v, want %v", got, want)
	}
}

func TestMapOption(t *testing.T) {
	tests := []struct {
		name   string
		header string
		m      map[string]string
		want   map[string]string
	}{
		{"maps an unknown column", "Firma,Umsatz", map[string]string{"Firma": "name", "Umsatz": "revenue"},
			c{"name": "Firma", "revenue": "Umsatz"}},
		{"overrides an alias", "name,Id", map[string]string{"Id": "id"}, c{"name": "name", "id": "Id"}},
		{"ignores a column", "name,Revenue,ARR", map[string]string{"ARR": ""}, c{"name": "name", "revenue": "Revenue"}},
		{"matches the header loosely", "Firma", map[string]string{"firma ": "name"}, c{"name": "Firma"}},
		{"accepts a loose target", "name,Kunden-IDs", map[string]string{"Kunden-IDs": "external_ids"}, c{"name": "name", "externalIds": "Kunden-IDs"}},
		{"maps a never-mapped column", "name,Total Revenue", map[string]string{"Total Revenue": "revenue"}, c{"name": "name", "revenue": "Total Revenue"}},
		{"wins over a column matched by name", "Company name,name", map[string]string{"Company name": "name"}, c{"name": "Company name"}},
		{"wins over an alias after it", "name,Firma", map[string]string{"Firma": "name"}, c{"name": "Firma"}},
		{"wins over two columns matched by name", "name,Account Name,Firma", map[string]string{"Firma": "name"}, c{"name": "Firma"}},
		{"moves a column matched by name", "name,Company,Annual Revenue", map[string]string{"Company": "name", "name": "tier"}, c{"name": "Company", "tier": "name", "revenue": "Annual Revenue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := columnsOf(t, tt.header, Options{Map: tt.m}); !equalCells(got, tt.want) {
				t.Errorf("columns\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestDuplicateTargetMessage(t *testing.T) {
	fe := fileError(t, "Organization - Name,Organization - Website,Organization - Name\n", Options{Name: "orgs.csv"})
	for _, part := range []string{"orgs.csv", "columns 1 and 3", `headed "Organization - Name"`, "map to name", "rename", "--map 'Organization - Name#2='"} {
		if !strings.Contains(fe.Error(), part) {
			t.Errorf("error %q does not mention %s", fe.Error(), part)
		}
	}
}

// A mapping such as "Name#2" picks one of several columns with the same
// header, which no header alone can name.
func TestMapOptionNthColumn(t *testing.T) {
	data := "Organization - Name,Organization - Website,Organization - Name\nAcme,acme.com,Custom\n"
	tests := []struct {
		name string
		m    map[string]string
		want c
	}{
		{"second ignored", map[string]string{"Organization - Name#2": ""}, c{"name": "Acme", "website": "acme.com"}},
		{"first ignored", map[string]string{"Organization - Name#1": ""}, c{"name": "Custom", "website": "acme.com"}},
		{"second mapped elsewhere", map[string]string{"Organization - Name#2": "tier"}, c{"name": "Acme", "website": "acme.com", "tier": "Custom"}},
		{"a header with a number sign", map[string]string{"organization - name#2": ""}, c{"name": "Acme", "website": "acme.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, readAll(t, data, Options{Map: tt.m}), []want{{2, 2, "", noErrs, tt.want}})
		})
	}
}

func TestMapOptionUnknownTarget(t *testing.T) {
	fe := fileError(t, "name\n", Options{Map: map[string]string{"Umsatz": "revnue"}})
	for _, part := range []string{`"Umsatz"`, `"revnue"`, "unknown target", "externalIds"} {
		if !strings.Contains(fe.Error(), part) {
			t.Errorf("error %q does not mention %s", fe.Error(), part)
		}
	}
}

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want record.Field
		ok   bool
	}{
		{"externalIds", record.FieldExternalIDs, true},
		{"external_ids", record.FieldExternalIDs, true},
		{"Logo URL", record.FieldLogoURL, true},
		{"company", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseTarget(tt.in)
			if ok != tt.ok || got != tt.want {
				t.Errorf("ParseTarget(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestAliasesDoNotCollide(t *testing.T) {
	seen := map[string]record.Field{}
	for f := range record.NumFields {
		seen[normalizeName(record.Field(f).String())] = record.Field(f)
	}
	for f, names := range aliasNames {
		for _, name := range names {
			n := normalizeName(name)
			if other, ok := seen[n]; ok && other != f {
				t.Errorf("%q maps to %v and to %v", name, f, other)
			}
			seen[n] = f
		}
	}
}

func TestOverriddenColumns(t *testing.T) {
	tests := []struct {
		name   string
		header string
		m      map[string]string
		want   []OverriddenColumn
	}{
		{"none", "name,Company name", map[string]string{"Company name": ""}, nil},
		{"one", "Company name,name", map[string]string{"Company name": "name"}, []OverriddenColumn{
			{Column: "name", Target: record.FieldName, MappedFrom: "Company name"},
		}},
		{"two targets", "name,ARR,Firma,Umsatz", map[string]string{"Firma": "name", "Umsatz": "revenue"}, []OverriddenColumn{
			{Column: "name", Target: record.FieldName, MappedFrom: "Firma"},
			{Column: "ARR", Target: record.FieldRevenue, MappedFrom: "Umsatz"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.header+"\n"), Options{Map: tt.m})
			if err != nil {
				t.Fatal(err)
			}
			got := rd.Overridden()
			if len(got) != len(tt.want) {
				t.Fatalf("Overridden = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("column %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
			if unknown := rd.Unknown(); len(unknown) != 0 {
				t.Errorf("Unknown = %q, want none", unknown)
			}
		})
	}
}

// TestOverriddenColumnValues checks that the rows take the value of the
// column that the mapping names.
func TestOverriddenColumnValues(t *testing.T) {
	recs := readAll(t, "Company name,name,size\nAcme Inc,acme,3\n", Options{Map: map[string]string{"Company name": "name"}})
	check(t, recs, []want{{2, 2, "", noErrs, c{"name": "Acme Inc", "size": "3"}}})
}

func TestTwoExplicitMappingsForOneTarget(t *testing.T) {
	fe := fileError(t, "Firma,Kunde,name\n", Options{Map: map[string]string{"Firma": "name", "Kunde": "name"}})
	for _, part := range []string{`columns 1 ("Firma") and 2 ("Kunde")`, "both mapped to name by --map or --mapping", "keep one"} {
		if !strings.Contains(fe.Error(), part) {
			t.Errorf("error %q does not mention %s", fe.Error(), part)
		}
	}
}

func TestUnusedMappings(t *testing.T) {
	tests := []struct {
		name string
		data string
		m    map[string]string
		want []string
	}{
		{"CSV", "Firma,size\nAcme,1\n", map[string]string{"Nonexistent": "name", "Firma": "name", "Notes": ""}, []string{"Nonexistent", "Notes"}},
		{"CSV loose match", "Firma,Umsatz\nAcme,1\n", map[string]string{"firma ": "name", "UMSATZ": "revenue"}, nil},
		{"CSV ignored column", "name,Notes\nAcme,x\n", map[string]string{"Notes": ""}, nil},
		{"CSV overridden column", "Company name,name\nAcme,x\n", map[string]string{"Company name": "name"}, nil},
		{"NDJSON", "{\"Firma\": \"A\"}\n{\"Firma\": \"B\", \"Umsatz\": 1}\n", map[string]string{"Firma": "name", "Umsatz": "revenue", "Kunde": "externalIds"}, []string{"Kunde"}},
		{"JSON array", `[{"Firma": "A"}]`, map[string]string{"Firma": "name", "Nope": "size"}, []string{"Nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.data), Options{Map: tt.m})
			if err != nil {
				t.Fatal(err)
			}
			drain(t, rd)
			if got := rd.UnusedMappings(); !equalStrings(got, tt.want) {
				t.Errorf("UnusedMappings = %q, want %q", got, tt.want)
			}
		})
	}
}
