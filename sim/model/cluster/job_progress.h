// Job progress: how a running job's work advances, what an interruption costs it and when it
// completes. Today's implementation is closed-form (sim/model/attempt.h: checkpoints every
// interval, a restart overhead after an interruption); a progress rate that the fabric can change
// will be another implementation of this interface.
#pragma once
#include "sim/model/attempt.h"
#include "sim/model/config.h"
#include "sim/model/records.h"

namespace fleetsim::model {

// A job's progress between events.
struct ProgressState {
  Time interval = 0;   // checkpoint interval for this job's size
  Time remaining = 0;  // compute still to do
  AttemptPlan plan;    // of the current attempt
  Time attempt_start = -1;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(interval, remaining, plan.overhead, plan.work, plan.interval, plan.cost, attempt_start);
  }
};

class JobProgress {
 public:
  virtual ~JobProgress() = default;
  // A newly submitted job on `nodes` nodes.
  virtual ProgressState admit(const JobRecord& rec, int nodes) const = 0;
  // Starts an attempt now; returns how long it runs to completion if nothing interrupts it.
  virtual Time start(ProgressState& p, Time now, bool restart) const = 0;
  // Books the attempt into rec's useful, lost, checkpoint and allocated times (per GPU).
  virtual void complete(ProgressState& p, JobRecord& rec, Time now) const = 0;
  // The job's node failed at fail_time; it learns of it now. Work since the last checkpoint is
  // lost.
  virtual void interrupt(ProgressState& p, JobRecord& rec, Time fail_time, Time now) const = 0;
  // The run ends now with the attempt still going: what it computed so far counts as useful.
  virtual void cut(ProgressState& p, JobRecord& rec, Time now) const = 0;
};

class ClosedFormProgress final : public JobProgress {
 public:
  ClosedFormProgress(const CheckpointConfig& ck, double node_failure_rate_per_us)
      : ck_(ck), rate_per_us_(node_failure_rate_per_us) {}
  ProgressState admit(const JobRecord& rec, int nodes) const override;
  Time start(ProgressState& p, Time now, bool restart) const override;
  void complete(ProgressState& p, JobRecord& rec, Time now) const override;
  void interrupt(ProgressState& p, JobRecord& rec, Time fail_time, Time now) const override;
  void cut(ProgressState& p, JobRecord& rec, Time now) const override;

 private:
  CheckpointConfig ck_;
  double rate_per_us_;  // per node
};

}  // namespace fleetsim::model
