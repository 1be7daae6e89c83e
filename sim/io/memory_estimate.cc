#include "sim/io/memory_estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "traces/synthetic.h"
#include "traces/trace_fit.h"

namespace fleetsim::io {

const MemoryPart& MemoryEstimate::largest() const {
  return *std::max_element(parts.begin(), parts.end(),
                           [](const auto& a, const auto& b) { return a.bytes < b.bytes; });
}

MemoryEstimate estimate_memory(const Scenario& s, const model::ModelConfig& cfg,
                               std::int64_t replay_jobs, int ranks) {
  // Doubles throughout: the point is to measure absurd option values without overflowing.
  const double days = engine::to_days(cfg.end_time);
  const double nodes = static_cast<double>(cfg.fabric.pods) * cfg.fabric.nodes_per_pod;
  const double gpus = nodes * cfg.fabric.gpus_per_node;
  double jobs = 0;
  std::vector<std::string> job_drivers;
  if (replay_jobs >= 0) {
    jobs = static_cast<double>(replay_jobs);
    job_drivers = {"trace", "trace.window_end"};
  } else {
    const auto rates = traces::synthetic_rates(s.workload, static_cast<std::int64_t>(gpus));
    jobs = rates.regular_jobs_per_day * days + s.workload.frontier_per_year * days / 365;
    job_drivers = {"duration",
                   "workload.offered_load",
                   "fabric.nodes_per_pod",
                   "fabric.gpus_per_node",
                   "workload.small_runtime_sigma",
                   "workload.gang_runtime_sigma",
                   "workload.large_gang_runtime_sigma",
                   "workload.small_runtime_median",
                   "workload.share_single",
                   "workload.frontier_per_year"};
  }
  if (!std::isfinite(jobs) || jobs < 0) jobs = HUGE_VAL;
  const double samples =
      std::floor(static_cast<double>(cfg.end_time) / static_cast<double>(cfg.timeline_period)) + 1;
  const double clusters = static_cast<double>(cfg.layout.cluster_pods.size());
  MemoryEstimate e;
  e.parts.push_back({"job records", jobs, jobs * kBytesPerJob, job_drivers});
  // The scan keeps a small trace's rows for the replay (traces/trace_fit.h).
  if (replay_jobs >= 0 && traces::keeps_rows(jobs))
    e.parts.push_back({"trace rows kept for the replay", jobs,
                       jobs * static_cast<double>(sizeof(traces::TraceJob)), job_drivers});
  e.parts.push_back(
      {"node states", nodes, nodes * kBytesPerNode, {"fabric.nodes_per_pod", "fabric.pods"}});
  e.parts.push_back({"timeline samples",
                     clusters * samples,
                     clusters * samples * kBytesPerTimelineRow,
                     {"output.timeline_period", "duration"}});
  if (cfg.output.pod_timeline)
    e.parts.push_back({"pod timeline samples",
                       cfg.fabric.pods * samples,
                       cfg.fabric.pods * samples * kBytesPerPodRow,
                       {"output.timeline_period", "duration", "output.pod_timeline"}});
  if (cfg.output.event_log)
    e.parts.push_back({"event log rows",
                       4 * jobs,
                       4 * jobs * kBytesPerEventRow,
                       {"output.event_log", "duration", "workload.offered_load"}});
  // Lemon nodes raise the fleet's mean rate (sim/model/config.h).
  const double mean_rate =
      cfg.failures.node_rate *
      (1 - cfg.failures.lemon_share + cfg.failures.lemon_share * cfg.failures.lemon_factor);
  const double failures = s.failure_log.file.empty() ? mean_rate / 1000 * nodes * days : 0;
  e.parts.push_back(
      {"node failures",
       failures,
       failures * kBytesPerFailure,
       {"failures.node_rate", "failures.lemon_factor", "duration", "fabric.nodes_per_pod"}});
  e.bytes = kBytesPerRank * ranks;
  for (const auto& p : e.parts) e.bytes += p.bytes;
  return e;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) {
    bytes /= 1024;
    ++u;
  }
  char buf[64];
  if (!std::isfinite(bytes) || bytes >= 1024)
    std::snprintf(buf, sizeof buf, "%.3g EiB", bytes);
  else
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

}  // namespace fleetsim::io
