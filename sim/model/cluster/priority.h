// The queue's order: submission order (sched.priority = fifo, today's), or Slurm's multifactor
// priority (https://slurm.schedmd.com/priority_multifactor.html):
//   priority = PriorityWeightAge x age + PriorityWeightFairshare x fair_share
//            + PriorityWeightJobSize x job_size + PriorityWeightQOS x qos
//            + PriorityWeightPartition x partition
// each factor in [0, 1], the sum truncated to an integer and at least 1, as Slurm's job priority
// is (0 is Slurm's mark of a held job):
//   age        time since the job reached this cluster over sched.priority_max_age, at most 1;
//   fair_share 2^(-U/S) of the job's tenant (fair_share.h);
//   job_size   (its nodes over the cluster's nodes + its GPUs over the cluster's GPUs) / 2, as
//              Slurm 22.05 averages the node and CPU shares (a Slurm CPU is a fleetsim GPU;
//              PriorityFavorSmall=NO; checked against sprio by tests/slurm/test_sprio.sh);
//   qos        its QoS level's priority over the largest level's (qos.h);
//   partition  its partition's PriorityJobFactor over the largest partition's (partitions.h;
//              0 without partitions), weighted by sched.weight_partition.
// Association, nice, site and TRES factors are not modelled.
//
// Priorities are recomputed every sched.priority_interval (Slurm's PriorityCalcPeriod), at the
// first scheduling pass at or after each multiple of it; a job gets its first at its arrival.
// Between recomputations the queue stays sorted, highest priority first, then earlier arrival,
// then lower id: a job arriving or requeued is inserted at its place, and the policies keep the
// order of what they leave. A requeued job keeps its arrival time (its age goes on).
//
// A recomputation costs one pass over the queue and no comparison sort: the queued jobs are also
// kept in (arrival, id) order, and a counting sort by priority (an integer in a small range)
// keeps that order among equal priorities, which is the queue's order. On the giant layout's
// queue of ~14k jobs, recomputed every 5 minutes for a year, this replaced a std::sort that took
// most of the run (bench/README.md, "The giant's priority recomputations").
#pragma once
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "sim/model/cluster/chunked_table.h"
#include "sim/model/cluster/fair_share.h"
#include "sim/model/config.h"
#include "sim/model/records.h"

namespace fleetsim::model {

struct PriorityFactors {
  double age = 0, fair_share = 0, job_size = 0, qos = 0, partition = 0;
};

// The weighted sum of sched.weight_*, truncated to an integer, at least 1.
std::int64_t multifactor_priority(const SchedConfig& cfg, const PriorityFactors& f);

class JobOrder {
 public:
  JobOrder(const SchedConfig& cfg, std::int64_t cluster_gpus, int gpus_per_node);
  bool multifactor() const { return cfg_->priority == QueueOrder::kMultifactor; }

  // A job reaches the cluster: `j` is its index there (arrival order).
  void admit(std::int32_t j, const JobRecord& rec, Time now);
  // Puts job j into the queue: at its place by priority, or (fifo) at the head or the tail.
  void enqueue(std::deque<std::int32_t>& queue, std::int32_t j, bool front);
  // Before each scheduling pass: when a recomputation is due, charges the running jobs' usage,
  // decays it, gives every queued job its new priority and sorts the queue.
  void before_pass(Time now, std::deque<std::int32_t>& queue,
                   const std::vector<std::pair<Time, std::int32_t>>& running);
  // Job j ended or left this cluster: its entry is freed (it is not asked about again).
  void forget(std::int32_t j);
  // An attempt of job j starts or stops (its usage is charged to its tenant while it runs).
  void started(std::int32_t j, Time now);
  void stopped(std::int32_t j, Time now);
  // Running job j now holds `gpus` (failures.recovery = elastic shrank or grew it): its usage so
  // far is charged at what it held, from now on at `gpus`. Its job-size factor keeps its size.
  void resized(std::int32_t j, Time now, std::int32_t gpus);

