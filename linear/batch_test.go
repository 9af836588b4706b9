package linear

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"custimport/record"
)

// batchInputs returns n valid inputs with ids "id-<prefix>-<i>"; rows in
// bad get the public domain gmail.com, which the fake server rejects.
func batchInputs(prefix string, n int, bad ...int) []record.Input {
	inputs := make([]record.Input, n)
	for i := range inputs {
		inputs[i] = record.Input{
			ID:   record.Some(fmt.Sprintf("id-%s-%d", prefix, i)),
			Name: fmt.Sprintf("Customer %d", i),
		}
		if slices.Contains(bad, i) {
			inputs[i].Domains = record.Some([]string{"gmail.com"})
		}
	}
	return inputs
}

func statuses(res BatchResult) []RowStatus {
	out := make([]RowStatus, len(res.Rows))
	for i, r := range res.Rows {
		out[i] = r.Status
	}
	return out
}

func TestCreateCustomersAllCreated(t *testing.T) {
	fake := newFakeLinear()
	c := fake.client(t, fake.start(t), Options{})
	res, err := c.CreateCustomers(context.Background(), batchInputs("a", 5))
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range res.Rows {
		if row.Status != RowCreated || row.ID != fmt.Sprintf("id-a-%d", i) || row.Alias != Alias(i) {
			t.Errorf("row %d: got %+v, want created with its id", i, row)
		}
	}
	if res.DataNull || res.Response == nil || res.Response.HTTPStatus != 200 {
		t.Errorf("batch: DataNull %v, Response %+v", res.DataNull, res.Response)
	}
}

func TestCreateCustomersEmptySendsNothing(t *testing.T) {
	fake := newFakeLinear()
	c := fake.client(t, fake.start(t), Options{})
	res, err := c.CreateCustomers(context.Background(), nil)
	if err != nil || len(res.Rows) != 0 {
		t.Fatalf("got %+v, %v; want nothing", res, err)
	}
	if len(fake.operations) != 0 {
		t.Errorf("requests: got %v, want none", fake.operations)
	}
}

func TestCreateCustomersBadRowPartialErrors(t *testing.T) {
	fake := newFakeLinear()
	fake.partialErrors = true
	c := fake.client(t, fake.start(t), Options{})
	res, err := c.CreateCustomers(context.Background(), batchInputs("p", 5, 2))
	if err != nil {
		t.Fatalf("got %v; rows with their own errors are not a batch error", err)
	}
	want := []RowStatus{RowCreated, RowCreated, RowFailed, RowCreated, RowCreated}
	if got := statuses(res); !slices.Equal(got, want) {
		t.Fatalf("statuses:\n got %v\nwant %v", got, want)
	}
	bad := res.Rows[2]
	if len(bad.Errors) != 1 || bad.Err == nil || bad.Err.Kind != KindInvalidInput {
		t.Fatalf("bad row: got %+v", bad)
	}
	if IsRetryable(bad.Err) {
		t.Error("a user error is retryable")
	}
	if bad.ID != "" {
		t.Errorf("bad row ID: got %q, want empty", bad.ID)
	}
}

