package workspace

import "time"

// Customer is one stored customer, with the fields of Linear's Customer
// type that the workspace keeps. Optional fields are nil when unset.
type Customer struct {
	ID             string
	SlugID         string
	Name           string
	Domains        []string
	ExternalIDs    []string
	SlackChannelID *string
	OwnerID        *string
	StatusID       string
	TierID         *string
	Revenue        *int64
	Size           *int64
	LogoURL        *string
	MainSourceID   *string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Status is a customer status, such as Active. Customers created without
// a status get the one with the lowest Position.
type Status struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	DisplayName string    `json:"displayName,omitempty"`
	Color       string    `json:"color"`
	Description *string   `json:"description,omitempty"`
	Position    float64   `json:"position"`
	CreatedAt   time.Time `json:"-"`
	UpdatedAt   time.Time `json:"-"`
}

// Tier is a customer tier, such as Enterprise. It has the same fields as a
// status.
type Tier Status

// User is a workspace member or app user.
type User struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	DisplayName   string    `json:"displayName"`
	Email         string    `json:"email"`
	Active        bool      `json:"active"`
	Admin         bool      `json:"admin"`
	App           bool      `json:"app"`
	Guest         bool      `json:"guest"`
	Owner         bool      `json:"owner"`
	Viewer        bool      `json:"viewer"`
	DisableReason *string   `json:"disableReason,omitempty"`
	CreatedAt     time.Time `json:"-"`
	UpdatedAt     time.Time `json:"-"`
}

// Organization is the workspace itself.
type Organization struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	URLKey           string    `json:"urlKey"`
	CustomersEnabled bool      `json:"customersEnabled"`
	LastSyncID       int64     `json:"-"`
	CreatedAt        time.Time `json:"-"`
	UpdatedAt        time.Time `json:"-"`
}

func toMillis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
