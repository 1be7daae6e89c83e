#include "sim/app/run_stats.h"

#include <algorithm>

#include "sim/app/malloc_policy.h"

namespace fleetsim::app {

void print_run_stats(const RunResult& result, const std::string& out, std::FILE* to) {
  const auto& stats = result.stats;
  using ull = unsigned long long;
  std::fprintf(to,
               "          %llu events in %llu windows (%.2f per window), %.1f s wall (output "
               "%.2f s) -> %s\n",
               static_cast<ull>(stats.events), static_cast<ull>(stats.windows),
               static_cast<double>(stats.events) /
                   static_cast<double>(std::max<std::uint64_t>(1, stats.windows)),
               result.wall_seconds, result.write_seconds, out.c_str());
  // How the partitioner spread the LPs (pods, clusters, fabric failure domains) over ranks, and
  // where each rank's time went: a rank that waits in sync is waiting for another's handling.
  // Every rank runs the same program in the same environment: one answer for all.
  const char* heap = heap_on_huge_pages() ? " (heap on huge pages)" : "";
  for (std::size_t r = 0; r < stats.ranks.size(); ++r) {
    const auto& rs = stats.ranks[r];
    const auto& t = stats.times[r];
    const auto& c = result.ranks[r];
    std::fprintf(to,
                 "          rank %zu: %llu LPs, %llu events (%.1f%%), %llu sent to other ranks; "
                 "handle %.2f s, deliver %.2f s, sync %.2f s, output %.2f s; peak %.0f MiB%s\n",
                 r, static_cast<ull>(rs.lps), static_cast<ull>(rs.events),
                 100.0 * static_cast<double>(rs.events) /
                     static_cast<double>(std::max<std::uint64_t>(1, stats.events)),
                 static_cast<ull>(rs.remote), t.handle_s, t.deliver_s, t.sync_s, c.write_seconds,
                 c.peak_rss_mib, heap);
  }
  if (stats.critical_path.mode != engine::CriticalPath::kOff)
    std::fprintf(to, "          %s\n", engine::describe(stats.critical_path).c_str());
  std::fflush(to);
}

}  // namespace fleetsim::app
