package linear

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"custimport/record"
)

// RowStatus is the outcome of one row of a batch, as far as the response
// to the batch shows it.
type RowStatus int

const (
	// RowUnknown means the response does not show whether the row was
	// created. It may exist, so look it up by id with CustomersByIDs,
	// allowing for reads that lag. This is the zero value.
	RowUnknown RowStatus = iota
	// RowCreated means the server returned the new customer's id.
	RowCreated
	// RowFailed means the row's own customerCreate raised an error (the
	// error's path is exactly its alias), so this request did not create
	// it. An "already exists" error may still mean that an earlier
	// attempt did.
	RowFailed
	// RowNotRun means the request never reached the server, or the server
	// rejected the whole document before running any mutation (rate
	// limit, authentication, permission, invalid document). Sending the
	// row again is safe.
	RowNotRun
)

var rowStatusNames = [...]string{"unknown", "created", "failed", "not run"}

func (s RowStatus) String() string {
	if s < 0 || int(s) >= len(rowStatusNames) {
		return "RowStatus(" + strconv.Itoa(int(s)) + ")"
	}
	return rowStatusNames[s]
}

// A RowResult is the outcome of one row of a batch.
type RowResult struct {
	// Alias is the row's alias in the document: "c" and its index.
	Alias  string
	Status RowStatus
	// ID is the created customer's id, set only when Status is RowCreated.
	ID string
	// Errors are the GraphQL errors whose path starts with Alias.
	Errors []GraphQLError
	// Err classifies Errors (Kind, Messages, IsRetryable). It is nil when
	// Errors is empty.
	Err *Error
}

// A BatchResult is the outcome of CreateCustomers, where Rows[i] belongs
// to inputs[i].
//
// When CreateCustomers returns a nil error, the server ran the document.
// Each row is then RowCreated with its ID, RowFailed with the Errors that
// explain why, or RowUnknown. A row is RowUnknown in three cases:
//   - Its field is null or missing and no error names it. With DataNull
//     set, another row's error nulled the whole data object, so mutations
//     before that row may have taken effect and those after it may not
//     have run.
//   - Its only errors lie below the mutation, with a path such as
//     [alias, "customer", ...]: the create ran but its result was lost.
//   - The server returned success false.
//
// When CreateCustomers returns an error, the batch failed as a whole. The
// rows are RowNotRun if the request never reached the server or was
// rejected before running (rate limit, authentication, permission,
// invalid document). They are RowUnknown after a connection dropped once
// the request was sent, a 5xx status or an unreadable response. Rows with
// errors of their own are RowFailed in both cases.
type BatchResult struct {
	Rows []RowResult
	// DataNull reports that the response's data was null or missing.
	DataNull bool
	// Response is nil when no HTTP response arrived.
	Response *Response
}

type createPayload struct {
	Success  bool `json:"success"`
	Customer *struct {
		ID string `json:"id"`
	} `json:"customer"`
}

// CreateCustomers creates inputs in one request, a document of aliased
// customerCreate mutations (see CreateCustomersDocument) that the server
// runs one after another. Give each input an id, so that a RowUnknown row
// can be looked up afterwards. An empty inputs sends nothing. BatchResult
// describes the outcome in each case.
func (c *Client) CreateCustomers(ctx context.Context, inputs []record.Input) (BatchResult, error) {
	if len(inputs) == 0 {
		return BatchResult{}, nil
	}
	op := Operation{Name: createCustomersOperation, Query: CreateCustomersDocument(len(inputs))}
	vars := make(map[string]record.Input, len(inputs))
	for i, in := range inputs {
		vars["i"+strconv.Itoa(i)] = in
	}
	var data map[string]*createPayload
	resp, err := c.Do(ctx, op, vars, &data)
	return c.batchResult(op, len(inputs), resp, data, err)
}

