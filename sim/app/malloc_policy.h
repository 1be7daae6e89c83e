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
//
// Huge pages for the heap: glibc (2.35 and later) marks the heap for transparent huge pages with
// the tunable glibc.malloc.hugetlb=1, so a 2 MiB page comes with one fault where 512 small ones
// each cost one; on these VMs a fault costs ~3.5 us. The tunable is read when a process starts,
// so a process started without it runs itself again with it, once: the same pid, arguments and
// environment (under mpirun or srun too). A GLIBC_TUNABLES that names the tunable already, with
// any value, is kept as it is (`glibc.malloc.hugetlb=0` turns this off). Where the kernel's
// transparent huge pages are `never`, or glibc is older, it changes nothing.
//
// Measured 2026-12-02 (2-core VM, bench/results/2026-12-02-vm-validate.md): Curie `trace
// validate` page faults 30.2k -> 2.6k and ~15% less wall time, peak RSS +8 MB; a 10M-job replay
// 88.4 -> 60.3 s, +15 MiB (-replay-memory.md). Files are the same.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#endif

namespace fleetsim::app {

inline constexpr const char* kHugePagesTunable = "glibc.malloc.hugetlb";

inline void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1 << 30);  // blocks up to 1 GiB from the heap (reusable)
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // keep up to 1 GiB of freed heap top
  mallopt(M_TOP_PAD, 64 << 20);        // grow the heap 64 MiB at a time
#endif
}

// Runs this process again with glibc.malloc.hugetlb=1 unless GLIBC_TUNABLES names it (above).
// Returns only when it does not (named already, or the exec failed).
inline void run_with_huge_pages(char** argv) {
#if defined(__GLIBC__) && defined(__linux__)
  // A secure-mode process (setuid, file capabilities) has GLIBC_TUNABLES removed at start: it
  // would run itself again for ever.
  if (getauxval(AT_SECURE) != 0) return;
  // Under valgrind (its preload library in LD_PRELOAD) the new image would run outside it.
  if (const char* preload = std::getenv("LD_PRELOAD"); preload && std::strstr(preload, "vgpreload"))
    return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables && std::strstr(tunables, kHugePagesTunable)) return;
  const std::string ours = std::string(kHugePagesTunable) + "=1";
  const std::string value = tunables && *tunables ? std::string(tunables) + ":" + ours : ours;
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Not run again: go on as started (the variable now changes nothing in this process).
#else
  (void)argv;
#endif
}

// Whether this process's heap is on transparent huge pages: glibc.malloc.hugetlb=1 in force and
// the kernel's transparent huge pages not `never` (the run statistics say so).
inline bool heap_on_huge_pages() {
#if defined(__GLIBC__) && defined(__linux__)
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (!tunables || !std::strstr(tunables, (std::string(kHugePagesTunable) + "=1").c_str()))
    return false;
  std::FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f) return false;
  char mode[128] = {};
  const bool read = std::fgets(mode, sizeof mode, f) != nullptr;
  std::fclose(f);
  return read && !std::strstr(mode, "[never]");
#else
  return false;
#endif
}

}  // namespace fleetsim::app
