// Checks a model configuration before anything is built: one rule per field, one place.
#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/model/cluster/partitions.h"
#include "sim/model/config.h"

namespace fleetsim::model {
namespace {

// Limits of sense and of the representation (docs/cli.md): node and GPU indices are 32-bit in
// the model and the output's columns; times are int64 microseconds (292,000 years), and a
// simulation adds latencies and repair times to them; a lognormal sigma above 10 has a mean
// of more than e^50 times its median.
constexpr std::int64_t kMaxFleetGpus = 2147483647;
constexpr double kMaxSigma = 10;
constexpr Time kMaxDuration = 1000 * engine::kYear;

}  // namespace

Time LatencyConfig::min() const { return std::min({submit, report, contention, span}); }

bool enforces_time_limit(const SchedConfig& sched, core::JobClass c) {
  return sched.enforce_time_limits == TimeLimits::kOn ||
         (sched.enforce_time_limits == TimeLimits::kAuto && c != core::JobClass::kTrace);
}

void validate(const ModelConfig& cfg) {
  auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  const auto& f = cfg.fabric;
  if (f.pods <= 0) fail("fabric.pods must be positive");
  if (f.nodes_per_pod <= 0) fail("fabric.nodes_per_pod must be positive");
  if (f.gpus_per_node <= 0 || f.gpus_per_node > 64) fail("fabric.gpus_per_node must be in 1..64");
  // In double: the int64 product itself could overflow.
  const double gpus = static_cast<double>(f.pods) * f.nodes_per_pod * f.gpus_per_node;
  if (gpus > kMaxFleetGpus) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", gpus);
    fail("fabric.nodes_per_pod makes " + std::string(text) +
         " GPUs (fabric.pods x fabric.nodes_per_pod x fabric.gpus_per_node), more than the " +
         std::to_string(kMaxFleetGpus) + " the model can count");
  }
  const auto& l = cfg.layout;
  const std::string where = "layout '" + l.name + "' (" + l.source + ")";
  if (l.cluster_pods.empty()) fail(where + ": no clusters");
  long sum = 0;
  for (std::size_t c = 0; c < l.cluster_pods.size(); ++c) {
    if (l.cluster_pods[c] <= 0)
      fail(where + ": cluster " + std::to_string(c) + " has " + std::to_string(l.cluster_pods[c]) +
           " pods (zero nodes)");
    sum += l.cluster_pods[c];
  }
  if (sum != f.pods)
    fail(where + ": clusters hold " + std::to_string(sum) + " pods but fabric.pods is " +
         std::to_string(f.pods));
  if (cfg.failures.node_rate < 0) fail("failures.node_rate must not be negative");
  if (!(cfg.failures.lemon_share >= 0 && cfg.failures.lemon_share <= 1))
    fail("failures.lemon_share must be in 0..1");
  if (!(cfg.failures.lemon_factor >= 1 && cfg.failures.lemon_factor <= 1e6))
    fail("failures.lemon_factor must be in 1..1e6");
  if (cfg.failures.repair_sigma < 0 || cfg.failures.repair_sigma > kMaxSigma)
    fail("failures.repair_sigma must be in 0..10 (a lognormal's sigma; real repairs: 1-3)");
  if (cfg.failures.repair_median <= 0 || cfg.failures.repair_mean <= 0)
    fail("failures.repair_median and failures.repair_mean must be positive");
  if (cfg.failures.detect_latency <= 0) fail("failures.detect_latency must be positive");
  if (cfg.failures.repair_max <= cfg.failures.detect_latency)
    fail("failures.repair_max must exceed failures.detect_latency");
  const std::pair<const char*, double> rates[] = {
      {"failures.link_rate", cfg.failures.link_rate},
      {"failures.switch_rate", cfg.failures.switch_rate},
      {"failures.link_flap_rate", cfg.failures.link_flap_rate},
      {"failures.maintenance_rate", cfg.failures.maintenance_rate},
      {"failures.rack_power_rate", cfg.failures.rack_power_rate},
      {"failures.wan_rate", cfg.failures.wan_rate}};
  for (const auto& [name, rate] : rates)
    if (!(rate >= 0 && rate <= 1e6)) fail(std::string(name) + " must be in 0..1e6 (per 1000 days)");
  const std::pair<const char*, Time> spans[] = {
      {"failures.switch_repair", cfg.failures.switch_repair},
      {"failures.link_repair", cfg.failures.link_repair},
      {"failures.flap_duration", cfg.failures.flap_duration},
      {"failures.maintenance_window", cfg.failures.maintenance_window},
      {"failures.rack_power_repair", cfg.failures.rack_power_repair}};
  for (const auto& [name, span] : spans)
    if (span <= cfg.failures.detect_latency || span > cfg.failures.repair_max)
      fail(std::string(name) +
           " must exceed failures.detect_latency and be at most failures.repair_max");
  if (!(cfg.network.comm_share >= 0 && cfg.network.comm_share < 1))
    fail("fabric.comm_share must be in [0, 1)");
  if (cfg.failures.spare_nodes < 0) fail("failures.spare_nodes must not be negative");
  for (std::size_t c = 0; c < l.cluster_pods.size(); ++c)
    if (cfg.failures.spare_nodes >= std::int64_t{l.cluster_pods[c]} * f.nodes_per_pod)
      fail("failures.spare_nodes (" + std::to_string(cfg.failures.spare_nodes) +
           ") leaves no node to run jobs on in cluster " + std::to_string(c) + " of " + where);
  if (!(cfg.checkpoint.storage_gbps > 0 && cfg.checkpoint.storage_gbps <= 1e6))
    fail("checkpoint.storage_gbps must be in (0, 1e6] (Gb/s of storage per GPU)");
  if (cfg.checkpoint.cost < 0) fail("checkpoint.cost must not be negative");
  if (cfg.checkpoint.interval <= 0) fail("checkpoint.interval must be positive");
  if (cfg.checkpoint.restart_overhead < 0) fail("checkpoint.restart_overhead must not be negative");
  if (cfg.checkpoint.reconfigure_overhead < 0)
    fail("checkpoint.reconfigure_overhead must not be negative");
  if (cfg.latency.submit <= 0) fail("latency.submit must be positive");
  if (cfg.latency.report <= 0) fail("latency.report must be positive");
  if (cfg.latency.contention <= 0) fail("latency.contention must be positive");
  if (cfg.latency.span <= 0) fail("latency.span must be positive");
  if (cfg.failures.wan_repair <= 0) fail("failures.wan_repair must be positive");
  if (!(cfg.span.wan_gbps > 0 && cfg.span.wan_gbps <= 1e9))
    fail("span.wan_gbps must be in (0, 1e9] (Gb/s of WAN per site)");
  if (!(cfg.span.wan_latency_ms >= 0 && cfg.span.wan_latency_ms <= 1e4))
    fail("span.wan_latency_ms must be in 0..1e4");
  if (cfg.span.sync_every < 1) fail("span.sync_every must be at least 1 (steps)");
  if (cfg.span.wan_paths < 1 || cfg.span.wan_paths > 64) fail("span.wan_paths must be in 1..64");
  if (cfg.sched.shrink_fraction <= 0 || cfg.sched.shrink_fraction > 1)
    fail("sched.shrink_fraction must be in (0, 1]");
  if (cfg.sched.backfill_depth < 0) fail("sched.backfill_depth must not be negative");
  if (cfg.sched.placement == PlacementRule::kTopology && cfg.network.name == "none")
    fail("sched.placement topology needs a network to place jobs on (fabric.network is none)");
  if (cfg.sched.switches_extra >= 0 && cfg.sched.placement != PlacementRule::kTopology)
    fail("sched.switches needs sched.placement topology (leaf groups are the network's)");
  for (std::size_t t = 0; t < cfg.sched.tenant_cluster.size(); ++t)
    if (cfg.sched.tenant_cluster[t] < 0 ||
        cfg.sched.tenant_cluster[t] >= static_cast<int>(l.cluster_pods.size()))
      fail("sched.tenant_clusters sends tenant " + std::to_string(t) + " to cluster " +
           std::to_string(cfg.sched.tenant_cluster[t]) + ", but layout '" + l.name + "' has " +
           std::to_string(l.cluster_pods.size()) + " cluster(s)");
  const auto& sc = cfg.sched;
  if (sc.priority_interval <= 0) fail("sched.priority_interval must be positive");
  if (sc.priority_max_age <= 0) fail("sched.priority_max_age must be positive");
  if (sc.fair_share_half_life <= 0) fail("sched.fair_share_half_life must be positive");
  for (const auto& [w, name] : {std::pair{sc.weight_age, "sched.weight_age"},
                                {sc.weight_fair_share, "sched.weight_fair_share"},
                                {sc.weight_job_size, "sched.weight_job_size"},
                                {sc.weight_qos, "sched.weight_qos"},
                                {sc.weight_partition, "sched.weight_partition"}})
    if (!(w >= 0 && w <= 4294967295.0))
      fail(std::string(name) + " must be in 0..4294967295 (Slurm's weights are 32-bit)");
  if (sc.qos.empty()) fail("sched.qos needs at least one level");
  if (!sc.frontier_qos.empty() &&
      std::none_of(sc.qos.begin(), sc.qos.end(),
                   [&](const QosLevel& q) { return q.name == sc.frontier_qos; }))
    fail("sched.frontier_qos '" + sc.frontier_qos + "' is not a level of sched.qos");
  if (sc.frontier_gpus < 1) fail("sched.frontier_gpus must be at least 1");
  if (const std::string bad = check_partitions(sc, l.cluster_pods); !bad.empty()) fail(bad);
  // Conservative backfilling counts free nodes in one profile: partitions that overlap would
  // need one per partition, kept consistent (not modelled).
  if (!sc.partitions.empty() && sc.backfill == Backfill::kConservative)
    fail(
        "sched.partitions needs sched.backfill easy or none (conservative is not modelled with "
        "partitions)");
  if (cfg.timeline_period <= 0) fail("output.timeline_period must be positive");
  if (cfg.output.compression < 0 || cfg.output.compression > 9)
    fail("output.compression must be in 0..9");
  if (cfg.output.chunk_rows < 1) fail("output.chunk_rows must be positive");
  if (cfg.end_time <= 0) fail("duration must be positive");
  if (cfg.end_time > kMaxDuration)
    fail("duration must be at most 1000y (simulated times must stay far from overflowing)");
  const auto& k = cfg.cost;
  if (!(k.pue >= 1 && k.pue <= 10)) fail("cost.pue must be in 1..10 (facility / IT power)");
  if (!(k.electricity_usd_per_mwh >= 0 && k.electricity_usd_per_mwh <= 1e5))
    fail("cost.electricity_usd_per_mwh must be in 0..1e5");
  if (!(k.depreciation_years > 0 && k.depreciation_years <= 100))
    fail("cost.depreciation_years must be in (0, 100]");
  if (!(k.cloud_usd_per_gpu_hour > 0 && k.cloud_usd_per_gpu_hour <= 1e4))
    fail("cost.cloud_usd_per_gpu_hour must be in (0, 1e4]");
  if (!(k.manual_share >= 0 && k.manual_share <= 1)) fail("cost.manual_share must be in 0..1");
  if (!(k.usd_per_manual_incident >= 0 && k.usd_per_manual_incident <= 1e9))
    fail("cost.usd_per_manual_incident must be in 0..1e9");
}

}  // namespace fleetsim::model
