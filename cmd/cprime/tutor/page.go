package tutor

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"strings"

	"github.com/cprime-lang/cprime/cmd/cprime/highlight"
)

// pageData is what the page's script reads.
type pageData struct {
	File      string   `json:"file"`
	Lines     []string `json:"lines"` // highlighted HTML, one per source line
	Steps     []Step   `json:"-"`     // gzipped and base64-encoded on their own
	Truncated bool     `json:"truncated"`
	MaxSteps  int      `json:"maxSteps"`
	Virtual   bool     `json:"virtual"`
	Exit      string   `json:"exit,omitempty"` // how the program ended, if not normally
}

// WriteHTML writes the page for the recorded run of src. exit says how
// the program ended ("" when it completed normally).
func (r *Recorder) WriteHTML(w io.Writer, src, exit string) error {
	d := pageData{File: r.file, Lines: highlight.HTMLLines(src), Steps: r.steps, Truncated: r.truncated,
		MaxSteps: r.max, Virtual: r.vm.Scheduler().Virtual(), Exit: exit}
	if d.Steps == nil {
		d.Steps = []Step{}
	}
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	// the steps are repetitive: gzip makes the page several times smaller,
	// and the browser's DecompressionStream reads it back
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	if err := json.NewEncoder(zw).Encode(d.Steps); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	// keep "</script>" in a value from closing the data element
	embedded := strings.ReplaceAll(string(data), "</", `<\/`)
	page := strings.Replace(pageTemplate, "/*HIGHLIGHT-CSS*/", highlight.CSS, 1)
	page = strings.Replace(page, "/*TUTOR-DATA*/", embedded, 1)
	page = strings.Replace(page, "/*TUTOR-STEPS*/", base64.StdEncoding.EncodeToString(z.Bytes()), 1)
	_, err = io.WriteString(w, page)
	return err
}
