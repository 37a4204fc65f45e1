package views

import "github.com/fatih/color"

// Palette holds the colours of every view; with colour off each prints
// plain text.
type Palette struct {
	Value  *color.Color // values and results
	Err    *color.Color // errors
	Dim    *color.Color // secondary text: help, frames' headers
	Head   *color.Color // table headings and titles
	Name   *color.Color // coroutine and function names
	Good   *color.Color // completed, active
	Warn   *color.Color // waiting, cancelling
	Bad    *color.Color // failed, cancelled
	Accent *color.Color // where a coroutine stands: file:line, the current frame
}

// NewPalette returns the colours, or plain text when noColor.
func NewPalette(noColor bool) Palette {
	p := Palette{
		Value:  color.New(color.FgCyan),
		Err:    color.New(color.FgRed, color.Bold),
		Dim:    color.New(color.Faint),
		Head:   color.New(color.Bold, color.Underline),
		Name:   color.New(color.FgMagenta),
		Good:   color.New(color.FgGreen),
		Warn:   color.New(color.FgYellow),
		Bad:    color.New(color.FgRed),
		Accent: color.New(color.FgBlue, color.Bold),
	}
	for _, c := range []*color.Color{p.Value, p.Err, p.Dim, p.Head, p.Name, p.Good, p.Warn, p.Bad, p.Accent} {
		if noColor {
			c.DisableColor()
		} else {
			c.EnableColor()
		}
	}
	return p
}

// stateColor picks the colour of a coroutine or job state.
func (p Palette) stateColor(state string) *color.Color {
	switch state {
	case "Complete", "completed", "active", "Running":
		return p.Good
	case "Failed", "failed", "Cancelled", "cancelled":
		return p.Bad
	case "Suspended", "cancelling", "completing", "Stopped", "new":
		return p.Warn
	}
	return p.Value
}
