// FIFO and EASY backfilling (Mu'alem and Feitelson, IEEE TPDS 2001), on the users' time limits.
//
// FIFO starts jobs from the head of the queue while they fit. EASY then gives the blocked head a
// reservation: its shadow time is the earliest estimated end of running jobs at which it fits,
// and the extra nodes are those free at the shadow time, counting every running job whose
// estimated end is at or before it, beyond what the head needs. A later job (up to
// sched.backfill_depth of them) starts now if it fits and either ends, by its time limit, by the
// shadow time, or uses only extra nodes (which it then takes from the count).
//
// With partitions (partitions.h) each partition is its own queue, as in Slurm: a job is the head
// of its partition when no earlier job of that partition is still waiting. FIFO starts each
// partition's jobs while they fit; a blocked partition does not stop the others. EASY gives the
// first blocked job of each partition a reservation within that partition's pods, and every
// later job, of any partition, must respect every reservation whose pods it could take: it ends
// by the shadow time or takes no more of that partition's pods than its extra nodes. A head that
// fits but is held back only by another partition's reservation reserves nothing: it waits for
// that reservation, and the jobs behind it may backfill.
// With one partition (none configured) this is exactly the textbook algorithm above.
//
// Resuming a pass (the same starts, less work: Curie's replay makes 560k passes, and in a third
// of them nothing the previous pass read has changed but the time and the queue's new tail).
// When the previous pass started no job, and since then the placement, the running jobs, the
// queued jobs' demands and the part of the queue it read are the same, the pass now makes the
// same decisions on that part:
// - a job that did not fit still does not (the same free nodes);
// - a reservation has the same extra nodes, and its shadow time max(t, now) only moves later;
// - a job that fit but could delay a reservation ended after its shadow time: it ran over
//   now + its time limit > max(t, now), and now + limit grows with now as fast as the shadow
//   time can. It still does.
// So if that pass stopped before the end of the queue (the backfill depth, no idle GPU, FIFO's
// blocked partitions), this one would stop at the same job, having started none: it does
// nothing. If it went through the whole queue, this one goes on from there, with its blocked
// partitions, its reservations (shadow times taken again with this now) and its count of jobs
// examined. sched.resume_passes = false (tests only) starts every pass from the head.
#pragma once
#include <algorithm>

#include "sim/model/cluster/scheduling_policy.h"

namespace fleetsim::model {

class EasyBackfillPolicy final : public SchedulingPolicy {
 public:
  // depth 0: FIFO (no job behind a blocked head is examined, and nothing is reserved).
  // `partitions`: how many there are (0: none configured, the whole cluster is one).
  EasyBackfillPolicy(int depth, int partitions, bool resume_passes = true)
      : depth_(depth), partitions_(std::max(partitions, 1)), resume_passes_(resume_passes) {}
  void schedule(SchedulingView& view) override;

  struct Reservation {
    std::int32_t partition = -1;
    PodRange pods;  // the partition's
    Time shadow =
        engine::kNever;   // when the blocked head job can start at the latest (by time limits)
    int extra_nodes = 0;  // whole nodes of `pods` free then beyond what the head job needs
    // The estimated end at which the head job fits; shadow = max(fits_at, the pass's now).
    Time fits_at = engine::kNever;
  };
  static Reservation reserve(SchedulingView& view, std::int32_t head);

  // Passes so far, and those that resumed the last one (or found it had nothing to do).
  std::uint64_t passes() const { return passes_; }
  std::uint64_t passes_resumed() const { return resumed_; }

 private:
  // Whether job j may start now without delaying any reservation; if so, and `take`, its nodes
  // come off the extra nodes of the reservations it could delay.
  bool respects(SchedulingView& view, std::int32_t j, bool take);

  // Whether the last pass can be resumed (above): what it read is unchanged.
  bool unchanged_since_last(SchedulingView& view) const;

  int depth_;
  std::size_t partitions_;
  bool resume_passes_;
  std::vector<Reservation> held_;
  std::vector<std::int32_t> kept_;
  std::vector<std::int32_t> blocked_;  // FIFO: partitions whose head waits

  // What the last pass left, for the next one (not saved: a restored cluster starts afresh).
  struct LastPass {
    bool started = true;        // it started a job (or there was none): the next pass starts afresh
    bool went_through = false;  // it examined the whole queue
    std::uint64_t placement_version = 0, view_version = 0;
    std::vector<std::int32_t> read;  // the queue entries it looked at, in order
    std::size_t examined = 0;
  };
  LastPass last_;
  std::uint64_t passes_ = 0, resumed_ = 0;
};

}  // namespace fleetsim::model