func TestCreateCustomersBadRowNullsData(t *testing.T) {
	fake := newFakeLinear()
	c := fake.client(t, fake.start(t), Options{})
	inputs := batchInputs("n", 5, 2)
	res, err := c.CreateCustomers(context.Background(), inputs)
	if err != nil {
		t.Fatalf("got %v; a row's own error is not a batch error", err)
	}
	if !res.DataNull {
		t.Error("DataNull: got false")
	}
	want := []RowStatus{RowUnknown, RowUnknown, RowFailed, RowUnknown, RowUnknown}
	if got := statuses(res); !slices.Equal(got, want) {
		t.Fatalf("statuses:\n got %v\nwant %v", got, want)
	}

	// Reconcile the unknown rows by id: the fake ran c0 and c1 before c2
	// failed, and never reached c3 and c4.
	var ids []string
	for i, row := range res.Rows {
		if row.Status == RowUnknown {
			ids = append(ids, inputs[i].ID.Value())
		}
	}
	found, err := c.CustomersByIDs(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if wantFound := []string{"id-n-0", "id-n-1"}; !slices.Equal(found, wantFound) {
		t.Errorf("found:\n got %v\nwant %v", found, wantFound)
	}
}

func TestCreateCustomersRejectedBatch(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(f *fakeLinear)
		wantKind Kind
		want     RowStatus
	}{
		{"rate limited 400", func(f *fakeLinear) { f.rateLimited = 1 }, KindRateLimited, RowNotRun},
		{"rate limited 429", func(f *fakeLinear) { f.rateLimited, f.rateLimitStatus = 1, 429 }, KindRateLimited, RowNotRun},
		{"wrong key", func(f *fakeLinear) { f.auth = "another key" }, KindAuthentication, RowNotRun},
		{"forbidden", func(f *fakeLinear) { f.forbidden = true }, KindForbidden, RowNotRun},
		{"bad gateway", func(f *fakeLinear) { f.serverErrors = 1 }, KindServer, RowUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeLinear()
			tt.setup(fake)
			c := fake.client(t, fake.start(t), Options{})
			res, err := c.CreateCustomers(context.Background(), batchInputs("r", 3))
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.wantKind {
				t.Fatalf("got %v, want an *Error of kind %v", err, tt.wantKind)
			}
			for i, row := range res.Rows {
				if row.Status != tt.want {
					t.Errorf("row %d: got %v, want %v", i, row.Status, tt.want)
				}
			}
		})
	}
}

func TestCreateCustomersDroppedConnection(t *testing.T) {
	c := newFakeLinear().client(t, dropAfterBody(t), Options{})
	res, err := c.CreateCustomers(context.Background(), batchInputs("d", 2))
	if !IsAmbiguous(err) {
		t.Fatalf("got %v, want an ambiguous error", err)
	}
	if got, want := statuses(res), []RowStatus{RowUnknown, RowUnknown}; !slices.Equal(got, want) {
		t.Errorf("statuses:\n got %v\nwant %v", got, want)
	}
	if res.Response != nil {
		t.Errorf("Response: got %+v, want nil", res.Response)
	}
}

func TestCreateCustomersAnswers(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		wantErr   bool
		want      []RowStatus
		wantIDs   []string
		wantKinds []Kind // of each row's Err; -1 for nil
	}{
		{"error below the mutation",
			200, `{"data":{"c0":{"success":true,"customer":{"id":"A"}},"c1":null},"errors":[{"message":"x","path":["c1","customer","id"]}]}`,
			false, []RowStatus{RowCreated, RowUnknown}, []string{"A", ""}, []Kind{-1, KindUnknown}},
		{"success false",
			200, `{"data":{"c0":{"success":false,"customer":{"id":"A"}},"c1":{"success":true,"customer":{"id":"B"}}}}`,
			false, []RowStatus{RowUnknown, RowCreated}, []string{"", "B"}, []Kind{-1, -1}},
		{"missing alias",
			200, `{"data":{"c0":{"success":true,"customer":{"id":"A"}}}}`,
			false, []RowStatus{RowCreated, RowUnknown}, []string{"A", ""}, []Kind{-1, -1}},
		{"lock timeout in one row",
			200, `{"data":null,"errors":[{"message":"lock timeout","path":["c1"],"extensions":{"type":"lock timeout"}}]}`,
			false, []RowStatus{RowUnknown, RowFailed}, []string{"", ""}, []Kind{-1, KindLockTimeout}},
		{"error naming no row with a row error",
			200, `{"data":null,"errors":[{"message":"bad","path":["c0"],"extensions":{"type":"invalid input"}},{"message":"ratelimited","extensions":{"code":"RATELIMITED"}}]}`,
			true, []RowStatus{RowFailed, RowUnknown}, []string{"", ""}, []Kind{KindInvalidInput, -1}},
		{"alias out of range",
			200, `{"data":null,"errors":[{"message":"odd","path":["c7"]}]}`,
			true, []RowStatus{RowUnknown, RowUnknown}, []string{"", ""}, []Kind{-1, -1}},
		{"invalid document",
			400, `{"errors":[{"message":"Unknown type","extensions":{"type":"graphql error"}}]}`,
			true, []RowStatus{RowNotRun, RowNotRun}, []string{"", ""}, []Kind{-1, -1}},
		{"not JSON",
			200, `<html>`,
			true, []RowStatus{RowUnknown, RowUnknown}, []string{"", ""}, []Kind{-1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveCanned(t, cannedResponse{tt.status, map[string]string{"Content-Type": "application/json"}, tt.body})
			c := newFakeLinear().client(t, srv, Options{})
			res, err := c.CreateCustomers(context.Background(), batchInputs("x", 2))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error: got %v, want error: %v", err, tt.wantErr)
			}
			if got := statuses(res); !slices.Equal(got, tt.want) {
				t.Errorf("statuses:\n got %v\nwant %v", got, tt.want)
			}
			for i, row := range res.Rows {
				if row.ID != tt.wantIDs[i] {
					t.Errorf("row %d ID: got %q, want %q", i, row.ID, tt.wantIDs[i])
				}
				gotKind := Kind(-1)
				if row.Err != nil {
					gotKind = row.Err.Kind
				}
				if gotKind != tt.wantKinds[i] {
					t.Errorf("row %d Err kind: got %v, want %v", i, gotKind, tt.wantKinds[i])
				}
			}
		})
	}
}

