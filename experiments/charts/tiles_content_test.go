package charts

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// gridData returns an event of the given size: slots per day, days and
// rooms, every cell a session.
func gridData(perDay, ndays, nrooms int) ([]Slot, []string, [][]Cell) {
	var slots []Slot
	for d := range ndays {
		for s := range perDay {
			slots = append(slots, Slot{Day: fmt.Sprintf("Day %d: Monday %d November 2026", d+1, 16+d),
				Time: fmt.Sprintf("%02d:00–%02d:00", 9+2*s, 10+2*s)})
		}
	}
	var rooms []string
	for r := range nrooms {
		rooms = append(rooms, fmt.Sprintf("Room %d (50)", r+1))
	}
	cells := make([][]Cell, len(slots))
	for s := range cells {
		for r := range rooms {
			cells[s] = append(cells[s], Cell{Title: fmt.Sprintf("Session %d.%d", s, r), Hands: 40, Attendance: 30,
				Value: 0.6, Moderator: "Maximiliana Fernández-Oyelaran", Low: 25, High: 34, Risk: "overflow"})
		}
	}
	return slots, rooms, cells
}

func TestGridContent(t *testing.T) {
	t.Run("days", func(t *testing.T) {
		slots, rooms, cells := sampleGrid()
		g, err := layoutGrid("Schedule", "v", slots, rooms, cells, GridText{})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.blocks) != 2 || g.note != "" {
			t.Fatalf("%d blocks, note %q: want one per day, all drawn", len(g.blocks), g.note)
		}
		fig, _ := gridFigure("Schedule", "v", slots, rooms, cells, GridText{})
		r := record(t, fig)
		for _, s := range []string{"Day 1: Friday 1 December 2017", "Day 2: Saturday 2 December 2017"} {
			if len(r.find(s)) != 1 {
				t.Errorf("day heading %q drawn %d times, want once", s, len(r.find(s)))
			}
		}
		for _, s := range []string{"09:30–10:30", "15:30–16:30", "Main hall (120)"} {
			if len(r.find(s)) != 2 {
				t.Errorf("%q drawn %d times, want once a day", s, len(r.find(s)))
			}
		}
		// A moderator under the title, a range after the attendance.
		var c Cell
		for _, row := range cells {
			for _, x := range row {
				if x.Moderator != "" && c.Title == "" {
					c = x
				}
			}
		}
		if !r.has(c.Moderator) || len(r.find(fmt.Sprintf("%d → %d (%d–%d)", c.Hands, c.Attendance, c.Low, c.High))) == 0 {
			t.Errorf("cell %+v: no moderator or range in %q", c, r.texts())
		}
		if o := overlapping(r); len(o) > 0 {
			t.Errorf("overlapping texts: %q", o)
		}
	})
	t.Run("large", func(t *testing.T) {
		// configs/large.yaml: 24 rooms, 2 days of 4 slots.
		slots, rooms, cells := gridData(4, 2, 24)
		g, err := layoutGrid("Schedule", "v", slots, rooms, cells, GridText{})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.blocks) != 6 {
			t.Errorf("%d blocks, want 2 days × 3 bands of 8 rooms", len(g.blocks))
		}
		for _, b := range g.blocks {
			if n := b.room1 - b.room0; n != 8 {
				t.Errorf("block %q: %d rooms, want 8", b.head, n)
			}
		}
		if g.blocks[1].head != "Day 1: Monday 16 November 2026 (rooms 9–16 of 24)" {
			t.Errorf("second block %q", g.blocks[1].head)
		}
		w, h := g.size()
		if w > 2*margin+g.rowLabelW()+MaxGridRooms*(cellW+cellGap) || w/vg.Inch > 14 {
			t.Errorf("%v in wide: more than %d rooms side by side", w/vg.Inch, MaxGridRooms)
		}
		if h/vg.Inch > 30 {
			t.Errorf("%v in tall", h/vg.Inch)
		}
		fig, _ := gridFigure("Schedule", "v", slots, rooms, cells, GridText{})
		r := record(t, fig)
		if len(r.find("Room 24 (50)")) != 2 || len(r.find("Session 7.23")) != 1 {
			t.Error("the last room or session is not drawn")
		}
		if o := overlapping(r); len(o) > 0 {
			t.Errorf("overlapping texts: %q", o[:min(len(o), 5)])
		}
	})
	t.Run("cap", func(t *testing.T) {
		slots, rooms, cells := gridData(5, 6, 30) // 900 cells
		g, err := layoutGrid("Schedule", "v", slots, rooms, cells, GridText{})
		if err != nil {
			t.Fatal(err)
		}
		cellsDrawn := 0
		for _, b := range g.blocks {
			cellsDrawn += (b.to - b.from) * (b.room1 - b.room0)
		}
		if cellsDrawn != 450 {
			t.Errorf("%d cells drawn, want the 3 days under the cap of %d (450)", cellsDrawn, MaxGridCells)
		}
		want := "Not drawn, to keep the chart readable (at most 480 cells): 3 more days, Day 4: Monday 19 November 2026 to Day 6: Monday 21 November 2026."
		if g.note != want {
			t.Errorf("note %q, want %q", g.note, want)
		}
		fig, _ := gridFigure("Schedule", "v", slots, rooms, cells, GridText{})
		if !record(t, fig).has(want) {
			t.Error("note not drawn")
		}
		// One day over the cap is still drawn.
		slots, rooms, cells = gridData(10, 1, 60)
		if g, _ := layoutGrid("Schedule", "v", slots, rooms, cells, GridText{}); len(g.blocks) != 6 || g.note != "" {
			t.Errorf("one day of 600 cells: %d blocks, note %q; want it all, in 6 bands", len(g.blocks), g.note)
		}
	})
}

