// Scheduling policy: which queued jobs of a cluster start now. The interface a policy sees of its
// cluster is SchedulingView; fifo_easy.h holds FIFO and EASY backfilling, conservative.h
// conservative backfilling. Every policy works on the queue in the order priority.h keeps
// (submission order, or Slurm's multifactor priority); preemption (preemption.h) runs before it.
//
// Same-time convention: the cluster applies every departure, arrival and node change of an
// instant before it runs one scheduling pass at that instant (sim/model/messages.h priorities).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "sim/model/cluster/placement.h"
#include "sim/model/config.h"

namespace fleetsim::model {

class SchedulingView {
 public:
  virtual ~SchedulingView() = default;
  virtual Time now() const = 0;
  // Waiting jobs (cluster job indexes), head first. The policy takes out what it starts.
  virtual std::deque<std::int32_t>& queue() = 0;
  virtual const Demand& demand(std::int32_t job) const = 0;
  virtual Time time_limit(std::int32_t job) const = 0;
  // Running jobs as (estimated end by their time limits, job), ascending.
  virtual const std::vector<std::pair<Time, std::int32_t>>& running() const = 0;
  virtual const Allocation& allocation(std::int32_t job) const = 0;
  virtual Placement& placement() = 0;
  // Places and starts `job` now (it must fit). The policy takes it out of queue() before its
  // pass ends.
  virtual void start(std::int32_t job) = 0;
  // Changes whenever running() or a queued job's demand or time limit does (placement() has its
  // own version): with the queue, all a pass reads besides now().
  virtual std::uint64_t version() const = 0;
};

class SchedulingPolicy {
 public:
  virtual ~SchedulingPolicy() = default;
  virtual void schedule(SchedulingView& view) = 0;
};

std::unique_ptr<SchedulingPolicy> make_policy(const SchedConfig& cfg);

}  // namespace fleetsim::model
