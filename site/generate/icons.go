package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// The PNG icons (for the web app manifest and Apple devices) are drawn here
// from the same shapes as site/assets/icon.svg, so no binary file is kept in
// the repository and the two cannot drift apart. Coordinates are in the
// SVG's 64×64 view box.

type point struct{ x, y float64 }

func cubic(p0, p1, p2, p3 point, n int) []point {
	pts := make([]point, 0, n)
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		pts = append(pts, point{
			u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
			u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y,
		})
	}
	return pts
}

// shield is the SVG path M32 10 L50 17 V31 C50 43 42 51 32 55
// C22 51 14 43 14 31 V17 Z as a polygon.
func shield() []point {
	pts := []point{{32, 10}, {50, 17}, {50, 31}}
	pts = append(pts, cubic(point{50, 31}, point{50, 43}, point{42, 51}, point{32, 55}, 16)...)
	pts = append(pts, cubic(point{32, 55}, point{22, 51}, point{14, 43}, point{14, 31}, 16)...)
	return append(pts, point{14, 17})
}

func inPolygon(p point, poly []point) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}

func inRoundedSquare(p point) bool {
	const size, r = 64.0, 12.0
	if p.x < 0 || p.y < 0 || p.x > size || p.y > size {
		return false
	}
	cx := clamp(p.x, r, size-r)
	cy := clamp(p.y, r, size-r)
	return (p.x-cx)*(p.x-cx)+(p.y-cy)*(p.y-cy) <= r*r
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// iconPNG draws the icon at size×size pixels with 4×4 supersampling.
func iconPNG(size int) []byte {
	teal := color.NRGBA{0x0b, 0x55, 0x63, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	sh := shield()
	keyhole := []point{{29.5, 32}, {34.5, 32}, {35.5, 42}, {28.5, 42}}
	shade := func(p point) (color.NRGBA, bool) {
		if !inRoundedSquare(p) {
			return color.NRGBA{}, false
		}
		inHole := (p.x-32)*(p.x-32)+(p.y-29)*(p.y-29) <= 25 || inPolygon(p, keyhole)
		if inPolygon(p, sh) && !inHole {
			return white, true
		}
		return teal, true
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4
	scale := 64.0 / float64(size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					p := point{(float64(x) + (float64(sx)+0.5)/ss) * scale, (float64(y) + (float64(sy)+0.5)/ss) * scale}
					if c, ok := shade(p); ok {
						r += int(c.R)
						g += int(c.G)
						b += int(c.B)
						a++
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(a * 255 / (ss * ss))})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
