#include "sim/model/cluster_lp.h"

#include <algorithm>
#include <cmath>

namespace fleetsim::model {

ClusterLp::ClusterLp(const ModelConfig& cfg, const FleetMap& map, int cluster)
    : cfg_(cfg),
      cluster_(cluster),
      router_(map.router_lp()),
      first_node_(map.first_pod(cluster) * cfg.fabric.nodes_per_pod),
      first_pod_(map.first_pod(cluster)),
      pool_(map.num_pods(cluster), cfg.fabric.nodes_per_pod, cfg.fabric.gpus_per_node),
      failure_rate_per_us_(cfg.failures.node_rate / 1000.0 / engine::kDay) {
  node_jobs_.assign(static_cast<std::size_t>(pool_.nodes()) * pool_.gpus_per_node(), -1);
  scratch_free_.assign(pool_.nodes(), -1);
  totals_.gpus = map.cluster_gpus(cluster);
}

void ClusterLp::init(engine::Context& ctx) {
  ctx.send(ctx.self(), 0, kSample, kPrioSample, std::int32_t{0});
}

void ClusterLp::handle(const engine::Event& ev, engine::Context& ctx) {
  advance(ctx.now());
  switch (ev.kind) {
    case kJobSubmit:
      on_submit(ev.as<JobSubmitMsg>(), ctx);
      break;
    case kJobEnd:
      on_job_end(ev.as<JobEndMsg>(), ctx);
      break;
    case kNodeDown:
      on_node_down(ev.as<NodeDownMsg>(), ctx);
      break;
    case kNodeUp:
      on_node_up(ev.as<NodeUpMsg>(), ctx);
      break;
    case kSchedule:
      schedule(ctx);
      break;
    case kSample:
      on_sample(ctx);
      break;
    default:
      throw std::logic_error("cluster LP: unexpected event kind");
  }
}

void ClusterLp::advance(Time now) {
  const double dt = engine::to_seconds(now - last_advance_);
  totals_.busy_gpu_seconds += dt * static_cast<double>(pool_.busy_gpus());
  totals_.failed_gpu_seconds += dt * static_cast<double>(pool_.failed_gpus());
  last_advance_ = now;
}

void ClusterLp::on_submit(const JobSubmitMsg& msg, engine::Context& ctx) {
  Job job;
  const int gpn = pool_.gpus_per_node();
  job.rec.id = msg.id;
  job.rec.cluster = cluster_;
  job.rec.tenant = msg.tenant;
  job.rec.job_class = msg.job_class;
  job.rec.gpus_requested = msg.gpus_requested;
  job.rec.gpus = msg.gpus;
  job.rec.shrunk = static_cast<std::int8_t>(msg.shrunk);
  job.rec.recorded_outcome = msg.recorded_outcome;
  job.rec.end_as_recorded = static_cast<std::int8_t>(msg.end_as_recorded);
  job.rec.submit = msg.submit;
  job.rec.runtime = msg.runtime;
  job.rec.time_limit = msg.time_limit;
  job.whole_nodes = msg.gpus >= gpn;
  job.nodes_needed = job.whole_nodes ? (msg.gpus + gpn - 1) / gpn : 1;
  job.rec.gpus_allocated = job.whole_nodes ? job.nodes_needed * gpn : msg.gpus;
  job.remaining = std::max<Time>(1, msg.runtime);

  // Checkpoint interval: Young's sqrt(2 C M) with M the job's mean time to failure.
  const auto& ck = cfg_.checkpoint;
  switch (ck.policy) {
    case CheckpointPolicy::kNone:
      job.interval = engine::kNever;
      break;
    case CheckpointPolicy::kFixed:
      job.interval = ck.interval;
      break;
    case CheckpointPolicy::kYoung: {
      const double rate = failure_rate_per_us_ * job.nodes_needed;
      job.interval = rate > 0
                         ? static_cast<Time>(std::sqrt(2.0 * static_cast<double>(ck.cost) / rate))
                         : engine::kNever;
      break;
    }
  }
  record_event(ctx.now(), job, JobEvent::kSubmit);
  jobs_.push_back(std::move(job));
  queue_.push_back(static_cast<std::int32_t>(jobs_.size() - 1));
  queued_gpus_ += msg.gpus;
  request_schedule(ctx);
}

void ClusterLp::request_schedule(engine::Context& ctx) {
  if (schedule_pending_) return;
  schedule_pending_ = true;
  ctx.send(ctx.self(), 0, kSchedule, kPrioSchedule, std::int32_t{0});
}

bool ClusterLp::fits(const Job& job) const {
  if (job.whole_nodes) return pool_.full_free_nodes() >= job.nodes_needed;
  return pool_.best_partial_node(job.rec.gpus) >= 0;
}

int ClusterLp::whole_nodes_used(const Job& job) const {
  if (job.whole_nodes) return job.nodes_needed;
  const int node = pool_.best_partial_node(job.rec.gpus);
  return node >= 0 && pool_.free(node) == pool_.gpus_per_node() ? 1 : 0;
}

void ClusterLp::start(int j, engine::Context& ctx) {
  Job& job = jobs_[j];
  const Time now = ctx.now();
  job.nodes.clear();
  if (job.whole_nodes) {
    pool_.pick_whole_nodes(job.nodes_needed, job.nodes);
  } else {
    job.nodes.push_back(pool_.best_partial_node(job.rec.gpus));
  }
  const int gpn = pool_.gpus_per_node();
  const int per_node = job.whole_nodes ? gpn : job.rec.gpus;
  for (int node : job.nodes) {
    pool_.take(node, per_node);
    auto* slot = &node_jobs_[static_cast<std::size_t>(node) * gpn];
    *std::find(slot, slot + gpn, -1) = j;
  }
  const Time overhead = job.rec.restarts > 0 ? cfg_.checkpoint.restart_overhead : 0;
  job.plan = AttemptPlan::make(overhead, job.remaining, job.interval, cfg_.checkpoint.cost);
  job.attempt_start = now;
  ++job.attempt;
  if (job.rec.start < 0) job.rec.start = now;
  record_event(now, job, JobEvent::kStart);
  job.rec.state = JobState::kRunning;
  queued_gpus_ -= job.rec.gpus;
  const std::pair<Time, std::int32_t> entry{now + job.rec.time_limit, j};
  running_.insert(std::upper_bound(running_.begin(), running_.end(), entry), entry);
  ctx.send(ctx.self(), job.plan.duration(), kJobEnd, kPrioJobEnd, JobEndMsg{j, job.attempt});
}

void ClusterLp::release(Job& job) {
  const int gpn = pool_.gpus_per_node();
  const int per_node = job.whole_nodes ? gpn : job.rec.gpus;
  const auto j = static_cast<std::int32_t>(&job - jobs_.data());
  for (int node : job.nodes) {
    pool_.give(node, per_node);
    auto* slot = &node_jobs_[static_cast<std::size_t>(node) * gpn];
    *std::find(slot, slot + gpn, j) = -1;
  }
  job.nodes.clear();
  const std::pair<Time, std::int32_t> entry{job.attempt_start + job.rec.time_limit, j};
  running_.erase(std::lower_bound(running_.begin(), running_.end(), entry));
}

void ClusterLp::on_job_end(const JobEndMsg& msg, engine::Context& ctx) {
  Job& job = jobs_[msg.job];
  if (msg.attempt != job.attempt || job.rec.state != JobState::kRunning) return;  // interrupted
  const Time elapsed = ctx.now() - job.attempt_start;
  job.rec.useful += job.plan.work;
  job.rec.checkpoint += job.plan.checkpoints() * job.plan.cost;
  job.rec.lost += job.plan.overhead;
  job.rec.allocated += elapsed;
  job.remaining = 0;
  job.rec.end = ctx.now();
  // A replayed job that failed or was cancelled in its trace ends here, as recorded.
  job.rec.state = !job.rec.end_as_recorded        ? JobState::kCompleted
                  : job.rec.recorded_outcome == 1 ? JobState::kFailed
                                                  : JobState::kCancelled;
  record_event(ctx.now(), job, JobEvent::kComplete);
  release(job);
  request_schedule(ctx);
}

void ClusterLp::interrupt(int j, Time fail_time, Time now) {
  Job& job = jobs_[j];
  const auto p = progress(job.plan, std::max<Time>(0, fail_time - job.attempt_start));
  const Time elapsed = now - job.attempt_start;
  job.rec.useful += p.committed;
  job.rec.checkpoint += p.checkpoint;
  job.rec.lost += elapsed - p.committed - p.checkpoint;
  job.rec.allocated += elapsed;
  job.remaining -= p.committed;
  ++job.rec.restarts;
  job.rec.state = JobState::kQueued;
  record_event(now, job, JobEvent::kInterrupt);
  release(job);
  queued_gpus_ += job.rec.gpus;
}

void ClusterLp::on_node_down(const NodeDownMsg& msg, engine::Context& ctx) {
  const int node = local_node(msg.node);
  const int gpn = pool_.gpus_per_node();
  FailureRecord rec;
  rec.time = msg.fail_time;
  rec.detected = ctx.now();
  rec.repair = msg.repair;
  rec.node = msg.node;
  rec.pod = first_pod_ + pool_.pod_of(node);
  rec.cluster = cluster_;

  // The interrupted jobs, in id order, go back to the head of the queue in that order.
  std::int32_t hit[64];
  int n = 0;
  for (int s = 0; s < gpn && s < 64; ++s) {
    const std::int32_t j = node_jobs_[static_cast<std::size_t>(node) * gpn + s];
    if (j >= 0) hit[n++] = j;
  }
  std::sort(hit, hit + n);
  for (int k = n - 1; k >= 0; --k) {
    const Job& job = jobs_[hit[k]];
    const Time lost_before = job.rec.lost;
    interrupt(hit[k], msg.fail_time, ctx.now());
    rec.gpu_seconds_lost += engine::to_seconds(job.rec.lost - lost_before) * job.rec.gpus_allocated;
    queue_.push_front(hit[k]);
  }
  rec.jobs_interrupted = n;
  totals_.interruptions += n;
  ++totals_.node_failures;
  pool_.set_down(node);
  failures_.push_back(rec);
  request_schedule(ctx);
}

void ClusterLp::on_node_up(const NodeUpMsg& msg, engine::Context& ctx) {
  pool_.set_up(local_node(msg.node));
  request_schedule(ctx);
}

ClusterLp::Reservation ClusterLp::reserve(const Job& head, Time now) {
  const int gpn = pool_.gpus_per_node();
  int full = pool_.full_free_nodes();
  Reservation r{engine::kNever, 0};
  bool found = false;
  for (const auto& [est_end, j] : running_) {
    const Job& job = jobs_[j];
    if (job.whole_nodes) {
      // Gangs hold their nodes alone: each one comes back whole.
      full += static_cast<int>(job.nodes.size());
      found = found || !job.nodes.empty();
    } else {
      const int node = job.nodes.front();
      if (scratch_free_[node] < 0) {
        scratch_free_[node] = static_cast<std::int16_t>(pool_.free(node));
        touched_.push_back(node);
      }
      scratch_free_[node] = static_cast<std::int16_t>(scratch_free_[node] + job.rec.gpus);
      if (scratch_free_[node] == gpn) ++full;
      if (scratch_free_[node] >= head.rec.gpus) found = true;
    }
    if (head.whole_nodes ? full >= head.nodes_needed : found) {
      r.shadow = std::max(est_end, now);
      break;
    }
  }
  const int needed = head.whole_nodes ? head.nodes_needed : 1;
  r.extra_nodes = std::max(0, full - needed);
  for (int node : touched_) scratch_free_[node] = -1;
  touched_.clear();
  return r;
}

void ClusterLp::schedule(engine::Context& ctx) {
  schedule_pending_ = false;
  const Time now = ctx.now();
  // FIFO: start jobs from the head while they fit.
  while (!queue_.empty() && fits(jobs_[queue_.front()])) {
    const int j = queue_.front();
    queue_.pop_front();
    start(j, ctx);
  }
  if (!queue_.empty() && pool_.idle_gpus() > 0) {
    // EASY: the blocked head job holds a reservation; a later job may start now only if it
    // fits and cannot delay it: it ends (by its time limit) before the reservation, or uses
    // only nodes the head job will not need.
    Reservation r = reserve(jobs_[queue_.front()], now);
    const std::size_t depth =
        std::min(queue_.size(), static_cast<std::size_t>(cfg_.sched.backfill_depth) + 1);
    kept_.clear();
    for (std::size_t k = 1; k < depth; ++k) {
      const int j = queue_[k];
      const Job& job = jobs_[j];
      bool go = false;
      if (pool_.idle_gpus() > 0 && fits(job)) {
        const int used = whole_nodes_used(job);
        if (now + job.rec.time_limit <= r.shadow) {
          go = true;
        } else if (used <= r.extra_nodes) {
          r.extra_nodes -= used;
          go = true;
        }
      }
      if (go) {
        start(j, ctx);
      } else {
        kept_.push_back(j);
      }
    }
    // Put the examined part of the queue back without the started jobs.
    const std::int32_t head = queue_.front();
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(depth));
    queue_.insert(queue_.begin(), kept_.begin(), kept_.end());
    queue_.push_front(head);
  }
  if (queued_gpus_ != reported_queued_ || pool_.busy_gpus() != reported_busy_) {
    reported_queued_ = queued_gpus_;
    reported_busy_ = pool_.busy_gpus();
    ctx.send(router_, cfg_.latency.report, kQueueReport, kPrioReport,
             QueueReportMsg{queued_gpus_, reported_busy_, cluster_});
  }
}

