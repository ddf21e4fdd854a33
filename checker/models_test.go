package checker_test

import (
	"context"
	"encoding/binary"
	"fmt"
)

// grid is a walk on a W x H grid: from (x, y) one can step right, down, left
// or up without leaving it. Every cell is reachable, the farthest at depth
// W+H-2.
type grid struct{ W, H int }

type cell struct{ X, Y int }

func (g grid) Init() []cell { return []cell{{0, 0}} }

func (g grid) Actions(c cell, buf []string) []string {
	if c.X+1 < g.W {
		buf = append(buf, "right")
	}
	if c.Y+1 < g.H {
		buf = append(buf, "down")
	}
	if c.X > 0 {
		buf = append(buf, "left")
	}
	if c.Y > 0 {
		buf = append(buf, "up")
	}
	return buf
}

func (g grid) Next(c cell, a string) (cell, bool) {
	switch a {
	case "right":
		c.X++
	case "down":
		c.Y++
	case "left":
		c.X--
	case "up":
		c.Y--
	}
	return c, true
}

func (g grid) Encode(buf []byte, c cell) []byte {
	buf = binary.AppendUvarint(buf, uint64(c.X))
	return binary.AppendUvarint(buf, uint64(c.Y))
}

// transitions is the number of (cell, move) pairs: every cell has one move
// per neighbour.
func (g grid) transitions() int64 {
	horizontal := 2 * (g.W - 1) * g.H
	vertical := 2 * (g.H - 1) * g.W
	return int64(horizontal + vertical)
}

// counter counts from 0 up to Max and stops there: Max is a deadlock unless
// EndAtMax marks it as an allowed end.
type counter struct {
	Max      int
	EndAtMax bool
}

func (c counter) Init() []int { return []int{0} }
func (c counter) Actions(n int, buf []string) []string {
	if n < c.Max {
		buf = append(buf, "inc")
	}
	return buf
}
func (c counter) Next(n int, _ string) (int, bool) { return n + 1, true }
func (c counter) Encode(buf []byte, n int) []byte  { return binary.AppendUvarint(buf, uint64(n)) }
func (c counter) Label(from int, a string, to int) string {
	return fmt.Sprintf("%s %d->%d", a, from, to)
}

// endingCounter is a counter whose Max is an allowed end.
type endingCounter struct{ counter }

func (c endingCounter) AllowedEnd(n int) bool { return n == c.Max }

// wide has one state with more actions than the checker supports.
type wide struct{}

func (wide) Init() []int                     { return []int{0} }
func (wide) Actions(n int, buf []int) []int  { return append(buf, make([]int, 70000)...) }
func (wide) Next(n int, _ int) (int, bool)   { return n, true }
func (wide) Encode(buf []byte, n int) []byte { return binary.AppendUvarint(buf, uint64(n)) }

// cancelAt cancels a context when it generates state N, to interrupt a run
// in the middle of a level.
type cancelAt struct {
	grid
	N      cell
	Cancel context.CancelFunc
}

func (c cancelAt) Next(s cell, a string) (cell, bool) {
	n, ok := c.grid.Next(s, a)
	if n == c.N {
		c.Cancel()
	}
	return n, ok
}
