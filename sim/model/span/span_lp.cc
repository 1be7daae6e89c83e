#include "sim/model/span/span_lp.h"

#include <algorithm>
#include <cereal/types/map.hpp>
#include <cereal/types/vector.hpp>
#include <cmath>

#include "sim/model/cluster/qos.h"
#include "sim/model/fabric/tier_share.h"
#include "sim/model/span/span_plan.h"

namespace fleetsim::model {

SpanLp::SpanLp(const ModelConfig& cfg, const FleetMap& map, engine::LpId first_cluster)
    : cfg_(cfg),
      map_(map),
      first_cluster_(first_cluster),
      speed_(cfg),
      progress_(std::make_unique<ClosedFormProgress>(
          cfg.checkpoint, cfg.failures.node_rate / 1000.0 / engine::kDay)) {
  load_.assign(static_cast<std::size_t>(map.clusters()), 0);
  paths_down_.assign(static_cast<std::size_t>(map.clusters()), 0);
}

template <class Archive>
void SpanLp::state(Archive& ar) {
  ar(jobs_, slot_of_, load_, paths_down_, rng_, failures_);
}
template void SpanLp::state(engine::StateWriter&);
template void SpanLp::state(engine::StateReader&);

Time SpanLp::draw_cut(int site, int path) {
  const double rate = cfg_.failures.wan_rate / 1000.0 / engine::kDay;
  auto& rng = rng_[static_cast<std::size_t>(site * cfg_.span.wan_paths + path)];
  const double t = rng.exponential(rate);
  return t > 1e19 ? engine::kNever / 4 : std::max<Time>(1, static_cast<Time>(t));
}

void SpanLp::init(engine::Context& ctx) {
  // One stream per (site, path), keyed by both: the same cuts whatever else the run holds.
  for (int s = 0; s < map_.clusters(); ++s)
    for (int p = 0; p < cfg_.span.wan_paths; ++p) {
      rng_.push_back(
          ctx.rng({core::purpose("wan.path"), (static_cast<std::uint64_t>(s) << 8) | p}));
      if (cfg_.failures.wan_rate > 0)
        ctx.send(ctx.self(), draw_cut(s, p), kWanCut, kPrioFailure, WanCutMsg{s, p, +1});
    }
}

void SpanLp::handle(const engine::Event& ev, engine::Context& ctx) {
  using Handler = void (SpanLp::*)(const engine::Event&, engine::Context&);
  static constexpr std::pair<std::uint16_t, Handler> kHandlers[] = {
      {kSpanSubmit, &SpanLp::on_submit}, {kPartReady, &SpanLp::on_ready},
      {kPartDown, &SpanLp::on_down},     {kPartRate, &SpanLp::on_rate},
      {kSpanEnd, &SpanLp::on_end},       {kSpanLimit, &SpanLp::on_limit},
      {kWanCut, &SpanLp::on_wan_cut}};
  for (const auto& [kind, handler] : kHandlers)
    if (kind == ev.kind) return (this->*handler)(ev, ctx);
  throw std::logic_error("span LP: unexpected event kind");
}

void SpanLp::on_submit(const engine::Event& ev, engine::Context& ctx) {
  const auto spec = ev.as<JobSubmitMsg>();
  const int gpn = cfg_.fabric.gpus_per_node;
  Job job;
  job.rec.job = spec;
  const std::int64_t nodes = (std::int64_t{spec.gpus} + gpn - 1) / gpn;
  std::vector<int> cluster_nodes;
  for (int c = 0; c < map_.clusters(); ++c)
    cluster_nodes.push_back(map_.num_pods(c) * cfg_.fabric.nodes_per_pod);
  const SpanPlan plan = plan_span(nodes, cluster_nodes, load_, cfg_.sched.shrink_fraction);
  const auto slot = static_cast<std::int32_t>(jobs_.size());
  slot_of_[spec.id] = slot;
  if (plan.empty()) {  // more than every site's share together: nowhere to run
    job.rec.state = JobState::kRejected;
    jobs_.push_back(std::move(job));
    return;
  }
  const int sites = static_cast<int>(plan.clusters.size());
  JobRecord& rec = job.rec;
  rec.cluster = plan.clusters.front();
  rec.sites = static_cast<std::int16_t>(sites);
  rec.gpus_allocated = static_cast<std::int32_t>(nodes * gpn);
  // The same work across sites: the step model's cross-site all-reduce over the WAN.
  const double factor = speed_.span_factor(spec.gpus_requested, spec.gpus, sites);
  auto stretch = [factor](Time t) {
    return static_cast<Time>(std::ceil(static_cast<double>(t) * factor));
  };
  rec.job.runtime = stretch(spec.runtime);
  rec.job.time_limit = stretch(spec.time_limit);
  const auto step = speed_.span_step(spec.gpus_requested, spec.gpus, sites);
  rec.model = static_cast<std::int8_t>(step.model);
  rec.step_s = step.step_s;
  rec.mfu = step.mfu;
  rec.exposed_comm_share = step.exposed_comm_share;
  rec.qos = qos_of(cfg_.sched, spec.gpus_requested);
  job.progress = progress_->admit(rec, static_cast<int>(nodes),
                                  speed_.checkpoint_cost(spec.gpus_requested, spec.gpus));
  for (int i = 0; i < sites; ++i) {
    const int c = plan.clusters[static_cast<std::size_t>(i)];
    Part part;
    part.cluster = c;
    part.gpus = plan.nodes[static_cast<std::size_t>(i)] * gpn;
    job.parts.push_back(part);
    load_[static_cast<std::size_t>(c)] += plan.nodes[static_cast<std::size_t>(i)];
    JobSubmitMsg sub = rec.job;
    sub.gpus = part.gpus;
    ctx.send(first_cluster_ + static_cast<engine::LpId>(c), cfg_.latency.span, kPartSubmit,
             kPrioSubmit, sub);
  }
  jobs_.push_back(std::move(job));
}

SpanLp::Job* SpanLp::current(std::uint64_t id, std::uint32_t gen) {
  const auto it = slot_of_.find(id);
  if (it == slot_of_.end()) throw std::logic_error("span LP: a part of an unknown job");
  Job& job = jobs_[static_cast<std::size_t>(it->second)];
  return job.done || job.gen != gen ? nullptr : &job;
}

void SpanLp::add_held(Job& job, const Part& part, Time until) {
  job.held_gpu_us += static_cast<double>(part.gpus) * static_cast<double>(until - part.ready_at);
  job.rec.held = static_cast<Time>(std::llround(job.held_gpu_us / job.rec.gpus_allocated));
}

void SpanLp::on_ready(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<PartMsg>();
  Job* job = current(msg.job, msg.gen);
  if (!job || job->running) return;
  for (Part& part : job->parts)
    if (part.cluster == msg.cluster) {
      part.ready = true;
      part.ready_at = ctx.now() - cfg_.latency.span;  // when the site sent it
    }
  try_go(slot_of_[msg.job], ctx);
}

bool SpanLp::wan_up(const Job& job) const {
  for (const Part& part : job.parts)
    if (paths_down_[static_cast<std::size_t>(part.cluster)] >= cfg_.span.wan_paths) return false;
  return true;
}

double SpanLp::wan_fraction(const Job& job) const {
  int least_up = cfg_.span.wan_paths;
  for (const Part& part : job.parts)
    least_up = std::min(least_up,
                        cfg_.span.wan_paths - paths_down_[static_cast<std::size_t>(part.cluster)]);
  return static_cast<double>(least_up) / cfg_.span.wan_paths;
}

double SpanLp::wan_share(std::int32_t slot) const {
  const Job& me = jobs_[static_cast<std::size_t>(slot)];
  if (!cfg_.span.wan_shared) return wan_fraction(me);
  // Capacity per site: its share of paths up; each running job demands 1 on each of its sites.
  std::vector<double> up(paths_down_.size());
  for (std::size_t s = 0; s < up.size(); ++s)
    up[s] = static_cast<double>(cfg_.span.wan_paths - paths_down_[s]) / cfg_.span.wan_paths;
  TierShares shares(std::move(up));
  for (std::size_t s = 0; s < jobs_.size(); ++s) {
    const Job& job = jobs_[s];
    if (!job.running && static_cast<std::int32_t>(s) != slot) continue;
    for (const Part& part : job.parts) shares.add(static_cast<std::int32_t>(s), 0, part.cluster, 1);
  }
  for (const auto& share : shares.solve())
    if (share.job == slot) return share.share;
  return wan_fraction(me);
}

std::pair<double, double> SpanLp::wan_rates(std::int32_t slot) const {
  const Job& job = jobs_[static_cast<std::size_t>(slot)];
  const auto rate = [&](double fraction) {
    return speed_.wan_rate(job.rec.job.gpus_requested, job.rec.job.gpus,
                           static_cast<int>(job.parts.size()), fraction);
  };
  return {rate(wan_share(slot)), rate(wan_fraction(job))};
}

void SpanLp::rerate_running(engine::Context& ctx) {
  if (!cfg_.span.wan_shared) return;
  for (std::size_t s = 0; s < jobs_.size(); ++s)
    if (jobs_[s].running) rerate(static_cast<std::int32_t>(s), ctx);
}

void SpanLp::try_go(std::int32_t slot, engine::Context& ctx) {
  Job& job = jobs_[static_cast<std::size_t>(slot)];
  if (job.done || job.running || !wan_up(job)) return;
  for (const Part& part : job.parts)
    if (!part.ready) return;
  // Every part runs from the instant the go reaches it; the job's attempt starts there.
  const Time go = ctx.now() + cfg_.latency.span;
  for (Part& part : job.parts) {
    add_held(job, part, go);
    part.ready = false;
    part.rate = part.free_rate = 1;
    ctx.send(first_cluster_ + static_cast<engine::LpId>(part.cluster), cfg_.latency.span, kPartGo,
             kPrioPart, PartMsg{job.rec.job.id, job.gen, part.cluster});
  }
  job.running = true;
  const auto [wan, wan_free] = wan_rates(slot);
  const Time duration =
      progress_->start(job.progress, go, job.rec.restarts + job.rec.preemptions > 0, wan, wan_free);
  if (job.rec.start < 0) job.rec.start = go;
  job.rec.state = JobState::kRunning;
  ++job.attempt;
  ++job.starts;
  ctx.send(ctx.self(), cfg_.latency.span + duration, kSpanEnd, kPrioJobEnd,
           SpanTimerMsg{slot, job.attempt});
  const Time limit = job.rec.job.time_limit;
  if (enforces_time_limit(cfg_.sched, job.rec.job.job_class) && limit > 0 &&
      limit < engine::kNever - go)
    ctx.send(ctx.self(), cfg_.latency.span + limit, kSpanLimit, kPrioJobEnd,
             SpanTimerMsg{slot, job.starts});
  rerate_running(ctx);  // the others at its sites now share their WAN with it
}

void SpanLp::interrupt(std::int32_t slot, Time fail_time, bool planned, engine::Context& ctx) {
  Job& job = jobs_[static_cast<std::size_t>(slot)];
  // The go may still be on its way (the attempt starts after now): nothing ran yet.
  const Time now = std::max(ctx.now(), job.progress.attempt_start);
  progress_->interrupt(job.progress, job.rec, fail_time, now, planned);
  ++job.rec.restarts;
  job.rec.state = JobState::kQueued;
  job.running = false;
  ++job.attempt;
  ++job.gen;
  for (Part& part : job.parts) {
    part.ready = false;
    ctx.send(first_cluster_ + static_cast<engine::LpId>(part.cluster), cfg_.latency.span, kPartStop,
             kPrioPart, PartStopMsg{job.rec.job.id, job.gen, false});
  }
  rerate_running(ctx);
}

void SpanLp::on_down(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<PartDownMsg>();
  Job* job = current(msg.job, msg.gen);
  if (!job) return;
  if (job->running) return interrupt(slot_of_[msg.job], msg.fail_time, msg.planned, ctx);
  for (Part& part : job->parts)  // waiting: that part holds nothing any more
    if (part.cluster == msg.cluster && part.ready) {
      add_held(*job, part, ctx.now() - cfg_.latency.span);
      part.ready = false;
    }
}

void SpanLp::rerate(std::int32_t slot, engine::Context& ctx) {
  Job& job = jobs_[static_cast<std::size_t>(slot)];
  double rate = 1, free_rate = 1;
  for (const Part& part : job.parts) {
    rate = std::min(rate, part.rate);
    free_rate = std::min(free_rate, part.free_rate);
  }
  // The WAN's cuts are failures: they lower both; its sharing is contention: only the rate.
  const auto [wan, wan_free] = wan_rates(slot);
  rate *= wan;
  free_rate *= wan_free;
  if (rate == job.progress.rate && free_rate == job.progress.free_rate) return;
  const Time at = std::max(ctx.now(), job.progress.attempt_start);
  const Time rest = progress_->rescale(job.progress, at, rate, free_rate);
  ++job.attempt;
  ctx.send(ctx.self(), at - ctx.now() + rest, kSpanEnd, kPrioJobEnd,
           SpanTimerMsg{slot, job.attempt});
}

void SpanLp::on_rate(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<PartRateMsg>();
  Job* job = current(msg.job, msg.gen);
  if (!job || !job->running) return;
  for (Part& part : job->parts)
    if (part.cluster == msg.cluster) {
      part.rate = msg.rate;
      part.free_rate = msg.free_rate;
    }
  rerate(slot_of_[msg.job], ctx);
}

void SpanLp::finish_job(std::int32_t slot, JobState state, engine::Context& ctx) {
  Job& job = jobs_[static_cast<std::size_t>(slot)];
  job.rec.end = ctx.now();
  job.rec.state = state;
  job.running = false;
  job.done = true;
  for (const Part& part : job.parts) {
    load_[static_cast<std::size_t>(part.cluster)] -= part.gpus / cfg_.fabric.gpus_per_node;
    ctx.send(first_cluster_ + static_cast<engine::LpId>(part.cluster), cfg_.latency.span, kPartStop,
             kPrioPart, PartStopMsg{job.rec.job.id, job.gen, true});
  }
  rerate_running(ctx);
}

void SpanLp::on_end(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<SpanTimerMsg>();
  Job& job = jobs_[static_cast<std::size_t>(msg.slot)];
  if (msg.attempt != job.attempt || !job.running) return;
  progress_->complete(job.progress, job.rec, ctx.now());
  finish_job(msg.slot, JobState::kCompleted, ctx);
}

void SpanLp::on_limit(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<SpanTimerMsg>();
  Job& job = jobs_[static_cast<std::size_t>(msg.slot)];
  if (msg.attempt != job.starts || !job.running) return;
  if (job.progress.attempt_start + job.progress.wall_to_finish() <= ctx.now()) return;
  progress_->interrupt(job.progress, job.rec, ctx.now(), ctx.now(), false);
  finish_job(msg.slot, JobState::kTimeout, ctx);
}

void SpanLp::on_wan_cut(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<WanCutMsg>();
  const auto site = static_cast<std::size_t>(msg.site);
  paths_down_[site] += msg.delta;
  FailureRecord rec;
  if (msg.delta > 0) {  // cut: back after the repair; the next cut is drawn then
    ctx.send(ctx.self(), cfg_.failures.wan_repair, kWanCut, kPrioFailure,
             WanCutMsg{msg.site, msg.path, -1});
    rec.time = rec.detected = ctx.now();
    rec.repair = cfg_.failures.wan_repair;
    rec.node = rec.pod = -1;
    rec.cluster = msg.site;
    rec.component = core::Component::kWanPath;
    rec.tier = -1;
  } else {
    ctx.send(ctx.self(), draw_cut(msg.site, msg.path), kWanCut, kPrioFailure,
             WanCutMsg{msg.site, msg.path, +1});
  }
  // The site's jobs: stopped when every path is cut, else rerated; waiting ones may go now.
  for (std::size_t s = 0; s < jobs_.size(); ++s) {
    Job& job = jobs_[s];
    if (job.done || std::none_of(job.parts.begin(), job.parts.end(),
                                 [&](const Part& p) { return p.cluster == msg.site; }))
      continue;
    const auto slot = static_cast<std::int32_t>(s);
    if (!job.running) {
      try_go(slot, ctx);
    } else if (!wan_up(job)) {
      const Time lost_before = job.rec.lost;
      interrupt(slot, ctx.now(), false, ctx);
      ++rec.jobs_interrupted;
      rec.gpus_hit += job.rec.gpus_allocated;
      rec.gpu_seconds_lost +=
          engine::to_seconds(job.rec.lost - lost_before) * job.rec.gpus_allocated;
    } else {
      const double before = job.progress.rate;
      rerate(slot, ctx);
      rec.jobs_slowed += job.progress.rate < before;
    }
  }
  rerate_running(ctx);  // a share of another site may follow (progressive filling)
  if (msg.delta > 0) failures_.push_back(rec);
}

void SpanLp::finish(engine::Context& ctx) {
  for (Job& job : jobs_) {
    if (job.running && job.progress.attempt_start <= ctx.now())
      progress_->cut(job.progress, job.rec, ctx.now());
    if (job.running || job.done) continue;
    for (Part& part : job.parts)  // still holding at the end
      if (part.ready) add_held(job, part, ctx.now());
  }
}

std::vector<JobRecord> SpanLp::job_records() const {
  std::vector<JobRecord> out;
  for (const Job& job : jobs_) out.push_back(job.rec);
  return out;
}

void SpanLp::report(LpReport& out) const {
  for (const Job& job : jobs_) out.jobs.push_back(&job.rec);
  out.failures = failures_;
}

}  // namespace fleetsim::model
