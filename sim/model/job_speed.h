// How fast a job trains, from the step-time model (training/, issue 11): which catalog model a
// job of its size trains, its step time, MFU and exposed communication on the fleet's hardware,
// how a resize changes its runtime (never linearly), and how much a degraded network slows it.
// A job's runtime (from the workload or trace) is its runtime at full network bandwidth, the
// NIC's; everything here is a ratio to that.
#pragma once
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "sim/model/config.h"
#include "training/job.h"

namespace fleetsim::model {

class JobSpeed {
 public:
  explicit JobSpeed(const ModelConfig& cfg);

  struct Step {
    int model = 0;  // training::catalog() index; 0: no step model (smaller than a node)
    double step_s = 0, mfu = 0, exposed_comm_share = 0;
  };
  // The step of a job that asked for `requested` GPUs (it trains the model of that size) and
  // runs on `gpus`, at full bandwidth. model 0 and zeros when it has no step model.
  Step step(std::int64_t requested, std::int64_t gpus) const;

  // A runtime on `from` GPUs converted to `to` through the step model of the job that asked
  // for `requested` (same tokens); linear in the GPUs for jobs without a step model.
  Time resize(Time runtime, std::int64_t requested, std::int64_t from, std::int64_t to) const;

  // The progress rate (0, 1] of a job with `fraction` of its scale-out bandwidth left:
  // step at full bandwidth / step at that bandwidth. Jobs without a step model spend
  // network.comm_share of their time in exposed communication at full bandwidth.
  double rate(std::int64_t requested, std::int64_t gpus, double fraction) const;

  // The stall of one checkpoint of a job that asked for `requested` GPUs and runs on `gpus`:
  // with checkpoint.from_model and a catalog model, its size over the storage bandwidth of its
  // GPUs (CheckpointConfig); else checkpoint.cost.
  Time checkpoint_cost(std::int64_t requested, std::int64_t gpus) const;

  // sched.migrate_interrupted: the wall time to copy the checkpoint of a job that asked for
  // `requested` GPUs (its catalog model's params x 14 bytes, as checkpoint_cost) over one site's
  // WAN (span.wan_gbps), plus its one-way latency (span.wan_latency_ms); -1 without a catalog
  // model (its checkpoint's size is unknown: it does not migrate).
  Time checkpoint_transfer(std::int64_t requested) const;

  // Jobs spanning `sites` sites (span.*; training::Sites): a job that asked for `requested` GPUs
  // on `gpus` GPUs cut across the sites. The step model needs its replicas cut evenly, so the
  // ratios below are taken at the most replicas that split evenly (at most sites - 1 fewer).
  // span_factor: how much longer the same work takes across the sites than on one cluster,
  // span step / single-site step at full WAN (1 without a step model). span_step: the single-site
  // step stretched by it, the added time exposed communication. wan_rate: the progress rate
  // (0, 1] with `wan_fraction` of each site's WAN up, against all of it.
  double span_factor(std::int64_t requested, std::int64_t gpus, int sites) const;
  Step span_step(std::int64_t requested, std::int64_t gpus, int sites) const;
  double wan_rate(std::int64_t requested, std::int64_t gpus, int sites, double wan_fraction) const;

  const training::Hardware& hardware() const { return hw_; }

 private:
  Step work_out_step(std::int64_t requested, std::int64_t gpus) const;  // step(), uncached
  training::Sites sites_of(int count, double wan_fraction) const;
  std::optional<training::Job> even_job(std::int64_t requested, std::int64_t gpus, int sites) const;

  training::Hardware hw_;
  // step() by (requested, gpus): a pure function of them, asked once per admitted job (a replay
  // of Curie asks 312,807 times for a few thousand sizes). Each LP owns its JobSpeed, so no
  // thread shares the cache; it is derived, never saved.
  mutable std::unordered_map<std::uint64_t, Step> steps_;
  SpanConfig span_;
  double comm_share_;
  CheckpointConfig checkpoint_;
};

}  // namespace fleetsim::model
