// ClusterLp's part of elastic continuation (failures.recovery = elastic; the rules are
// sim/model/cluster/elastic.h, the model docs/model.md "Recovery policies"). Kept apart from
// cluster_lp.cc: it touches the job's allocation, progress and running_ entry, nothing else.
#include <algorithm>

#include "sim/model/cluster/elastic.h"
#include "sim/model/cluster_lp.h"

namespace fleetsim::model {

std::int64_t ClusterLp::world_of(std::int32_t j) const {
  const Job& job = jobs_[j];
  return world_gpus(job.rec.job.gpus, static_cast<int>(job.alloc.size()), job.demand.nodes_needed,
                    cfg_.fabric.gpus_per_node);
}

int ClusterLp::elastic_keep(std::int32_t j, int first, int count) const {
  const Job& job = jobs_[j];
  if (cfg_.failures.recovery != Recovery::kElastic || job.part || !job.demand.whole_nodes) return 0;
  const auto failed = std::count_if(job.alloc.begin(), job.alloc.end(),
                                    [&](int n) { return n >= first && n < first + count; });
  const int unit = replica_nodes(job.rec.job.gpus_requested, cfg_.fabric.gpus_per_node);
  return nodes_kept(static_cast<int>(job.alloc.size() - failed), unit);
}

void ClusterLp::shrink(std::int32_t j, int first, int count, int keep, Time fail_time,
                       bool planned) {
  Job& job = jobs_[j];
  // It gives back its failed nodes and the survivors beyond its whole replicas (the last ones
  // of its allocation: which ones does not matter to the model).
  Allocation stay, out;
  for (int n : job.alloc) {
    const bool failed = n >= first && n < first + count;
    (failed || static_cast<int>(stay.size()) == keep ? out : stay).push_back(n);
  }
  ++job.rec.shrinks;
  reconfigure(j, std::move(stay), std::move(out), fail_time, planned);
  const auto at = std::lower_bound(shrunk_.begin(), shrunk_.end(), j);
  if (at == shrunk_.end() || *at != j) shrunk_.insert(at, j);
}

void ClusterLp::grow_shrunk() {
  if (shrunk_.empty()) return;
  const int gpn = cfg_.fabric.gpus_per_node;
  std::vector<std::int32_t> still;
  for (std::int32_t j : shrunk_) {
    if (!jobs_.live(j)) continue;  // ended since
    Job& job = jobs_[j];
    const int held = static_cast<int>(job.alloc.size()), full = job.demand.nodes_needed;
    // Requeued or ended since (release() put its plan back at full size), or restarted whole.
    if (job.rec.state != JobState::kRunning || held >= full) continue;
    Demand more = job.demand;  // its partition's pods, whole nodes, no switch limit
    more.max_leaves = 0;
    const auto size = [&](int k) {
      more.nodes_needed = k;
      more.gpus = k * gpn;
    };
    const int k =
        nodes_to_grow(held, full, replica_nodes(job.rec.job.gpus_requested, gpn), [&](int n) {
          size(n);
          return placement_->fits(more);
        });
    if (k > 0) {
      size(k);
      Allocation extra, alloc = job.alloc;
      placement_->place(j, more, extra);
      alloc.append(extra);
      ++job.rec.grows;
      // A planned reconfiguration: its state is in memory, so no work is lost (docs/model.md).
      reconfigure(j, std::move(alloc), {}, ctx_->now(), true);
    }
    if (static_cast<int>(job.alloc.size()) < full) still.push_back(j);
  }
  shrunk_ = std::move(still);
}

void ClusterLp::reconfigure(std::int32_t j, Allocation alloc, Allocation released, Time fail_time,
                            bool planned) {
  Job& job = jobs_[j];
  ProgressState& p = job.progress;
  const Time now = ctx_->now();
  const std::int64_t from = world_of(j);
  contention_.stop(j, job.starts, job.alloc, *ctx_);
  progress_->interrupt(p, job.rec, fail_time, now, planned);
  // running_ is keyed by the attempt's start (release() finds the entry by it): the entry moves
  // with the new attempt, so backfilling sees its end at now + its time limit (its limit itself
  // still counts from its start: arm_time_limit).
  const Time limit = job.rec.job.time_limit;
  running_.erase(std::lower_bound(running_.begin(), running_.end(),
                                  std::pair<Time, std::int32_t>{p.attempt_start + limit, j}));
  if (!released.empty()) placement_->release(j, job.demand, released);
  busy_by_qos_[static_cast<std::size_t>(job.rec.qos)] +=
      (static_cast<std::int64_t>(alloc.size()) - static_cast<std::int64_t>(job.alloc.size())) *
      cfg_.fabric.gpus_per_node;
  job.alloc = std::move(alloc);
  order_.resized(j, now, static_cast<std::int32_t>(job.alloc.size()) * cfg_.fabric.gpus_per_node);
  // The work left, its checkpoints and its weight in the record, for the new world: the step
  // model's runtime ratio (fewer replicas each run more of the same global batch; never linear).
  const std::int64_t to = world_of(j), requested = job.rec.job.gpus_requested;
  const int nodes = static_cast<int>(job.alloc.size());
  p.remaining = speed_.resize(p.remaining, requested, from, to);
  const ProgressState sized =
      progress_->admit(job.rec, nodes, speed_.checkpoint_cost(requested, to));
  p.interval = sized.interval;
  p.cost = sized.cost;
  p.weight = nodes >= job.demand.nodes_needed
                 ? 1.0
                 : static_cast<double>(nodes) / static_cast<double>(job.demand.nodes_needed);
  const Time d =
      progress_->resume(p, now, cfg_.checkpoint.reconfigure_overhead, rate_of(j), free_rate_of(j));
  const std::pair<Time, std::int32_t> entry{now + limit, j};
  running_.insert(std::upper_bound(running_.begin(), running_.end(), entry), entry);
  ++changes_;
  ++job.attempt;  // its end event is stale
  ctx_->send(ctx_->self(), d, kJobEnd, kPrioJobEnd, JobEndMsg{j, job.attempt});
  contention_.start(j, job.starts, job.alloc, *ctx_);
}

void ClusterLp::restore_full_size(std::int32_t j) {
  Job& job = jobs_[j];
  ProgressState& p = job.progress;
  const std::int64_t requested = job.rec.job.gpus_requested;
  p.remaining = speed_.resize(p.remaining, requested, world_of(j), job.rec.job.gpus);
  // As on_submit admitted it.
  const ProgressState sized = progress_->admit(job.rec, job.demand.nodes_needed,
                                               speed_.checkpoint_cost(requested, job.rec.job.gpus));
  p.interval = sized.interval;
  p.cost = sized.cost;
  p.weight = 1;
}

}  // namespace fleetsim::model