  // The priority job j got at the last recomputation (0 with fifo).
  std::int64_t priority(std::int32_t j) const;
  // Its factors at `now` (for tests and the priority itself).
  PriorityFactors factors(std::int32_t j, Time now) const;
  const FairShare& fair_share() const { return share_; }
  // Whether job a comes before job b in the queue.
  bool before(std::int32_t a, std::int32_t b) const;

  template <class Archive>
  void serialize(Archive& ar) {
    settle_priorities();  // the entries' copies hold every priority (a no-op when loading)
    ar(share_, jobs_, next_due_);
    waiting_built_ = false;  // derived from the queue: rebuilt at the next recomputation
  }

 private:
  struct Entry {
    std::int32_t slot = 0;  // the tenant's, in FairShare
    std::int32_t gpus = 0;  // allocated
    std::int32_t held = 0;  // GPUs its usage is charged for while it runs (gpus unless resized)
    std::int8_t qos = 0;
    std::int8_t partition = -1;
    Time arrival = 0;
    std::uint64_t id = 0;
    std::int64_t priority = 0;
    Time charged_to = -1;  // running: its usage is charged up to this time; -1 when not running

    template <class Archive>
    void serialize(Archive& ar) {
      ar(slot, gpus, held, qos, partition, arrival, id, priority, charged_to);
    }
  };
  void charge(Entry& e, Time now);
  // A job's factors at `now`, its tenant's fair-share factor given; the two that change while it
  // waits, age and fair share, also alone.
  PriorityFactors factors_of(const Entry& e, Time now, double fair_share) const;
  double age_factor(Time arrival, Time now) const;
  double job_size_factor(const Entry& e) const;

  // A queued job in (arrival, id) order, with the weighted terms of its priority that stay fixed
  // while it waits (sched.weight_X x factor X).
  struct Waiting {
    Time arrival = 0;
    std::uint64_t id = 0;
    std::int32_t job = 0;
    std::int32_t slot = 0;
    double size_term = 0, qos_term = 0, partition_term = 0;
    // Its priority while it is listed here (the entry's copy is brought up to date when it
    // leaves the list or a snapshot is taken: the pass then writes only this list).
    std::int64_t priority = 0;
    bool operator<(const Waiting& o) const {
      return arrival != o.arrival ? arrival < o.arrival : id < o.id;
    }
  };
  Waiting waiting(std::int32_t j) const;
  // Job j's current priority: its waiting_ entry's while it has one, else its entry's.
  std::int64_t current_priority(std::int32_t j) const;
  // Copies every listed priority into the job table.
  void settle_priorities();
  // After a snapshot is loaded (or before the first recomputation): waiting_ from the queue.
  void rebuild_waiting(const std::deque<std::int32_t>& queue);
  // The queue's new order from waiting_'s priorities.
  void order_queue(std::deque<std::int32_t>& queue, std::int64_t lo, std::int64_t hi);

  const SchedConfig* cfg_;
  double cluster_gpus_;
  int gpus_per_node_;
  FairShare share_;
  ChunkedTable<Entry> jobs_;  // per admitted job not yet forgotten
  Time next_due_ = 0;
  std::vector<double> qos_factor_;  // per level (configuration)
  // Every queued job has one entry in waiting_, in (arrival, id) order; a job that left the
  // queue keeps its entry until the next recomputation drops it. mark_ (per job): kListed while
  // it has an entry; kQueued during a recomputation, for the jobs in the queue.
  std::vector<Waiting> waiting_;
  std::vector<std::uint8_t> mark_;
  static constexpr std::uint8_t kListed = 1, kQueued = 2;
  bool waiting_built_ = false;
  // Scratch of a recomputation: each slot's weighted fair-share term, the counting sort's
  // counts and order.
  std::vector<double> share_term_;
  std::vector<std::int32_t> count_;
  std::vector<std::int32_t> order_scratch_;
};

}  // namespace fleetsim::model
