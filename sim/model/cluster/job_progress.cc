#include "sim/model/cluster/job_progress.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace fleetsim::model {

Time young_interval(double cost, double mtbf) {
  return static_cast<Time>(std::sqrt(2.0 * cost * mtbf));
}

Time daly_interval(double cost, double mtbf) {
  if (cost >= 2 * mtbf) return static_cast<Time>(mtbf);
  const double x = cost / (2 * mtbf);
  return static_cast<Time>(std::sqrt(2.0 * cost * mtbf) * (1 + std::sqrt(x) / 3 + x / 9) - cost);
}

ProgressState ClosedFormProgress::admit(const JobRecord& rec, int nodes,
                                        Time checkpoint_cost) const {
  ProgressState p;
  p.remaining = std::max<Time>(1, rec.job.runtime);
  p.cost = checkpoint_cost;
  // The job's mean time to failure: its nodes' failures only (the network's are rarer).
  const double rate = rate_per_us_ * nodes;
  const double mtbf = rate > 0 ? 1 / rate : 0;
  switch (ck_.policy) {
    case CheckpointPolicy::kNone:
      p.interval = engine::kNever;
      break;
    case CheckpointPolicy::kFixed:
      p.interval = ck_.interval;
      break;
    case CheckpointPolicy::kYoung:
      p.interval = rate > 0 ? young_interval(static_cast<double>(p.cost), mtbf) : engine::kNever;
      break;
    case CheckpointPolicy::kDaly:
      p.interval = rate > 0 ? daly_interval(static_cast<double>(p.cost), mtbf) : engine::kNever;
      break;
  }
  return p;
}

namespace {

// Wall time that `plan` of plan time takes at `rate`, rounded up so that the attempt never ends
// before its plan is done. Exact at rate 1.
Time wall_for(Time plan, double rate) {
  return rate >= 1 ? plan : static_cast<Time>(std::ceil(static_cast<double>(plan) / rate));
}

}  // namespace

Time ProgressState::plan_elapsed(Time t) const {
  const Time wall = std::max<Time>(0, t - attempt_start);
  const Time since = t - mark;
  const Time e =
      rate >= 1 ? plan_at_mark + since
                : plan_at_mark + static_cast<Time>(std::floor(static_cast<double>(since) * rate));
  // Never more plan time than wall time, nor less than none (t may precede the mark when a
  // failure is learned of after a rate change: the current rate is then used back to t).
  return std::clamp<Time>(e, 0, std::min(wall, plan.duration()));
}

Time ProgressState::wall_to_finish() const {
  return mark - attempt_start + wall_for(plan.duration() - plan_at_mark, rate);
}

Time ProgressState::slowed(Time wall) const {
  return std::min(wall, wall_to_finish()) - plan_elapsed(attempt_start + wall);
}

std::pair<double, double> ProgressState::losses(Time t) const {
  const auto stretch =
      static_cast<double>(std::max<Time>(0, std::min(t, attempt_start + wall_to_finish()) - mark));
  return {contended_at_mark + stretch * std::max(0.0, free_rate - rate),
          failed_at_mark + stretch * std::max(0.0, 1 - free_rate)};
}

Time ProgressState::contended(Time slowed, Time t) const {
  const auto [c, f] = losses(t);
  if (slowed <= 0 || c <= 0) return 0;
  return std::clamp<Time>(std::llround(static_cast<double>(slowed) * (c / (c + f))), 0, slowed);
}

namespace {

// Splits `slowed` wall time into contention's part (at most all of it) and the failures'.
void book_slowed(const ProgressState& p, JobRecord& rec, Time slowed, Time t) {
  const Time contended = p.contended(slowed, t);
  rec.contended += contended;
  rec.degraded += slowed - contended;
}

}  // namespace

Time ClosedFormProgress::start(ProgressState& p, Time now, bool restart, double rate,
                               double free_rate) const {
  const Time overhead = restart ? ck_.restart_overhead : 0;
  p.plan = AttemptPlan::make(overhead, p.remaining, p.interval, p.cost);
  p.attempt_start = now;
  p.mark = now;
  p.plan_at_mark = 0;
  p.rate = rate;
  p.free_rate = free_rate;
  p.contended_at_mark = p.failed_at_mark = 0;
  return wall_for(p.plan.duration(), rate);
}

Time ClosedFormProgress::rescale(ProgressState& p, Time now, double rate, double free_rate) const {
  std::tie(p.contended_at_mark, p.failed_at_mark) = p.losses(now);
  p.free_rate = free_rate;
  p.plan_at_mark = p.plan_elapsed(now);
  p.mark = now;
  p.rate = rate;
  return wall_for(p.plan.duration() - p.plan_at_mark, rate);
}

void ClosedFormProgress::complete(ProgressState& p, JobRecord& rec, Time now) const {
  const Time elapsed = now - p.attempt_start;
  rec.useful += p.plan.work;
  rec.checkpoint += p.plan.checkpoints() * p.plan.cost;
  rec.lost += p.plan.overhead;
  book_slowed(p, rec, elapsed - p.plan.duration(), now);
  rec.allocated += elapsed;
  p.remaining = 0;
}

void ClosedFormProgress::interrupt(ProgressState& p, JobRecord& rec, Time fail_time, Time now,
                                   bool planned) const {
  const Time at = std::clamp(fail_time, p.attempt_start, now);
  const Time e = p.plan_elapsed(at);
  const auto done = progress(p.plan, e);
  // Maintenance: the job checkpoints before the node goes down, keeping what it computed.
  const Time kept = planned ? done.computed : done.committed;
  const Time elapsed = now - p.attempt_start;
  const Time slowed = p.slowed(at - p.attempt_start);
  rec.useful += kept;
  rec.checkpoint += done.checkpoint;
  book_slowed(p, rec, slowed, at);
  rec.lost += elapsed - kept - done.checkpoint - slowed;
  rec.allocated += elapsed;
  p.remaining -= kept;
}

void ClosedFormProgress::cut(ProgressState& p, JobRecord& rec, Time now) const {
  const Time elapsed = now - p.attempt_start;
  const Time e = p.plan_elapsed(now);
  const auto done = progress(p.plan, e);
  rec.useful += done.computed;
  rec.checkpoint += done.checkpoint + done.partial_checkpoint;
  const Time slowed = p.slowed(elapsed);
  book_slowed(p, rec, slowed, now);
  rec.lost += elapsed - slowed - done.computed - done.checkpoint - done.partial_checkpoint;
  rec.allocated += elapsed;
  p.remaining -= done.computed;
}

}  // namespace fleetsim::model
