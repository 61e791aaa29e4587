package api

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/knead/knead/internal/apperr"
)

// decodeTarget has a field of each shape request bodies use.
type decodeTarget struct {
	Name    string            `json:"name"`
	Owner   ID                `json:"owner_id"`
	Price   *decodePrice      `json:"price"`
	Tags    []string          `json:"tags"`
	Answers map[string]string `json:"answers"`
	Count   int               `json:"count"`
	Skip    string            `json:"-"`
}

type decodePrice struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int      // 0 when the body decodes
		fields                  []string // of a 422
	}{
		{"good", "application/json", `{"name":"Ana","owner_id":"7","price":{"amount":900,"currency":"EUR"},"tags":["a"],"answers":{"RF-01":"no"},"count":2}`, 0, nil},
		{"numeric id accepted", "", `{"owner_id": 7}`, 0, nil},
		{"unknown members ignored", "application/json; charset=utf-8", `{"name":"Ana","extra":{"deep":[1]}}`, 0, nil},
		{"tab and line breaks kept", "application/json", `{"name":"a\tb\r\nc"}`, 0, nil},
		{"media type in capitals", "APPLICATION/JSON", `{}`, 0, nil},
		{"other media type", "application/json-patch+json", `{}`, 400, nil},
		{"media type unparsable", "application/json; charset", `{}`, 400, nil},
		{"empty", "application/json", ``, 400, nil},
		{"array", "application/json", `[{}]`, 400, nil},
		{"null", "application/json", `null`, 400, nil},
		{"broken", "application/json", `{"name":`, 400, nil},
		{"two values", "application/json", `{} {}`, 400, nil},
		{"not UTF-8", "application/json", "{\"name\":\"\xc3\x28\"}", 400, nil},
		{"wrong types, all named", "application/json", `{"name":1,"count":"2","tags":"a","answers":[],"price":{"amount":"9","currency":1}}`, 422,
			[]string{"answers", "count", "name", "price.amount", "tags"}},
		{"id that is not one", "application/json", `{"owner_id":"abc","name":"Ana"}`, 422, []string{"owner_id"}},
		{"id and type wrong", "application/json", `{"owner_id":-1,"count":true}`, 422, []string{"count", "owner_id"}},
		{"NUL in a string", "application/json", `{"name":"a\u0000b"}`, 422, []string{"name"}},
		{"escape in a list", "application/json", `{"tags":["ok","\u001b[2J"]}`, 422, []string{"tags"}},
		{"C1 control in a map value", "application/json", `{"answers":{"RF-01":"\u009b"}}`, 422, []string{"answers"}},
		{"control in a map key", "application/json", `{"answers":{"RF\u0001":"no"}}`, 422, []string{"answers"}},
		{"control in a nested field", "application/json", `{"price":{"amount":1,"currency":"EU\u007f"}}`, 422, []string{"price.currency"}},
		{"control in an ignored member", "application/json", `{"extra":"\u0000"}`, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			var dst decodeTarget
			err := decode(r, &dst)
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				return
			}
			e := apperr.From(err)
			if e.Status != tt.status {
				t.Fatalf("decode = %v, want status %d", err, tt.status)
			}
			var got []string
			for f, msg := range e.Fields {
				if msg == "" || !strings.HasSuffix(msg, ".") {
					t.Errorf("field %s has message %q", f, msg)
				}
				got = append(got, f)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.fields) {
				t.Errorf("fields %v (%v), want %v", got, e.Fields, tt.fields)
			}
		})
	}
}
