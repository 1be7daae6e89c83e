// Job progress: how a running job's work advances, what an interruption costs it and when it
// completes. Today's implementation is closed-form (sim/model/attempt.h: checkpoints every
// interval, a restart overhead after an interruption); a progress rate that the fabric can change
// will be another implementation of this interface.
#pragma once
#include <utility>

#include "sim/model/attempt.h"
#include "sim/model/config.h"
#include "sim/model/records.h"

namespace fleetsim::model {

// A job's progress between events. The attempt's plan is laid out in "plan time" (its length at
// full speed); a degraded fabric runs plan time slower than wall time, at `rate`, which changes
// at `mark` (when plan time `plan_at_mark` had passed). Every phase of the attempt (restart,
// compute, checkpoints) stretches alike: a simplification until the step-time model.
struct ProgressState {
  Time interval = 0;   // checkpoint interval for this job's size
  Time cost = 0;       // stall per checkpoint for this job
  Time remaining = 0;  // compute still to do
  AttemptPlan plan;    // of the current attempt
  Time attempt_start = -1;
  double rate = 1;
  Time mark = -1;
  Time plan_at_mark = 0;
  // Contention's part of the slowdown: the rate the job would have without it (the fabric's
  // failures alone), and the wall time lost to contention and to the failures from the
  // attempt's start to `mark` (unrounded; contended() splits the exact slowed time by them).
  double free_rate = 1;
  double contended_at_mark = 0, failed_at_mark = 0;
  // The attempt's GPUs over the record's gpus_allocated (failures.recovery = elastic: a shrunk
  // world runs on fewer GPUs). The record keeps times per allocated GPU, so an attempt's times
  // are booked times `weight` (rounded down, its lost time taking the remainder: the identity
  // useful + lost + checkpoint + degraded + contended = allocated stays exact). 1 otherwise.
  double weight = 1;

  // Plan time passed at wall time t (t at or after the attempt's start).
  Time plan_elapsed(Time t) const;
  // Wall time from the attempt's start to the end of its plan at the current rate.
  Time wall_to_finish() const;
  // Of `wall` since the attempt's start, the part spent slowed: wall (up to the plan's end)
  // minus the plan time it covered.
  Time slowed(Time wall) const;
  // Wall time lost up to t (up to the plan's end) to contention and to the failures: over each
  // stretch at one rate, stretch x (free_rate - rate) and stretch x (1 - free_rate). A unit of
  // wall time at rate r loses 1 - r, of which free_rate - r is contention's.
  std::pair<double, double> losses(Time t) const;
  // Of `slowed` (the exact slowed time up to t), contention's part: split in proportion to
  // losses(t), so all of it when the failures slowed nothing and none when contention did not.
  Time contended(Time slowed, Time t) const;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(interval, cost, remaining, plan.overhead, plan.work, plan.interval, plan.cost, attempt_start,
       rate, mark, plan_at_mark, free_rate, contended_at_mark, failed_at_mark, weight);
  }
};

class JobProgress {
 public:
  virtual ~JobProgress() = default;
  // A newly submitted job on `nodes` nodes that stalls `checkpoint_cost` per checkpoint.
  virtual ProgressState admit(const JobRecord& rec, int nodes, Time checkpoint_cost) const = 0;
  // Starts an attempt now at progress rate `rate` (1: full speed; `free_rate` without
  // contention, >= rate); returns how long it runs to completion if nothing interrupts it or
  // changes its rate.
  virtual Time start(ProgressState& p, Time now, bool restart, double rate,
                     double free_rate) const = 0;
  // As start, with a stall of `overhead` first (an elastic job's reconfiguration).
  virtual Time resume(ProgressState& p, Time now, Time overhead, double rate,
                      double free_rate) const = 0;
  // Its rate changes now; returns how long it still runs to completion.
  virtual Time rescale(ProgressState& p, Time now, double rate, double free_rate) const = 0;
  // Books the attempt into rec's useful, lost, checkpoint, degraded, contended and allocated
  // times (per allocated GPU, times p.weight).
  virtual void complete(ProgressState& p, JobRecord& rec, Time now) const = 0;
  // The job's node failed at fail_time; it learns of it now. Work since the last checkpoint is
  // lost, unless `planned` (maintenance: the job checkpoints first and keeps what it computed).
  virtual void interrupt(ProgressState& p, JobRecord& rec, Time fail_time, Time now,
                         bool planned = false) const = 0;
  // The run ends now with the attempt still going: what it computed so far counts as useful.
  virtual void cut(ProgressState& p, JobRecord& rec, Time now) const = 0;
};

// The checkpoint interval (compute between checkpoints) that maximizes the expected useful
// share of a job with mean time to failure `mtbf` and checkpoint cost `cost`, both in us:
// Young (CACM 1974): sqrt(2 C M); Daly (FGCS 2006, eq. 37): sqrt(2 C M) (1 + sqrt(C / 2M) / 3 +
// C / 2M / 9) - C for C < 2M, else M.
Time young_interval(double cost, double mtbf);
Time daly_interval(double cost, double mtbf);

class ClosedFormProgress final : public JobProgress {
 public:
  ClosedFormProgress(const CheckpointConfig& ck, double node_failure_rate_per_us)
      : ck_(ck), rate_per_us_(node_failure_rate_per_us) {}
  ProgressState admit(const JobRecord& rec, int nodes, Time checkpoint_cost) const override;
  Time start(ProgressState& p, Time now, bool restart, double rate,
             double free_rate) const override;
  Time resume(ProgressState& p, Time now, Time overhead, double rate,
              double free_rate) const override;
  Time rescale(ProgressState& p, Time now, double rate, double free_rate) const override;
  void complete(ProgressState& p, JobRecord& rec, Time now) const override;
  void interrupt(ProgressState& p, JobRecord& rec, Time fail_time, Time now,
                 bool planned) const override;
  void cut(ProgressState& p, JobRecord& rec, Time now) const override;

 private:
  CheckpointConfig ck_;
  double rate_per_us_;  // per node
};

}  // namespace fleetsim::model
