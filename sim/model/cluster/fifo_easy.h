// FIFO and EASY backfilling (Mu'alem and Feitelson, IEEE TPDS 2001), on the users' time limits.
//
// FIFO starts jobs from the head of the queue while they fit. EASY then gives the blocked head a
// reservation: its shadow time is the earliest estimated end of running jobs at which it fits,
// and the extra nodes are those free at the shadow time, counting every running job whose
// estimated end is at or before it, beyond what the head needs. A later job (up to
// sched.backfill_depth of them) starts now if it fits and either ends, by its time limit, by the
// shadow time, or uses only extra nodes (which it then takes from the count).
#pragma once
#include "sim/model/cluster/scheduling_policy.h"

namespace fleetsim::model {

class FifoPolicy : public SchedulingPolicy {
 public:
  void schedule(SchedulingView& view) override;
};

class EasyBackfillPolicy final : public FifoPolicy {
 public:
  explicit EasyBackfillPolicy(int depth) : depth_(depth) {}
  void schedule(SchedulingView& view) override;

  struct Reservation {
    Time shadow =
        engine::kNever;   // when the blocked head job can start at the latest (by time limits)
    int extra_nodes = 0;  // whole nodes free then beyond what the head job needs
  };
  static Reservation reserve(SchedulingView& view, std::int32_t head);

 private:
  int depth_;
  std::vector<std::int32_t> kept_;
};

}  // namespace fleetsim::model
