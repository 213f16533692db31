package csvcell

import "testing"

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=x", "''=x"},
		{"-5", "-5"},
		{"+1.5e3", "+1.5e3"},
		{"-Inf", "'-Inf"},
		{"Hall 1", "Hall 1"},
		{"", ""},
		{"'quoted", "'quoted"},
		{"a=b", "a=b"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzRoundTrip checks that Unquote undoes Text for any text, and that
// Text never leaves a formula.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"=x", "'=x", "''=x", "-5", "-x", "'", "", "@", "'-5", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if back := Unquote(got); back != s {
			t.Errorf("Unquote(Text(%q)) = %q", s, back)
		}
		if got != "" && trigger(got[0]) && needsQuote(got) {
			t.Errorf("Text(%q) = %q starts a formula", s, got)
		}
	})
}

// TestAppendFieldInjection: text cells of results, sessions and summaries
// that a spreadsheet would run as formulas get a leading single quote;
// numbers (a swept value of -0.5) stay as they are (issue 10 item 19).
func TestAppendFieldInjection(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": `"'=HYPERLINK(""x"")"`,
		"@room":             "'@room",
		"-0.5":              "-0.5",
		"+3":                "+3",
		"-x":                "'-x",
		"Hall 1":            "Hall 1",
		"a,b":               `"a,b"`,
	} {
		if got := string(AppendField(nil, in)); got != want {
			t.Errorf("AppendField(%q) = %s, want %s", in, got, want)
		}
	}
}
