package repl

// Incomplete reports whether src needs more lines: an open bracket, string
// or block comment.
func Incomplete(src string) bool {
	depth := 0
	type mode int
	const (
		code mode = iota
		str
	)
	// a stack of contexts: string, or code inside ${ } (with its brace depth)
	var stack []int // -1 for a string, else the brace depth at which ${ began
	inString := func() bool { return len(stack) > 0 && stack[len(stack)-1] == -1 }
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString() {
			switch {
			case c == '\\':
				i++
			case c == '"':
				stack = stack[:len(stack)-1]
			case c == '$' && i+1 < len(src) && src[i+1] == '{':
				stack = append(stack, depth)
				depth++
				i++
			}
			continue
		}
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			nest := 1
			i += 2
			for i < len(src) && nest > 0 {
				switch {
				case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
					nest++
					i++
				case src[i] == '*' && i+1 < len(src) && src[i+1] == '/':
					nest--
					i++
				}
				i++
			}
			if nest > 0 {
				return true
			}
			i--
		case c == 'r' && i+1 < len(src) && src[i+1] == '"' && (i == 0 || !isIdent(src[i-1])):
			j := i + 2
			for j < len(src) && src[j] != '"' {
				j++
			}
			if j >= len(src) {
				return true
			}
			i = j
		case c == '"':
			stack = append(stack, -1)
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
			if len(stack) > 0 && stack[len(stack)-1] == depth {
				stack = stack[:len(stack)-1] // the } closing a ${
			}
		}
	}
	return depth > 0 || len(stack) > 0
}

func isIdent(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
