//go:build !linux

package validate

// adviseHugePages does nothing where huge pages cannot be asked for.
func adviseHugePages([]keySlot) {}
