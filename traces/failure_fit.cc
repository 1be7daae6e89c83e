#include "traces/failure_fit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace fleetsim::traces {

void validate(const FailureFitConfig& cfg) {
  if (cfg.log_nodes < 0) throw std::invalid_argument("failures.log_nodes must not be negative");
  if (!(cfg.rate_scale > 0))
    throw std::invalid_argument("failures.log_rate_scale must be positive");
}

FailureFit fit_failures(const FailureLog& log, const FailureFitConfig& cfg,
                        std::int64_t fleet_nodes, core::Time end, core::Time min_repair,
                        core::Time unknown_repair) {
  FailureFit fit;
  // Log nodes in order of first failure (records are by time, then file order).
  std::map<std::string, std::int64_t> index;
  for (const auto& r : log.records) index.emplace(r.node, static_cast<std::int64_t>(index.size()));
  const auto distinct = static_cast<std::int64_t>(index.size());
  fit.log_nodes =
      cfg.log_nodes > 0 ? cfg.log_nodes : (log.sampled_nodes ? log.sampled_nodes : distinct);
  if (fit.log_nodes < distinct)
    throw std::invalid_argument("failures.log_nodes (" + std::to_string(fit.log_nodes) +
                                ") is below the " + std::to_string(distinct) +
                                " distinct nodes with failures in " + log.path);
  if (log.records.empty() || fleet_nodes <= 0) return fit;
  fit.copies = (fleet_nodes + fit.log_nodes - 1) / fit.log_nodes;
  // The period is the log's span (at least 1 s, for a log of one instant without repair).
  const core::Time span = std::max(core::from_seconds(log.span_s), core::kSecond);
  const auto period =
      static_cast<core::Time>(std::ceil(static_cast<double>(span) / cfg.rate_scale));

  std::vector<NodeFailure> raw;
  for (std::int64_t c = 0; c < fit.copies; ++c) {
    const core::Time shift =
        static_cast<core::Time>(static_cast<__int128>(span) * c / fit.copies);
    for (const auto& r : log.records) {
      const std::int64_t node = c * fit.log_nodes + index[r.node];
      if (node >= fleet_nodes) continue;
      const core::Time t_log = (core::from_seconds(r.time_s) + shift) % span;
      const auto t0 = static_cast<core::Time>(static_cast<double>(t_log) / cfg.rate_scale);
      core::Time repair = r.repair_s >= 0 ? core::from_seconds(r.repair_s) : unknown_repair;
      fit.unknown_repair += (r.repair_s < 0) && c == 0;
      repair = std::max(repair, min_repair);
      for (core::Time t = t0; t < end; t += period) raw.push_back({t, repair, node});
    }
  }
  std::sort(raw.begin(), raw.end(), [](const NodeFailure& a, const NodeFailure& b) {
    return a.node != b.node   ? a.node < b.node
           : a.time != b.time ? a.time < b.time
                              : a.repair > b.repair;
  });
  for (const auto& f : raw) {
    if (!fit.failures.empty() && fit.failures.back().node == f.node &&
        f.time < fit.failures.back().time + fit.failures.back().repair) {
      auto& prev = fit.failures.back();
      prev.repair = std::max(prev.repair, f.time + f.repair - prev.time);
      ++fit.merged;
      continue;
    }
    fit.failures.push_back(f);
  }
  return fit;
}

}  // namespace fleetsim::traces
