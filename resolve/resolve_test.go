package resolve

import (
	"context"
	"slices"
	"strings"
	"testing"

	"custimport/linear"
	"custimport/record"
)

func member(id, name, display, email string) User {
	return User{User: linear.User{ID: id, Name: name, DisplayName: display, Email: email, Active: true}}
}

// testDirectory returns a hand-made workspace with the hard cases of
// matching: accents, two users of the same name, a name that is also a
// display name, an app user, a disabled user and a guest.
func testDirectory(opts Options) *Directory {
	riley := member("u-riley", "Riley Chen", "riley", "riley@example.com")
	riley.Active, riley.DisableReason = false, "admin suspension"
	bot := member("u-bot", "Import Bot", "import-bot", "import-bot@app.example.com")
	bot.App = true
	gail := member("u-gail", "Gail Guest", "gail", "gail@example.com")
	gail.Guest = true
	users := []User{
		member("u-jose", "José Álvarez", "jose", "jose@example.com"),
		member("u-jordan", "Jordan Lee", "jordan", "jordan@example.com"),
		member("u-sam1", "Sam Rivera", "sam", "sam.rivera@example.com"),
		member("u-sam2", "Sam Rivera", "samr", "sam.r@example.com"),
		member("u-samuel", "Sam", "samuel", "samuel@example.com"),
		member("u-casey", "ops@example.com", "casey", "casey@example.com"),
		member("u-ops", "Ops Team", "ops", "ops@example.com"),
		riley, bot, gail,
	}
	statuses := []linear.CustomerStatus{
		{ID: "s-lead", Name: "Lead", DisplayName: "Lead"},
		{ID: "s-active", Name: "Active", DisplayName: "Active"},
		{ID: "s-churned", Name: "Churned", DisplayName: "Churned"},
		{ID: "s-hold", Name: "On hold", DisplayName: "Paused"},
		{ID: "s-trial", Name: "Trial", DisplayName: "Trial"},
		{ID: "s-trial-old", Name: "Trial (old)", DisplayName: "trial"},
	}
	tiers := []linear.CustomerTier{
		{ID: "t-ent", Name: "Enterprise", DisplayName: "Enterprise"},
		{ID: "t-growth", Name: "Growth", DisplayName: "Growth"},
		{ID: "t-starter", Name: "Starter", DisplayName: "Starter"},
		{ID: "t-mid", Name: "Mid-market", DisplayName: "Mid Market"},
		{ID: "t-smb", Name: "SMB", DisplayName: "Small"},
		{ID: "t-small", Name: "Small", DisplayName: "Small business"},
	}
	return New(users, statuses, tiers, opts)
}

// testColumns names the word columns as a spreadsheet might and leaves
// the id columns to fall back to the field names.
func testColumns() [record.NumFields]string {
	var c [record.NumFields]string
	c[record.FieldOwner] = "Account Owner"
	c[record.FieldStatus] = "Stage"
	c[record.FieldTier] = "Tier"
	return c
}

// ids is what a row's OwnerID, StatusID and TierID hold; "" is undefined.
type ids struct{ owner, status, tier string }

func (w ids) input() record.Input {
	var in record.Input
	set := func(dst *record.Opt[string], v string) {
		if v != "" {
			*dst = record.Some(v)
		}
	}
	set(&in.OwnerID, w.owner)
	set(&in.StatusID, w.status)
	set(&in.TierID, w.tier)
	return in
}

func idsOf(in record.Input) ids {
	return ids{in.OwnerID.Value(), in.StatusID.Value(), in.TierID.Value()}
}

