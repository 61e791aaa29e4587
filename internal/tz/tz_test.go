package tz

import (
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	for _, tt := range []struct {
		name    string
		wantErr bool
	}{
		{"Europe/Berlin", false},
		{"America/New_York", false},
		{"UTC", false},
		{"Etc/GMT+5", false},
		{"America/Argentina/Buenos_Aires", false},
		{"America/Port-au-Prince", false},
		{"Mars/Olympus_Mons", true},
		{"../../etc/passwd", true},
		{"Europe//Berlin", true}, // time.LoadLocation takes these spellings of the file's path
		{"./Europe/Berlin", true},
		{"Europe/./Berlin", true},
		{"Europe/Berlin/", true},
	} {
		for range 2 { // the second call answers from the cache
			z, err := Load(tt.name)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Load(%q): %v, want error %v", tt.name, err, tt.wantErr)
			}
			if err == nil && z.String() != tt.name {
				t.Errorf("Load(%q) = %s", tt.name, z)
			}
		}
	}
	if before := kept.Load(); before > 8 {
		t.Errorf("%d zones kept, want only the ones that loaded", before)
	}
	a, _ := Load("Asia/Kolkata")
	b, _ := Load("Asia/Kolkata")
	if a != b {
		t.Error("the same name gave two locations")
	}
}

func TestOr(t *testing.T) {
	for _, tt := range []struct {
		names []string
		want  string
	}{
		{[]string{"Europe/Berlin", "America/New_York"}, "Europe/Berlin"},
		{[]string{"", "America/New_York"}, "America/New_York"},
		{[]string{"Nowhere/Else", "Asia/Tokyo"}, "Asia/Tokyo"},
		{[]string{"", "Nowhere/Else"}, "UTC"},
		{nil, "UTC"},
	} {
		if got := Or(tt.names...); got.String() != tt.want {
			t.Errorf("Or(%q) = %s, want %s", tt.names, got, tt.want)
		}
	}
	if Or("") != time.UTC {
		t.Error("Or of nothing is not time.UTC")
	}
}
