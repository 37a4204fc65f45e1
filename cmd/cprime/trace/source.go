package trace

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/cprime-lang/cprime/cmd/cprime/highlight"
)

// SourcePage writes the timeline page (WriteHTML) with the program's
// source below it, coloured with the editor grammar, so that a reader
// sees the code the coroutines ran next to their timeline.
func (r *Recorder) SourcePage(file, src string) func(io.Writer) error {
	return func(w io.Writer) error {
		var page bytes.Buffer
		if err := r.WriteHTML(&page); err != nil {
			return err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "<details open id=\"source\"><summary>Source: %s</summary><pre class=\"source\">", html.EscapeString(file))
		for i, line := range highlight.HTMLLines(src) {
			fmt.Fprintf(&b, "<span class=\"ln\">%4d</span> %s\n", i+1, line)
		}
		b.WriteString("</pre></details>\n")
		out := page.String()
		style := "<style>" + highlight.CSS + " pre.source{font:12px/1.45 ui-monospace,monospace;background:#fafafa;border:1px solid #ddd;padding:6px;overflow:auto} pre.source .ln{color:#aaa}</style>\n"
		if i := strings.LastIndex(out, "</head>"); i >= 0 {
			out = out[:i] + style + out[i:]
		}
		if i := strings.LastIndex(out, "</body>"); i >= 0 {
			out = out[:i] + b.String() + out[i:]
		} else {
			out += b.String()
		}
		_, err := io.WriteString(w, out)
		return err
	}
}