func codesOf(errs []record.FieldError) []string {
	var codes []string
	for _, e := range errs {
		codes = append(codes, e.Code)
	}
	return codes
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name  string
		refs  record.Refs
		given ids      // ids in id columns
		want  ids      // ids after Resolve
		codes []string // error codes, in order
		field string   // Field of the first error
		value string   // Value of the first error
		text  []string // parts of the first error's message
	}{
		// Owners.
		{name: "owner email", refs: record.Refs{Owner: "jordan@example.com"}, want: ids{owner: "u-jordan"}},
		{name: "owner email any case", refs: record.Refs{Owner: "JORDAN@Example.com"}, want: ids{owner: "u-jordan"}},
		{name: "owner email in angle brackets", refs: record.Refs{Owner: "Jordan L. <jordan@example.com>"}, want: ids{owner: "u-jordan"}},
		{name: "owner full name", refs: record.Refs{Owner: "Jordan Lee"}, want: ids{owner: "u-jordan"}},
		{name: "owner name case and space", refs: record.Refs{Owner: "  jordan \t  LEE "}, want: ids{owner: "u-jordan"}},
		{name: "owner display name", refs: record.Refs{Owner: "jordan"}, want: ids{owner: "u-jordan"}},
		{name: "owner without accents", refs: record.Refs{Owner: "jose alvarez"}, want: ids{owner: "u-jose"}},
		{name: "owner accents and capitals", refs: record.Refs{Owner: "JOSÉ ÁLVAREZ"}, want: ids{owner: "u-jose"}},
		{name: "owner email before name", refs: record.Refs{Owner: "ops@example.com"}, want: ids{owner: "u-ops"}},
		{name: "owner guest", refs: record.Refs{Owner: "gail@example.com"}, want: ids{owner: "u-gail"}},
		{name: "owner blank word", refs: record.Refs{Owner: " \t"}},
		{
			name: "owner name of two users", refs: record.Refs{Owner: "sam rivera"},
			codes: []string{record.CodeAmbiguousOwner}, field: "ownerId", value: "sam rivera",
			text: []string{`row 7, column "Account Owner": "sam rivera" matches 2 users`, "sam.rivera@example.com, sam.r@example.com", "write the email"},
		},
		{
			name: "owner display name and name of others", refs: record.Refs{Owner: "Sam"},
			codes: []string{record.CodeAmbiguousOwner}, field: "ownerId", value: "Sam",
			text: []string{"sam.rivera@example.com, samuel@example.com"},
		},
		{
			name: "owner unknown", refs: record.Refs{Owner: "jose alvarz"},
			codes: []string{record.CodeUnknownOwner}, field: "ownerId", value: "jose alvarz",
			text: []string{`row 7, column "Account Owner": "jose alvarz" matches no user's email, name or display name in this workspace (closest: "José Álvarez" <jose@example.com>); write the email of a workspace member`},
		},
		{
			name: "owner suggestions skip app users", refs: record.Refs{Owner: "import-bott"},
			codes: []string{record.CodeUnknownOwner}, field: "ownerId", value: "import-bott",
			text: []string{`"import-bott" matches no user's email, name or display name in this workspace; write`},
		},
		{
			name: "owner app user", refs: record.Refs{Owner: "import-bot"},
			codes: []string{record.CodeOwnerNotAssignable}, field: "ownerId", value: "import-bot",
			text: []string{`"import-bot" is "Import Bot" <import-bot@app.example.com>, an app user, and app users cannot own customers`},
		},
		{
			name: "owner disabled user", refs: record.Refs{Owner: "Riley Chen"},
			codes: []string{record.CodeOwnerNotAssignable}, field: "ownerId", value: "Riley Chen",
			text: []string{"a disabled user (admin suspension), and disabled users cannot own customers", "name an active workspace member"},
		},
		{name: "owner id known", given: ids{owner: "u-jordan"}, want: ids{owner: "u-jordan"}},
		{
			name: "owner id unknown", given: ids{owner: "u-nobody"}, want: ids{owner: "u-nobody"},
			codes: []string{record.CodeUnknownOwnerID}, field: "ownerId", value: "u-nobody",
			text: []string{`row 7, column "ownerId": "u-nobody" is not the id of a user in this workspace; check the id`},
		},
		{
			name: "owner id in capitals", given: ids{owner: "U-JORDAN"}, want: ids{owner: "U-JORDAN"},
			codes: []string{record.CodeUnknownOwnerID}, field: "ownerId", value: "U-JORDAN",
			text: []string{"matches one written in lower case"},
		},
		{name: "owner id of disabled user", given: ids{owner: "u-riley"}, want: ids{owner: "u-riley"}},
		{
			name: "owner id of app user", given: ids{owner: "u-bot"}, want: ids{owner: "u-bot"},
			codes: []string{record.CodeOwnerNotAssignable}, field: "ownerId", value: "u-bot",
			text: []string{`column "ownerId": "u-bot" is "Import Bot"`, "an app user"},
		},
		{name: "owner word and same id", refs: record.Refs{Owner: "Jordan Lee"}, given: ids{owner: "u-jordan"}, want: ids{owner: "u-jordan"}},
		{
			name: "owner word and other id", refs: record.Refs{Owner: "Jordan Lee"}, given: ids{owner: "u-jose"}, want: ids{owner: "u-jose"},
			codes: []string{record.CodeOwnerMismatch}, field: "ownerId", value: "Jordan Lee",
			text: []string{`is "Jordan Lee" <jordan@example.com>, but column "ownerId" names "José Álvarez" <jose@example.com>`},
		},

		// Statuses.
		{name: "status name", refs: record.Refs{Status: "Active"}, want: ids{status: "s-active"}},
		{name: "status case and space", refs: record.Refs{Status: " ACTIVE  "}, want: ids{status: "s-active"}},
		{name: "status display name", refs: record.Refs{Status: "paused"}, want: ids{status: "s-hold"}},
		{name: "status inner space", refs: record.Refs{Status: "on   HOLD"}, want: ids{status: "s-hold"}},
		{
			name: "status unknown", refs: record.Refs{Status: "Actve"},
			codes: []string{record.CodeUnknownStatus}, field: "statusId", value: "Actve",
			text: []string{`row 7, column "Stage": "Actve" matches no customer status by name or display name (closest: "Active"); write one of the workspace's names, or create the customer status in Linear first`},
		},
		{
			name: "status name and display name of two", refs: record.Refs{Status: "trial"},
			codes: []string{record.CodeAmbiguousStatus}, field: "statusId", value: "trial",
			text: []string{`matches 2 customer statuses by name or display name ("Trial", id s-trial; "Trial (old)", id s-trial-old)`},
		},
		{name: "status id known", given: ids{status: "s-lead"}, want: ids{status: "s-lead"}},
		{
			name: "status id unknown", given: ids{status: "s-nope"}, want: ids{status: "s-nope"},
			codes: []string{record.CodeUnknownStatusID}, field: "statusId", value: "s-nope",
			text: []string{`column "statusId": "s-nope" is not the id of a customer status`},
		},
		{
			name: "status word and other id", refs: record.Refs{Status: "Lead"}, given: ids{status: "s-active"}, want: ids{status: "s-active"},
			codes: []string{record.CodeStatusMismatch}, field: "statusId", value: "Lead",
			text: []string{`is the customer status "Lead", but column "statusId" names "Active"`},
		},

		// Tiers.
		{name: "tier name", refs: record.Refs{Tier: "enterprise"}, want: ids{tier: "t-ent"}},
		{name: "tier display name", refs: record.Refs{Tier: "mid market"}, want: ids{tier: "t-mid"}},
		{name: "tier name with hyphen", refs: record.Refs{Tier: "MID-MARKET"}, want: ids{tier: "t-mid"}},
		{
			name: "tier unknown", refs: record.Refs{Tier: "Platinum"},
			codes: []string{record.CodeUnknownTier}, field: "tierId", value: "Platinum",
			text: []string{`column "Tier": "Platinum" matches no customer tier`, `(the workspace's customer tiers: "`, "or pass --create-missing-tiers to create it"},
		},
		{
			name: "tier display name of two", refs: record.Refs{Tier: "small"},
			codes: []string{record.CodeAmbiguousTier}, field: "tierId", value: "small",
			text: []string{`matches 2 customer tiers`, `give the id in a "tierId" column`},
		},
		{
			name: "tier id unknown", given: ids{tier: "t-gold"}, want: ids{tier: "t-gold"},
			codes: []string{record.CodeUnknownTierID}, field: "tierId", value: "t-gold",
		},
		{
			name: "tier word and other id", refs: record.Refs{Tier: "Growth"}, given: ids{tier: "t-ent"}, want: ids{tier: "t-ent"},
			codes: []string{record.CodeTierMismatch}, field: "tierId", value: "Growth",
		},

		// Rows with several references.
		{
			name: "all three", refs: record.Refs{Owner: "jose", Status: "churned", Tier: "starter"},
			want: ids{owner: "u-jose", status: "s-churned", tier: "t-starter"},
		},
		{
			name: "all three unknown", refs: record.Refs{Owner: "nobody", Status: "nothing", Tier: "none"},
			codes: []string{record.CodeUnknownOwner, record.CodeUnknownStatus, record.CodeUnknownTier},
			field: "ownerId", value: "nobody",
		},
		{
			name: "one bad of three", refs: record.Refs{Owner: "jose", Status: "nothing", Tier: "starter"},
			want:  ids{owner: "u-jose", tier: "t-starter"},
			codes: []string{record.CodeUnknownStatus}, field: "statusId", value: "nothing",
		},
		{name: "nothing to resolve"},
	}
	d := testDirectory(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.given.input()
			errs, notes := d.Resolve(context.Background(), 7, tt.refs, &in, testColumns())
			if got := idsOf(in); got != tt.want {
				t.Errorf("ids\ngot  %+v\nwant %+v", got, tt.want)
			}
			if got := codesOf(errs); !slices.Equal(got, tt.codes) {
				t.Fatalf("codes\ngot  %q\nwant %q\nerrors: %+v", got, tt.codes, errs)
			}
			if len(notes) != 0 {
				t.Errorf("notes = %q, want none", notes)
			}
			if len(errs) == 0 {
				return
			}
			if errs[0].Field != tt.field {
				t.Errorf("field = %q, want %q", errs[0].Field, tt.field)
			}
			if errs[0].Value != tt.value {
				t.Errorf("value = %q, want %q", errs[0].Value, tt.value)
			}
			for _, part := range tt.text {
				if !strings.Contains(errs[0].Message, part) {
					t.Errorf("message lacks %q\nmessage: %s", part, errs[0].Message)
				}
			}
		})
	}
}

