package validate

import (
	"syscall"
	"unsafe"
)

// adviseHugePages asks Linux to back the slots with 2 MiB pages where the
// system allows it (transparent huge pages in "madvise" mode). A table of
// millions of keys is read at random, so with 4 KiB pages nearly every
// read also misses the TLB; with 2 MiB pages the whole table fits in it.
// It must be called before the slots are first written, while the
// kernel has not yet given them pages. Failure changes nothing but speed.
func adviseHugePages(slots []keySlot) {
	const minBytes = 4 << 20 // smaller tables gain little
	size := len(slots) * int(unsafe.Sizeof(keySlot{}))
	if size < minBytes {
		return
	}
	mem := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(slots))), size)
	_ = syscall.Madvise(mem, syscall.MADV_HUGEPAGE)
}
