// Package charts draws the report charts of unconf with gonum.org/v1/plot:
// box plots of a metric by policy (Box), paired differences against a
// baseline (Forest), lines or points with confidence bands (LineChart,
// Lines), alertness by slot in one panel per day (AlertnessBySlot), hands
// raised against attendance in one panel per policy (HandsVsAttendance), a
// schedule grid in one block per day (ScheduleGrid), heat maps over two
// swept parameters (HeatMap, Heat) and Morris screening charts
// (MorrisChart, Morris).
//
// Every function takes plain data, so callers need nothing from the
// experiment runner, and writes one file; the chart types with a Save
// method hold their content as data that callers and tests can read. The file's extension selects the
// format: ".png" (raster, PNGDPI dots per inch), ".svg" or ".pdf" (vector,
// fonts embedded in the PDF). Files are written atomically: the chart is
// rendered to a temporary file in the same directory, which is renamed
// over path only when complete and removed on any error, so a failed or
// interrupted call never leaves a partial chart behind. Invalid input
// (mismatched lengths, no data, non-finite values, an unknown extension)
// is reported as an error wrapping ErrLength, ErrNoData, ErrValue or
// ErrFormat before anything is written.
//
// Colours come from the Okabe–Ito palette, which stays distinguishable
// under the common colour-vision deficiencies, and each policy keeps its
// colour and marker across all charts: its row's Kind.Color in the
// policy.Registry the chart is given, and the marker of the row's
// position (PolicyColor for unconf's own policies). Continuous scales are
// viridis (heat maps), a light-to-dark blue ramp (schedule grid, so cell
// text stays readable) and a red–blue diverging ramp for signed values.
// Colour scales are drawn as a thin row of vector tiles in a plot of
// their own rather than with plotter.ColorBar, which is upside down in PDF
// and missing in SVG; heat map cells are vector tiles too, with white gaps
// (plotter.HeatMap's abutting cells show anti-aliasing seams).
//
// Format notes: SVGs name the font
// "Liberation Sans" with Arial and Helvetica (same metrics) as fallbacks,
// without embedding it. PDFs embed Liberation Sans, but because of faults
// in gonum/plot's PDF backend all PDF text is drawn in the regular face
// (no bold or italic) and in the cp1252 character set: the few characters
// outside it that charts use are spelled out ("->" for "→", "sigma" for
// "σ"), others become "?".
package charts
