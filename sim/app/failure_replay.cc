#include "sim/app/failure_replay.h"

#include <cstdio>
#include <stdexcept>

#include "traces/component_map.h"

namespace fleetsim::app {

FailureReplay prepare_failures(const io::Scenario& scenario, const model::ModelConfig& cfg) {
  FailureReplay r;
  const auto spec = traces::parse_failure_spec(scenario.failure_log.file);
  r.log = traces::read_failure_log(spec, scenario.trace.read.bad_rows);
  const std::int64_t nodes = static_cast<std::int64_t>(cfg.fabric.pods) * cfg.fabric.nodes_per_pod;
  try {
    // A failure without a recorded end is down for failures.repair_mean.
    r.fit = traces::fit_failures(r.log, scenario.failure_log, nodes, cfg.end_time,
                                 cfg.failures.detect_latency + 1, cfg.failures.repair_mean);
  } catch (const std::invalid_argument& e) {
    // Messages start with the option they are about; say where its value came from.
    const std::string what = e.what();
    auto it = scenario.origin.find(what.substr(0, what.find(' ')));
    throw io::ConfigError((it != scenario.origin.end() ? it->second + ": option " : "") + what);
  }
  r.script.assign(static_cast<std::size_t>(cfg.fabric.pods), {});
  for (const auto& f : r.fit.failures) {
    const auto pod = static_cast<std::size_t>(f.node / cfg.fabric.nodes_per_pod);
    r.script[pod].push_back(f);
  }
  // The pod replays its nodes' failures in time order (ties: node order).
  for (auto& pod : r.script)
    std::stable_sort(pod.begin(), pod.end(),
                     [](const model::LoggedFailure& a, const model::LoggedFailure& b) {
                       return a.time != b.time ? a.time < b.time : a.node < b.node;
                     });
  return r;
}

std::string describe_failures(const io::Scenario& scenario, const FailureReplay& r,
                              const model::ModelConfig& cfg) {
  char buf[512];
  std::string out;
  std::snprintf(buf, sizeof buf, "          failures: %s (%s): %s\n",
                scenario.failure_log.file.c_str(), r.log.format.c_str(),
                traces::describe(r.log).c_str());
  out += buf;
  const double node_days = static_cast<double>(r.fit.log_nodes) * r.log.span_s / 86400.0;
  const double rate = node_days > 0 ? 1000.0 * r.log.records.size() / node_days : 0;
  std::snprintf(buf, sizeof buf,
                "          failure replay: %lld node failures on the fleet (%lld copies of %lld "
                "log nodes, %lld merged into an earlier repair); %.3g per 1000 node-days x %g\n",
                static_cast<long long>(r.fit.failures.size()), static_cast<long long>(r.fit.copies),
                static_cast<long long>(r.fit.log_nodes), static_cast<long long>(r.fit.merged), rate,
                scenario.failure_log.rate_scale);
  out += buf;
  (void)cfg;
  return out;
}

std::string unmapped_note(const io::Scenario& scenario, const FailureReplay& r) {
  const auto mix = traces::component_mix(r.log.format, r.log.records);
  if (mix.unmapped == 0) return "";
  const std::string& file = scenario.failure_log.file;
  return "fleetsim: note: " + std::to_string(mix.unmapped) + " of " +
         std::to_string(r.log.records.size()) + " failures in " + file +
         " have a component no rule maps, replayed as other (`fleetsim trace failures " + file +
         "` lists them)";
}

}  // namespace fleetsim::app