void ClusterLp::on_sample(engine::Context& ctx) {
  TimelineSample s;
  s.time = ctx.now();
  s.cluster = cluster_;
  s.busy = pool_.busy_gpus();
  s.idle = pool_.idle_gpus();
  s.failed = pool_.failed_gpus();
  s.queued_gpus = queued_gpus_;
  s.queued_jobs = static_cast<std::int32_t>(queue_.size());
  s.running_jobs = static_cast<std::int32_t>(running_.size());
  timeline_.push_back(s);
  if (cfg_.output.pod_timeline)
    for (int p = 0; p < pool_.pods(); ++p) {
      const std::int64_t busy = pool_.pod_busy_gpus(p), failed = pool_.pod_failed_gpus(p);
      pod_timeline_.push_back(
          {s.time, first_pod_ + p, cluster_, busy, pool_.pod_gpus() - busy - failed, failed});
    }
  ctx.send(ctx.self(), cfg_.timeline_period, kSample, kPrioSample, std::int32_t{0});
}

void ClusterLp::finish(engine::Context& ctx) {
  advance(ctx.now());
  // Running attempts are cut at the end time: what they computed so far counts as useful.
  for (Job& job : jobs_) {
    if (job.rec.state != JobState::kRunning) continue;
    const Time elapsed = ctx.now() - job.attempt_start;
    const auto p = progress(job.plan, elapsed);
    job.rec.useful += p.computed;
    job.rec.checkpoint += p.checkpoint + p.partial_checkpoint;
    job.rec.lost += elapsed - p.computed - p.checkpoint - p.partial_checkpoint;
    job.rec.allocated += elapsed;
    job.remaining -= p.computed;
  }
}

std::vector<JobRecord> ClusterLp::job_records() const {
  std::vector<JobRecord> out;
  out.reserve(jobs_.size());
  for (const Job& job : jobs_) out.push_back(job.rec);
  return out;
}

}  // namespace fleetsim::model
