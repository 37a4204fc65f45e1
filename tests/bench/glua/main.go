package main

import (
	"fmt"
	"os"

	lua "github.com/yuin/gopher-lua"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: glua FILE.lua [ARGS...]")
		os.Exit(64)
	}
	L := lua.NewState()
	defer L.Close()
	arg := L.NewTable()
	for i, a := range os.Args[1:] {
		L.RawSetInt(arg, i, lua.LString(a))
	}
	L.SetGlobal("arg", arg)
	if err := L.DoFile(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
