#include "sim/io/run_output.h"

#include <algorithm>

#include "sim/engine/event.h"
#include "sim/io/h5_writer.h"

namespace fleetsim::io {
namespace {

using engine::to_seconds;

double seconds_or_missing(engine::Time t) { return t < 0 ? -1.0 : to_seconds(t); }

// Sizes every column (and the row numbers) up front: a year's tables hold millions of rows, and
// growing them by doubling costs more than writing them.
void reserve(Table& t, std::size_t rows) {
  t.rows.reserve(rows);
  for (Column& c : t.columns) std::visit([&](auto& v) { v.reserve(rows); }, c.data);
}

// Puts this rank's job records in id order (the order of /jobs), so the table is built in file
// order and written without the writer's sort and copy. On one rank the ids are 0..n-1 and each
// record goes straight to its slot; otherwise (ids spread over ranks) they are sorted.
std::vector<const model::JobRecord*> in_id_order(std::vector<const model::JobRecord*> jobs) {
  if (jobs.empty()) return jobs;
  std::uint64_t lo = jobs.front()->job.id, hi = lo;
  for (const auto* j : jobs) {
    lo = std::min(lo, j->job.id);
    hi = std::max(hi, j->job.id);
  }
  if (hi - lo + 1 == jobs.size()) {
    std::vector<const model::JobRecord*> slots(jobs.size(), nullptr);
    bool dense = true;
    for (const auto* j : jobs) {
      auto& slot = slots[j->job.id - lo];
      dense = dense && slot == nullptr;
      slot = j;
    }
    if (dense) return slots;  // a repeated id (never expected) falls through to the sort
  }
  std::sort(jobs.begin(), jobs.end(),
            [](const auto* a, const auto* b) { return a->job.id < b->job.id; });
  return jobs;
}

Table jobs_table(const std::vector<const model::JobRecord*>& jobs) {
  Table t;
  auto& id = t.add<std::int64_t>("id", "1", "job number, in order of submission; also the row");
  auto& cluster = t.add<std::int32_t>("cluster", "1", "cluster index; -1 when rejected");
  auto& tenant = t.add<std::int32_t>("tenant", "1", "tenant (user, VC or queue) index");
  auto& klass = t.add<std::int8_t>("job_class", "enum",
                                   "0 single, 1 node, 2 gang, 3 large gang, 4 frontier, 5 trace");
  auto& greq = t.add<std::int32_t>("gpus_requested", "GPU", "GPUs the job asked for");
  auto& gpus = t.add<std::int32_t>("gpus", "GPU", "GPUs it ran on (less when shrunk)");
  auto& galloc = t.add<std::int32_t>("gpus_allocated", "GPU", "GPUs held: whole nodes for gangs");
  auto& shrunk = t.add<std::int8_t>("shrunk", "bool", "1 when shrunk to fit the largest cluster");
  auto& state = t.add<std::int8_t>("state", "enum",
                                   "at the end: 0 completed, 1 running, 2 queued, 3 rejected, "
                                   "4 failed and 5 cancelled as recorded (trace.replay_outcomes)");
  auto& outcome = t.add<std::int8_t>(
      "recorded_outcome", "enum",
      "how the trace says the job ended: -1 unknown or synthetic, 0 completed, 1 failed, "
      "2 cancelled");
  auto& restarts = t.add<std::int32_t>("restarts", "1", "interruptions by node failures");
  auto& submit = t.add<double>("submit_time", "s", "submission time", false);
  auto& start = t.add<double>("start_time", "s", "first start; -1 if never started", false);
  auto& end = t.add<double>("end_time", "s", "completion; -1 if not completed", false);
  auto& runtime = t.add<double>("runtime", "s",
                                "compute time at `gpus` without failures or checkpoints", false);
  auto& limit = t.add<double>("time_limit", "s", "requested time limit at `gpus`");
  auto& useful = t.add<double>("useful_gpu_seconds", "GPU*s", "GPU-time of work kept", false);
  auto& lost = t.add<double>("lost_gpu_seconds", "GPU*s",
                             "GPU-time lost to failures: work since the last checkpoint, restart "
                             "overheads, time on a failed node before detection");
  auto& ckpt = t.add<double>("checkpoint_gpu_seconds", "GPU*s", "GPU-time stalled in checkpoints");
  auto& alloc = t.add<double>("allocated_gpu_seconds", "GPU*s",
                              "GPU-time held: useful + lost + checkpoint", false);
  reserve(t, jobs.size());
  for (const auto* jp : jobs) {
    const auto& j = *jp;
    const auto& spec = j.job;
    const double g = j.gpus_allocated;
    t.rows.push_back(spec.id);
    id.push_back(static_cast<std::int64_t>(spec.id));
    cluster.push_back(j.cluster);
    tenant.push_back(spec.tenant);
    klass.push_back(static_cast<std::int8_t>(spec.job_class));
    greq.push_back(spec.gpus_requested);
    gpus.push_back(spec.gpus);
    galloc.push_back(j.gpus_allocated);
    shrunk.push_back(spec.shrunk ? 1 : 0);
    outcome.push_back(spec.recorded_outcome);
    state.push_back(static_cast<std::int8_t>(j.state));
    restarts.push_back(j.restarts);
    submit.push_back(to_seconds(spec.submit));
    start.push_back(seconds_or_missing(j.start));
    end.push_back(seconds_or_missing(j.end));
    runtime.push_back(to_seconds(spec.runtime));
    limit.push_back(to_seconds(spec.time_limit));
    useful.push_back(g * to_seconds(j.useful));
    lost.push_back(g * to_seconds(j.lost));
    ckpt.push_back(g * to_seconds(j.checkpoint));
    alloc.push_back(g * to_seconds(j.allocated));
  }
  return t;
}

}  // namespace

void write_run(const std::string& path, const engine::Simulator& sim, const model::Fleet& fleet,
               const RunInfo& info) {
  const model::ModelConfig& cfg = fleet.config();
  const model::FleetMap& map = fleet.map();
  std::vector<const model::JobRecord*> jobs;  // the records stay in their LPs
  Table failures, timeline, clusters;
  // The failure floats are near-random draws like /jobs' times: deflate gained them 1.1-1.4x
  // (0.18 MiB on a 100k-GPU year) for 0.03 s, so they stay unfiltered.
  auto& f_time = failures.add<double>("time", "s", "when the node failed", false);
  auto& f_detected =
      failures.add<double>("detected_time", "s", "when its cluster learned of it", false);
  auto& f_repair =
      failures.add<double>("repair_duration", "s", "how long the node stayed down", false);
  auto& f_node = failures.add<std::int32_t>("node", "1", "global node index");
  auto& f_pod = failures.add<std::int32_t>("pod", "1", "pod index");
  auto& f_cluster = failures.add<std::int32_t>("cluster", "1", "cluster index");
  auto& f_jobs = failures.add<std::int32_t>("jobs_interrupted", "1", "jobs running on the node");
  auto& f_lost =
      failures.add<double>("lost_gpu_seconds", "GPU*s", "GPU-time those jobs lost", false);

  auto& t_time = timeline.add<double>("time", "s", "sample time");
  auto& t_cluster = timeline.add<std::int32_t>("cluster", "1", "cluster index");
  auto& t_busy = timeline.add<std::int64_t>("busy_gpus", "GPU", "GPUs allocated to jobs");
  auto& t_idle = timeline.add<std::int64_t>("idle_gpus", "GPU", "GPUs up and free");
  auto& t_failed = timeline.add<std::int64_t>("failed_gpus", "GPU", "GPUs on failed nodes");
  auto& t_qgpus = timeline.add<std::int64_t>("queued_gpus", "GPU", "GPU demand of queued jobs");
  auto& t_qjobs = timeline.add<std::int32_t>("queued_jobs", "1", "jobs waiting");
  auto& t_rjobs = timeline.add<std::int32_t>("running_jobs", "1", "jobs running");

  Table pods, events;
  auto& p_time = pods.add<double>("time", "s", "sample time");
  auto& p_pod = pods.add<std::int32_t>("pod", "1", "global pod index");
  auto& p_cluster = pods.add<std::int32_t>("cluster", "1", "cluster index");
  auto& p_busy = pods.add<std::int64_t>("busy_gpus", "GPU", "GPUs allocated to jobs");
  auto& p_idle = pods.add<std::int64_t>("idle_gpus", "GPU", "GPUs up and free");
  auto& p_failed = pods.add<std::int64_t>("failed_gpus", "GPU", "GPUs on failed nodes");

  auto& e_time = events.add<double>("time", "s", "when the cluster made the transition");
  auto& e_job = events.add<std::int64_t>("job", "1", "job id (row of /jobs)");
  auto& e_cluster = events.add<std::int32_t>("cluster", "1", "cluster index");
  auto& e_kind =
      events.add<std::int8_t>("kind", "enum", "0 submit, 1 start, 2 interrupt, 3 complete");
  auto& e_gpus = events.add<std::int32_t>("gpus", "GPU", "GPUs the job holds when running");

  auto& c_index = clusters.add<std::int32_t>("cluster", "1", "cluster index");
  auto& c_pods = clusters.add<std::int32_t>("pods", "1", "pods in the cluster");
  auto& c_gpus = clusters.add<std::int64_t>("gpus", "GPU", "GPUs in the cluster");
  auto& c_busy = clusters.add<double>("busy_gpu_seconds", "GPU*s", "integral of busy GPUs");
  auto& c_failed = clusters.add<double>("failed_gpu_seconds", "GPU*s", "integral of failed GPUs");
  auto& c_int = clusters.add<std::int64_t>("interruptions", "1", "job interruptions");
  auto& c_fail = clusters.add<std::int64_t>("node_failures", "1", "node failures seen");

  std::vector<std::pair<std::uint64_t, std::uint64_t>> failure_blocks, timeline_blocks, pod_blocks,
      event_blocks;
  // Each LP reports its rows (sim/model/model_lp.h).
  std::vector<model::LpReport> reports(fleet.local_lps().size());
  std::size_t n_jobs = 0, n_failures = 0, n_timeline = 0, n_pods = 0, n_events = 0;
  for (std::size_t k = 0; k < reports.size(); ++k) {
    fleet.local_lps()[k]->report(reports[k]);
    n_jobs += reports[k].jobs.size();
    n_failures += reports[k].failures.size();
    n_timeline += reports[k].timeline.size();
    n_pods += reports[k].pod_timeline.size();
    n_events += reports[k].events.size();
  }
  jobs.reserve(n_jobs);
  reserve(failures, n_failures);
  reserve(timeline, n_timeline);
  reserve(pods, n_pods);
  reserve(events, n_events);
  for (std::size_t k = 0; k < reports.size(); ++k) {
    const model::LpReport& rep = reports[k];
    jobs.insert(jobs.end(), rep.jobs.begin(), rep.jobs.end());
    if (!rep.cluster) continue;
    // Cluster tables are blocks keyed by cluster index: rows by cluster, whichever rank has it.
    const std::uint64_t block = static_cast<std::uint64_t>(rep.cluster->cluster);
    failure_blocks.emplace_back(block, rep.failures.size());
    for (const auto& r : rep.failures) {
      f_time.push_back(to_seconds(r.time));
      f_detected.push_back(to_seconds(r.detected));
      f_repair.push_back(to_seconds(r.repair));
      f_node.push_back(r.node);
      f_pod.push_back(r.pod);
      f_cluster.push_back(r.cluster);
      f_jobs.push_back(r.jobs_interrupted);
      f_lost.push_back(r.gpu_seconds_lost);
    }
    timeline_blocks.emplace_back(block, rep.timeline.size());
    for (const auto& s : rep.timeline) {
      t_time.push_back(to_seconds(s.time));
      t_cluster.push_back(s.cluster);
      t_busy.push_back(s.busy);
      t_idle.push_back(s.idle);
      t_failed.push_back(s.failed);
      t_qgpus.push_back(s.queued_gpus);
      t_qjobs.push_back(s.queued_jobs);
      t_rjobs.push_back(s.running_jobs);
    }
    pod_blocks.emplace_back(block, rep.pod_timeline.size());
    for (const auto& s : rep.pod_timeline) {
      p_time.push_back(to_seconds(s.time));
      p_pod.push_back(s.pod);
      p_cluster.push_back(s.cluster);
      p_busy.push_back(s.busy);
      p_idle.push_back(s.idle);
      p_failed.push_back(s.failed);
    }
    event_blocks.emplace_back(block, rep.events.size());
    for (const auto& e : rep.events) {
      e_time.push_back(to_seconds(e.time));
      e_job.push_back(static_cast<std::int64_t>(e.job));
      e_cluster.push_back(e.cluster);
      e_kind.push_back(static_cast<std::int8_t>(e.kind));
      e_gpus.push_back(e.gpus);
    }
    const model::ClusterRow& row = *rep.cluster;
    clusters.rows.push_back(static_cast<std::uint64_t>(row.cluster));
    c_index.push_back(row.cluster);
    c_pods.push_back(row.pods);
    c_gpus.push_back(row.totals.gpus);
    c_busy.push_back(row.totals.busy_gpu_seconds);
    c_failed.push_back(row.totals.failed_gpu_seconds);
    c_int.push_back(row.totals.interruptions);
    c_fail.push_back(row.totals.node_failures);
  }
  auto fill_rows = [&](Table& t,
                       const std::vector<std::pair<std::uint64_t, std::uint64_t>>& blocks) {
    const auto offsets = block_offsets(sim.comm(), blocks);
    for (std::size_t b = 0; b < blocks.size(); ++b)
      for (std::uint64_t r = 0; r < blocks[b].second; ++r) t.rows.push_back(offsets[b] + r);
  };
  fill_rows(failures, failure_blocks);
  fill_rows(timeline, timeline_blocks);
  fill_rows(pods, pod_blocks);
  fill_rows(events, event_blocks);

  StorageOptions storage;
  storage.compression = cfg.output.compression;
  storage.chunk_rows = static_cast<std::uint64_t>(cfg.output.chunk_rows);
  H5Writer out(sim.comm(), path, storage);
  out.attribute("fleetsim_version", std::string(FLEETSIM_VERSION));
  out.attribute("schema_version", kSchemaVersion);
  out.attribute("seed", static_cast<std::int64_t>(cfg.seed));
  out.attribute("layout", cfg.layout.name);
  out.attribute("layout_description", cfg.layout.description);
  out.attribute("ranks", static_cast<std::int64_t>(sim.ranks()));
  out.attribute("threads", static_cast<std::int64_t>(info.threads));
  out.attribute("partitioner", info.partitioner);
  out.attribute("duration", engine::to_seconds(cfg.end_time));
  out.attribute("total_gpus", cfg.fabric.total_gpus());
  out.attribute("clusters", static_cast<std::int64_t>(map.clusters()));
  out.attribute("events", static_cast<std::int64_t>(info.stats.events));
  out.attribute("windows", static_cast<std::int64_t>(info.stats.windows));
  out.attribute("config", info.config_text);
  out.write_table("jobs", jobs_table(in_id_order(std::move(jobs))),
                  "one row per submitted job, row = id");
  out.write_table("failures", failures,
                  "one row per node failure, by cluster then detection order");
  out.write_table("timeline", timeline, "per-cluster samples every output.timeline_period");
  if (cfg.output.pod_timeline)
    out.write_table(
        "pod_timeline", pods,
        "per-pod samples every output.timeline_period, by cluster, then time, then pod");
  if (cfg.output.event_log)
    out.write_table("job_events", events,
                    "job state transitions, by cluster then the order the cluster made them");
  out.write_table("clusters", clusters, "one row per cluster: totals over the run");
  out.commit();
}

}  // namespace fleetsim::io
