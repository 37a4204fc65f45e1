package compiler

import (
	"github.com/cprime-lang/cprime/vm"
)

// attachMeta records the coroutine-size metadata of a compiled function.
func (c *compiler) attachMeta(fi *fnInfo, p *vm.Proto) {
	for _, a := range fi.attrs {
		if a.Name == "coro_size_hint" && len(a.Args) == 1 {
			if cls, ok := sizeClassNames[a.Args[0]]; ok {
				p.Meta = &vm.CoroMetadata{SizeClass: cls, Hinted: true}
			} else {
				c.errorf(a.Pos, "unknown size class %s (Micro, Small, Medium or Large)", a.Args[0])
			}
		}
	}
}

var sizeClassNames = map[string]int{"Micro": 0, "Small": 1, "Medium": 2, "Large": 3}
