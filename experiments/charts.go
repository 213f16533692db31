package experiments

// compareCharts draws the charts of a compare run into out/charts and
// returns their paths relative to out.
func compareCharts(out, format string, cfg *Config, d *compareData, rows []summaryRow, baseline int) ([]string, error) {
	return nil, nil // integration point: experiments/charts
}
