#include "sim/io/run_output.h"

#include <mpi.h>

#include <algorithm>
#include <span>
#include <utility>

#include "sim/engine/event.h"
#include "sim/io/columns.h"
#include "sim/io/h5_reader.h"
#include "sim/io/h5_writer.h"
#include "sim/io/summary_group.h"

namespace fleetsim::io {

// The files this writes carry `complete` (H5Writer::commit()), so readers may demand it.
static_assert(kSchemaVersion >= kCompleteSinceSchema);
namespace {

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

// Writes /jobs from the records (in id order) a few columns at a time, each batch built just
// before it is written: the table is never held whole beside the records (200 bytes a job each).
// A batch holds at most kBatchBytes of values on the rank with the most jobs (one column at
// least; every rank makes the same collective calls), so that a small run reads each record once
// for several columns (append_columns works through blocks of records that stay in cache) while
// a 10M-job replay still holds one column at a time. With `keep`, returns the columns the summary
// reads, with the rows (to gather them to rank 0); otherwise an empty table.
Table write_jobs(H5Writer& out, const std::vector<const model::JobRecord*>& records, bool keep) {
  constexpr std::uint64_t kBatchBytes = std::uint64_t{16} << 20;
  const GroupDef<model::JobRecord>& def = jobs_def();
  const std::uint64_t local = records.size();
  std::uint64_t most = 0;
  MPI_Allreduce(&local, &most, 1, MPI_UINT64_T, MPI_MAX, out.comm());
  const auto per_batch = static_cast<std::size_t>(
      std::max<std::uint64_t>(1, kBatchBytes / (8 * std::max<std::uint64_t>(1, most))));
  Table kept;
  kept.rows.reserve(records.size());
  for (const auto* j : records) kept.rows.push_back(j->job.id);
  for (std::size_t first = 0; first < def.columns.size(); first += per_batch) {
    const auto from = def.columns.begin() + static_cast<std::ptrdiff_t>(first);
    const auto to = def.columns.begin() +
                    static_cast<std::ptrdiff_t>(std::min(def.columns.size(), first + per_batch));
    const GroupDef<model::JobRecord> batch{def.name, def.description, def.written, {from, to}};
    Table t = make_table(batch, records.size());
    append_columns(t, batch, records);
    t.rows = std::move(kept.rows);
    if (first == 0) {
      out.write_table(std::string(def.name), t, std::string(def.description));
    } else {
      out.add_columns(std::string(def.name), t);
    }
    kept.rows = std::move(t.rows);
    if (keep)
      for (Column& c : t.columns)
        if (summary_reads_job_column(c.name)) kept.columns.push_back(std::move(c));
  }
  if (!keep) kept.rows.clear();
  return kept;
}

}  // namespace

void write_run(const std::string& path, const engine::Simulator& sim, const model::Fleet& fleet,
               const RunInfo& info) {
  const model::ModelConfig& cfg = fleet.config();
  // Each LP reports its rows (sim/model/model_lp.h); the records stay in their LPs.
  std::vector<model::LpReport> reports(fleet.local_lps().size());
  std::size_t n_jobs = 0, n_failures = 0, n_timeline = 0, n_pods = 0, n_events = 0, n_clusters = 0;
  for (std::size_t k = 0; k < reports.size(); ++k) {
    fleet.local_lps()[k]->report(reports[k]);
    n_jobs += reports[k].jobs.size();
    n_failures += reports[k].failures.size();
    n_timeline += reports[k].timeline.size();
    n_pods += reports[k].pod_timeline.size();
    n_events += reports[k].events.size();
    n_clusters += reports[k].cluster ? 1 : 0;
  }
  // The pointers (8 bytes a job) are freed as soon as they are copied: with millions of jobs the
  // output's peak (the LPs' records, the summary's columns, its scratch) is the run's.
  std::vector<const model::JobRecord*> job_records;
  job_records.reserve(n_jobs);
  for (auto& rep : reports) {
    job_records.insert(job_records.end(), rep.jobs.begin(), rep.jobs.end());
    std::vector<const model::JobRecord*>().swap(rep.jobs);
  }
  job_records = in_id_order(std::move(job_records));

  // Cluster tables are blocks keyed by cluster index: rows by cluster, whichever rank has it.
  Table failures = make_table(failures_def(), n_failures);
  Table timeline = make_table(timeline_def(), n_timeline);
  Table pods = make_table(pod_timeline_def(), n_pods);
  Table events = make_table(job_events_def(), n_events);
  Table clusters = make_table(clusters_def(), n_clusters);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> failure_blocks, timeline_blocks, pod_blocks,
      event_blocks;
  const auto clusters_in_layout = static_cast<std::uint64_t>(cfg.layout.cluster_pods.size());
  for (const auto& rep : reports) {
    if (!rep.cluster) {
      // The span coordinator's WAN cuts (sim/model/span/): one block after every cluster's.
      if (!rep.failures.empty()) {
        append_columns(failures, failures_def(), rep.failures);
        failure_blocks.emplace_back(clusters_in_layout, rep.failures.size());
      }
      continue;
    }
    const auto block = static_cast<std::uint64_t>(rep.cluster->cluster);
    append_columns(failures, failures_def(), rep.failures);
    failure_blocks.emplace_back(block, rep.failures.size());
    append_columns(timeline, timeline_def(), rep.timeline);
    timeline_blocks.emplace_back(block, rep.timeline.size());
    append_columns(pods, pod_timeline_def(), rep.pod_timeline);
    pod_blocks.emplace_back(block, rep.pod_timeline.size());
    append_columns(events, job_events_def(), rep.events);
    event_blocks.emplace_back(block, rep.events.size());
    append_columns(clusters, clusters_def(), std::span<const model::ClusterRow>(&*rep.cluster, 1));
    clusters.rows.push_back(block);
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

  RootAttributes root;
  root.fleetsim_version = FLEETSIM_VERSION;
  root.schema_version = kSchemaVersion;
  root.seed = static_cast<std::int64_t>(cfg.seed);
  root.layout = cfg.layout.name;
  root.layout_description = cfg.layout.description;
  root.ranks = sim.ranks();
  root.threads = info.threads;
  root.partitioner = info.partitioner;
  root.duration = engine::to_seconds(cfg.end_time);
  root.total_gpus = cfg.fabric.total_gpus();
  root.clusters = fleet.map().clusters();
  root.events = static_cast<std::int64_t>(info.stats.events);
  root.windows = static_cast<std::int64_t>(info.stats.windows);
  root.config = info.config_text;

  StorageOptions storage;
  storage.compression = cfg.output.compression;
  storage.chunk_rows = static_cast<std::uint64_t>(cfg.output.chunk_rows);
  H5Writer out(sim.comm(), path, storage);
  write_attributes(out, root_attributes_def(), root);
  // One rank sums the figures of /jobs from the records (nothing held per job beside them but a
  // wait); several gather the columns the figures read to rank 0 (bench/README.md, "Trace
  // readers": the memory of a 10M-job replay).
  const bool one_rank = sim.ranks() == 1;
  Table jobs = write_jobs(out, job_records, !one_rank);
  JobFigures of_jobs = one_rank ? job_figures(job_records, root.duration)
                                : gather_job_figures(sim.comm(), jobs, root.duration);
  std::vector<const model::JobRecord*>().swap(job_records);
  jobs = Table{};
  write_group(out, failures_def(), failures);
  write_group(out, timeline_def(), timeline);
  if (cfg.output.pod_timeline) write_group(out, pod_timeline_def(), pods);
  if (cfg.output.event_log) write_group(out, job_events_def(), events);
  write_group(out, clusters_def(), clusters);
  write_summary(out, sim.comm(), std::move(of_jobs), std::move(clusters), std::move(failures),
                root.duration, root.total_gpus, cost_inputs(cfg));
  out.commit();
}

}  // namespace fleetsim::io
