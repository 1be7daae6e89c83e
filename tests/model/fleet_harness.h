// Runs the fleet model on MPI_COMM_SELF with a scripted job list and, optionally, scripted node
// failures in place of the random pods, so scheduler and failure behaviour can be pinned exactly.
#pragma once
#include <mpi.h>

#include <algorithm>
#include <memory>
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

inline traces::JobSpec job(double submit_s, int gpus, double runtime_s, double limit_s) {
  traces::JobSpec j;
  j.submit = engine::from_seconds(submit_s);
  j.gpus = gpus;
  j.runtime = engine::from_seconds(runtime_s);
  j.time_limit = engine::from_seconds(limit_s);
  return j;
}

}  // namespace fleetsim::test