func TestResolveCodesExplained(t *testing.T) {
	for _, code := range []string{
		record.CodeUnknownOwner, record.CodeAmbiguousOwner, record.CodeOwnerNotAssignable,
		record.CodeUnknownOwnerID, record.CodeOwnerMismatch, record.CodeUnknownStatus,
		record.CodeAmbiguousStatus, record.CodeUnknownStatusID, record.CodeStatusMismatch,
		record.CodeUnknownTier, record.CodeAmbiguousTier, record.CodeUnknownTierID,
		record.CodeTierMismatch, record.CodeTierNotCreated,
	} {
		t.Run(code, func(t *testing.T) {
			if _, _, ok := record.Explain(code); !ok {
				t.Errorf("record.Explain(%q) not found", code)
			}
		})
	}
}

func TestResolveDryRunNotesTier(t *testing.T) {
	d := testDirectory(Options{CreateMissingTiers: true, DryRun: true})
	for _, word := range []string{"Platinum", " platinum ", "Gold  Plus", "Platinum"} {
		in := record.Input{}
		errs, notes := d.Resolve(context.Background(), 2, record.Refs{Tier: word}, &in, testColumns())
		if len(errs) != 0 {
			t.Errorf("Resolve(%q) errors = %+v, want none", word, errs)
		}
		if in.TierID.IsSet() {
			t.Errorf("Resolve(%q) set tierId %q in a dry run", word, in.TierID.Value())
		}
		want := `Tier: tier "` + collapseSpace(word) + `" does not exist yet and would be created`
		if !slices.Equal(notes, []string{want}) {
			t.Errorf("Resolve(%q) notes\ngot  %q\nwant %q", word, notes, []string{want})
		}
	}
	if got, want := d.PlannedTiers(), []string{"Platinum", "Gold Plus"}; !slices.Equal(got, want) {
		t.Errorf("PlannedTiers\ngot  %q\nwant %q", got, want)
	}
	if got := d.CreatedTiers(); len(got) != 0 {
		t.Errorf("CreatedTiers = %+v, want none in a dry run", got)
	}
}