// batchResult sorts the response to a batch of n rows into row outcomes.
func (c *Client) batchResult(op Operation, n int, resp *Response, data map[string]*createPayload, err error) (BatchResult, error) {
	res := BatchResult{Rows: make([]RowResult, n), Response: resp}
	for i := range res.Rows {
		res.Rows[i].Alias = Alias(i)
	}
	var e *Error
	if err != nil && !errors.As(err, &e) {
		// Do returns a plain error only before sending: a variable that
		// does not encode, or a context done while waiting on the pacer.
		res.setAll(RowNotRun)
		return res, err
	}

	var batchErrs []GraphQLError
	if resp != nil {
		res.DataNull = resp.DataNull
		batchErrs = assignErrors(res.Rows, resp.Errors)
	}
	for i := range res.Rows {
		res.Rows[i].Err = c.rowError(op, resp, res.Rows[i].Errors)
	}

	// The batch failed as a whole unless every error names a row.
	if e == nil || resp != nil && len(resp.Errors) > 0 && len(batchErrs) == 0 {
		res.setFromData(data)
		return res, nil
	}
	// An error that names a row proves that the document ran.
	ran := resp != nil && len(resp.Errors) > len(batchErrs)
	if len(batchErrs) > 0 {
		e = c.responseError(op, &Response{HTTPStatus: resp.HTTPStatus, Errors: batchErrs, RateLimit: resp.RateLimit})
	}
	if !ran && notRun(e) {
		res.setAll(RowNotRun)
	} else {
		res.setAll(RowUnknown)
	}
	return res, e
}

// setAll gives the status s to every row whose own mutation raised no
// error, and RowFailed to the others.
func (r *BatchResult) setAll(s RowStatus) {
	for i := range r.Rows {
		r.Rows[i].Status = s
		if r.Rows[i].failedItself() {
			r.Rows[i].Status = RowFailed
		}
	}
}

// setFromData sets each row's status from its own errors and its field
// in data.
func (r *BatchResult) setFromData(data map[string]*createPayload) {
	for i := range r.Rows {
		row := &r.Rows[i]
		p := data[row.Alias]
		switch {
		case row.failedItself():
			row.Status = RowFailed
		case p != nil && p.Success && p.Customer != nil && p.Customer.ID != "":
			row.Status = RowCreated
			row.ID = p.Customer.ID
		default:
			row.Status = RowUnknown
		}
	}
}

// assignErrors gives each row the errors whose path starts with its alias
// and returns the errors that name no row.
func assignErrors(rows []RowResult, errs []GraphQLError) []GraphQLError {
	var rest []GraphQLError
	for _, ge := range errs {
		i, ok := aliasIndex(ge.Top(), len(rows))
		if !ok {
			rest = append(rest, ge)
			continue
		}
		rows[i].Errors = append(rows[i].Errors, ge)
	}
	return rest
}

// aliasIndex returns i for alias "c<i>" with 0 <= i < n, written as
// Alias writes it.
func aliasIndex(alias string, n int) (int, bool) {
	digits, ok := strings.CutPrefix(alias, "c")
	if !ok || digits == "" || len(digits) > 1 && digits[0] == '0' {
		return 0, false
	}
	i := 0
	for _, d := range []byte(digits) {
		if d < '0' || d > '9' || i >= n {
			return 0, false
		}
		i = i*10 + int(d-'0')
	}
	if i >= n {
		return 0, false
	}
	return i, true
}

// failedItself reports whether an error names the row's mutation itself,
// not a field below it.
func (r *RowResult) failedItself() bool {
	for _, ge := range r.Errors {
		if len(ge.Path) == 1 {
			return true
		}
	}
	return false
}

// notRun reports whether a batch-level error means that no mutation ran:
// the request never arrived, or the server rejected the whole document.
func notRun(e *Error) bool {
	switch e.Kind {
	case KindRateLimited, KindAuthentication, KindForbidden, KindValidation:
		return true
	case KindNetwork:
		return !e.Sent
	}
	return false
}

