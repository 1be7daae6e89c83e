#include "sim/io/summary_group.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/io/columns.h"
#include "sim/io/gather.h"

namespace fleetsim::io {
namespace {

// One group's table: on rank 0 its rows, numbered 0.., elsewhere none (columns alike on all).
template <class R>
Table summary_table(const GroupDef<R>& group, std::span<const R> rows, bool root) {
  Table t = make_table(group, root ? rows.size() : 0);
  if (!root) return t;
  append_columns(t, group, rows);
  t.rows.resize(rows.size());
  std::iota(t.rows.begin(), t.rows.end(), std::uint64_t{0});
  return t;
}

// The /jobs columns gather_run_columns reads (it refuses to read any other).
constexpr std::string_view kJobColumns[] = {"state",
                                            "job_class",
                                            "shrunk",
                                            "gpus_requested",
                                            "gpus",
                                            "gpus_allocated",
                                            "restarts",
                                            "submit_time",
                                            "start_time",
                                            "end_time",
                                            "runtime",
                                            "useful_gpu_seconds",
                                            "lost_gpu_seconds",
                                            "allocated_gpu_seconds",
                                            "degraded",
                                            "contended",
                                            "preemptions",
                                            "preempted_gpu_seconds",
                                            "sites",
                                            "held_gpu_seconds",
                                            "checkpoint_gpu_seconds",
                                            "exposed_comm_share",
                                            "moves",
                                            "switch_wait",
                                            "elastic_shrinks",
                                            "elastic_grows",
                                            "elastic_shrunk_gpu_seconds",
                                            "migrations",
                                            "migrate_seconds"};

}  // namespace

bool summary_reads_job_column(std::string_view name) {
  return std::find(std::begin(kJobColumns), std::end(kJobColumns), name) != std::end(kJobColumns);
}

RunColumns gather_run_columns(MPI_Comm comm, Table& jobs, Table& clusters, Table& failures,
                              double duration, std::int64_t total_gpus) {
  RunColumns r;
  r.duration = duration;
  r.total_gpus = total_gpus;
  const auto job_rows = gather_rows(comm, jobs);
  auto job = [&](auto& column, std::string_view name) {
    using T = typename std::decay_t<decltype(column)>::value_type;
    if (!summary_reads_job_column(name))
      throw std::logic_error("summary: /jobs/" + std::string(name) + " is not in kJobColumns");
    column = take_column<T>(comm, jobs, name, job_rows);
  };
  job(r.state, "state");
  job(r.job_class, "job_class");
  job(r.shrunk, "shrunk");
  job(r.gpus_requested, "gpus_requested");
  job(r.gpus, "gpus");
  job(r.gpus_allocated, "gpus_allocated");
  job(r.restarts, "restarts");
  job(r.submit_time, "submit_time");
  job(r.start_time, "start_time");
  job(r.end_time, "end_time");
  job(r.runtime, "runtime");
  job(r.useful_gpu_seconds, "useful_gpu_seconds");
  job(r.lost_gpu_seconds, "lost_gpu_seconds");
  job(r.allocated_gpu_seconds, "allocated_gpu_seconds");
  job(r.degraded, "degraded");
  job(r.contended, "contended");
  job(r.preemptions, "preemptions");
  job(r.preempted_gpu_seconds, "preempted_gpu_seconds");
  job(r.sites, "sites");
  job(r.held_gpu_seconds, "held_gpu_seconds");
  job(r.checkpoint_gpu_seconds, "checkpoint_gpu_seconds");
  job(r.exposed_comm_share, "exposed_comm_share");
  job(r.moves, "moves");
  job(r.switch_wait, "switch_wait");
  // Sums in row order, each column dropped before the next is read.
  auto job_sum = [&](auto zero, auto& total, std::string_view name) {
    std::vector<decltype(zero)> column;
    job(column, name);
    for (const auto v : column) total += v;
  };
  job_sum(std::int32_t{}, r.elastic_shrinks, "elastic_shrinks");
  job_sum(std::int32_t{}, r.elastic_grows, "elastic_grows");
  job_sum(double{}, r.elastic_shrunk_gpu_seconds, "elastic_shrunk_gpu_seconds");
  job_sum(std::int32_t{}, r.migrations, "migrations");
  job_sum(double{}, r.migrate_seconds, "migrate_seconds");
  const auto cluster_rows = gather_rows(comm, clusters);
  r.cluster_gpus = take_column<std::int64_t>(comm, clusters, "gpus", cluster_rows);
  r.node_failures = take_column<std::int64_t>(comm, clusters, "node_failures", cluster_rows);
  r.busy_gpu_seconds = take_column<double>(comm, clusters, "busy_gpu_seconds", cluster_rows);
  const auto failure_rows = gather_rows(comm, failures);
  auto failure = [&](auto& column, std::string_view name) {
    using T = typename std::decay_t<decltype(column)>::value_type;
    column = take_column<T>(comm, failures, name, failure_rows);
  };
  failure(r.failure_cluster, "cluster");
  failure(r.failure_component, "component");
  failure(r.failure_lost_gpu_seconds, "lost_gpu_seconds");
  failure(r.failure_jobs_interrupted, "jobs_interrupted");
  failure(r.failure_jobs_slowed, "jobs_slowed");
  failure(r.failure_nodes_down, "nodes_down");
  return r;
}

RunFigures write_summary(H5Writer& out, MPI_Comm comm, Table&& jobs, Table&& clusters,
                         double duration, std::int64_t total_gpus) {
  return write_summary(out, comm, std::move(jobs), std::move(clusters),
                       make_table(failures_def(), 0), duration, total_gpus, CostInputs{});
}

RunFigures write_summary(H5Writer& out, MPI_Comm comm, Table&& jobs, Table&& clusters,
                         Table&& failures, double duration, std::int64_t total_gpus,
                         const CostInputs& cost) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const bool root = rank == 0;
  RunColumns columns = gather_run_columns(comm, jobs, clusters, failures, duration, total_gpus);
  columns.cost = cost;
  RunFigures figures;
  if (root) figures = compute_figures(columns);
  write_group(
      out, summary_def(),
      summary_table(summary_def(), std::span<const SummaryFigures>(&figures.summary, 1), root));
  write_group(
      out, summary_by_class_def(),
      summary_table(summary_by_class_def(), std::span<const ClassFigures>(figures.by_class), root));
  write_group(out, summary_largest_jobs_def(),
              summary_table(summary_largest_jobs_def(),
                            std::span<const LargestJob>(figures.largest_jobs), root));
  write_group(out, fabric_def(),
              summary_table(fabric_def(), std::span<const FabricRow>(figures.fabric), root));
  write_group(out, failures_by_component_def(),
              summary_table(failures_by_component_def(),
                            std::span<const ComponentFigures>(figures.by_component), root));
  return figures;
}

}  // namespace fleetsim::io
