#include "sim/model/cluster/job_progress.h"

#include <algorithm>
#include <cmath>

namespace fleetsim::model {

ProgressState ClosedFormProgress::admit(const JobRecord& rec, int nodes) const {
  ProgressState p;
  p.remaining = std::max<Time>(1, rec.job.runtime);
  // Checkpoint interval: Young's sqrt(2 C M) with M the job's mean time to failure.
  switch (ck_.policy) {
    case CheckpointPolicy::kNone:
      p.interval = engine::kNever;
      break;
    case CheckpointPolicy::kFixed:
      p.interval = ck_.interval;
      break;
    case CheckpointPolicy::kYoung: {
      const double rate = rate_per_us_ * nodes;
      p.interval = rate > 0
                       ? static_cast<Time>(std::sqrt(2.0 * static_cast<double>(ck_.cost) / rate))
                       : engine::kNever;
      break;
    }
  }
  return p;
}

Time ClosedFormProgress::start(ProgressState& p, Time now, bool restart) const {
  const Time overhead = restart ? ck_.restart_overhead : 0;
  p.plan = AttemptPlan::make(overhead, p.remaining, p.interval, ck_.cost);
  p.attempt_start = now;
  return p.plan.duration();
}

void ClosedFormProgress::complete(ProgressState& p, JobRecord& rec, Time now) const {
  rec.useful += p.plan.work;
  rec.checkpoint += p.plan.checkpoints() * p.plan.cost;
  rec.lost += p.plan.overhead;
  rec.allocated += now - p.attempt_start;
  p.remaining = 0;
}

void ClosedFormProgress::interrupt(ProgressState& p, JobRecord& rec, Time fail_time,
                                   Time now) const {
  const auto done = progress(p.plan, std::max<Time>(0, fail_time - p.attempt_start));
  const Time elapsed = now - p.attempt_start;
  rec.useful += done.committed;
  rec.checkpoint += done.checkpoint;
  rec.lost += elapsed - done.committed - done.checkpoint;
  rec.allocated += elapsed;
  p.remaining -= done.committed;
}

void ClosedFormProgress::cut(ProgressState& p, JobRecord& rec, Time now) const {
  const Time elapsed = now - p.attempt_start;
  const auto done = progress(p.plan, elapsed);
  rec.useful += done.computed;
  rec.checkpoint += done.checkpoint + done.partial_checkpoint;
  rec.lost += elapsed - done.computed - done.checkpoint - done.partial_checkpoint;
  rec.allocated += elapsed;
  p.remaining -= done.computed;
}

}  // namespace fleetsim::model
