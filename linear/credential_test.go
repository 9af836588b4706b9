package linear

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestParseCredential(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		wantHeader string
		wantOAuth  bool
	}{
		{"personal key", "lin_api_abc123", "lin_api_abc123", false},
		{"personal key with newline", "lin_api_abc123\n", "lin_api_abc123", false},
		{"oauth prefix", "lin_oauth_abc123", "Bearer lin_oauth_abc123", true},
		{"bearer given", "Bearer tok123", "Bearer tok123", true},
		{"bearer lowercase", "bearer tok123", "Bearer tok123", true},
		{"bearer with oauth token", "Bearer lin_oauth_x", "Bearer lin_oauth_x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCredential(tt.raw)
			if err != nil {
				t.Fatalf("ParseCredential: %v", err)
			}
			if got := c.header(); got != tt.wantHeader {
				t.Errorf("header:\n got %q\nwant %q", got, tt.wantHeader)
			}
			if got := c.IsOAuth(); got != tt.wantOAuth {
				t.Errorf("IsOAuth: got %v, want %v", got, tt.wantOAuth)
			}
		})
	}
}

func TestParseCredentialRejects(t *testing.T) {
	tests := []struct {
		name string
		raw  string
	}{
		{"empty", ""},
		{"blank", "  \t\n"},
		{"bearer only", "Bearer "},
		{"inner space", "lin_api_ab cd"},
		{"header injection", "lin_api_ab\r\nX-Evil: 1"},
		{"non-ASCII", "lin_api_abç"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCredential(tt.raw)
			if err == nil {
				t.Fatal("got no error")
			}
			if v := strings.TrimSpace(tt.raw); v != "" && strings.Contains(err.Error(), v) {
				t.Errorf("error quotes the value: %v", err)
			}
		})
	}
}

func TestCredentialFormattingHidesValue(t *testing.T) {
	c, err := APIKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	holder := struct {
		Exported   Credential
		unexported Credential
	}{c, c}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
		outputs = append(outputs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, holder), fmt.Sprintf(verb, &holder))
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("start", "credential", c, "holder", holder)
	outputs = append(outputs, logged.String(), c.String(), c.GoString())
	js, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(js))
	for _, out := range outputs {
		if strings.Contains(out, testKey) || strings.Contains(out, fmt.Sprintf("%x", testKey)) {
			t.Errorf("output shows the key: %s", strings.ReplaceAll(out, testKey, "<KEY>"))
		}
	}
	if !strings.Contains(c.String(), "personal API key") {
		t.Errorf("String: got %q, want it to name the kind", c.String())
	}
}
