#include "traces/failure_fit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "traces/limits.h"

namespace fleetsim::traces {

void validate(const FailureFitConfig& cfg) {
  if (cfg.log_nodes < 0 || cfg.log_nodes > kMaxLogNodes)
    throw std::invalid_argument("failures.log_nodes must be in 0.." + std::to_string(kMaxLogNodes) +
                                " (0: from the log)");
  if (!factor_ok(cfg.rate_scale)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "failures.log_rate_scale must be in %g..%g (got %g)", kMinFactor,
                  kMaxFactor, cfg.rate_scale);
    throw std::invalid_argument(buf);
  }
}

FailureFit fit_failures(const FailureLog& log, const FailureFitConfig& cfg,
                        std::int64_t fleet_nodes, core::Time end, core::Time min_repair,
                        core::Time unknown_repair) {
  validate(cfg);
  if (fleet_nodes > kMaxLogNodes)
    throw std::invalid_argument("failures.log_nodes cannot map a log onto a fleet of " +
                                std::to_string(fleet_nodes) + " nodes (at most " +
                                std::to_string(kMaxLogNodes) + ")");
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
  if (log.records.empty() || fleet_nodes <= 0 || end <= 0) return fit;
  fit.copies = (fleet_nodes + fit.log_nodes - 1) / fit.log_nodes;
  // The period is the log's span (at least 1 s, for a log of one instant without repair). Times
  // are in range (limits.h), so span, shifts and their sums fit a Time; divided by the rate
  // scale they may not, so the division is done in double and what lands past `end` dropped.
  const core::Time span = std::max(core::from_seconds(log.span_s), core::kSecond);
  const double period_d = std::ceil(static_cast<double>(span) / cfg.rate_scale);
  const core::Time period = period_d < static_cast<double>(end) ? static_cast<core::Time>(period_d)
                                                                : end;  // no repeat in the run

  // How many failures the replay makes, before making any: each log node is copied to the
  // fleet nodes c*S + i < N, and each of its failures repeats up to end/period + 1 times.
  double estimate = 0;
  const double repeats = std::floor(static_cast<double>(end) / static_cast<double>(period)) + 1;
  for (const auto& r : log.records) {
    const std::int64_t i = index[r.node];
    if (i < fleet_nodes) estimate += static_cast<double>((fleet_nodes - 1 - i) / fit.log_nodes + 1);
  }
  estimate *= repeats;
  if (estimate > static_cast<double>(kMaxReplayedFailures)) {
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "failures.log_rate_scale %g makes about %.3g failures of %s on %lld nodes "
                  "over the run, more than the %lld a replay may hold (traces/limits.h); use a "
                  "lower scale, a shorter duration or a smaller fleet",
                  cfg.rate_scale, estimate, log.path.c_str(), static_cast<long long>(fleet_nodes),
                  static_cast<long long>(kMaxReplayedFailures));
    throw std::invalid_argument(buf);
  }

  std::vector<NodeFailure> raw;
  for (std::int64_t c = 0; c < fit.copies; ++c) {
    const core::Time shift = static_cast<core::Time>(static_cast<__int128>(span) * c / fit.copies);
    for (const auto& r : log.records) {
      const std::int64_t node = c * fit.log_nodes + index[r.node];
      if (node >= fleet_nodes) continue;
      const core::Time t_log = (core::from_seconds(r.time_s) + shift) % span;
      fit.unknown_repair += (r.repair_s < 0) && c == 0;
      const double t0 = static_cast<double>(t_log) / cfg.rate_scale;
      if (t0 >= static_cast<double>(end)) continue;
      core::Time repair = r.repair_s >= 0 ? core::from_seconds(r.repair_s) : unknown_repair;
      repair = std::max(repair, min_repair);
      for (auto t = static_cast<core::Time>(t0); t < end; t += period)
        raw.push_back({t, repair, static_cast<std::int32_t>(node), r.kind});
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
