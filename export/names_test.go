package export

import (
	"testing"

	"custimport/linear"
)

func TestNamesWords(t *testing.T) {
	users := []linear.User{
		{ID: "u1", Email: "ana@example.com", Name: "Ana Diaz", DisplayName: "ana"},
		{ID: "u2", Email: "", Name: "Ben Ode", DisplayName: "ben"},
		{ID: "u3", Email: "kim@example.com", Name: "Kim Park", DisplayName: "kim"},
		{ID: "u4", Email: "", Name: "Kim Park", DisplayName: "kpark"},
		{ID: "u5", Email: "BEN@example.com", Name: "Ben", DisplayName: "Ben Ode"},
		{ID: "u6", Email: " ", Name: "  ", DisplayName: "blank"},
	}
	statuses := []linear.CustomerStatus{
		{ID: "s1", Name: "Active", DisplayName: "Active"},
		{ID: "s2", Name: "Trial", DisplayName: "Pilot"},
		{ID: "s3", Name: "pilot", DisplayName: "Evaluation"},
	}
	tiers := []linear.CustomerTier{{ID: "t1", Name: "Gold"}, {ID: "t2", Name: ""}}
	n := NewNames(users, statuses, tiers)

	tests := []struct {
		name   string
		lookup func(string) (string, bool)
		id     string
		want   string
		wantOK bool
	}{
		{"owner by email", n.Owner, "u1", "ana@example.com", true},
		{"owner without email by name", n.Owner, "u2", "", false}, // "Ben Ode" is also u5's display name
		{"owner whose name is shared keeps email", n.Owner, "u3", "kim@example.com", true},
		{"owner name shared with another", n.Owner, "u4", "", false},
		{"owner email unique in any case", n.Owner, "u5", "BEN@example.com", true},
		{"owner with blank words", n.Owner, "u6", "", false},
		{"unknown owner", n.Owner, "u9", "", false},
		{"status by name", n.Status, "s1", "Active", true},
		{"status whose name is another's display name", n.Status, "s3", "", false},
		{"status whose display name is taken keeps name", n.Status, "s2", "Trial", true},
		{"tier by name", n.Tier, "t1", "Gold", true},
		{"tier with empty name", n.Tier, "t2", "", false},
		{"unknown tier", n.Tier, "t9", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.lookup(tt.id)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("word of %s = %q, %v\nwant %q, %v", tt.id, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNamesNil(t *testing.T) {
	var n *Names
	if w, ok := n.Owner("u1"); ok {
		t.Errorf("nil Names has owner word %q", w)
	}
	row := n.Row(&linear.Customer{ID: "c1", Name: "Acme", Status: &linear.CustomerStatus{ID: "s1", Name: "Active"}})
	if row.StatusID.Value() != "s1" || row.Status.IsSet() {
		t.Errorf("row = %+v, want the status as its id", row)
	}
}