func TestCreateCustomersLeavesUndefinedFieldsOut(t *testing.T) {
	var body []byte
	srv := serveCannedFunc(t, func(b []byte) cannedResponse {
		body = b
		return cannedResponse{200, nil, `{"data":{"c0":{"success":true,"customer":{"id":"A"}}}}`}
	})
	c := newFakeLinear().client(t, srv, Options{})
	in := record.Input{Name: "Acme", SlackChannelID: record.Null[string]()}
	if _, err := c.CreateCustomers(context.Background(), []record.Input{in}); err != nil {
		t.Fatal(err)
	}
	want := `"variables":{"i0":{"name":"Acme","slackChannelId":null}}`
	if !containsBytes(body, want) {
		t.Errorf("request body:\n got %s\nwant it to contain %s", body, want)
	}
}

func TestUpdateCustomer(t *testing.T) {
	fake := newFakeLinear()
	fake.addCustomers(1)
	c := fake.client(t, fake.start(t), Options{})
	err := c.UpdateCustomer(context.Background(), "pre-0", UpdateFromInput(record.Input{Name: "Renamed"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := fake.customers[0].Name; got != "Renamed" {
		t.Errorf("name: got %q, want %q", got, "Renamed")
	}
	err = c.UpdateCustomer(context.Background(), "missing", UpdateInput{Name: record.Some("x")})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindInvalidInput {
		t.Errorf("update of a missing customer: got %v, want invalid input", err)
	}
}

func TestUpdateFromInputDropsID(t *testing.T) {
	u := UpdateFromInput(fullInput())
	raw, err := jsonMarshal(u)
	if err != nil {
		t.Fatal(err)
	}
	if containsBytes(raw, `"id"`) {
		t.Errorf("update input has an id: %s", raw)
	}
	raw, _ = jsonMarshal(UpdateInput{})
	if string(raw) != "{}" {
		t.Errorf("empty update: got %s, want {}", raw)
	}
}

func BenchmarkCreateCustomersDocument(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = CreateCustomersDocument(100)
	}
}

func TestAliasIndex(t *testing.T) {
	tests := []struct {
		alias string
		want  int
		ok    bool
	}{
		{"c0", 0, true}, {"c9", 9, true}, {"c10", 0, false}, {"c01", 0, false},
		{"c", 0, false}, {"x1", 0, false}, {"c-1", 0, false}, {"c+1", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.alias, func(t *testing.T) {
			got, ok := aliasIndex(tt.alias, 10)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCreateCustomersCancelledBeforeSending(t *testing.T) {
	fake := newFakeLinear()
	p := NewPacer(PacerOptions{})
	p.Pause(time.Now().Add(time.Hour))
	c := fake.client(t, fake.start(t), Options{Pacer: p})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	res, err := c.CreateCustomers(ctx, batchInputs("w", 2))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's error", err)
	}
	if got, want := statuses(res), []RowStatus{RowNotRun, RowNotRun}; !slices.Equal(got, want) {
		t.Errorf("statuses:\n got %v\nwant %v", got, want)
	}
	if len(fake.operations) != 0 {
		t.Errorf("requests: got %v, want none", fake.operations)
	}
}