func TestHeatContent(t *testing.T) {
	xs, ys, z := sampleHeat(false)
	// Two maps of one quantity on one scale: the same colour means the
	// same value in both.
	a := HeatMap{Title: "a", XLabel: "x", YLabel: "y", ZLabel: "z", X: xs, Y: ys, Z: z, ZMin: 0, ZMax: 0.5}
	b := a
	b.Z = [][]float64{}
	for _, row := range z {
		b.Z = append(b.Z, []float64{row[0] / 2, row[1] / 2, row[2] / 2, row[3] / 2, row[4] / 2, row[5] / 2})
	}
	fa, err := a.figure()
	if err != nil {
		t.Fatal(err)
	}
	fb, err := b.figure()
	if err != nil {
		t.Fatal(err)
	}
	sa, sb := fa.panels[1], fb.panels[1]
	if sa.X.Min != 0 || sa.X.Max != 0.5 || sb.X.Min != 0 || sb.X.Max != 0.5 {
		t.Errorf("scales %v..%v and %v..%v, want both 0..0.5", sa.X.Min, sa.X.Max, sb.X.Min, sb.X.Max)
	}
	// Signed values on a fixed scale: symmetric around zero.
	s := HeatMap{X: xs, Y: ys, Z: z, ZMin: -0.1, ZMax: 0.5}
	if lo, hi, _ := s.scale(); lo != -0.5 || hi != 0.5 {
		t.Errorf("signed scale %v..%v, want −0.5..0.5", lo, hi)
	}
	if _, err := (HeatMap{X: xs, Y: ys, Z: z, ZMin: 0, ZMax: 0.1}).figure(); !errors.Is(err, ErrValue) {
		t.Errorf("a value above the fixed scale: error %v, want ErrValue", err)
	}

	// The winner-margin map names the winner in each cell.
	w := sampleWinner()
	fw, err := w.figure()
	if err != nil {
		t.Fatal(err)
	}
	r := record(t, fw)
	n := map[string]int{}
	for _, s := range r.texts() {
		n[s]++
	}
	want := map[string]int{}
	for _, row := range w.Labels {
		for _, l := range row {
			for _, line := range strings.Split(l, "\n") {
				want[line]++
			}
		}
	}
	for s, k := range want {
		if n[s] < k {
			t.Errorf("%q drawn %d times, want %d", s, n[s], k)
		}
	}
	checkMinus(t, r)
}
