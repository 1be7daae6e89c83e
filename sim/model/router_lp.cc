#include "sim/model/router_lp.h"

#include <cereal/types/vector.hpp>
#include <cmath>

#include "sim/model/cluster/partitions.h"
#include "sim/model/cluster/qos.h"
#include "sim/model/messages.h"

namespace fleetsim::model {

RouterLp::RouterLp(const ModelConfig& cfg, const FleetMap& map, engine::LpId first_cluster,
                   JobSourceFactory make_source, engine::LpId span)
    : cfg_(cfg),
      speed_(cfg),
      map_(map),
      first_cluster_(first_cluster),
      span_(span),
      make_source_(std::move(make_source)) {
  queued_.assign(map.clusters(), 0);
  busy_.assign(map.clusters(), 0);
  views_.resize(map.clusters());
  for (int c = 0; c < map.clusters(); ++c) views_[c].capacity = map.cluster_gpus(c);
}

template <class Archive>
void RouterLp::state(Archive& ar) {
  ar(pulled_, pending_, next_id_, queued_, busy_, rejected_);
  ar(views_, ask_from_, ask_to_, next_ask_);
  // The source restarts from its beginning and is advanced past what was pulled (source()).
  if constexpr (Archive::is_loading::value) source_.reset();
}
template void RouterLp::state(engine::StateWriter&);
template void RouterLp::state(engine::StateReader&);

traces::JobSource& RouterLp::source(engine::Context& ctx) {
  if (!source_) {
    source_ = make_source_(ctx);
    traces::JobSpec skipped;
    for (std::uint64_t k = 0; k < pulled_; ++k) source_->next(skipped);
  }
  return *source_;
}

void RouterLp::init(engine::Context& ctx) { pull(ctx); }

void RouterLp::pull(engine::Context& ctx) {
  if (!source(ctx).next(pending_)) return;
  ++pulled_;
  ctx.send(ctx.self(), std::max<Time>(0, pending_.submit - ctx.now()), kArrival, kPrioSubmit,
           std::int32_t{0});
}

void RouterLp::handle(const engine::Event& ev, engine::Context& ctx) {
  switch (ev.kind) {
    case kQueueReport:
      on_queue_report(ev, ctx);
      break;
    case kMigrateGive:
    case kMigrateNo:
      on_migrate_answer(ev, ctx);
      break;
    case kMigrateOffer:
      on_migrate_offer(ev, ctx);
      break;
    case kArrival:
      on_arrival(ctx);
      pull(ctx);
      break;
    default:
      throw std::logic_error("router LP: unexpected event kind");
  }
}

void RouterLp::on_queue_report(const engine::Event& ev, engine::Context& ctx) {
  const auto r = ev.as<QueueReportMsg>();
  queued_[r.cluster] = r.queued_gpus;
  busy_[r.cluster] = r.busy_gpus;
  apply_report(views_[r.cluster], r, ctx.now() - cfg_.latency.report);
  maybe_ask(ctx);
}

const std::vector<ClusterView>& RouterLp::views() {
  for (std::size_t c = 0; c < views_.size(); ++c) {
    views_[c].queued = queued_[c];
    views_[c].busy = busy_[c];
  }
  return views_;
}

void RouterLp::maybe_ask(engine::Context& ctx) {
  if (!cfg_.sched.migrate_queued || ask_from_ >= 0 || ctx.now() < next_ask_) return;
  const MigrationAsk ask = plan_migration(cfg_.sched, views(), ctx.now());
  if (ask.from < 0) return;
  ask_from_ = ask.from;
  ask_to_ = ask.to;
  // The job could start there when it arrives: after the answer's and the resubmission's
  // latencies.
  const Time there = ctx.now() + cfg_.latency.submit + cfg_.latency.report + cfg_.latency.submit;
  ctx.send(first_cluster_ + static_cast<engine::LpId>(ask.from), cfg_.latency.submit, kMigrateAsk,
           kPrioReport, MigrateAskMsg{there + cfg_.sched.migrate_threshold, ask.max_gpus});
}

void RouterLp::on_migrate_answer(const engine::Event& ev, engine::Context& ctx) {
  const int from = ask_from_, to = ask_to_;
  ask_from_ = ask_to_ = -1;
  if (ev.kind == kMigrateNo) {
    next_ask_ = ctx.now() + cfg_.sched.migrate_interval;
    return;
  }
  const auto job = ev.as<JobSubmitMsg>();
  queued_[from] -= job.gpus;
  queued_[to] += job.gpus;
  ctx.send(first_cluster_ + static_cast<engine::LpId>(to), cfg_.latency.submit, kJobMoved,
           kPrioSubmit, job);
}

void RouterLp::on_migrate_offer(const engine::Event& ev, engine::Context& ctx) {
  const auto offer = ev.as<MigrateOfferMsg>();
  // It would arrive after the take's latency and its checkpoint's transfer, and queue there
  // behind what the cluster has queued (the estimator's FIFO view; it goes to the head in fact).
  const Time arrival = ctx.now() + cfg_.latency.submit + offer.transfer;
  const auto& v = views();
  int best = -1;
  Time best_start = 0;
  for (int c = 0; c < map_.clusters(); ++c) {
    if (c == offer.cluster || map_.cluster_gpus(c) < offer.gpus) continue;
    const Time t =
        expected_start(v[static_cast<std::size_t>(c)], v[c].queued + offer.gpus, arrival);
    if (best < 0 || t < best_start) best = c, best_start = t;
  }
  // Staying is kept unless moving beats it by more than the threshold.
  if (best < 0 || best_start + cfg_.sched.migrate_threshold >= offer.here) return;
  queued_[offer.cluster] -= offer.gpus;
  queued_[best] += offer.gpus;
  ctx.send(first_cluster_ + static_cast<engine::LpId>(offer.cluster), cfg_.latency.submit,
           kMigrateTake, kPrioReport, MigrateTakeMsg{offer.transfer, offer.job, offer.key, best});
}

void RouterLp::on_arrival(engine::Context& ctx) {
  JobSubmitMsg job = pending_;
  job.id = next_id_++;
  job.submit = ctx.now();
  job.gpus_requested = job.gpus;

  // A tenant pinned to a cluster (sched.tenant_clusters) sees only that cluster.
  const auto& pin = cfg_.sched.tenant_cluster;
  int only = job.tenant >= 0 && job.tenant < static_cast<std::int32_t>(pin.size())
                 ? pin[static_cast<std::size_t>(job.tenant)]
                 : -1;
  if (cfg_.sched.tenant_own_cluster && job.tenant >= 0) only = job.tenant % map_.clusters();
  const std::int64_t largest = only >= 0 ? map_.cluster_gpus(only) : map_.largest_cluster_gpus();
  // A shrunk job only goes to a cluster of the size its share was taken of: on a smaller one
  // that happens to hold it exactly it would need every node up at once.
  std::int64_t least_cap = 0;
  if (job.gpus > largest) {
    least_cap = largest;
    // Across sites: the span coordinator plans and runs it (sim/model/span/span_lp.h).
    if (cfg_.sched.oversize == Oversize::kSpan && only < 0 && map_.clusters() > 1) {
      ctx.send(span_, cfg_.latency.submit, kSpanSubmit, kPrioSubmit, job);
      return;
    }
    if (cfg_.sched.oversize == Oversize::kReject) {
      JobRecord rec;
      rec.job = job;
      rec.state = JobState::kRejected;
      rejected_.push_back(rec);
      return;
    }
    // Shrink to whole nodes of a share of the largest cluster; the same work takes longer.
    const int gpn = cfg_.fabric.gpus_per_node;
    const auto target = static_cast<std::int64_t>(cfg_.sched.shrink_fraction * largest);
    const std::int32_t from = job.gpus;
    job.gpus = static_cast<std::int32_t>(std::max<std::int64_t>(gpn, target / gpn * gpn));
    // Runtime and limit through the step-time model: the same tokens on fewer GPUs.
    job.runtime = speed_.resize(job.runtime, job.gpus_requested, from, job.gpus);
    job.time_limit = speed_.resize(job.time_limit, job.gpus_requested, from, job.gpus);
    job.shrunk = true;
  }

  eligible_.clear();
  const int qos = qos_of(cfg_.sched, job.gpus_requested);
  for (int c = 0; c < map_.clusters(); ++c) {
    const std::int64_t cap = map_.cluster_gpus(c);
    if (cap < job.gpus || cap < least_cap || (only >= 0 && c != only)) continue;
    // Where no partition admits it (partitions.h), it cannot run.
    if (!admitted(cfg_.sched, job, qos, map_.num_pods(c), cap / map_.num_pods(c))) continue;
    eligible_.push_back(c);
  }
  if (eligible_.empty()) {  // only with partitions: no cluster has one that admits it
    JobRecord rec;
    rec.job = job;
    rec.state = JobState::kRejected;
    rejected_.push_back(rec);
    return;
  }
  // sched.route (sim/model/routing_policy.h).
  const int best = choose_cluster(cfg_.sched, views(), eligible_, job.gpus, job.tenant, ctx.now());
  queued_[best] += job.gpus;
  ctx.send(first_cluster_ + static_cast<engine::LpId>(best), cfg_.latency.submit, kJobSubmit,
           kPrioSubmit, job);
}

void RouterLp::report(LpReport& out) const {
  for (const auto& r : rejected_) out.jobs.push_back(&r);
}

}  // namespace fleetsim::model
