package workspace

import (
	"fmt"

	graphql "github.com/graph-gophers/graphql-go"

	"custimport/record"
)

// The mutation input types as graphql-go fills them. Create inputs use
// pointers, since null and undefined mean the same there; update inputs
// use graphql-go's Null types, which tell null from undefined.
type (
	customerCreateInput struct {
		Domains, ExternalIDs               defaultedList
		ID, LogoURL, MainSourceID, OwnerID *string
		Name                               string
		Revenue, Size                      *int32
		SlackChannelID, StatusID, TierID   *string
	}
	customerUpdateInput struct {
		Domains, ExternalIDs                 *[]string
		Name, LogoURL, MainSourceID, OwnerID graphql.NullString
		SlackChannelID, StatusID, TierID     graphql.NullString
		Revenue, Size                        graphql.NullInt
	}
	customerUpsertInput struct {
		Domains                                    *[]string
		ExternalID, ID, LogoURL, Name, OwnerID     *string
		Revenue, Size                              *int32
		SlackChannelID, StatusID, TierID, TierName *string
	}
	tierCreateInput struct {
		Color                              string
		Description, DisplayName, ID, Name *string
		Position                           *float64
	}
)

// defaultedList is a [String!] input field with a default value. graphql-go
// treats such a field as non-null and fails on an explicit null, which
// GraphQL allows and which cancels the default; this type accepts it.
// Null and the empty list both leave Value empty.
type defaultedList struct{ Value []string }

func (defaultedList) ImplementsGraphQLType(name string) bool { return name == "[String!]" }

// Nullable marks null as a valid input for graphql-go.
func (*defaultedList) Nullable() {}

func (l *defaultedList) UnmarshalGraphQL(input any) error {
	switch v := input.(type) {
	case nil:
		l.Value = nil
	case string:
		// GraphQL coerces a single value to a list of one.
		l.Value = []string{v}
	case []any:
		l.Value = make([]string, len(v))
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				return fmt.Errorf("list item %d is %T, not a String", i, item)
			}
			l.Value[i] = s
		}
	default:
		return fmt.Errorf("[String!] cannot hold %T", input)
	}
	return nil
}

func (in customerCreateInput) record() record.Input {
	return record.Input{
		ID:             fromPtr(in.ID),
		Name:           in.Name,
		Domains:        record.Some(in.Domains.Value),
		ExternalIDs:    record.Some(in.ExternalIDs.Value),
		SlackChannelID: fromPtr(in.SlackChannelID),
		OwnerID:        fromPtr(in.OwnerID),
		StatusID:       fromPtr(in.StatusID),
		Revenue:        fromInt32(in.Revenue),
		Size:           fromInt32(in.Size),
		TierID:         fromPtr(in.TierID),
		LogoURL:        fromPtr(in.LogoURL),
		MainSourceID:   fromPtr(in.MainSourceID),
	}
}

func (in customerUpdateInput) update() CustomerUpdate {
	return CustomerUpdate{
		Name:           fromNullString(in.Name),
		Domains:        fromPtr(in.Domains),
		ExternalIDs:    fromPtr(in.ExternalIDs),
		SlackChannelID: fromNullString(in.SlackChannelID),
		OwnerID:        fromNullString(in.OwnerID),
		StatusID:       fromNullString(in.StatusID),
		TierID:         fromNullString(in.TierID),
		Revenue:        fromNullInt(in.Revenue),
		Size:           fromNullInt(in.Size),
		LogoURL:        fromNullString(in.LogoURL),
		MainSourceID:   fromNullString(in.MainSourceID),
	}
}

func (in customerUpsertInput) upsert() CustomerUpsert {
	return CustomerUpsert{
		ID:             fromPtr(in.ID),
		Name:           fromPtr(in.Name),
		ExternalID:     fromPtr(in.ExternalID),
		Domains:        fromPtr(in.Domains),
		SlackChannelID: fromPtr(in.SlackChannelID),
		OwnerID:        fromPtr(in.OwnerID),
		StatusID:       fromPtr(in.StatusID),
		TierID:         fromPtr(in.TierID),
		TierName:       fromPtr(in.TierName),
		Revenue:        fromInt32(in.Revenue),
		Size:           fromInt32(in.Size),
		LogoURL:        fromPtr(in.LogoURL),
	}
}

func (in tierCreateInput) create() TierCreate {
	return TierCreate{
		ID:          fromPtr(in.ID),
		Name:        fromPtr(in.Name),
		DisplayName: fromPtr(in.DisplayName),
		Color:       in.Color,
		Description: fromPtr(in.Description),
		Position:    fromPtr(in.Position),
	}
}

func fromPtr[T any](p *T) record.Opt[T] {
	if p == nil {
		return record.Opt[T]{}
	}
	return record.Some(*p)
}

func fromInt32(p *int32) record.Opt[int64] {
	if p == nil {
		return record.Opt[int64]{}
	}
	return record.Some(int64(*p))
}

func fromNullString(n graphql.NullString) record.Opt[string] {
	switch {
	case !n.Set:
		return record.Opt[string]{}
	case n.Value == nil:
		return record.Null[string]()
	}
	return record.Some(*n.Value)
}

func fromNullInt(n graphql.NullInt) record.Opt[int64] {
	switch {
	case !n.Set:
		return record.Opt[int64]{}
	case n.Value == nil:
		return record.Null[int64]()
	}
	return record.Some(int64(*n.Value))
}
