// Runs the fleet model on MPI_COMM_SELF with a scripted job list and, optionally, scripted node
// failures in place of the random pods, so scheduler and failure behaviour can be pinned exactly.
#pragma once
#include <mpi.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <numeric>
#include <tuple>
#include <vector>

#include "partitions/block.h"
#include "sim/engine/simulator.h"
#include "sim/model/cluster_lp.h"
#include "sim/model/fleet.h"
#include "sim/model/messages.h"
#include "sim/model/pod_lp.h"
#include "sim/model/span/span_lp.h"
#include "traces/job_source.h"
#include "traces/synthetic.h"

namespace fleetsim::test {

class VectorSource final : public traces::JobSource {
 public:
  explicit VectorSource(std::vector<traces::JobSpec> jobs) : jobs_(std::move(jobs)) {}
  bool next(traces::JobSpec& job) override {
    if (i_ == jobs_.size()) return false;
    job = jobs_[i_++];
    return true;
  }

 private:
  std::vector<traces::JobSpec> jobs_;
  std::size_t i_ = 0;
};

struct ScriptedFailure {
  engine::Time time;
  engine::Time repair;
  int node;  // global node id
};

struct FleetRun {
  model::ModelConfig cfg;
  model::FailureScript script;
  std::unique_ptr<model::Fleet> fleet;
  std::unique_ptr<engine::Simulator> sim;
  const model::FleetMap* map = nullptr;
  partitions::BlockPartitioner block;

  model::ClusterLp& cluster(int c) {
    return static_cast<model::ClusterLp&>(sim->local_lp(fleet->cluster_lp(c)));
  }
  model::SpanLp& span() { return static_cast<model::SpanLp&>(sim->local_lp(fleet->span_lp())); }
  model::RouterLp& router() {
    return static_cast<model::RouterLp&>(sim->local_lp(fleet->router_lp()));
  }
};

// jobs empty: the synthetic workload `synthetic` drives the run instead. Scripted failures
// replace the random ones (as a failure log does).
inline std::unique_ptr<FleetRun> run_fleet(const model::ModelConfig& cfg,
                                           std::vector<traces::JobSpec> jobs,
                                           std::vector<ScriptedFailure> failures = {},
                                           const traces::SyntheticConfig* synthetic = nullptr,
                                           std::vector<engine::LpType> extra_types = {}) {
  auto run = std::make_unique<FleetRun>();
  run->cfg = cfg;
  model::validate(run->cfg);
  const model::ModelConfig& c = run->cfg;
  model::JobSourceFactory source =
      [jobs, synthetic, &c](engine::Context& ctx) -> std::unique_ptr<traces::JobSource> {
    if (synthetic)
      return std::make_unique<traces::SyntheticWorkload>(*synthetic, c.fabric.total_gpus(),
                                                         ctx.seed(), c.end_time);
    return std::make_unique<VectorSource>(jobs);
  };
  if (!failures.empty()) {
    run->script.resize(static_cast<std::size_t>(c.fabric.pods));
    for (const auto& f : failures)
      run->script[static_cast<std::size_t>(f.node / c.fabric.nodes_per_pod)].push_back(
          {f.time, f.repair, f.node});
    for (auto& pod : run->script)
      std::sort(pod.begin(), pod.end(), [](const auto& a, const auto& b) {
        return std::tie(a.time, a.node) < std::tie(b.time, b.node);
      });
  }
  run->fleet = std::make_unique<model::Fleet>(c, source, failures.empty() ? nullptr : &run->script,
                                              std::move(extra_types));
  run->map = &run->fleet->map();
  engine::SimulatorOptions opts;
  opts.end_time = c.end_time;
  opts.seed = c.seed;
  run->sim =
      std::make_unique<engine::Simulator>(MPI_COMM_SELF, run->fleet->types(), run->block, opts);
  run->sim->build();
  run->sim->run();
  return run;
}

// The quiet base of the scripted model tests: clusters of `cluster_pods` pods (one entry per
// cluster) of `nodes_per_pod` x `gpus_per_node` GPUs, no random failures or maintenance,
// failures seen 5 s late, a timeline sample every 100 s, no checkpoints.
inline model::ModelConfig quiet_fleet(std::vector<int> cluster_pods, int nodes_per_pod,
                                      int gpus_per_node = 8) {
  model::ModelConfig cfg;
  const int pods = std::accumulate(cluster_pods.begin(), cluster_pods.end(), 0);
  cfg.fabric = {pods, nodes_per_pod, gpus_per_node};
  cfg.layout = {"scripted", "", "test", std::move(cluster_pods)};
  cfg.failures.node_rate = 0;
  cfg.failures.maintenance_rate = 0;
  cfg.failures.detect_latency = 5 * engine::kSecond;
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  cfg.timeline_period = 100 * engine::kSecond;
  return cfg;
}

// Fixed checkpoints every 100 s of 10 s each and a 50 s restart, whatever the job's model.
inline void fixed_checkpoints(model::ModelConfig& cfg) {
  cfg.checkpoint.from_model = false;
  cfg.checkpoint.policy = model::CheckpointPolicy::kFixed;
  cfg.checkpoint.interval = 100 * engine::kSecond;
  cfg.checkpoint.cost = 10 * engine::kSecond;
  cfg.checkpoint.restart_overhead = 50 * engine::kSecond;
}

// Every job's record by id, checked to be reported once, by the cluster it names.
inline std::map<std::uint64_t, model::JobRecord> records_by_id(FleetRun& run) {
  std::map<std::uint64_t, model::JobRecord> out;
  for (int c = 0; c < run.map->clusters(); ++c)
    for (const auto& r : run.cluster(c).job_records()) {
      CHECK(r.cluster == c);
      REQUIRE(out.emplace(r.job.id, r).second);
    }
  return out;
}

inline traces::JobSpec job(double submit_s, int gpus, double runtime_s, double limit_s) {
  traces::JobSpec j;
  j.submit = engine::from_seconds(submit_s);
  j.gpus = gpus;
  j.runtime = engine::from_seconds(runtime_s);
  j.time_limit = engine::from_seconds(limit_s);
  return j;
}

}  // namespace fleetsim::test
