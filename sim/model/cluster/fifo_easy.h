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
#pragma once
#include <algorithm>

#include "sim/model/cluster/scheduling_policy.h"

namespace fleetsim::model {

class EasyBackfillPolicy final : public SchedulingPolicy {
 public:
  // depth 0: FIFO (no job behind a blocked head is examined, and nothing is reserved).
  // `partitions`: how many there are (0: none configured, the whole cluster is one).
  EasyBackfillPolicy(int depth, int partitions)
      : depth_(depth), partitions_(std::max(partitions, 1)) {}
  void schedule(SchedulingView& view) override;

  struct Reservation {
    std::int32_t partition = -1;
    PodRange pods;  // the partition's
    Time shadow =
        engine::kNever;   // when the blocked head job can start at the latest (by time limits)
    int extra_nodes = 0;  // whole nodes of `pods` free then beyond what the head job needs
  };
  static Reservation reserve(SchedulingView& view, std::int32_t head);

 private:
  // Whether job j may start now without delaying any reservation; if so, and `take`, its nodes
  // come off the extra nodes of the reservations it could delay.
  bool respects(SchedulingView& view, std::int32_t j, bool take);

  int depth_;
  std::size_t partitions_;
  std::vector<Reservation> held_;
  std::vector<std::int32_t> kept_;
  std::vector<std::int32_t> blocked_;  // FIFO: partitions whose head waits
};

}  // namespace fleetsim::model
