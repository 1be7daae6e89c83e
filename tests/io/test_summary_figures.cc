// The headline figures (sim/io/summary_figures.cc) on a hand-made run, against values worked out
// by hand in this file; and what an empty sample gives (NaN).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/io/summary_figures.h"
#include "tests/io/hand_made_run.h"

using namespace fleetsim;
using io::RunColumns;
using test::hand_made;

TEST_CASE("summary figures of a hand-made run", "[io][summary]") {
  const io::RunFigures f = io::compute_figures(hand_made());
  const io::SummaryFigures& s = f.summary;
  CHECK(s.jobs == 6);
  CHECK(s.jobs_completed == 2);
  CHECK(s.jobs_running == 1);
  CHECK(s.jobs_queued == 1);
  CHECK(s.jobs_rejected == 1);
  CHECK(s.jobs_ended_as_recorded == 1);
  CHECK(s.jobs_shrunk == 1);
  CHECK(s.jobs_started == 5);
  CHECK(s.utilization == Approx(3000.0 / (96 * 5000)));
  CHECK(s.goodput == Approx(237205.0 / 275845.0));
  CHECK(s.useful_gpu_hours == Approx(237205.0 / 3600));
  CHECK(s.lost_gpu_hours == Approx(9.4));
  // Waits of the 5 started jobs: 100, 0, 150, 100, 100 s; sorted 0 100 100 100 150.
  CHECK(s.wait_mean_h == Approx(90.0 / 3600));
  CHECK(s.wait_p50_h == Approx(100.0 / 3600));  // k = ceil(2.5) = 3
  CHECK(s.wait_p90_h == Approx(150.0 / 3600));  // k = ceil(4.5) = 5
  CHECK(s.wait_p99_h == Approx(150.0 / 3600));
  CHECK(s.wait_max_h == Approx(150.0 / 3600));
  // Completed: job 0, max(1, 4600 / 4500); job 1, max(1, 5 / max(5, 10 s)) = 1.
  CHECK(s.bounded_slowdown_mean == Approx((4600.0 / 4500 + 1) / 2));
  // Completed gangs (>= 16 GPUs): job 0, (115200 / 32) / 4500.
  CHECK(s.ettr_gangs_mean == Approx(0.8));
  CHECK(s.interruptions == 3);
  CHECK(s.node_failures == 3);
  CHECK(s.largest_cluster_gpus == 64);

  // Largest first, the lower id among equals: 2 and 3 (64), 0 (32), 5 (16), 4 (8).
  REQUIRE(f.largest_jobs.size() == 5);
  const std::int64_t order[] = {2, 3, 0, 5, 4};
  for (std::size_t i = 0; i < 5; ++i) CHECK(f.largest_jobs[i].job == order[i]);
  const io::LargestJob& running = f.largest_jobs[0];
  CHECK(running.gpus_requested == 64);
  CHECK(running.state == 1);
  CHECK(running.progress == Approx(0.25));                      // 120000 / (48 x 10000)
  CHECK(running.days == Approx((5000.0 - 50) / 0.25 / 86400));  // projected from progress
  CHECK(running.projected == 1);
  CHECK(f.largest_jobs[1].progress == 0);  // rejected: held nothing
  CHECK(std::isnan(f.largest_jobs[1].days));
  CHECK(f.largest_jobs[2].progress == 1);
  CHECK(f.largest_jobs[2].days == Approx(4600.0 / 86400));  // completed: end - submit
  CHECK(f.largest_jobs[2].projected == 0);
  CHECK(f.largest_jobs[3].progress == Approx(0.2));  // ended failed as traced: projected too
  CHECK(f.largest_jobs[3].days == Approx(4000.0 / 0.2 / 86400));
  CHECK(f.largest_jobs[4].days == Approx(4700.0 / 0.1 / 86400));
  CHECK(s.largest_jobs_days_mean == Approx((19800.0 + 4600 + 20000 + 47000) / 4 / 86400));
  CHECK(s.largest_job_id == 2);
  CHECK(s.largest_job_gpus == 64);
  CHECK(s.largest_job_state == 1);
  CHECK(s.largest_job_progress == Approx(0.25));
  CHECK(s.largest_job_days == Approx(19800.0 / 86400));
  CHECK(s.largest_job_projected == 1);

  REQUIRE(f.by_class.size() == 6);
  const std::int64_t jobs[] = {1, 1, 1, 1, 1, 1}, completed[] = {1, 0, 1, 0, 0, 0};
  const double lost_h[] = {0, 240.0 / 3600, 8, 0, 4800.0 / 3600, 0};
  for (int c = 0; c < 6; ++c) {
    INFO("class " << c);
    CHECK(f.by_class[c].job_class == c);
    CHECK(f.by_class[c].jobs == jobs[c]);
    CHECK(f.by_class[c].jobs_completed == completed[c]);
    CHECK(f.by_class[c].lost_gpu_hours == Approx(lost_h[c]));
    if (c == 0 || c == 2)
      CHECK(f.by_class[c].ettr_mean == Approx(c == 0 ? 1.0 : 0.8));
    else
      CHECK(std::isnan(f.by_class[c].ettr_mean));
  }
}

