#include "sim/model/cluster_lp.h"

#include <algorithm>
#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>
#include <limits>

#include "sim/model/cluster/elastic.h"
#include "sim/model/cluster/partitions.h"
#include "sim/model/cluster/pod_packing.h"
#include "sim/model/cluster/preemption.h"
#include "sim/model/cluster/qos.h"
#include "sim/model/cluster/switches.h"
#include "sim/model/routing_policy.h"

namespace fleetsim::model {

namespace {

// sched.placement topology: the nested blocks of the cluster's network below its top tier.
std::vector<int> placement_blocks(const ModelConfig& cfg, int cluster, const FleetMap& map) {
  if (cfg.sched.placement != PlacementRule::kTopology || !cfg.network.on()) return {};
  const int nodes = map.num_pods(cluster) * cfg.fabric.nodes_per_pod;
  const FabricGeometry geo(*cfg.network.spec, cfg.network.clusters.at(cluster), nodes);
  std::vector<int> blocks;
  for (int t = 1; t < geo.tiers(); ++t) blocks.push_back(static_cast<int>(geo.block_nodes(t)));
  return blocks;
}

}  // namespace

ClusterLp::ClusterLp(const ModelConfig& cfg, const FleetMap& map, int cluster, engine::LpId router,
                     engine::LpId span)
    : cfg_(cfg),
      cluster_(cluster),
      router_(router),
      span_(span),
      first_node_(map.first_pod(cluster) * cfg.fabric.nodes_per_pod),
      pods_(map.num_pods(cluster)),
      placement_(std::make_unique<PodPacking>(map.num_pods(cluster), cfg.fabric.nodes_per_pod,
                                              cfg.fabric.gpus_per_node,
                                              placement_blocks(cfg, cluster, map))),
      policy_(make_policy(cfg.sched)),
      order_(cfg.sched, map.cluster_gpus(cluster), cfg.fabric.gpus_per_node),
      busy_by_qos_(cfg.sched.qos.size(), 0),
      progress_(std::make_unique<ClosedFormProgress>(
          cfg.checkpoint, cfg.failures.node_rate / 1000.0 / engine::kDay)),
      stats_(cfg.output, cluster, map.first_pod(cluster), map.cluster_gpus(cluster)),
      speed_(cfg),
      spare_target_(cfg.failures.spare_nodes) {
  const int nodes = map.num_pods(cluster) * cfg.fabric.nodes_per_pod;
  health_ = FabricHealth(
      cfg.network.on() ? FabricGeometry(*cfg.network.spec, cfg.network.clusters.at(cluster), nodes)
                       : FabricGeometry(),
      nodes);
  down_.assign(static_cast<std::size_t>(nodes), 0);
  // The spares are the cluster's last nodes (configuration: the same whenever it is built).
  for (int n = nodes - spare_target_; n < nodes; ++n) {
    placement_->spare_in(n);
    spares_.push_back(n);
  }
}

template <class Archive>
void ClusterLp::state(Archive& ar) {
  ar(jobs_, queue_, running_, queued_gpus_, schedule_pending_, reported_queued_, reported_busy_,
     stats_, health_, down_, spares_, contention_);
  ar(order_, preemptors_, busy_by_qos_, clock_, parts_, switch_limited_);
  ar(shrunk_, arriving_, departed_);
  if constexpr (Archive::is_saving::value) {
    placement_->save(ar);
  } else {
    placement_->load(ar);
    ++changes_;
  }
}
template void ClusterLp::state(engine::StateWriter&);
template void ClusterLp::state(engine::StateReader&);

void ClusterLp::init(engine::Context& ctx) {
  ctx.send(ctx.self(), 0, kSample, kPrioSample, std::int32_t{0});
}

void ClusterLp::handle(const engine::Event& ev, engine::Context& ctx) {
  // One handler per message kind the cluster declares (sim/model/fleet.cc).
  using Handler = void (ClusterLp::*)(const engine::Event&, engine::Context&);
  static constexpr std::pair<std::uint16_t, Handler> kHandlers[] = {
      {kJobSubmit, &ClusterLp::on_submit},
      {kJobEnd, &ClusterLp::on_job_end},
      {kNodeDown, &ClusterLp::on_node_down},
      {kNodeUp, &ClusterLp::on_node_up},
      {kNodesDown, &ClusterLp::on_nodes_down},
      {kNodesUp, &ClusterLp::on_nodes_up},
      {kDegrade, &ClusterLp::on_degrade},
      {kSchedule, &ClusterLp::on_schedule},
      {kSample, &ClusterLp::on_sample},
      {kTimeLimit, &ClusterLp::on_time_limit},
      {kShare, &ClusterLp::on_share},
      {kPartSubmit, &ClusterLp::on_submit},
      {kPartGo, &ClusterLp::on_part_go},
      {kPartStop, &ClusterLp::on_part_stop},
      {kMigrateAsk, &ClusterLp::on_migrate_ask},
      {kJobMoved, &ClusterLp::on_submit},
      {kSwitchWait, &ClusterLp::on_switch_wait},
      {kMigrateTake, &ClusterLp::on_migrate_take},
      {kJobMigrate, &ClusterLp::on_job_migrate}};
  stats_.advance(ctx.now(), *placement_);
  ctx_ = &ctx;  // release() tells the contended tiers
  clock_ = ctx.now();
  for (const auto& [kind, handler] : kHandlers)
    if (kind == ev.kind) return (this->*handler)(ev, ctx);
  throw std::logic_error("cluster LP: unexpected event kind");
}

void ClusterLp::on_submit(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<JobSubmitMsg>();
  const bool part = ev.kind == kPartSubmit;
  Job job = new_job(msg, part);
  job.rec.moves = ev.kind == kJobMoved ? 1 : 0;
  admit(std::move(job), false, ctx);
}

ClusterLp::Job ClusterLp::new_job(const JobSubmitMsg& msg, bool part) const {
  Job job;
  const int gpn = cfg_.fabric.gpus_per_node;
  job.rec.job = msg;
  job.rec.cluster = cluster_;
  job.demand.gpus = msg.gpus;
  job.demand.whole_nodes = msg.gpus >= gpn;
  job.demand.nodes_needed = job.demand.whole_nodes ? (msg.gpus + gpn - 1) / gpn : 1;
  job.rec.gpus_allocated = job.demand.whole_nodes ? job.demand.nodes_needed * gpn : msg.gpus;
  job.progress = progress_->admit(job.rec, job.demand.nodes_needed,
                                  speed_.checkpoint_cost(msg.gpus_requested, msg.gpus));
  const auto step = speed_.step(msg.gpus_requested, msg.gpus);
  job.rec.model = static_cast<std::int8_t>(step.model);
  job.rec.step_s = step.step_s;
  job.rec.mfu = step.mfu;
  job.rec.exposed_comm_share = step.exposed_comm_share;
  job.rec.qos = qos_of(cfg_.sched, msg.gpus_requested);
  // Its partition (partitions.h): the router sent it where one admits it; a spanning job's part
  // or a moved job that none admits runs on the whole cluster.
  const int partition = partition_for(cfg_.sched, msg, job.rec.qos, pods_, placement_->pod_gpus());
  if (partition >= 0) {
    job.demand.partition = partition;
    job.demand.pods =
        partition_pods(cfg_.sched.partitions[static_cast<std::size_t>(partition)], pods_);
    job.rec.partition = static_cast<std::int8_t>(partition);
  }
  job.part = part;
  return job;
}

std::int32_t ClusterLp::admit(Job job, bool front, engine::Context& ctx) {
  const bool part = job.part;
  const std::uint64_t id = job.rec.job.id;
  const std::int32_t gpus = job.rec.job.gpus;
  if (!part) stats_.job_event(ctx.now(), job.rec, JobEvent::kSubmit);
  const std::int32_t j = jobs_.add(std::move(job));
  if (part) parts_[id] = j;
  order_.admit(j, jobs_[j].rec, ctx.now());
  enqueue(j, front);
  queued_gpus_ += gpus;
  request_schedule(ctx);
  return j;
}

void ClusterLp::request_schedule(engine::Context& ctx) {
  if (schedule_pending_) return;
  schedule_pending_ = true;
  ctx.send(ctx.self(), 0, kSchedule, kPrioSchedule, std::int32_t{0});
}

void ClusterLp::start(std::int32_t j) {
  Job& job = jobs_[j];
  const Time t = ctx_->now();
  placement_->place(j, job.demand, job.alloc);
  if (job.demand.max_leaves > 0) lift_switch_limit(j, t);
  if (job.part) {  // holds its nodes until the span coordinator's go
    order_.started(j, t);
    busy_by_qos_[static_cast<std::size_t>(job.rec.qos)] += job.rec.gpus_allocated;
    job.held = true;
    job.rec.state = JobState::kRunning;
    job.progress.attempt_start = t;  // running_'s key (release() finds the entry by it)
    queued_gpus_ -= job.rec.job.gpus;
    const std::pair<Time, std::int32_t> entry{t + job.rec.job.time_limit, j};
    running_.insert(std::upper_bound(running_.begin(), running_.end(), entry), entry);
    ++changes_;
    ctx_->send(span_, cfg_.latency.span, kPartReady, kPrioPart,
               PartMsg{job.rec.job.id, job.gen, cluster_});
    return;
  }
  const Time duration = progress_->start(
      job.progress, t, job.rec.restarts + job.rec.preemptions > 0, rate_of(j), free_rate_of(j));
  order_.started(j, t);
  busy_by_qos_[static_cast<std::size_t>(job.rec.qos)] += job.rec.gpus_allocated;
  const auto p = std::find(preemptors_.begin(), preemptors_.end(), j);
  if (p != preemptors_.end()) preemptors_.erase(p);
  ++job.attempt;
  if (job.rec.start < 0) job.rec.start = t;
  job.rec.state = JobState::kRunning;
  stats_.job_event(t, job.rec, JobEvent::kStart);
  queued_gpus_ -= job.rec.job.gpus;
  const std::pair<Time, std::int32_t> entry{t + job.rec.job.time_limit, j};
  running_.insert(std::upper_bound(running_.begin(), running_.end(), entry), entry);
  ++changes_;
  ctx_->send(ctx_->self(), duration, kJobEnd, kPrioJobEnd, JobEndMsg{j, job.attempt});
  arm_time_limit(j);
  contention_.start(j, job.starts, job.alloc, *ctx_);
}

void ClusterLp::release(std::int32_t j) {
  Job& job = jobs_[j];
  if (!(job.part && job.held)) contention_.stop(j, job.starts, job.alloc, *ctx_);
  job.held = false;
  // GPUs it holds: fewer than allocated while an elastic job runs shrunk.
  const std::int64_t held = job.demand.whole_nodes ? static_cast<std::int64_t>(job.alloc.size()) *
                                                         cfg_.fabric.gpus_per_node
                                                   : job.rec.gpus_allocated;
  if (held < job.rec.gpus_allocated) restore_full_size(j);
  placement_->release(j, job.demand, job.alloc);
  order_.stopped(j, clock_);
  busy_by_qos_[static_cast<std::size_t>(job.rec.qos)] -= held;
  const std::pair<Time, std::int32_t> entry{job.progress.attempt_start + job.rec.job.time_limit, j};
  running_.erase(std::lower_bound(running_.begin(), running_.end(), entry));
  ++changes_;
}

void ClusterLp::on_job_end(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<JobEndMsg>();
  if (!jobs_.live(msg.job)) return;  // stale: it ended (an end sent before a rerate)
  Job& job = jobs_[msg.job];
  if (msg.attempt != job.attempt || job.rec.state != JobState::kRunning) return;  // interrupted
  progress_->complete(job.progress, job.rec, ctx.now());
  job.rec.end = ctx.now();
  // A replayed job that failed or was cancelled in its trace ends here, as recorded.
  job.rec.state = !job.rec.job.end_as_recorded        ? JobState::kCompleted
                  : job.rec.job.recorded_outcome == 1 ? JobState::kFailed
                                                      : JobState::kCancelled;
  stats_.job_event(ctx.now(), job.rec, JobEvent::kComplete);
  release(msg.job);
  retire(msg.job);
  request_schedule(ctx);
}

void ClusterLp::retire(std::int32_t j) {
  jobs_.retire(j);  // its record is final
  order_.forget(j);
}

void ClusterLp::arm_time_limit(std::int32_t j) {
  Job& job = jobs_[j];
  ++job.starts;
  const bool on = enforces_time_limit(cfg_.sched, job.rec.job.job_class);
  const Time limit = job.rec.job.time_limit;
  // Armed even when the attempt would end before its limit: a rerate may slow it.
  if (!on || limit <= 0 || limit >= engine::kNever - ctx_->now()) return;
  ctx_->send(ctx_->self(), limit, kTimeLimit, kPrioJobEnd, JobEndMsg{j, job.starts});
}

void ClusterLp::on_time_limit(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<JobEndMsg>();
  if (!jobs_.live(msg.job)) return;  // it ended before its limit
  Job& job = jobs_[msg.job];
  // Stale when the attempt ended or was interrupted (a rerate does not change `starts`).
  if (msg.attempt != job.starts || job.rec.state != JobState::kRunning) return;
  // An attempt that completes at its limit completes.
  if (job.progress.attempt_start + job.progress.wall_to_finish() <= ctx.now()) return;
  progress_->interrupt(job.progress, job.rec, ctx.now(), ctx.now(), false);
  ++job.attempt;  // its end event is stale
  job.rec.end = ctx.now();
  job.rec.state = JobState::kTimeout;
  stats_.job_event(ctx.now(), job.rec, JobEvent::kComplete);
  release(msg.job);
  retire(msg.job);
  request_schedule(ctx);
}

FailureRecord ClusterLp::record(Time fail_time, Time repair, core::Component kind, int tier,
                                int group, int local, engine::Context& ctx) const {
  FailureRecord rec;
  rec.time = fail_time;
  rec.detected = ctx.now();
  rec.repair = repair;
  rec.cluster = cluster_;
  rec.component = kind;
  rec.tier = static_cast<std::int8_t>(tier);
  rec.leaf_group = group;
  rec.node = local >= 0 ? first_node_ + local : -1;
  rec.pod = local >= 0 ? first_node_ / cfg_.fabric.nodes_per_pod + placement_->pod_of(local) : -1;
  return rec;
}

void ClusterLp::on_node_down(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<NodeDownMsg>();
  const int node = local_node(msg.node);
  const auto& geo = health_.geometry();
  take_down(node, 1,
            record(msg.fail_time, msg.repair, msg.component, 0,
                   geo.modelled() ? geo.group_of(node) : -1, node, ctx),
            msg.planned, ctx);
}

void ClusterLp::on_nodes_down(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<NodesDownMsg>();
  const int first = local_node(msg.first_node);
  take_down(first, msg.count,
            record(msg.fail_time, msg.repair, msg.component, msg.tier, msg.leaf_group, first, ctx),
            false, ctx);
}

namespace {

void sort_unique(std::vector<std::int32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

void ClusterLp::add_jobs_on_nodes(int first, int count) {
  for (int n = first; n < first + count; ++n) {
    placement_->jobs_on_node(n, on_node_);
    hit_.insert(hit_.end(), on_node_.begin(), on_node_.end());
  }
}

void ClusterLp::take_down(int first, int count, FailureRecord rec, bool planned,
                          engine::Context& ctx) {
  // The interrupted jobs, in id order, go back to the head of the queue in that order.
  hit_.clear();
  add_jobs_on_nodes(first, count);
  sort_unique(hit_);
  for (auto it = hit_.rbegin(); it != hit_.rend(); ++it) {
    Job& job = jobs_[*it];
    if (job.part) {  // the coordinator books the whole job's loss
      part_down(*it, rec.time, planned);
      rec.gpus_hit += job.rec.gpus_allocated;
      continue;
    }
    const Time lost_before = job.rec.lost;
    const int keep = elastic_keep(*it, first, count);
    if (keep > 0) {  // failures.recovery = elastic: it runs on, shrunk
      rec.gpus_hit += static_cast<std::int64_t>(job.alloc.size()) * cfg_.fabric.gpus_per_node;
      shrink(*it, first, count, keep, rec.time, planned);
      rec.gpu_seconds_lost +=
          engine::to_seconds(job.rec.lost - lost_before) * job.rec.gpus_allocated;
      continue;
    }
    const std::int64_t held = job.demand.whole_nodes ? static_cast<std::int64_t>(job.alloc.size()) *
                                                           cfg_.fabric.gpus_per_node
                                                     : job.rec.gpus_allocated;
    progress_->interrupt(job.progress, job.rec, rec.time, ctx.now(), planned);
    ++job.rec.restarts;
    job.rec.state = JobState::kQueued;
    stats_.job_event(ctx.now(), job.rec, JobEvent::kInterrupt);
    release(*it);
    queued_gpus_ += job.rec.job.gpus;
    rec.gpu_seconds_lost += engine::to_seconds(job.rec.lost - lost_before) * job.rec.gpus_allocated;
    rec.gpus_hit += held;
    enqueue(*it, true);
  }
  rec.jobs_interrupted = static_cast<std::int32_t>(hit_.size());
  for (int n = first; n < first + count; ++n) {
    if (down_[n]++ > 0) continue;  // already down for another reason
    ++rec.nodes_down;
    const auto spare = std::find(spares_.begin(), spares_.end(), n);
    if (spare != spares_.end()) {  // a spare fails: it is no longer one
      spares_.erase(spare);
      placement_->spare_out(n);
    } else if (!spares_.empty()) {  // a spare takes the failed node's place
      placement_->spare_out(spares_.front());
      spares_.erase(spares_.begin());
    }
    placement_->node_down(n);
  }
  stats_.failure(rec);
  // sched.migrate_interrupted: the requeued jobs may move (cluster_migrate.cc); hit_ is in id
  // order, so the offers are too.
  if (cfg_.sched.migrate_interrupted)
    for (std::int32_t j : hit_) offer_migration(j, ctx);
  request_schedule(ctx);
}

void ClusterLp::bring_up(int node) {
  if (--down_[node] > 0) return;
  placement_->node_up(node);
  // A repaired node refills the spares first.
  if (static_cast<int>(spares_.size()) < spare_target_) {
    placement_->spare_in(node);
    spares_.insert(std::upper_bound(spares_.begin(), spares_.end(), node), node);
  }
}

void ClusterLp::on_node_up(const engine::Event& ev, engine::Context& ctx) {
  bring_up(local_node(ev.as<NodeUpMsg>().node));
  request_schedule(ctx);
}

void ClusterLp::on_nodes_up(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<NodesUpMsg>();
  for (int n = 0; n < msg.count; ++n) bring_up(local_node(msg.first_node) + n);
  request_schedule(ctx);
}

double ClusterLp::free_rate_of(std::int32_t j) const {
  const Job& job = jobs_[j];
  return speed_.rate(job.rec.job.gpus_requested, world_of(j), health_.bandwidth(job.alloc));
}

double ClusterLp::rate_of(std::int32_t j) const {
  // Contention divides what the failures leave: a failed switch takes its share of the tier
  // from every job crossing it, and the jobs share the rest (docs/model.md, "Contention").
  const Job& job = jobs_[j];
  return speed_.rate(job.rec.job.gpus_requested, world_of(j),
                     health_.bandwidth(job.alloc) * contention_.share(j));
}

void ClusterLp::contend_through(std::vector<engine::LpId> tiers) {
  contention_ = Contention(health_.geometry(), std::move(tiers), cfg_.fabric.gpus_per_node,
                           cfg_.latency.contention,
                           cfg_.network.contention_traffic == NetworkConfig::Traffic::kRing);
}

void ClusterLp::on_share(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<ShareMsg>();
  if (!jobs_.live(msg.job)) return;  // it ended since the share was computed
  Job& job = jobs_[msg.job];
  // Stale: the attempt it was computed for has ended.
  if (msg.key != job.starts || job.rec.state != JobState::kRunning) return;
  contention_.set(msg.job, msg.tier, msg.share);
  rerate(msg.job, ctx);
}

void ClusterLp::rerate(std::int32_t j, engine::Context& ctx) {
  Job& job = jobs_[j];
  if (job.part) return report_part_rate(j, ctx);
  const double rate = rate_of(j), free = free_rate_of(j);
  if (rate == job.progress.rate && free == job.progress.free_rate) return;
  const Time rest = progress_->rescale(job.progress, ctx.now(), rate, free);
  ++job.attempt;  // the end event sent before is stale
  ctx.send(ctx.self(), rest, kJobEnd, kPrioJobEnd, JobEndMsg{j, job.attempt});
}

void ClusterLp::on_degrade(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<DegradeMsg>();
  hit_.clear();
  int first = -1;
  if (msg.count > 0) {  // one plane of these nodes
    first = local_node(msg.first_node);
    health_.nodes_degraded(first, msg.count, msg.delta);
    add_jobs_on_nodes(first, msg.count);
  } else {  // one switch of a tier
    health_.tier_degraded(msg.tier, msg.delta, msg.component == core::Component::kUplink);
    for (const auto& [end, j] : running_)
      if (health_.crosses(jobs_[j].alloc, msg.tier)) hit_.push_back(j);
  }
  sort_unique(hit_);
  std::int32_t slowed = 0;
  for (std::int32_t j : hit_) {
    const double before = jobs_[j].progress.rate;
    rerate(j, ctx);
    slowed += jobs_[j].progress.rate < before;
  }
  if (msg.delta > 0) {
    FailureRecord rec =
        record(msg.fail_time, msg.repair, msg.component, msg.tier, msg.leaf_group, first, ctx);
    rec.jobs_slowed = slowed;
    stats_.failure(rec);
  }
}

void ClusterLp::on_schedule(const engine::Event&, engine::Context& ctx) {
  schedule_pending_ = false;
  ctx_ = &ctx;
  grow_shrunk();  // shrunk jobs first, as interrupted jobs go to the head of the queue
  order_.before_pass(ctx.now(), queue_, running_);
  run_preemptors();
  policy_->schedule(*this);
  note_switch_waits(ctx.now());
  ctx_ = nullptr;
  if (queued_gpus_ != reported_queued_ || placement_->busy_gpus() != reported_busy_) {
    reported_queued_ = queued_gpus_;
    reported_busy_ = placement_->busy_gpus();
    ctx.send(router_, cfg_.latency.report, kQueueReport, kPrioReport, queue_report(ctx.now()));
  }
}

void ClusterLp::enqueue(std::int32_t j, bool front) {
  order_.enqueue(queue_, j, front);
  arm_switch_limit(j);
  const auto& levels = cfg_.sched.qos;
  if (cfg_.sched.preempt_mode != PreemptMode::kOff && !jobs_[j].part &&
      !levels[static_cast<std::size_t>(jobs_[j].rec.qos)].preempts.empty())
    preemptors_.push_back(j);
}

void ClusterLp::arm_switch_limit(std::int32_t j) {
  Job& job = jobs_[j];
  // Only now queued (its place in the queue tells the policy), so no change to count.
  job.demand.max_leaves = switch_limit(cfg_.sched, job.demand, placement_->leaf_nodes(), job.part);
  if (job.demand.max_leaves == 0) return;
  switch_limited_.push_back(j);
  // Keyed by its start count: a later start makes it stale (a requeue arms a new one).
  ctx_->send(ctx_->self(), cfg_.sched.switches_wait, kSwitchWait, kPrioSubmit,
             JobEndMsg{j, job.starts});
}

void ClusterLp::lift_switch_limit(std::int32_t j, Time now) {
  Job& job = jobs_[j];
  if (job.switch_held >= 0) job.rec.switch_wait += now - job.switch_held;
  job.switch_held = -1;
  job.demand.max_leaves = 0;
  ++changes_;
  switch_limited_.erase(std::find(switch_limited_.begin(), switch_limited_.end(), j));
}

void ClusterLp::on_switch_wait(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<JobEndMsg>();
  // Stale when it started (or left for another cluster) since it was queued.
  if (!jobs_.live(msg.job)) return;
  Job& job = jobs_[msg.job];
  if (msg.attempt != job.starts || job.demand.max_leaves == 0) return;
  // "then runs on what is available": from this instant's pass, it fits as any gang does.
  lift_switch_limit(msg.job, ctx.now());
  request_schedule(ctx);
}

void ClusterLp::note_switch_waits(Time now) {
  for (std::int32_t j : switch_limited_) {
    Job& job = jobs_[j];
    if (job.switch_held >= 0) continue;
    Demand spread = job.demand;
    spread.max_leaves = 0;
    if (placement_->fits(spread) && !placement_->fits(job.demand)) job.switch_held = now;
  }
}

void ClusterLp::run_preemptors() {
  if (preemptors_.empty()) return;
  // In queue order: by priority (multifactor), else by arrival.
  std::sort(preemptors_.begin(), preemptors_.end(), [this](std::int32_t a, std::int32_t b) {
    return order_.multifactor() ? order_.before(a, b) : a < b;
  });
  const std::vector<std::int32_t> todo = preemptors_;  // start() takes them out of preemptors_
  for (std::int32_t j : todo) {
    if (!placement_->fits(jobs_[j].demand)) {
      // Waiting for its leaf groups (switches.h), it stops no job: it waits as any gang does,
      // and may preempt once its wait is over (the what-if that picks victims counts no leaves).
      if (jobs_[j].demand.max_leaves > 0) continue;
      const auto victims = victims_for(j);
      if (victims.empty()) continue;
      for (std::int32_t v : victims) preempt(v);
    }
    queue_.erase(std::find(queue_.begin(), queue_.end(), j));
    start(j);
  }
}

std::vector<std::int32_t> ClusterLp::victims_for(std::int32_t j) {
  const int q = jobs_[j].rec.qos;
  // GPUs free and held by preemptable jobs: too few, and no what-if is needed.
  std::int64_t room = placement_->idle_gpus();
  for (std::size_t b = 0; b < busy_by_qos_.size(); ++b)
    if (may_preempt(cfg_.sched, q, static_cast<int>(b))) room += busy_by_qos_[b];
  if (room < jobs_[j].rec.gpus_allocated) return {};
  std::vector<PreemptCandidate> candidates;
  for (const auto& [end, r] : running_)
    if (!jobs_[r].part && may_preempt(cfg_.sched, q, jobs_[r].rec.qos))
      candidates.push_back({order_.priority(r), jobs_[r].progress.attempt_start, r});
  return choose_victims(*this, j, std::move(candidates));
}

void ClusterLp::preempt(std::int32_t v) {
  Job& job = jobs_[v];
  const Time now = ctx_->now();
  const Time lost_before = job.rec.lost;
  progress_->interrupt(job.progress, job.rec, now, now,
                       cfg_.sched.preempt_mode == PreemptMode::kCheckpoint);
  job.rec.preempted += job.rec.lost - lost_before;
  ++job.rec.preemptions;
  job.rec.state = JobState::kQueued;
  stats_.job_event(now, job.rec, JobEvent::kInterrupt);
  release(v);
  queued_gpus_ += job.rec.job.gpus;
  enqueue(v, true);
}

std::int32_t ClusterLp::part_index(std::uint64_t job) const {
  const auto it = parts_.find(job);
  if (it == parts_.end()) throw std::logic_error("cluster LP: a message for an unknown part");
  return it->second;
}

void ClusterLp::on_part_go(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<PartMsg>();
  const std::int32_t j = part_index(msg.job);
  Job& job = jobs_[j];
  if (!job.held || job.gen != msg.gen) return;  // its hold was lost since: the go is stale
  job.held = false;
  ++job.starts;
  job.rate = job.free_rate = 1;
  contention_.start(j, job.starts, job.alloc, ctx);
  report_part_rate(j, ctx);
}

void ClusterLp::report_part_rate(std::int32_t j, engine::Context& ctx) {
  Job& job = jobs_[j];
  if (job.held || job.rec.state != JobState::kRunning) return;
  const double rate = rate_of(j), free = free_rate_of(j);
  if (rate == job.rate && free == job.free_rate) return;
  job.rate = rate;
  job.free_rate = free;
  ctx.send(span_, cfg_.latency.span, kPartRate, kPrioPart,
           PartRateMsg{rate, free, job.rec.job.id, job.gen, cluster_});
}

void ClusterLp::part_down(std::int32_t j, Time fail_time, bool planned) {
  Job& job = jobs_[j];
  ctx_->send(span_, cfg_.latency.span, kPartDown, kPrioFailure,
             PartDownMsg{fail_time, job.rec.job.id, job.gen, cluster_, planned});
  release(j);
  job.rec.state = JobState::kQueued;
  queued_gpus_ += job.rec.job.gpus;
  enqueue(j, true);
}

void ClusterLp::on_part_stop(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<PartStopMsg>();
  const std::int32_t j = part_index(msg.job);
  Job& job = jobs_[j];
  if (job.rec.state == JobState::kCompleted) return;
  if (job.rec.state == JobState::kRunning) {
    release(j);
    if (!msg.done) {
      queued_gpus_ += job.rec.job.gpus;
      enqueue(j, true);
    }
  } else if (msg.done) {  // queued: leaves the queue
    queue_.erase(std::find(queue_.begin(), queue_.end(), j));
    queued_gpus_ -= job.rec.job.gpus;
  }
  job.gen = msg.gen;
  job.rec.state = msg.done ? JobState::kCompleted : JobState::kQueued;
  request_schedule(ctx);
}

void ClusterLp::on_sample(const engine::Event&, engine::Context& ctx) {
  // The smallest waiting demands, for fragmentation (an empty queue: nothing is fragmented).
  constexpr int kNone = std::numeric_limits<int>::max();
  int min_partial = kNone, min_gang = kNone;
  for (std::int32_t j : queue_) {
    const Demand& d = jobs_[j].demand;
    if (d.whole_nodes) {
      min_gang = std::min(min_gang, d.nodes_needed);
    } else {
      min_partial = std::min(min_partial, d.gpus);
    }
  }
  const std::int64_t fragmented =
      queue_.empty() ? 0 : placement_->fragmented_gpus(min_partial, min_gang);
  stats_.sample(ctx.now(), *placement_, queued_gpus_, static_cast<std::int32_t>(queue_.size()),
                static_cast<std::int32_t>(running_.size()), fragmented);
  ctx.send(ctx.self(), cfg_.timeline_period, kSample, kPrioSample, std::int32_t{0});
}

void ClusterLp::finish(engine::Context& ctx) {
  stats_.advance(ctx.now(), *placement_);
  // Running attempts are cut at the end time: what they computed so far counts as useful.
  for (std::int32_t j = 0; j < static_cast<std::int32_t>(jobs_.size()); ++j) {
    if (!jobs_.live(j)) continue;
    Job& job = jobs_[j];
    if (job.rec.state == JobState::kRunning && !job.part)
      progress_->cut(job.progress, job.rec, ctx.now());
  }
}

const JobRecord* ClusterLp::reported(std::int32_t j) const {
  // A spanning job's row is the span coordinator's; a job given back to the router (dropped),
  // the cluster's it moved to.
  if (!jobs_.live(j)) return jobs_.record(j);
  const Job& job = jobs_[j];
  return job.part ? nullptr : &job.rec;
}

std::vector<JobRecord> ClusterLp::job_records() const {
  std::vector<JobRecord> out;
  out.reserve(jobs_.size());
  for (std::int32_t j = 0; j < static_cast<std::int32_t>(jobs_.size()); ++j)
    if (const JobRecord* rec = reported(j)) out.push_back(*rec);
  for (const auto& [id, d] : departed_)
    if (d.arrival >= cfg_.end_time) out.push_back(d.rec);
  return out;
}

void ClusterLp::report(LpReport& out) const {
  out.jobs.reserve(out.jobs.size() + jobs_.size());
  for (std::int32_t j = 0; j < static_cast<std::int32_t>(jobs_.size()); ++j)
    if (const JobRecord* rec = reported(j)) out.jobs.push_back(rec);
  for (const auto& [id, d] : departed_)
    if (d.arrival >= cfg_.end_time) out.jobs.push_back(&d.rec);
  out.failures = stats_.failures();
  out.timeline = stats_.timeline();
  out.pod_timeline = stats_.pod_timeline();
  out.events = stats_.events();
  out.cluster = ClusterRow{cluster_, pods_, stats_.totals()};
}

}  // namespace fleetsim::model

namespace fleetsim::model {

QueueReportMsg ClusterLp::queue_report(Time now) const {
  const std::int64_t busy = placement_->busy_gpus();
  if (!cfg_.sched.routes_by_estimate())
    return make_queue_report(cluster_, queued_gpus_, busy, 0, {}, 0, now, false);
  std::vector<std::pair<Time, std::int64_t>> ends;
  ends.reserve(running_.size());
  // The turnover: the GPU-weighted mean time limit of the running and the queued jobs.
  __int128 limit_gpus = 0, gpus = 0;
  for (const auto& [end, j] : running_) {
    const JobRecord& rec = jobs_[j].rec;
    ends.emplace_back(end, rec.gpus_allocated);
    limit_gpus += static_cast<__int128>(rec.job.time_limit) * rec.gpus_allocated;
    gpus += rec.gpus_allocated;
  }
  for (std::int32_t j : queue_) {
    limit_gpus += static_cast<__int128>(jobs_[j].rec.job.time_limit) * jobs_[j].rec.job.gpus;
    gpus += jobs_[j].rec.job.gpus;
  }
  const std::int64_t free = placement_->idle_gpus() -
                            static_cast<std::int64_t>(spares_.size()) * cfg_.fabric.gpus_per_node;
  return make_queue_report(cluster_, queued_gpus_, busy, free, ends,
                           gpus > 0 ? static_cast<Time>(limit_gpus / gpus) : 0, now, true);
}

void ClusterLp::on_migrate_ask(const engine::Event& ev, engine::Context& ctx) {
  const auto ask = ev.as<MigrateAskMsg>();
  const QueueReportMsg r = queue_report(ctx.now());
  ClusterView self;
  apply_report(self, r, ctx.now());
  // The last queued job that may move: not a spanning job's part, never started, never moved,
  // not pinned to a tenant's cluster, not shrunk (it may only go to a cluster of the size it was
  // shrunk for), small enough. Those ahead of it are expected to start no later, so it alone is
  // examined.
  const auto& pin = cfg_.sched.tenant_cluster;
  std::int64_t behind = 0;
  for (auto it = queue_.rbegin(); it != queue_.rend(); ++it) {
    const JobRecord& rec = jobs_[*it].rec;
    const bool pinned =
        (cfg_.sched.tenant_own_cluster && rec.job.tenant >= 0) ||
        (rec.job.tenant >= 0 && rec.job.tenant < static_cast<std::int32_t>(pin.size()));
    if (jobs_[*it].part || rec.start >= 0 || rec.moves > 0 || pinned || rec.job.shrunk ||
        rec.job.gpus > ask.max_gpus) {
      behind += rec.job.gpus;
      continue;
    }
    if (expected_start(self, queued_gpus_ - behind, ctx.now()) <= ask.not_before) break;
    const std::int32_t j = *it;
    queue_.erase(std::next(it).base());
    if (jobs_[j].demand.max_leaves > 0) lift_switch_limit(j, ctx.now());
    const auto p = std::find(preemptors_.begin(), preemptors_.end(), j);
    if (p != preemptors_.end()) preemptors_.erase(p);
    queued_gpus_ -= rec.job.gpus;
    ctx.send(router_, cfg_.latency.report, kMigrateGive, kPrioReport, rec.job);
    jobs_.drop(j);  // `rec` dies here
    order_.forget(j);
    request_schedule(ctx);  // the report tells the router
    return;
  }
  ctx.send(router_, cfg_.latency.report, kMigrateNo, kPrioReport, cluster_);
}

}  // namespace fleetsim::model
