package resolve_test

import (
	"context"
	"fmt"

	"custimport/linear"
	"custimport/record"
	"custimport/resolve"
)

func ExampleDirectory_Resolve() {
	users := []resolve.User{
		{User: linear.User{ID: "u-1", Name: "José Álvarez", DisplayName: "jose", Email: "jose@example.com", Active: true}},
		{User: linear.User{ID: "u-2", Name: "Import Bot", DisplayName: "bot", Email: "bot@example.com", Active: true}, App: true},
	}
	statuses := []linear.CustomerStatus{{ID: "s-1", Name: "Active", DisplayName: "Active"}}
	tiers := []linear.CustomerTier{{ID: "t-1", Name: "Enterprise", DisplayName: "Enterprise"}}
	d := resolve.New(users, statuses, tiers, resolve.Options{CreateMissingTiers: true, DryRun: true})

	var columns [record.NumFields]string
	columns[record.FieldOwner] = "Account Owner"
	columns[record.FieldStatus] = "Stage"

	var in record.Input
	refs := record.Refs{Owner: " JOSE  alvarez", Status: "active", Tier: "Platinum"}
	errs, notes := d.Resolve(context.Background(), 2, refs, &in, columns)
	fmt.Println(in.OwnerID.Value(), in.StatusID.Value(), in.TierID.IsSet(), len(errs))
	fmt.Println(notes)

	in = record.Input{}
	refs = record.Refs{Owner: "bot", Status: "Actve"}
	errs, _ = d.Resolve(context.Background(), 3, refs, &in, columns)
	for _, e := range errs {
		fmt.Println(e.Field, e.Code)
		fmt.Println(e.Message)
	}
	// Output:
	// u-1 s-1 false 0
	// [tier: tier "Platinum" does not exist yet and would be created]
	// ownerId owner_not_assignable
	// row 3, column "Account Owner": "bot" is "Import Bot" <bot@example.com>, an app user, and app users cannot own customers; name an active workspace member or leave the cell blank
	// statusId unknown_status
	// row 3, column "Stage": "Actve" matches no customer status by name or display name (closest: "Active"); write one of the workspace's names, or create the customer status in Linear first
}
