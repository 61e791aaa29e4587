package practice

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// withOrientation puts an EXIF segment holding Orientation o, in the
// given byte order, after a JPEG's start marker.
func withOrientation(j []byte, order binary.ByteOrder, o uint16) []byte {
	tiff := make([]byte, 26)
	copy(tiff, "II")
	if order == binary.BigEndian {
		copy(tiff, "MM")
	}
	order.PutUint16(tiff[2:], 42)
	order.PutUint32(tiff[4:], 8) // first directory
	order.PutUint16(tiff[8:], 1) // one entry
	order.PutUint16(tiff[10:], 0x0112)
	order.PutUint16(tiff[12:], 3) // SHORT
	order.PutUint32(tiff[14:], 1)
	order.PutUint16(tiff[18:], o)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, j[:2]...)
	out = append(append(out, seg...), payload...)
	return append(out, j[2:]...)
}

// A picture stored with its red corner top left shows that corner where its
// EXIF orientation turns it.
func TestPhotoOrientation(t *testing.T) {
	const side = 600
	m := image.NewNRGBA(image.Rect(0, 0, side, side))
	for y := range side {
		for x := range side {
			c := color.NRGBA{30, 30, 200, 255}
			if x < side/2 && y < side/2 {
				c = color.NRGBA{200, 30, 30, 255}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	plain := jpegBytes(t, m)
	corners := map[string]image.Point{"top left": {128, 128}, "top right": {384, 128}, "bottom right": {384, 384}, "bottom left": {128, 384}}
	for _, tt := range []struct {
		o    uint16
		want string
	}{{1, "top left"}, {2, "top right"}, {3, "bottom right"}, {4, "bottom left"},
		{5, "top left"}, {6, "top right"}, {7, "bottom right"}, {8, "bottom left"}, {9, "top left"}, {0, "top left"}} {
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			large, _, err := processPhoto(withOrientation(plain, order, tt.o))
			if err != nil {
				t.Fatal(err)
			}
			out, err := jpeg.Decode(bytes.NewReader(large))
			if err != nil {
				t.Fatal(err)
			}
			for name, p := range corners {
				r, _, b, _ := out.At(p.X, p.Y).RGBA()
				if red := r > b; red != (name == tt.want) {
					t.Errorf("orientation %d (%v): %s red = %v, want the red corner %s", tt.o, order, name, red, tt.want)
				}
			}
		}
	}
}

// Broken or foreign EXIF never stops an upload: it counts as upright.
func TestEXIFOrientationUnreadable(t *testing.T) {
	plain := jpegBytes(t, photoOf(300, 300, false))
	good := withOrientation(plain, binary.LittleEndian, 6)
	for _, tt := range []struct {
		name string
		data []byte
		want int
	}{
		{"none", plain, 1},
		{"six", good, 6},
		{"other APP1", withEXIF(plain), 1},
		{"cut inside the segment", good[:20], 1},
		{"not a JPEG", []byte("hello"), 1},
		{"empty", nil, 1},
	} {
		if got := exifOrientation(tt.data); got != tt.want {
			t.Errorf("%s: orientation %d, want %d", tt.name, got, tt.want)
		}
	}
}

func FuzzEXIFOrientation(f *testing.F) {
	f.Add(withOrientation([]byte{0xff, 0xd8, 0xff, 0xd9}, binary.BigEndian, 8))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := exifOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d out of range", o)
		}
	})
}
