package practice

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"net/http"
	"testing"

	"github.com/knead/knead/internal/apperr"
)

// photoOf draws a w×h image with a red left half and a transparent or
// blue right half, so cropping and flattening show in the output.
func photoOf(w, h int, transparent bool) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.NRGBA{30, 30, 200, 255}
				if transparent {
					c.A = 0
				}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func pngBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withEXIF puts an APP1 segment after a JPEG's start marker, as cameras do.
func withEXIF(j []byte) []byte {
	payload := append([]byte("Exif\x00\x00"), []byte("GPS 52.5200 N 13.4050 E")...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// claimingSize rewrites a PNG's header to claim w×h pixels (a decompression
// bomb's trick: the header is all a decoder needs to allocate).
func claimingSize(p []byte, w, h uint32) []byte {
	out := bytes.Clone(p)
	ihdr := out[12:29] // "IHDR" and its 13 bytes of data
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(ihdr))
	return out
}

func TestProcessPhoto(t *testing.T) {
	var gifFile bytes.Buffer
	_ = gif.Encode(&gifFile, photoOf(200, 200, false), nil)
	goodJPEG := jpegBytes(t, photoOf(800, 600, false))
	tests := []struct {
		name       string
		data       []byte
		status     int // 0: accepted
		large      int // side of the large size when accepted
		stripsEXIF bool
	}{
		{"landscape JPEG", goodJPEG, 0, 512, false},
		{"portrait PNG", pngBytes(t, photoOf(300, 900, false)), 0, 300, false},
		{"transparent PNG", pngBytes(t, photoOf(600, 600, true)), 0, 512, false},
		{"JPEG with EXIF", withEXIF(goodJPEG), 0, 512, true},
		{"smallest", pngBytes(t, photoOf(128, 128, false)), 0, 128, false},
		{"GIF", gifFile.Bytes(), 422, 0, false},
		{"PDF", []byte("%PDF-1.7\n%%EOF\n"), 422, 0, false},
		{"text called .jpg", []byte("hello, I am a photo"), 422, 0, false},
		{"empty", nil, 422, 0, false},
		{"JPEG magic, then junk", append([]byte("\xff\xd8\xff\xe0"), make([]byte, 500)...), 422, 0, false},
		{"truncated JPEG", goodJPEG[:len(goodJPEG)/2], 422, 0, false},
		{"truncated PNG", pngBytes(t, photoOf(600, 600, false))[:200], 422, 0, false},
		{"too wide", pngBytes(t, image.NewGray(image.Rect(0, 0, MaxPhotoSide+1, 200))), 422, 0, false},
		{"claims 60000 × 60000", claimingSize(pngBytes(t, photoOf(200, 200, false)), 60000, 60000), 422, 0, false},
		{"too small", pngBytes(t, photoOf(127, 400, false)), 422, 0, false},
		{"over 5 MiB", append(bytes.Clone(goodJPEG), make([]byte, MaxPhotoBytes)...), 413, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			large, small, err := processPhoto(tt.data)
			if tt.status != 0 {
				e := apperr.From(err)
				if e.Status != tt.status || tt.status == 422 && e.Fields["photo"] == "" {
					t.Fatalf("got %v (%d %v), want %d naming photo", err, e.Status, e.Fields, tt.status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkJPEG(t, large, tt.large)
			checkJPEG(t, small, 128)
			if tt.stripsEXIF && (bytes.Contains(large, []byte("Exif")) || bytes.Contains(large, []byte("GPS"))) {
				t.Error("the re-encoded photo keeps the upload's EXIF")
			}
		})
	}
}

func checkJPEG(t *testing.T, data []byte, side int) {
	t.Helper()
	if http.DetectContentType(data) != "image/jpeg" {
		t.Fatalf("not a JPEG: %q", http.DetectContentType(data))
	}
	m, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Bounds(); b.Dx() != side || b.Dy() != side {
		t.Errorf("%v, want %d × %d", b, side, side)
	}
}

// The crop is the middle square, and transparency becomes white: a 600 px
// wide red | transparent image gives red on the left, white on the right.
func TestPhotoCropAndFlatten(t *testing.T) {
	large, _, err := processPhoto(pngBytes(t, photoOf(900, 600, true)))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := jpeg.Decode(bytes.NewReader(large))
	near := func(c color.Color, r, g, b uint8) bool {
		cr, cg, cb, _ := c.RGBA()
		d := func(a uint32, b uint8) float64 { return math.Abs(float64(a>>8) - float64(b)) }
		return d(cr, r) < 24 && d(cg, g) < 24 && d(cb, b) < 24
	}
	if c := m.At(100, 256); !near(c, 200, 30, 30) {
		t.Errorf("left of the crop is %v, want red", c)
	}
	if c := m.At(400, 256); !near(c, 255, 255, 255) {
		t.Errorf("right of the crop is %v, want white", c)
	}
}

// Every destination pixel averages exactly one pixel's worth of source.
func TestBoxSharesSumToOne(t *testing.T) {
	for _, tt := range [][2]int{{6000, 512}, {513, 512}, {512, 512}, {1000, 128}, {129, 128}} {
		sum := make([]float64, tt[1])
		for _, s := range boxShares(tt[0], tt[1]) {
			sum[s.i0] += float64(s.w0)
			sum[s.i1] += float64(s.w1)
		}
		for i, v := range sum {
			if math.Abs(v-1) > 1e-3 {
				t.Fatalf("%d → %d: pixel %d has weight %f", tt[0], tt[1], i, v)
			}
		}
	}
}

// Shrinking the largest photo allowed takes the time and memory one upload
// may use.
func BenchmarkProcessPhoto(b *testing.B) {
	data := jpegBytes(b, photoOf(MaxPhotoSide, MaxPhotoSide*3/4, false))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := processPhoto(data); err != nil {
			b.Fatal(err)
		}
	}
}