func TestResolveDryRunKnownTier(t *testing.T) {
	d := testDirectory(Options{CreateMissingTiers: true, DryRun: true})
	in := record.Input{}
	errs, notes := d.Resolve(context.Background(), 2, record.Refs{Tier: "growth"}, &in, testColumns())
	if len(errs) != 0 || len(notes) != 0 {
		t.Errorf("errors %+v, notes %q; want neither", errs, notes)
	}
	if got := in.TierID.Value(); got != "t-growth" {
		t.Errorf("tierId = %q, want t-growth", got)
	}
}

func TestResolveMissingTierWithoutClient(t *testing.T) {
	d := testDirectory(Options{CreateMissingTiers: true})
	in := record.Input{}
	errs, _ := d.Resolve(context.Background(), 4, record.Refs{Tier: "Platinum"}, &in, testColumns())
	if got := codesOf(errs); !slices.Equal(got, []string{record.CodeTierNotCreated}) {
		t.Fatalf("codes = %q, want [%s]", got, record.CodeTierNotCreated)
	}
	if !strings.Contains(errs[0].Message, "no client is set") {
		t.Errorf("message lacks the reason: %s", errs[0].Message)
	}
}

func TestResolveTierWordBesideIDCreatesNothing(t *testing.T) {
	d := testDirectory(Options{CreateMissingTiers: true, DryRun: true})
	in := ids{tier: "t-ent"}.input()
	errs, notes := d.Resolve(context.Background(), 4, record.Refs{Tier: "Platinum"}, &in, testColumns())
	if got := codesOf(errs); !slices.Equal(got, []string{record.CodeUnknownTier}) {
		t.Errorf("codes = %q, want [%s]", got, record.CodeUnknownTier)
	}
	if len(notes) != 0 || len(d.PlannedTiers()) != 0 {
		t.Errorf("notes %q, planned %q; want none", notes, d.PlannedTiers())
	}
}

