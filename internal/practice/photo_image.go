package practice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/therapist"
)

// MaxPhotoBytes bounds an uploaded photo, as it does a document.
const MaxPhotoBytes = 5 << 20

// Photo sides an upload may have. The largest is checked from the header
// before decoding: a few kilobytes of PNG can claim 60,000 × 60,000 pixels
// and make the decoder ask for gigabytes. The smallest keeps the large size
// from being a blur.
const (
	MaxPhotoSide = 6000
	MinPhotoSide = therapist.PhotoSmall
)

// photoQuality is the JPEG quality of the stored sizes.
const photoQuality = 85

func photoInvalid(msg string) error { return apperr.Fields{"photo": msg}.Err() }

// photoCodecs picks the decoder from the file's first bytes: its name and
// declared type are never trusted.
func photoCodecs(data []byte) (func(io.Reader) (image.Config, error), func(io.Reader) (image.Image, error)) {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return png.DecodeConfig, png.Decode
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return jpeg.DecodeConfig, jpeg.Decode
	}
	return nil, nil
}

// processPhoto checks an upload and re-encodes it: a centred square, as a
// JPEG of therapist.PhotoLarge pixels (or the square's own size when
// smaller) and one of therapist.PhotoSmall. Re-encoding drops everything
// but the pixels — metadata such as GPS position, and anything a crafted
// file hides for some other program; the EXIF orientation is applied first.
func processPhoto(data []byte) (large, small []byte, err error) {
	if len(data) > MaxPhotoBytes {
		return nil, nil, apperr.ErrTooLarge.With("A photo may be at most 5 MiB.")
	}
	config, decode := photoCodecs(data)
	if config == nil {
		return nil, nil, photoInvalid("Upload a JPEG or PNG image.")
	}
	damaged := photoInvalid("This image could not be read; it may be damaged or cut short.")
	cfg, err := config(bytes.NewReader(data))
	switch {
	case err != nil:
		return nil, nil, damaged
	case cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide:
		return nil, nil, photoInvalid(fmt.Sprintf("Use an image of at most %d × %d pixels.", MaxPhotoSide, MaxPhotoSide))
	case cfg.Width < MinPhotoSide || cfg.Height < MinPhotoSide:
		return nil, nil, photoInvalid(fmt.Sprintf("Use an image at least %d pixels wide and high.", MinPhotoSide))
	}
	m, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, nil, damaged
	}
	sq := centredSquare(m.Bounds())
	big := orient(scale(m, sq, min(therapist.PhotoLarge, sq.Dx())), exifOrientation(data))
	if large, err = encodeJPEG(big); err != nil {
		return nil, nil, err
	}
	small, err = encodeJPEG(scale(big, big.Bounds(), therapist.PhotoSmall))
	return large, small, err
}

func encodeJPEG(m image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: photoQuality}); err != nil {
		return nil, fmt.Errorf("practice: encode photo: %w", err)
	}
	return b.Bytes(), nil
}

// photoTag is the ETag of a photo's two sizes.
func photoTag(large, small []byte) string {
	h := sha256.New()
	h.Write(large)
	h.Write(small)
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// centredSquare is the largest square in the middle of r.
func centredSquare(r image.Rectangle) image.Rectangle {
	side := min(r.Dx(), r.Dy())
	x, y := r.Min.X+(r.Dx()-side)/2, r.Min.Y+(r.Dy()-side)/2
	return image.Rect(x, y, x+side, y+side)
}

// share is how one source pixel divides between at most two neighbouring
// destination pixels along one axis.
type share struct {
	i0, i1 int
	w0, w1 float32
}

// boxShares maps side source pixels onto n ≤ side destination pixels: each
// destination pixel averages exactly the source area it covers.
func boxShares(side, n int) []share {
	f := float64(n) / float64(side)
	out := make([]share, side)
	for s := range out {
		a, b := float64(s)*f, float64(s+1)*f
		i := min(int(a), n-1)
		edge := float64(i + 1)
		if b <= edge || i == n-1 {
			out[s] = share{i, i, float32(b - a), 0}
		} else {
			out[s] = share{i, i + 1, float32(edge - a), float32(b - edge)}
		}
	}
	return out
}

// scaleStrip is how many source rows are converted to RGBA at a time, so
// memory grows with the output and the width, not with the upload's area.
const scaleStrip = 32

// scale shrinks the square r of m to n×n with a box filter (no aliasing
// when shrinking a lot), flattened onto white: JPEG has no transparency.
func scale(m image.Image, r image.Rectangle, n int) *image.RGBA {
	side := r.Dx()
	sh := boxShares(side, n)
	acc := make([]float32, n*n*4)
	buf := image.NewRGBA(image.Rect(0, 0, side, scaleStrip))
	for y0 := 0; y0 < side; y0 += scaleStrip {
		h := min(scaleStrip, side-y0)
		draw.Draw(buf, image.Rect(0, 0, side, h), m, image.Pt(r.Min.X, r.Min.Y+y0), draw.Src)
		for dy := range h {
			wy := sh[y0+dy]
			row := buf.Pix[dy*buf.Stride:]
			for x, wx := range sh {
				px := row[x*4 : x*4+4]
				add(acc[(wy.i0*n)*4:], px, wx, wy.w0)
				if wy.w1 != 0 {
					add(acc[(wy.i1*n)*4:], px, wx, wy.w1)
				}
			}
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, n, n))
	for i := 0; i < len(acc); i += 4 {
		white := 255 - acc[i+3] // premultiplied colour over white
		for c := range 3 {
			out.Pix[i+c] = clamp8(acc[i+c] + white)
		}
		out.Pix[i+3] = 255
	}
	return out
}

// add adds pixel px, weighted wy in y and by its shares in x, to a
// destination row.
func add(row []float32, px []byte, wx share, wy float32) {
	for c := range 4 {
		v := float32(px[c]) * wy
		row[wx.i0*4+c] += v * wx.w0
		if wx.w1 != 0 {
			row[wx.i1*4+c] += v * wx.w1
		}
	}
}

func clamp8(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}
