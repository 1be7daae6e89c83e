#include "sim/model/router_lp.h"

#include <cmath>

#include "sim/model/messages.h"

namespace fleetsim::model {

RouterLp::RouterLp(const ModelConfig& cfg, const FleetMap& map, JobSourceFactory make_source)
    : cfg_(cfg), map_(map), make_source_(std::move(make_source)) {
  queued_.assign(map.clusters(), 0);
  busy_.assign(map.clusters(), 0);
}

void RouterLp::init(engine::Context& ctx) {
  source_ = make_source_(ctx);
  pull(ctx);
}

void RouterLp::pull(engine::Context& ctx) {
  if (!source_->next(pending_)) return;
  ctx.send(ctx.self(), std::max<Time>(0, pending_.submit - ctx.now()), kArrival, kPrioSubmit,
           std::int32_t{0});
}

void RouterLp::handle(const engine::Event& ev, engine::Context& ctx) {
  if (ev.kind == kQueueReport) {
    const auto r = ev.as<QueueReportMsg>();
    queued_[r.cluster] = r.queued_gpus;
    busy_[r.cluster] = r.busy_gpus;
    return;
  }
  route(ctx);
  pull(ctx);
}

void RouterLp::route(engine::Context& ctx) {
  const traces::JobSpec& job = pending_;
  JobSubmitMsg msg{};
  msg.id = next_id_++;
  msg.submit = ctx.now();
  msg.runtime = job.runtime;
  msg.time_limit = job.time_limit;
  msg.gpus = job.gpus;
  msg.gpus_requested = job.gpus;
  msg.tenant = job.tenant;
  msg.job_class = static_cast<std::uint8_t>(job.job_class);
  msg.recorded_outcome = job.recorded_outcome;
  msg.end_as_recorded = job.end_as_recorded ? 1 : 0;

  // A tenant pinned to a cluster (sched.tenant_clusters) sees only that cluster.
  const auto& pin = cfg_.sched.tenant_cluster;
  int only = job.tenant >= 0 && job.tenant < static_cast<std::int32_t>(pin.size())
                 ? pin[static_cast<std::size_t>(job.tenant)]
                 : -1;
  if (cfg_.sched.tenant_own_cluster && job.tenant >= 0) only = job.tenant % map_.clusters();
  const std::int64_t largest = only >= 0 ? map_.cluster_gpus(only) : map_.largest_cluster_gpus();
  if (job.gpus > largest) {
    if (cfg_.sched.oversize == Oversize::kReject) {
      JobRecord rec;
      rec.id = msg.id;
      rec.tenant = job.tenant;
      rec.job_class = msg.job_class;
      rec.gpus_requested = rec.gpus = job.gpus;
      rec.state = JobState::kRejected;
      rec.recorded_outcome = job.recorded_outcome;
      rec.submit = msg.submit;
      rec.runtime = job.runtime;
      rec.time_limit = job.time_limit;
      rejected_.push_back(rec);
      return;
    }
    // Shrink to whole nodes of a share of the largest cluster; the same work takes longer.
    const int gpn = cfg_.fabric.gpus_per_node;
    const auto target = static_cast<std::int64_t>(cfg_.sched.shrink_fraction * largest);
    msg.gpus = static_cast<std::int32_t>(std::max<std::int64_t>(gpn, target / gpn * gpn));
    const double stretch = static_cast<double>(job.gpus) / msg.gpus;
    msg.runtime = static_cast<Time>(std::ceil(static_cast<double>(job.runtime) * stretch));
    msg.time_limit = static_cast<Time>(std::ceil(static_cast<double>(job.time_limit) * stretch));
    msg.shrunk = 1;
  }

  int best = -1;
  for (int c = 0; c < map_.clusters(); ++c) {
    const std::int64_t cap = map_.cluster_gpus(c);
    if (cap < msg.gpus || (only >= 0 && c != only)) continue;
    if (best < 0) {
      best = c;
      continue;
    }
    // Compare queued/cap then busy/cap exactly, by cross-multiplying.
    const std::int64_t bcap = map_.cluster_gpus(best);
    const auto lhs_q = static_cast<__int128>(queued_[c]) * bcap;
    const auto rhs_q = static_cast<__int128>(queued_[best]) * cap;
    const auto lhs_b = static_cast<__int128>(busy_[c]) * bcap;
    const auto rhs_b = static_cast<__int128>(busy_[best]) * cap;
    if (lhs_q < rhs_q || (lhs_q == rhs_q && lhs_b < rhs_b)) best = c;
  }
  queued_[best] += msg.gpus;
  ctx.send(map_.cluster_lp(best), cfg_.latency.submit, kJobSubmit, kPrioSubmit, msg);
}

}  // namespace fleetsim::model
