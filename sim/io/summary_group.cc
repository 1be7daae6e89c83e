#include "sim/io/summary_group.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

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

// Reads a JobRow from a record through the getters of its /jobs columns (columns.cc): one getter
// and one JobRow field per column the figures read, grouped by type.
class RowReader {
 public:
  RowReader() {
    const GroupDef<model::JobRecord>& def = jobs_def();
    for_each_job_column([&](std::string_view name, auto field, auto, bool) {
      using T = std::remove_reference_t<decltype(JobRow{}.*field)>;
      auto column = std::find_if(def.columns.begin(), def.columns.end(),
                                 [&](const auto& c) { return c.name == name; });
      if (column == def.columns.end())
        throw std::logic_error("summary: /jobs has no column " + std::string(name));
      auto* get = std::get_if<T (*)(const model::JobRecord&)>(&column->get);
      if (!get) throw std::logic_error("summary: /jobs/" + std::string(name) + " changed type");
      std::get<Fields<T>>(fields_).push_back({*get, field});
    });
  }
  JobRow operator()(const model::JobRecord& j) const {
    JobRow row;
    std::apply([&](const auto&... of_type) { (read(j, row, of_type), ...); }, fields_);
    return row;
  }

 private:
  template <class T>
  using Fields = std::vector<std::pair<T (*)(const model::JobRecord&), T JobRow::*>>;
  template <class T>
  static void read(const model::JobRecord& j, JobRow& row, const Fields<T>& fields) {
    for (const auto& [get, field] : fields) row.*field = get(j);
  }
  std::tuple<Fields<std::int8_t>, Fields<std::int32_t>, Fields<double>> fields_;
};

// rank 0's part of /clusters and /failures, gathered in row order, as RunColumns.
RunColumns gather_other_columns(MPI_Comm comm, Table& clusters, Table& failures, double duration,
                                std::int64_t total_gpus) {
  RunColumns r;
  r.duration = duration;
  r.total_gpus = total_gpus;
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

}  // namespace

bool summary_reads_job_column(std::string_view name) {
  bool reads = false;
  for_each_job_column([&](std::string_view column, auto, auto, bool) { reads |= column == name; });
  return reads;
}

JobFigures gather_job_figures(MPI_Comm comm, Table& jobs, double duration) {
  RunColumns r;
  r.duration = duration;
  const auto rows = gather_rows(comm, jobs);
  for_each_job_column([&](std::string_view name, auto, auto column, bool) {
    using T = typename std::decay_t<decltype(r.*column)>::value_type;
    r.*column = take_column<T>(comm, jobs, name, rows);
  });
  return job_figures(r);
}

JobFigures job_figures(std::span<const model::JobRecord* const> records, double duration) {
  const RowReader row;
  JobFigures figures(duration);
  for (const model::JobRecord* j : records) {
    if (j->job.id != static_cast<std::uint64_t>(figures.rows()))
      throw std::logic_error("summary: the job records are not ids 0..n-1 in order");
    figures.add(row(*j));
  }
  return figures;
}

RunFigures write_summary(H5Writer& out, MPI_Comm comm, Table&& jobs, Table&& clusters,
                         double duration, std::int64_t total_gpus) {
  JobFigures figures = gather_job_figures(comm, jobs, duration);
  return write_summary(out, comm, std::move(figures), std::move(clusters),
                       make_table(failures_def(), 0), duration, total_gpus, CostInputs{});
}

RunFigures write_summary(H5Writer& out, MPI_Comm comm, JobFigures&& jobs, Table&& clusters,
                         Table&& failures, double duration, std::int64_t total_gpus,
                         const CostInputs& cost) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const bool root = rank == 0;
  RunColumns columns = gather_other_columns(comm, clusters, failures, duration, total_gpus);
  columns.cost = cost;
  RunFigures figures;
  if (root) figures = compute_figures(columns, std::move(jobs));
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
