// How this process asks glibc's malloc to treat large blocks. By default glibc serves a block
// over 128 KiB (a threshold that rises, up to 32 MiB, as it sees such blocks freed) with a fresh
// mmap, and gives a freed heap top back to the kernel: the next block of that size faults its
// pages in again. A run allocates and frees large vectors all along (the job queue, timeline
// and /jobs columns, the trace's rows, the records' chunks), and on the VMs it runs on a page
// fault costs microseconds. So large blocks come from the heap and freed memory stays for reuse.
//
// Measured 2026-12-02 (2-core VM, bench/results/2026-12-02-vm-malloc.md): a 10M-job replay
// 85.0 -> 73.5 s wall and 1.32M -> 0.70M page faults, peak 2,701 -> 2,756 MiB; a 1M-job replay
// 6.5-10.0 -> 5.6 s; Curie `trace validate` 33.6k -> 30.3k faults, ~4% faster; the default
// compare +3-4% peak. Files are the same (the allocator decides nothing the model sees).
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fleetsim::app {

inline void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1 << 30);  // blocks up to 1 GiB from the heap (reusable)
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // keep up to 1 GiB of freed heap top
  mallopt(M_TOP_PAD, 64 << 20);        // grow the heap 64 MiB at a time
#endif
}

}  // namespace fleetsim::app
