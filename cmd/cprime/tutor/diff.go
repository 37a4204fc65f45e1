package tutor

import (
	"reflect"
	"sort"
	"strconv"
)

// Differences between two renderings of a part (decoded JSON), so that a
// step stores only what changed. A patch is one of:
//
//	{"@": {key: patch...}, "-": [deleted keys]}  an object's changed keys
//	{"#": {index: patch...}, "n": length}        an array's changed items
//	                                             (n only when it changed)
//	any other value                               the new value itself
//
// The page's script applies patches in the same way (apply in template.go).

// diff returns the patch from old to new, and false when they are equal.
func diff(old, new any) (any, bool) {
	switch n := new.(type) {
	case map[string]any:
		o, ok := old.(map[string]any)
		if !ok {
			return new, true
		}
		ch := map[string]any{}
		var del []string
		for k, v := range n {
			if p, changed := diff(o[k], v); changed {
				if _, had := o[k]; !had {
					p = v
				}
				ch[k] = p
			}
		}
		for k := range o {
			if _, ok := n[k]; !ok {
				del = append(del, k)
			}
		}
		if len(ch) == 0 && len(del) == 0 {
			return nil, false
		}
		p := map[string]any{"@": ch}
		if len(del) > 0 {
			sort.Strings(del)
			p["-"] = del
		}
		return p, true
	case []any:
		o, ok := old.([]any)
		if !ok {
			return new, true
		}
		ch := map[string]any{}
		for i, v := range n {
			if i >= len(o) {
				ch[strconv.Itoa(i)] = v
			} else if p, changed := diff(o[i], v); changed {
				ch[strconv.Itoa(i)] = p
			}
		}
		if len(ch) == 0 && len(o) == len(n) {
			return nil, false
		}
		p := map[string]any{"#": ch}
		if len(o) != len(n) {
			p["n"] = len(n)
		}
		return p, true
	}
	if reflect.DeepEqual(old, new) {
		return nil, false
	}
	return new, true
}

// patch applies p to old (for the tests: the page does the same).
func patch(old, p any) any {
	pm, ok := p.(map[string]any)
	if !ok {
		return p
	}
	if ch, ok := pm["@"].(map[string]any); ok {
		o, _ := old.(map[string]any)
		out := map[string]any{}
		for k, v := range o {
			out[k] = v
		}
		for k, v := range ch {
			out[k] = patch(out[k], v)
		}
		if del, ok := pm["-"].([]any); ok {
			for _, k := range del {
				delete(out, k.(string))
			}
		}
		return out
	}
	if ch, ok := pm["#"].(map[string]any); ok {
		o, _ := old.([]any)
		n := len(o)
		if l, ok := pm["n"].(float64); ok {
			n = int(l)
		}
		out := make([]any, n)
		copy(out, o)
		for k, v := range ch {
			i, _ := strconv.Atoi(k)
			out[i] = patch(out[i], v)
		}
		return out
	}
	return p
}