func TestResolveColumnFallback(t *testing.T) {
	d := testDirectory(Options{})
	in := record.Input{}
	errs, _ := d.Resolve(context.Background(), 3, record.Refs{Owner: "nobody"}, &in, [record.NumFields]string{})
	if len(errs) != 1 {
		t.Fatalf("errors = %+v, want one", errs)
	}
	if want := `row 3, column "owner": "nobody"`; !strings.HasPrefix(errs[0].Message, want) {
		t.Errorf("message %q does not start with %q", errs[0].Message, want)
	}
}

func TestResolveClipsLongValue(t *testing.T) {
	d := testDirectory(Options{})
	word := strings.Repeat("x", 5000)
	in := record.Input{}
	errs, _ := d.Resolve(context.Background(), 3, record.Refs{Status: word}, &in, testColumns())
	if len(errs) != 1 {
		t.Fatalf("errors = %+v, want one", errs)
	}
	if len(errs[0].Message) > 400 {
		t.Errorf("message is %d bytes long, want the value clipped", len(errs[0].Message))
	}
	if errs[0].Value != word {
		t.Errorf("Value was clipped; want the whole cell")
	}
}

func TestNewCopiesUsers(t *testing.T) {
	users := []User{member("u-1", "Ada", "ada", "ada@example.com")}
	d := New(users, nil, nil, Options{})
	users[0].ID = "changed"
	in := record.Input{}
	d.Resolve(context.Background(), 2, record.Refs{Owner: "ada"}, &in, testColumns())
	if got := in.OwnerID.Value(); got != "u-1" {
		t.Errorf("ownerId = %q, want u-1", got)
	}
}

func TestResolveEmptyDirectory(t *testing.T) {
	d := New(nil, nil, nil, Options{})
	in := record.Input{}
	errs, _ := d.Resolve(context.Background(), 2, record.Refs{Owner: "ada", Status: "Lead", Tier: "Gold"}, &in, testColumns())
	if got := codesOf(errs); len(got) != 3 {
		t.Fatalf("codes = %q, want three", got)
	}
	for _, e := range errs {
		if strings.Contains(e.Message, "closest") {
			t.Errorf("message suggests names from an empty workspace: %s", e.Message)
		}
	}
}