TEST_CASE("figures over an empty sample are NaN", "[io][summary]") {
  RunColumns r;
  r.duration = 100;
  r.total_gpus = 32;
  r.cluster_gpus = {32};
  r.node_failures = {0};
  r.busy_gpu_seconds = {0};
  const io::RunFigures f = io::compute_figures(r);
  const io::SummaryFigures& s = f.summary;
  CHECK(s.jobs == 0);
  CHECK(s.jobs_started == 0);
  CHECK(s.utilization == 0);  // a measured zero, not an empty sample
  for (double v : {s.goodput, s.wait_mean_h, s.wait_p50_h, s.wait_p90_h, s.wait_p99_h, s.wait_max_h,
                   s.bounded_slowdown_mean, s.ettr_gangs_mean, s.largest_job_progress,
                   s.largest_job_days, s.largest_jobs_days_mean})
    CHECK(std::isnan(v));
  CHECK(s.largest_job_id == -1);
  CHECK(s.largest_job_gpus == 0);
  CHECK(s.largest_job_state == -1);
  CHECK(f.largest_jobs.empty());
  REQUIRE(f.by_class.size() == 6);
  for (const auto& c : f.by_class) {
    CHECK(c.jobs == 0);
    CHECK(std::isnan(c.ettr_mean));
  }

  SECTION("no capacity: utilization is NaN too") {
    r.duration = 0;
    CHECK(std::isnan(io::compute_figures(r).summary.utilization));
  }
}

TEST_CASE("columns of different lengths are refused", "[io][summary]") {
  RunColumns r = hand_made();
  r.end_time.pop_back();
  CHECK_THROWS_AS(io::compute_figures(r), std::invalid_argument);
  r = hand_made();
  r.busy_gpu_seconds.push_back(1);
  CHECK_THROWS_AS(io::compute_figures(r), std::invalid_argument);
}

TEST_CASE("where the largest jobs' time went adds up to their time from submission",
          "[io][summary]") {
  RunColumns r = hand_made();
  // Without the version-7 columns there is no breakdown.
  RunColumns v6 = r;
  v6.held_gpu_seconds.clear();
  CHECK(std::isnan(io::compute_figures(v6).largest_jobs[0].goodput));

  r.held_gpu_seconds = {32 * 50.0, 0, 0, 0, 0, 0};
  r.checkpoint_gpu_seconds = {0, 0, 48 * 60.0, 0, 0, 0};
  r.exposed_comm_share = {0.25, 0, 0.1, 0, 0, 0};
  r.degraded = {0, 0, 30, 0, 0, 0};
  r.contended = {0, 0, 10, 0, 0, 0};
  const auto f = io::compute_figures(r);
  const double day = 86400;
  // Job 2, still running at 5000 s (submitted at 50 s), per GPU of its 48: useful 2500 s (10%
  // exposed communication), lost 100, checkpoints 60, slowed 30 + 10, allocated 2700, so
  // waiting 4950 - 2700 = 2250 s.
  const io::LargestJob& j2 = f.largest_jobs[0];
  REQUIRE(j2.job == 2);
  CHECK(j2.goodput == Approx(2500.0 / 2700));
  CHECK(j2.computing_days == Approx(2250 / day));
  CHECK(j2.communicating_days == Approx(250 / day));
  CHECK(j2.checkpointing_days == Approx(60 / day));
  CHECK(j2.lost_days == Approx(100 / day));
  CHECK(j2.slowed_days == Approx(40 / day));
  CHECK(j2.held_days == 0);
  CHECK(j2.waiting_days == Approx(2250 / day));
  // Job 0, completed at 4600 s, per GPU of its 32: useful 3600 (a quarter exposed), lost 900,
  // held 50 for co-allocation, so waiting 4600 - 4500 - 50 = 50 s.
  const io::LargestJob& j0 = f.largest_jobs[2];
  REQUIRE(j0.job == 0);
  CHECK(j0.held_days == Approx(50 / day));
  CHECK(j0.computing_days == Approx(2700 / day));
  CHECK(j0.communicating_days == Approx(900 / day));
  CHECK(j0.waiting_days == Approx(50 / day));
  for (const auto& j : {j0, j2}) {
    const double sum = j.waiting_days + j.held_days + j.computing_days + j.communicating_days +
                       j.checkpointing_days + j.lost_days + j.slowed_days;
    CHECK(sum == Approx((j.job == 0 ? 4600.0 : 4950.0) / day));
  }
}