func (c *Client) rowError(op Operation, resp *Response, errs []GraphQLError) *Error {
	if len(errs) == 0 || resp == nil {
		return nil
	}
	return c.responseError(op, &Response{HTTPStatus: resp.HTTPStatus, Errors: errs, RateLimit: resp.RateLimit})
}

// CustomersByIDs returns which of ids exist in the workspace, archived
// ones included, in the order the server lists them. It queries up to
// 250 ids at a time. Reads can lag behind writes by a few seconds, so a
// missing id right after a create is not proof that the create failed.
func (c *Client) CustomersByIDs(ctx context.Context, ids []string) ([]string, error) {
	op := Operation{Name: "CustomersByIDs", Query: customersByIDsQuery}
	var found []string
	seen := make(map[string]bool, len(ids))
	for chunk := range chunks(ids, pageSize) {
		err := eachPage(ctx, c, op, "customers", map[string]any{"ids": chunk}, func(page []idNode) error {
			for _, n := range page {
				if !seen[n.ID] {
					seen[n.ID] = true
					found = append(found, n.ID)
				}
			}
			return nil
		})
		if err != nil {
			return found, err
		}
	}
	return found, nil
}

type idNode struct {
	ID string `json:"id"`
}

// chunks yields s in pieces of at most n.
func chunks(s []string, n int) func(func([]string) bool) {
	return func(yield func([]string) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k:k]) {
				return
			}
			s = s[k:]
		}
	}
}

// UpdateInput is Linear's CustomerUpdateInput: the fields of
// CustomerCreateInput but id, all optional. Undefined fields are left out
// of the request and keep their values; null clears a field.
type UpdateInput struct {
	Name           record.Opt[string]   `json:"name,omitzero"`
	Domains        record.Opt[[]string] `json:"domains,omitzero"`
	ExternalIDs    record.Opt[[]string] `json:"externalIds,omitzero"`
	SlackChannelID record.Opt[string]   `json:"slackChannelId,omitzero"`
	OwnerID        record.Opt[string]   `json:"ownerId,omitzero"`
	StatusID       record.Opt[string]   `json:"statusId,omitzero"`
	Revenue        record.Opt[int64]    `json:"revenue,omitzero"`
	Size           record.Opt[int64]    `json:"size,omitzero"`
	TierID         record.Opt[string]   `json:"tierId,omitzero"`
	LogoURL        record.Opt[string]   `json:"logoUrl,omitzero"`
	MainSourceID   record.Opt[string]   `json:"mainSourceId,omitzero"`
}

// UpdateFromInput returns the update that sets every field that in
// defines, leaving out its id. Name is always set, as it is required in
// a create.
func UpdateFromInput(in record.Input) UpdateInput {
	return UpdateInput{
		Name:           record.Some(in.Name),
		Domains:        in.Domains,
		ExternalIDs:    in.ExternalIDs,
		SlackChannelID: in.SlackChannelID,
		OwnerID:        in.OwnerID,
		StatusID:       in.StatusID,
		Revenue:        in.Revenue,
		Size:           in.Size,
		TierID:         in.TierID,
		LogoURL:        in.LogoURL,
		MainSourceID:   in.MainSourceID,
	}
}

// UpdateCustomer applies in to the customer with id through customerUpdate.
func (c *Client) UpdateCustomer(ctx context.Context, id string, in UpdateInput) error {
	op := Operation{Name: "UpdateCustomer", Query: updateCustomerMutation}
	var data struct {
		CustomerUpdate *createPayload `json:"customerUpdate"`
	}
	if _, err := c.Do(ctx, op, map[string]any{"id": id, "input": in}, &data); err != nil {
		return err
	}
	if p := data.CustomerUpdate; p == nil || !p.Success {
		return &Error{Kind: KindUnknown, Operation: op.Name, Sent: true,
			Messages: []string{"customerUpdate did not report success"}}
	}
	return nil
}
