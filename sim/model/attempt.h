// The arithmetic of one run attempt of a checkpointing job, in integer microseconds.
//
// An attempt starts with an overhead (the restart cost, zero for a first start), then computes
// in segments of `interval`, each followed by a checkpoint stall of `cost`, until `work` is done
// (no checkpoint after the last segment). Everything is closed-form: no event per checkpoint.
#pragma once
#include <algorithm>

#include "sim/engine/event.h"

namespace fleetsim::model {

using engine::Time;

struct AttemptPlan {
  Time overhead = 0;
  Time work = 0;      // compute still to do at the start of the attempt
  Time interval = 0;  // compute between checkpoints, clamped to `work`
  Time cost = 0;      // stall per checkpoint

  static AttemptPlan make(Time overhead, Time work, Time interval, Time cost) {
    AttemptPlan p{overhead, work, std::clamp<Time>(interval, 1, std::max<Time>(work, 1)), cost};
    return p;
  }
  Time checkpoints() const { return work > 0 ? (work - 1) / interval : 0; }
  Time duration() const { return overhead + work + checkpoints() * cost; }
};

// How an attempt's time `elapsed` since its start splits up.
struct AttemptProgress {
  Time computed = 0;            // compute done, saved or not
  Time committed = 0;           // compute saved by a completed checkpoint (or the job's end)
  Time checkpoint = 0;          // time in completed checkpoints
  Time partial_checkpoint = 0;  // time in a checkpoint still in progress
};

inline AttemptProgress progress(const AttemptPlan& p, Time elapsed) {
  AttemptProgress r;
  const Time e = std::min(elapsed, p.duration()) - p.overhead;
  if (e <= 0) return r;
  const Time cycle = p.interval + p.cost;
  const Time k = std::min(e / cycle, p.checkpoints());
  const Time rest = e - k * cycle;
  r.committed = k * p.interval;
  r.checkpoint = k * p.cost;
  r.computed = r.committed + std::min(rest, p.interval);
  r.partial_checkpoint = std::max<Time>(0, rest - p.interval);
  if (elapsed >= p.duration()) r.committed = r.computed = p.work;
  return r;
}

}  // namespace fleetsim::model
