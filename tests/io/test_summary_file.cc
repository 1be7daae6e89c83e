// /summary in the file: written from tables spread over ranks it holds the figures of the whole
// run (runs under mpirun -n 1, 2 and 4); a run of the fleet model writes figures that match its
// job records; the terminal table reads them back; a file without /summary is refused.
#include <mpi.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "sim/io/columns.h"
#include "sim/io/h5_reader.h"
#include "sim/io/run_output.h"
#include "sim/io/summary.h"
#include "sim/io/summary_group.h"
#include "sim/io/table_read.h"
#include "tests/io/hand_made_run.h"
#include "tests/model/fleet_harness.h"

using namespace fleetsim;

namespace {

std::string tmp_path(const std::string& name) {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  return std::string(FLEETSIM_TEST_TMP) + "/" + name + "-np" + std::to_string(ranks) + ".h5";
}

// Every field of two records alike, NaN equal to NaN; INFO names the first that is not.
template <class R>
void check_same(const io::GroupDef<R>& group, const R& got, const R& want) {
  for (const auto& c : group.columns)
    std::visit(
        [&](auto get) {
          const auto a = get(got), b = get(want);
          bool same = a == b;
          if constexpr (std::is_floating_point_v<decltype(a)>)
            same = same || (std::isnan(a) && std::isnan(b));
          INFO(group.name << "/" << c.name << ": " << a << " in the file, " << b << " expected");
          CHECK(same);
        },
        c.get);
}

// The cell of a one-run table's row, without the padding.
std::string cell(const std::string& table, const std::string& label) {
  const auto at = table.find(label + " ");
  if (at == std::string::npos) return "(no row " + label + ")";
  const auto end = table.find('\n', at);
  const std::string rest = table.substr(at + label.size(), end - at - label.size());
  return rest.substr(rest.find_first_not_of(' '));
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

TEST_CASE("/summary holds the whole run's figures on any rank count", "[io][summary][mpi]") {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const std::string path = tmp_path("summary");
  const auto records = test::hand_made_records();
  const auto clusters = test::hand_made_clusters();
  {
    // Rank r owns jobs r, r + ranks, ... and cluster r % ranks: rows interleaved over ranks.
    std::vector<const model::JobRecord*> mine;
    io::Table jobs = io::make_table(io::jobs_def(), records.size());
    for (const auto& j : records)
      if (static_cast<int>(j.job.id % ranks) == rank) {
        mine.push_back(&j);
        jobs.rows.push_back(j.job.id);
      }
    io::append_columns(jobs, io::jobs_def(), mine);
    io::Table cl = io::make_table(io::clusters_def(), clusters.size());
    std::vector<model::ClusterRow> my_clusters;
    for (const auto& c : clusters)
      if (c.cluster % ranks == rank) {
        my_clusters.push_back(c);
        cl.rows.push_back(static_cast<std::uint64_t>(c.cluster));
      }
    io::append_columns(cl, io::clusters_def(), my_clusters);
    io::H5Writer out(MPI_COMM_WORLD, path);
    io::write_group(out, io::jobs_def(), jobs);
    io::write_group(out, io::clusters_def(), cl);
    const io::RunFigures returned =
        io::write_summary(out, MPI_COMM_WORLD, std::move(jobs), std::move(cl), 5000, 96);
    out.commit();
    if (rank == 0)
      check_same(io::summary_def(), returned.summary,
                 io::compute_figures(test::hand_made()).summary);
  }
  if (rank != 0) return;
  const io::RunFigures want = io::compute_figures(test::hand_made());
  const io::H5Reader file(path);
  const auto summary = io::read_group(file, io::summary_def());
  REQUIRE(summary.size() == 1);
  check_same(io::summary_def(), summary[0], want.summary);
  CHECK(summary[0].jobs == 6);  // not only alike: the hand-made run's figures
  CHECK(summary[0].largest_job_id == 2);
  const auto by_class = io::read_group(file, io::summary_by_class_def());
  REQUIRE(by_class.size() == want.by_class.size());
  for (std::size_t i = 0; i < by_class.size(); ++i)
    check_same(io::summary_by_class_def(), by_class[i], want.by_class[i]);
  const auto largest = io::read_group(file, io::summary_largest_jobs_def());
  REQUIRE(largest.size() == want.largest_jobs.size());
  for (std::size_t i = 0; i < largest.size(); ++i)
    check_same(io::summary_largest_jobs_def(), largest[i], want.largest_jobs[i]);
}

TEST_CASE("a one-rank run's figures from its records are the figures of its /jobs columns",
          "[io][summary][mpi]") {
  // The records with every column the figures read made non-zero somewhere, so that a field the
  // records' path missed or read from the wrong column shows in some figure.
  auto records = test::hand_made_records();
  for (std::size_t i = 0; i < records.size(); ++i) {
    model::JobRecord& j = records[i];
    const auto k = static_cast<std::int32_t>(i + 1);
    j.degraded = engine::from_seconds(3.0 * k);
    j.contended = engine::from_seconds(5.0 * k);
    j.preemptions = k % 3;
    j.preempted = engine::from_seconds(7.0 * k);
    j.sites = static_cast<std::int16_t>(1 + k % 2);
    j.held = engine::from_seconds(11.0 * k);
    j.exposed_comm_share = 0.05 * k;
    j.moves = k % 2;
    j.switch_wait = engine::from_seconds(k % 3 == 0 ? 0.0 : 13.0 * k);
    j.shrinks = k;
    j.grows = k / 2;
    j.ran_shrunk = engine::from_seconds(17.0 * k);
    j.migrations = static_cast<std::int16_t>(k % 4);
    j.migrate_time = engine::from_seconds(19.0 * k);
  }
  std::vector<const model::JobRecord*> pointers;
  for (const auto& j : records) pointers.push_back(&j);
  const double duration = 5000;
  // Rank 0's figures of the same rows as a table spread over the ranks (rank r: ids r, r + n, ..),
  // the path several ranks take.
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  std::vector<const model::JobRecord*> mine;
  io::Table table = io::make_table(io::jobs_def(), records.size());
  for (const auto* j : pointers)
    if (static_cast<int>(j->job.id % ranks) == rank) {
      mine.push_back(j);
      table.rows.push_back(j->job.id);
    }
  io::append_columns(table, io::jobs_def(), mine);
  io::RunColumns none;
  none.duration = duration;
  const io::RunFigures want =
      io::compute_figures(none, io::gather_job_figures(MPI_COMM_WORLD, table, duration));
  if (rank != 0) return;
  const io::RunFigures got = io::compute_figures(none, io::job_figures(pointers, duration));
  check_same(io::summary_def(), got.summary, want.summary);
  REQUIRE(got.by_class.size() == want.by_class.size());
  for (std::size_t i = 0; i < got.by_class.size(); ++i)
    check_same(io::summary_by_class_def(), got.by_class[i], want.by_class[i]);
  REQUIRE(got.largest_jobs.size() == want.largest_jobs.size());
  for (std::size_t i = 0; i < got.largest_jobs.size(); ++i)
    check_same(io::summary_largest_jobs_def(), got.largest_jobs[i], want.largest_jobs[i]);
  // Not only alike: every optional column reached the figures (sums by hand of the fields set).
  CHECK(got.summary.elastic_shrinks == 1 + 2 + 3 + 4 + 5 + 6);
  CHECK(got.summary.migrations == 1 + 2 + 3 + 0 + 1 + 2);
  CHECK(got.summary.jobs_spanning == 3);
  CHECK(got.summary.jobs_waited_for_switches == 4);
  CHECK(got.summary.migrate_hours == Approx(19.0 * 21 / 3600));
  CHECK(got.largest_jobs[0].slowed_days == Approx((3.0 * 3 + 5.0 * 3) / 86400));
  // Records out of id order are refused.
  std::swap(pointers[0], pointers[1]);
  CHECK_THROWS_AS(io::job_figures(pointers, duration), std::logic_error);
}

TEST_CASE("a run of the fleet model: /summary matches its job records", "[io][summary]") {
  model::ModelConfig cfg;
  cfg.fabric = {1, 4, 8};  // one pod of 4 nodes x 8 GPUs
  cfg.layout = {"one", "", "test", {1}};
  cfg.failures.node_rate = 0;
  cfg.end_time = 10000 * engine::kSecond;
  cfg.timeline_period = 100 * engine::kSecond;
  // D runs past the end and is interrupted once; the 64-GPU job, shrunk to 32, waits behind it;
  // the others complete.
  auto run = test::run_fleet(
      cfg,
      {test::job(0, 16, 100, 100), test::job(1, 32, 100, 100), test::job(2, 8, 40, 50),
       test::job(3, 32, 20000, 30000), test::job(5, 8, 100, 100), test::job(6, 64, 100, 200)},
      {{engine::from_seconds(1000), engine::from_seconds(100), 0}});
  const std::string path = std::string(FLEETSIM_TEST_TMP) + "/summary-fleet.h5";
  io::write_run(path, *run->sim, *run->fleet, io::RunInfo{});
  const io::Summary s = io::summarize(path);

  // The figures worked out here from the records, by the definitions in docs/output.md.
  const auto jobs = run->cluster(0).job_records();
  model::LpReport report;
  run->cluster(0).report(report);
  REQUIRE(report.cluster);
  REQUIRE(jobs.size() == 6);
  std::int64_t completed = 0, running = 0, queued = 0, shrunk = 0, restarts = 0;
  double useful = 0, allocated = 0, lost = 0;
  std::vector<double> waits;
  std::size_t largest = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& j = jobs[i];
    completed += j.state == model::JobState::kCompleted;
    running += j.state == model::JobState::kRunning;
    queued += j.state == model::JobState::kQueued;
    shrunk += j.job.shrunk;
    restarts += j.restarts;
    useful += j.gpus_allocated * engine::to_seconds(j.useful);
    allocated += j.gpus_allocated * engine::to_seconds(j.allocated);
    lost += j.gpus_allocated * engine::to_seconds(j.lost);
    if (j.start >= 0) waits.push_back(engine::to_seconds(j.start - j.job.submit) / 3600);
    if (j.job.gpus_requested > jobs[largest].job.gpus_requested) largest = i;
  }
  std::sort(waits.begin(), waits.end());
  auto rank = [&](double q) {
    return waits[static_cast<std::size_t>(std::ceil(q * waits.size())) - 1];
  };
  INFO(io::format_table({s}));
  CHECK(completed == 4);  // the run is the one described above
  CHECK(running == 1);
  CHECK(queued == 1);
  CHECK(restarts == 1);
  CHECK(s.run.layout == "one");
  CHECK(s.run.total_gpus == 32);
  CHECK(s.figures.jobs == 6);
  CHECK(s.figures.jobs_completed == completed);
  CHECK(s.figures.jobs_running == running);
  CHECK(s.figures.jobs_queued == queued);
  CHECK(s.figures.jobs_shrunk == shrunk);
  CHECK(s.figures.jobs_shrunk == 1);
  CHECK(s.figures.interruptions == restarts);
  CHECK(s.figures.node_failures == 1);
  CHECK(s.figures.utilization == Approx(report.cluster->totals.busy_gpu_seconds / (32 * 10000.0)));
  CHECK(s.figures.goodput == Approx(useful / allocated));
  CHECK(s.figures.lost_gpu_hours == Approx(lost / 3600));
  CHECK(s.figures.lost_gpu_hours > 0);
  CHECK(s.figures.jobs_started == static_cast<std::int64_t>(waits.size()));
  double wait_sum = 0;
  for (double w : waits) wait_sum += w;
  CHECK(s.figures.wait_mean_h == Approx(wait_sum / waits.size()));
  CHECK(s.figures.wait_p50_h == Approx(rank(0.5)));
  CHECK(s.figures.wait_p90_h == Approx(rank(0.9)));
  CHECK(s.figures.wait_max_h == Approx(waits.back()));
  CHECK(s.figures.largest_job_id == static_cast<std::int64_t>(largest));
  CHECK(s.figures.largest_job_gpus == 64);
  CHECK(s.figures.largest_job_projected == 1);  // it never ran
  CHECK(s.figures.largest_job_progress == 0);

  const std::string table = io::format_table({s});
  CHECK(cell(table, "jobs completed") == "4");
  CHECK(cell(table, "goodput (useful / allocated)") == fmt("%.1f%%", 100 * useful / allocated));
  CHECK(cell(table, "queue wait p90 (h)") == fmt("%.2f", rank(0.9)));
  CHECK(cell(table, "time to train largest job") == "unfinished 0%");
}

TEST_CASE("a file without /summary is refused by name", "[io][summary]") {
  const std::string path = std::string(FLEETSIM_TEST_TMP) + "/summary-missing.h5";
  {
    io::H5Writer out(MPI_COMM_SELF, path);
    io::write_group(out, io::jobs_def(), io::make_table(io::jobs_def(), 0));
    out.commit();
  }
  CHECK_THROWS_WITH(io::summarize(path), path + ": no /summary (written before schema version 4)");
  CHECK(std::filesystem::exists(path));
}
