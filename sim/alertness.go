package sim

import (
	"fmt"
	"math"
)

// AlertnessConfig is the body-clock model. Alertness in [0, 1] is a
// circadian curve evaluated at the body-clock hour, times one minus the
// fatigue of consecutive sessions:
//
//	shift(d)  = sign(J) · max(0, |J| − rate · (d + ArrivalDays))   (J = jet lag, h)
//	body      = local hour − shift(d)
//	C(h)      = Base + Amplitude·cos(2π(h−PeakHour)/24)
//	               + Harmonic·cos(4π(h−HarmonicHour)/24)
//	               − Dip·exp(−(h−DipHour)²/(2·DipWidth²))
//	alertness = clamp(C(body), 0, 1) · (1 − fatigue)
//
// rate is WestRate after flying west and EastRate after flying east: the
// body clock re-entrains about 1.5 h a day westward and 1 h a day eastward
// (Aschoff et al. 1975; Waterhouse et al. 2007, Lancet 369:1117). The
// two-harmonic curve with a post-lunch dip follows the shape of subjective
// alertness in Folkard and Åkerstedt's three-process model (1987): a peak in
// the late morning, a dip after lunch, a plateau into the evening and a trough
// around 04:00 body time. Defaults put a −9 h visitor (Norway to California,
// arrived the day before) at 0.76, 0.62 and 0.40 on day 1's 09:30, 13:30 and
// 15:30 slots, and 0.74, 0.71, 0.57 on day 2: better after lunch, on a par
// in the morning (body clock 17:00 on day 1, 15:30 on day 2). A local is at
// 0.77, 0.75, 0.74; an eastward visitor from +8 h at 0.07, 0.36, 0.65 on
// day 1.
type AlertnessConfig struct {
	// ArrivalDays is how many days before day 1 visitors arrive (default 1).
	ArrivalDays float64 `mapstructure:"arrival_days"`
	// WestRate and EastRate are the hours of shift recovered per day
	// (defaults 1.5 and 1).
	WestRate float64 `mapstructure:"west_rate"`
	EastRate float64 `mapstructure:"east_rate"`
	// Base, Amplitude, PeakHour, Harmonic and HarmonicHour shape the
	// circadian curve (defaults 0.55, 0.38, 14.5, 0.12, 9.5).
	Base         float64 `mapstructure:"base"`
	Amplitude    float64 `mapstructure:"amplitude"`
	PeakHour     float64 `mapstructure:"peak_hour"`
	Harmonic     float64 `mapstructure:"harmonic"`
	HarmonicHour float64 `mapstructure:"harmonic_hour"`
	// Dip, DipHour and DipWidth shape the post-lunch dip (defaults 0.12,
	// 14 h, 1.2 h).
	Dip      float64 `mapstructure:"dip"`
	DipHour  float64 `mapstructure:"dip_hour"`
	DipWidth float64 `mapstructure:"dip_width"`
	// Fatigue is added per consecutive session attended (default 0.08); a
	// break of at least ResetMinutes (default 90: lunch) or a night resets it.
	Fatigue      float64 `mapstructure:"fatigue"`
	ResetMinutes float64 `mapstructure:"reset_minutes"`
	// GroupHours is the time difference from which a visitor counts as
	// jet-lagged west or east in reports (default 3).
	GroupHours float64 `mapstructure:"group_hours"`
	// AlertThreshold is the alertness from which a person-hour counts as
	// alert in alert_share (default 0.5).
	AlertThreshold float64 `mapstructure:"alert_threshold"`
}

// Validate reports the first invalid field, by its config key.
func (c *AlertnessConfig) Validate() error {
	checks := []struct {
		key string
		v   float64
		f   func(string, float64) error
	}{
		{"alertness.arrival_days", c.ArrivalDays, nonNegative},
		{"alertness.west_rate", c.WestRate, nonNegative},
		{"alertness.east_rate", c.EastRate, nonNegative},
		{"alertness.base", c.Base, finite},
		{"alertness.amplitude", c.Amplitude, nonNegative},
		{"alertness.peak_hour", c.PeakHour, hour},
		{"alertness.harmonic", c.Harmonic, nonNegative},
		{"alertness.harmonic_hour", c.HarmonicHour, hour},
		{"alertness.dip", c.Dip, nonNegative},
		{"alertness.dip_hour", c.DipHour, hour},
		{"alertness.dip_width", c.DipWidth, positive},
		{"alertness.fatigue", c.Fatigue, probability},
		{"alertness.reset_minutes", c.ResetMinutes, nonNegative},
		{"alertness.group_hours", c.GroupHours, nonNegative},
		{"alertness.alert_threshold", c.AlertThreshold, probability},
	}
	for _, ch := range checks {
		if err := ch.f(ch.key, ch.v); err != nil {
			return err
		}
	}
	return nil
}

func hour(key string, v float64) error {
	if !(v >= 0 && v < 24) {
		return fmt.Errorf("%s: %v: want an hour in [0, 24)", key, v)
	}
	return nil
}

// Shift returns the residual body-clock shift in hours on day d (0-based)
// of an attendee whose jet lag is jetlag hours (negative: flew west).
func (c *AlertnessConfig) Shift(jetlag float64, d int) float64 {
	rate := c.EastRate
	if jetlag < 0 {
		rate = c.WestRate
	}
	left := math.Abs(jetlag) - rate*(float64(d)+c.ArrivalDays)
	if left <= 0 {
		return 0
	}
	return math.Copysign(left, jetlag)
}

// Circadian returns the rested alertness at body-clock hour h, in [0, 1].
func (c *AlertnessConfig) Circadian(h float64) float64 {
	v := c.Base +
		c.Amplitude*math.Cos(2*math.Pi*(h-c.PeakHour)/24) +
		c.Harmonic*math.Cos(4*math.Pi*(h-c.HarmonicHour)/24)
	d := math.Mod(h-c.DipHour+36, 24) - 12 // distance to the dip, wrapped
	v -= c.Dip * math.Exp(-d*d/(2*c.DipWidth*c.DipWidth))
	return math.Max(0, math.Min(1, v))
}

// Alertness returns the alertness, in [0, 1], of an attendee with the given
// jet lag on day d at local hour (e.g. 13.5 for 13:30), carrying fatigue.
func (c *AlertnessConfig) Alertness(jetlag float64, d int, local, fatigue float64) float64 {
	body := local - c.Shift(jetlag, d)
	return c.Circadian(body) * math.Max(0, 1-fatigue)
}
