package charts

import (
	"fmt"
	"math"
	"slices"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Cell is one room in one slot of a schedule grid.
type Cell struct {
	// Title is the session's title; "" leaves the cell blank (no session).
	Title string
	// Moderator names who runs the session, written under the title; ""
	// writes nothing.
	Moderator string
	// Hands is the number of hands raised for the session and Attendance
	// the (simulated or predicted) number of people present; both >= 0.
	Hands, Attendance int
	// Low and High, when High > 0, are a range of Attendance written after
	// it, e.g. the 80% range of a forecast: "28 → 18 (15–20)"; 0 <= Low
	// <= High. Low50 and High50, when High50 > 0, are an inner range
	// written in brackets before it, e.g. the 50% range: "28 → 18 [16–19]
	// (15–20)".
	Low, High     int
	Low50, High50 int
	// Value colours the cell on the chart's scale, e.g. attendance /
	// capacity or predicted attendance; NaN paints it grey.
	Value float64
	// Risk flags the session: "collapse" (vermillion outline) and
	// "overflow" (dashed orange outline) are known; any other non-empty
	// text gets a dotted black outline. The text is also written in the
	// cell and, worded by GridText.Legend, explained in the legend.
	Risk string
}

// numbers returns the cell's "hands → attendance [low50–high50]
// (low–high)".
func (c Cell) numbers() string {
	s := fmt.Sprintf("%d → %d", c.Hands, c.Attendance)
	if c.High50 > 0 {
		s += fmt.Sprintf(" [%d–%d]", c.Low50, c.High50)
	}
	if c.High > 0 {
		s += fmt.Sprintf(" (%d–%d)", c.Low, c.High)
	}
	return s
}

// DefaultGridCaption is the caption of a schedule grid whose GridText
// leaves it empty.
const DefaultGridCaption = "Each cell: session title, then hands raised → attendance."

// GridText words what a schedule grid's caption and legend say about its
// cells, which differ between a simulated schedule (what happened) and a
// forecast (what may happen). The zero value uses DefaultGridCaption and
// labels each outline with its Cell.Risk as it is.
type GridText struct {
	// Caption is written under the title to explain the numbers in each
	// cell, e.g. "Each cell: session title, then hands raised →
	// predicted median attendance."; "" means DefaultGridCaption.
	Caption string
	// Legend labels the outline of each Cell.Risk in the legend, e.g.
	// {"collapse": "collapsed (≤ 2 present)", "overflow": "people
	// turned away"}; a Risk missing from it is labelled with itself.
	Legend map[string]string
}

// caption returns the caption to write.
func (t GridText) caption() string {
	if t.Caption == "" {
		return DefaultGridCaption
	}
	return t.Caption
}

// label returns the legend label of risk.
func (t GridText) label(risk string) string {
	if l, ok := t.Legend[risk]; ok {
		return l
	}
	return risk
}

// Known risks and their outlines.
var riskStyles = map[string]draw.LineStyle{
	"collapse": {Color: oiVermillion, Width: vg.Points(2.6)},
	"overflow": {Color: oiOrange, Width: vg.Points(2.6), Dashes: []vg.Length{vg.Points(5), vg.Points(2.5)}},
}

// riskStyle returns the outline of risk.
func riskStyle(risk string) draw.LineStyle {
	if s, ok := riskStyles[risk]; ok {
		return s
	}
	return draw.LineStyle{Color: oiBlack, Width: vg.Points(2), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}
}

// Grid geometry, in points.
const (
	cellW   = vg.Length(100)
	cellH   = vg.Length(58)
	cellGap = vg.Length(3)
	cellPad = vg.Length(4)
)

// Limits that keep a schedule grid readable.
const (
	// MaxGridRooms is the most rooms side by side: an event with more is
	// drawn in bands of at most this many rooms, one under the other.
	MaxGridRooms = 10
	// MaxGridCells is the most cells (slots × rooms) a grid draws: the
	// days past it are left out, and the caption says so.
	MaxGridCells = 480
)

// ScheduleGrid writes a schedule as a grid to path: one row per slot,
// one column per room (roomLabels), cells[s][r] the session in slot s and
// room r. Each day of slots (Slot.Day) is a block of its own under the
// day as heading, its rows labelled with the slots' times; an event of
// more than MaxGridRooms rooms is drawn in even bands of at most that
// many rooms, each band of a day a block, and of more than MaxGridCells
// cells only as many whole days as fit (at least one), the caption naming
// the days left out. Each session's box is coloured by its Value on a
// blue scale from min(0, smallest value) to the largest, labelled
// valueLabel and drawn below the grid, and shows its title (two lines at
// most, shortened with "…"), its moderator, and "hands → attendance"
// with the range when given; flagged sessions (Cell.Risk) get a coloured
// outline and their flag written in the cell, explained in a legend; text
// words the caption under the title and the legend's labels. Errors: no
// slots or rooms (ErrNoData), cells not len(slots) × len(roomLabels)
// (ErrLength), negative counts, a range with Low > High or an infinite
// Value (ErrValue).
func ScheduleGrid(path, title, valueLabel string, slots []Slot, roomLabels []string, cells [][]Cell, text GridText) error {
	fig, err := gridFigure(title, valueLabel, slots, roomLabels, cells, text)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// gridFigure validates the data of ScheduleGrid and lays out its figure.
func gridFigure(title, valueLabel string, slots []Slot, roomLabels []string, cells [][]Cell, text GridText) (figure, error) {
	g, err := layoutGrid(title, valueLabel, slots, roomLabels, cells, text)
	if err != nil {
		return figure{}, err
	}
	w, h := g.size()
	return newFigure(w, h, g.draw)
}

// layoutGrid validates the data of ScheduleGrid and splits it into
// blocks.
func layoutGrid(title, valueLabel string, slots []Slot, roomLabels []string, cells [][]Cell, text GridText) (gridFig, error) {
	where := fmt.Sprintf("charts: schedule grid %q", title)
	if len(slots) == 0 || len(roomLabels) == 0 {
		return gridFig{}, fmt.Errorf("%s: %d slots, %d rooms: %w", where, len(slots), len(roomLabels), ErrNoData)
	}
	if len(cells) != len(slots) {
		return gridFig{}, fmt.Errorf("%s: %d rows of cells, %d slots: %w", where, len(cells), len(slots), ErrLength)
	}
	for s, row := range cells {
		if len(row) != len(roomLabels) {
			return gridFig{}, fmt.Errorf("%s: slot %d has %d cells, %d rooms: %w", where, s, len(row), len(roomLabels), ErrLength)
		}
		for r, c := range row {
			if c.Hands < 0 || c.Attendance < 0 || c.Low < 0 || (c.High > 0 && c.Low > c.High) || c.Low50 < 0 || (c.High50 > 0 && c.Low50 > c.High50) || math.IsInf(c.Value, 0) {
				return gridFig{}, fmt.Errorf("%s: slot %d, room %d: hands %d, attendance %d (%d–%d), value %v: %w",
					where, s, r, c.Hands, c.Attendance, c.Low, c.High, c.Value, ErrValue)
			}
		}
	}

	g := gridFig{title: title, valueLabel: valueLabel, slots: slots, rooms: roomLabels, cells: cells, text: text}
	// Whole days while they fit under MaxGridCells, at least one.
	ds := days(slots)
	shown := 0
	for shown < len(ds) && (shown == 0 || ds[shown][1]*len(roomLabels) <= MaxGridCells) {
		shown++
	}
	if shown < len(ds) {
		first, last := slots[ds[shown][0]].Day, slots[ds[len(ds)-1][0]].Day
		if shown == len(ds)-1 {
			g.note = fmt.Sprintf("Not drawn, to keep the chart readable (at most %d cells): %s.", MaxGridCells, first)
		} else {
			g.note = fmt.Sprintf("Not drawn, to keep the chart readable (at most %d cells): %d more days, %s to %s.",
				MaxGridCells, len(ds)-shown, first, last)
		}
	}
	bands := (len(roomLabels) + MaxGridRooms - 1) / MaxGridRooms
	per := (len(roomLabels) + bands - 1) / bands
	for _, d := range ds[:shown] {
		for b := 0; b*per < len(roomLabels); b++ {
			blk := gridBlock{head: slots[d[0]].Day, from: d[0], to: d[1], room0: b * per, room1: min((b+1)*per, len(roomLabels))}
			if bands > 1 {
				blk.head = fmt.Sprintf("%s (rooms %d–%d of %d)", blk.head, blk.room0+1, blk.room1, len(roomLabels))
			}
			g.blocks = append(g.blocks, blk)
		}
	}

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, blk := range g.blocks {
		for s := blk.from; s < blk.to; s++ {
			for _, c := range cells[s][blk.room0:blk.room1] {
				if c.Title == "" {
					continue
				}
				if math.IsNaN(c.Value) {
					g.greys = true
				} else {
					lo, hi = math.Min(lo, c.Value), math.Max(hi, c.Value)
				}
				if c.Risk != "" && !slices.Contains(g.risks, c.Risk) {
					g.risks = append(g.risks, c.Risk)
				}
			}
		}
	}
	g.hasScale = !math.IsInf(lo, 1)
	if g.hasScale {
		lo = math.Min(lo, 0)
		if lo == hi {
			lo, hi = pad(lo, hi, 0.5)
		}
	}
	g.lo, g.hi = lo, hi
	return g, nil
}

// gridFig lays out and draws a schedule grid.
type gridFig struct {
	title, valueLabel string
	slots             []Slot
	rooms             []string
	cells             [][]Cell
	// blocks are drawn one under the other.
	blocks          []gridBlock
	lo, hi          float64
	hasScale, greys bool
	risks           []string
	text            GridText
	// note says which days are not drawn; "" when all are.
	note string
}

// gridBlock is one day's slots [from, to) in rooms [room0, room1) under
// a heading.
type gridBlock struct {
	head         string
	from, to     int
	room0, room1 int
}

// Layout sizes, in points.
const (
	gridTitleH  = vg.Length(40) // title and caption
	gridNoteH   = vg.Length(14) // the note on days not drawn
	gridDayH    = vg.Length(22) // a block's heading
	gridHeadH   = vg.Length(20) // room labels
	gridBlockG  = vg.Length(12) // gap under a block
	gridLegendH = vg.Length(56) // colour scale and risk legend
)

var (
	gridDay   = textStyle(sansBold, 11, oiBlack)
	gridHead  = textStyle(sansBold, 9.5, oiBlack)
	gridSlot  = textStyle(sans, 9.5, oiBlack)
	cellTitle = textStyle(sans, 7.5, oiBlack)
	cellMod   = italic(textStyle(sans, 7, oiBlack))
	cellNums  = textStyle(sansBold, 8.5, oiBlack)
	cellRisk  = italic(textStyle(sans, 7.5, oiBlack))
)

// italic returns sty in the italic face.
func italic(sty text.Style) text.Style {
	sty.Font.Style = xfont.StyleItalic
	return sty
}

func (g gridFig) rowLabelW() vg.Length {
	w := vg.Length(0)
	for _, s := range g.slots {
		w = max(w, gridSlot.Width(s.Time))
	}
	return w + 10
}

// columns returns the most rooms a block shows.
func (g gridFig) columns() int {
	n := 0
	for _, b := range g.blocks {
		n = max(n, b.room1-b.room0)
	}
	return n
}

func (g gridFig) titleH() vg.Length {
	if g.note != "" {
		return gridTitleH + gridNoteH
	}
	return gridTitleH
}

func (g gridFig) blockH(b gridBlock) vg.Length {
	return gridDayH + gridHeadH + vg.Length(b.to-b.from)*(cellH+cellGap) + gridBlockG
}

func (g gridFig) size() (w, h vg.Length) {
	w = 2*margin + g.rowLabelW() + vg.Length(g.columns())*(cellW+cellGap)
	h = 2*margin + g.titleH() + gridLegendH
	for _, b := range g.blocks {
		h += g.blockH(b)
	}
	head := max(textStyle(sansBold, titleSize, oiBlack).Width(g.title), textStyle(sans, tickSize, oiBlack).Width(g.text.caption()),
		textStyle(sans, tickSize, oiBlack).Width(g.note))
	for _, b := range g.blocks {
		head = max(head, gridDay.Width(b.head))
	}
	return max(w, 2*margin+g.rowLabelW()+g.legendW(), 2*margin+head, 4*vg.Inch), h
}

// scaleW returns the width of the colour scale.
func (g gridFig) scaleW() vg.Length {
	return max(200, min(320, vg.Length(g.columns())*(cellW+cellGap)*0.45))
}

// legendW returns the width of the colour scale and risk legend.
func (g gridFig) legendW() vg.Length {
	var w vg.Length
	if g.hasScale {
		w += g.scaleW() + 40
	}
	ls := textStyle(sans, legendSize, oiBlack)
	for _, risk := range g.risks {
		w += 28 + 6 + ls.Width(g.text.label(risk)) + 24
	}
	if g.greys {
		w += 28 + 6 + ls.Width("no value") + 24
	}
	return w
}
