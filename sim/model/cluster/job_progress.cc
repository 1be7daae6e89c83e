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

// One attempt's times, per GPU of the attempt, before they go into the record.
struct Booking {
  Time useful = 0, lost = 0, checkpoint = 0, degraded = 0, contended = 0, allocated = 0;
};

// Splits `slowed` wall time into contention's part (at most all of it) and the failures'.
void book_slowed(const ProgressState& p, Booking& b, Time slowed, Time t) {
  const Time contended = p.contended(slowed, t);
  b.contended += contended;
  b.degraded += slowed - contended;
}

// Adds b to rec at the attempt's weight. At weight 1, exactly b; else every time but `lost`
// rounded down and `lost` the rest of `allocated`, which keeps the record's identity exact and
// lost >= 0 (floor(a w) >= the sum of the floors of a's parts times w).
void book(const ProgressState& p, JobRecord& rec, const Booking& b) {
  if (p.weight == 1) {
    rec.useful += b.useful;
    rec.lost += b.lost;
    rec.checkpoint += b.checkpoint;
    rec.degraded += b.degraded;
    rec.contended += b.contended;
    rec.allocated += b.allocated;
    return;
  }
  const auto w = [&](Time t) {
    return static_cast<Time>(std::floor(static_cast<double>(t) * p.weight));
  };
  const Time allocated = w(b.allocated), useful = w(b.useful), checkpoint = w(b.checkpoint),
             degraded = w(b.degraded), contended = w(b.contended);
  rec.useful += useful;
  rec.checkpoint += checkpoint;
  rec.degraded += degraded;
  rec.contended += contended;
  rec.allocated += allocated;
  rec.lost += allocated - useful - checkpoint - degraded - contended;
  rec.ran_shrunk += allocated;
}

}  // namespace

Time ClosedFormProgress::start(ProgressState& p, Time now, bool restart, double rate,
                               double free_rate) const {
  return resume(p, now, restart ? ck_.restart_overhead : 0, rate, free_rate);
}

Time ClosedFormProgress::resume(ProgressState& p, Time now, Time overhead, double rate,
                                double free_rate) const {
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
  Booking b;
  b.useful = p.plan.work;
  b.checkpoint = p.plan.checkpoints() * p.plan.cost;
  book_slowed(p, b, elapsed - p.plan.duration(), now);
  b.lost = p.plan.overhead;
  b.allocated = elapsed;
  book(p, rec, b);
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
  Booking b;
  b.useful = kept;
  b.checkpoint = done.checkpoint;
  book_slowed(p, b, slowed, at);
  b.lost = elapsed - kept - done.checkpoint - slowed;
  b.allocated = elapsed;
  book(p, rec, b);
  p.remaining -= kept;
}

void ClosedFormProgress::cut(ProgressState& p, JobRecord& rec, Time now) const {
  const Time elapsed = now - p.attempt_start;
  const Time e = p.plan_elapsed(now);
  const auto done = progress(p.plan, e);
  Booking b;
  b.useful = done.computed;
  b.checkpoint = done.checkpoint + done.partial_checkpoint;
  const Time slowed = p.slowed(elapsed);
  book_slowed(p, b, slowed, now);
  b.lost = elapsed - slowed - done.computed - done.checkpoint - done.partial_checkpoint;
  b.allocated = elapsed;
  book(p, rec, b);
  p.remaining -= done.computed;
}

}  // namespace fleetsim::model
