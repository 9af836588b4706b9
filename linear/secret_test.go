package linear

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestKeyNeverShown runs requests that fail in every way this package
// reports and checks that no error text, formatted error, event or
// formatted client contains the key.
func TestKeyNeverShown(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the redirect target got a request with Authorization %v", r.Header.Get("Authorization") != "")
	}))
	defer other.Close()
	echo := `{"errors":[{"message":"key ` + testKey + ` is not valid","extensions":{"type":"authentication error",` +
		`"userPresentableMessage":"Key ` + testKey + ` rejected"}}]}`
	servers := map[string]*httptest.Server{
		"401":          serveCanned(t, cannedResponse{401, nil, `{"errors":[{"message":"not authenticated"}]}`}),
		"401 echo":     serveCanned(t, cannedResponse{401, nil, echo}),
		"400 echo":     serveCanned(t, cannedResponse{400, nil, echo}),
		"not JSON":     serveCanned(t, cannedResponse{500, nil, "Authorization: " + testKey}),
		"rate limited": serveCanned(t, cannedResponse{429, map[string]string{"Retry-After": "1"}, ``}),
		"dropped":      dropAfterBody(t),
		"redirect": httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/?token="+testKey, http.StatusTemporaryRedirect)
		})),
	}
	defer servers["redirect"].Close()

	var mu sync.Mutex
	var shown []string
	show := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		shown = append(shown, s)
	}
	for name, srv := range servers {
		t.Run(name, func(t *testing.T) {
			c := newFakeLinear().client(t, srv, Options{ReadAttempts: 1, OnEvent: func(e Event) {
				show(fmt.Sprintf("%v %+v %#v", e, e, e))
			}})
			show(fmt.Sprintf("%v %+v %#v %s", c, c, c, c))
			_, err := c.Viewer(context.Background())
			if err == nil {
				t.Fatal("got no error")
			}
			show(err.Error())
			show(fmt.Sprintf("%+v %#v", err, err))
			res, err := c.CreateCustomers(context.Background(), batchInputs("k", 2))
			if err != nil {
				show(err.Error())
			}
			show(fmt.Sprintf("%+v", res))
			_, err = c.Preflight(context.Background())
			show(err.Error())
		})
	}
	for _, s := range shown {
		if strings.Contains(s, testKey) {
			t.Errorf("the key is shown in: %s", strings.ReplaceAll(s, testKey, "<KEY>"))
		}
	}
	if len(shown) < 3*len(servers) {
		t.Errorf("checked %d outputs, want at least %d", len(shown), 3*len(servers))
	}
}
