//go:build !linux

package vm

func physicalMemory() uint64 { return 0 }
