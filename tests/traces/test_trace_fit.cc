// Fitting a trace onto the fleet: window, device mapping, size and load scaling.
#include <catch2/catch.hpp>

#include "traces/trace_fit.h"

using namespace fleetsim;
using namespace fleetsim::traces;

namespace {
const std::string kSmall = FLEETSIM_TEST_DATA "/traces/small.swf";
}

TEST_CASE("Device mapping rounds up, size scaling divides runtime", "[traces][fit]") {
  TraceConfig cfg;
  cfg.file = kSmall;
  cfg.devices_per_gpu = 8;
  const TraceScan scan = scan_trace(cfg, 1000);
  CHECK(scan.jobs == 6);
  CHECK(scan.max_gpus == 4);  // 32 processors
  // GPUs: 1, 2, 1 (4 procs), 2 (12 procs), 1, 4
  CHECK(scan.gpu_seconds == Approx(100 + 600 + 50 + 800 + 0 + 2800));
  CHECK(scan.recorded_load == Approx(4350.0 / (1000 * 300)));

  TraceJob row;
  row.submit_s = 120;
  row.devices = 12;
  row.runtime_s = 400;
  row.time_limit_s = 300;  // below the runtime: the estimate is raised to it
  row.tenant = -1;
  JobSpec j = fit_job(cfg, scan, row);
  CHECK(j.gpus == 2);
  CHECK(j.submit == core::from_seconds(120));
  CHECK(j.runtime == core::from_seconds(400));
  CHECK(j.time_limit == core::from_seconds(400));
  CHECK(j.tenant == 0);
  CHECK(j.job_class == JobClass::kTrace);

  cfg.size_scale = 4;
  j = fit_job(cfg, scan, row);
  CHECK(j.gpus == 6);
  CHECK(j.runtime == core::from_seconds(100));
}

TEST_CASE("Fractional GPUs: round up, or a whole GPU for that share of the run time",
          "[traces][fit]") {
  TraceConfig cfg;
  cfg.file = FLEETSIM_TEST_DATA "/traces/openb_small.csv:openb";
  cfg.read.bad_rows = BadRows::kSkip;
  TraceJob row;
  row.devices = 0.46;
  row.runtime_s = 1000;
  row.time_limit_s = 2000;
  TraceScan scan;
  JobSpec j = fit_job(cfg, scan, row);
  CHECK(j.gpus == 1);
  CHECK(j.runtime == core::from_seconds(1000));
  cfg.fractional = TraceConfig::Fractional::kScaleRuntime;
  j = fit_job(cfg, scan, row);
  CHECK(j.gpus == 1);
  CHECK(j.runtime == core::from_seconds(460));
  CHECK(j.time_limit == core::from_seconds(920));
  // The scan's GPU-time follows: openb_small's replayed pods are 1 GPU x 990 s and 0.46 x 4900 s.
  CHECK(scan_trace(cfg, 100).gpu_seconds == Approx(990 + 0.46 * 4900));
}

TEST_CASE("SWF conventions as options: over-limit run times, zero run times", "[traces][fit]") {
  TraceConfig cfg;
  cfg.file = kSmall;
  TraceJob row;
  row.devices = 1;
  row.runtime_s = 400;
  row.time_limit_s = 300;
  TraceScan none;
  CHECK(fit_job(cfg, none, row).runtime == core::from_seconds(400));
  cfg.truncate_to_limit = true;
  CHECK(fit_job(cfg, none, row).runtime == core::from_seconds(300));
  row.time_limit_s = -1;  // unknown limit: nothing to cut at
  CHECK(fit_job(cfg, none, row).runtime == core::from_seconds(400));

  cfg.truncate_to_limit = false;
  CHECK(scan_trace(cfg, 64).jobs == 6);
  cfg.skip_zero_runtime = true;  // small.swf's job 5 ran 0 s
  const auto scan = scan_trace(cfg, 64);
  CHECK(scan.jobs == 5);
  CHECK(scan.zero_runtime == 1);
  TraceJobSource src(cfg, scan, core::kNever);
  JobSpec j;
  int n = 0;
  while (src.next(j)) ++n;
  CHECK(n == 5);
}

TEST_CASE("Load scaling compresses inter-arrival times to the target load", "[traces][fit]") {
  TraceConfig cfg;
  cfg.file = kSmall;
  cfg.offered_load = 0.5;
  const std::int64_t fleet = 64;
  const TraceScan scan = scan_trace(cfg, fleet);
  const double recorded = (800 + 4800 + 200 + 4800 + 0 + 22400) / (64.0 * 300);
  CHECK(scan.recorded_load == Approx(recorded));
  CHECK(scan.time_scale == Approx(recorded / 0.5));
  TraceJobSource src(cfg, scan, core::kNever);
  JobSpec j;
  std::vector<core::Time> submits;
  double gpu_s = 0;
  while (src.next(j)) {
    submits.push_back(j.submit);
    gpu_s += j.gpus * core::to_seconds(j.runtime);
  }
  REQUIRE(submits.size() == 6);
  // The replayed load over the replayed arrival span is the target.
  CHECK(gpu_s / (fleet * core::to_seconds(submits.back() - submits.front())) == Approx(0.5));
}

TEST_CASE("Time window: jobs outside are counted, replay starts at the first job",
          "[traces][fit]") {
  TraceConfig cfg;
  cfg.file = kSmall;
  cfg.window_start_s = 60;
  cfg.window_end_s = 240;
  const TraceScan scan = scan_trace(cfg, 64);
  CHECK(scan.jobs == 3);
  CHECK(scan.outside_window == 3);
  CHECK(scan.first_submit_s == 60);
  TraceJobSource src(cfg, scan, core::kNever);
  JobSpec j;
  std::vector<core::Time> submits;
  while (src.next(j)) submits.push_back(j.submit);
  CHECK(submits == std::vector<core::Time>{0, core::from_seconds(60), core::from_seconds(120)});

  SECTION("invalid parameters") {
    TraceConfig bad = cfg;
    bad.window_end_s = 30;
    CHECK_THROWS_WITH(validate(bad), "trace.window_end must be after trace.window_start");
    bad = cfg;
    bad.devices_per_gpu = 0;
    CHECK_THROWS_WITH(validate(bad), "trace.devices_per_gpu must be in 1e-06..1e+06 (got 0)");
    bad = cfg;
    bad.offered_load = -1;
    CHECK_THROWS_WITH(validate(bad),
                      "trace.offered_load must be 0 (recorded times) or in 1e-06..1e+06 (got -1)");
    bad = cfg;
    bad.size_scale = 0;
    CHECK_THROWS_WITH(validate(bad), "trace.size_scale must be in 1e-06..1e+06 (got 0)");
  }
}

TEST_CASE("Trace specs: FILE[:format]", "[traces][fit]") {
  CHECK(parse_trace_spec("a/b.swf.gz").format == "swf");
  CHECK(parse_trace_spec("a/b.log:swf").path == "a/b.log");
  CHECK_THROWS_WITH(
      parse_trace_spec("a/b.log:csv"),
      "a/b.log:csv: unknown trace format 'csv' (known: swf, openb, philly, helios, acme, "
      "sacct, pai, fleetsim)");
  CHECK_THROWS_AS(parse_trace_spec("a/b.log"), TraceError);
}

TEST_CASE("Recorded outcomes: kept on every job, replayed as end states when asked",
          "[traces][fit]") {
  TraceConfig cfg;
  cfg.file = kSmall;
  const TraceScan scan = scan_trace(cfg, 1000);
  TraceJob row;
  row.devices = 8;
  row.runtime_s = 100;
  for (Outcome o :
       {Outcome::kUnknown, Outcome::kCompleted, Outcome::kFailed, Outcome::kCancelled}) {
    row.outcome = o;
    cfg.replay_outcomes = false;
    JobSpec j = fit_job(cfg, scan, row);
    CHECK(j.recorded_outcome == static_cast<std::int8_t>(o));
    CHECK_FALSE(j.end_as_recorded);
    CHECK(j.runtime == core::from_seconds(100));  // the recorded run time either way
    cfg.replay_outcomes = true;
    j = fit_job(cfg, scan, row);
    CHECK(j.end_as_recorded == (o == Outcome::kFailed || o == Outcome::kCancelled));
    CHECK(j.runtime == core::from_seconds(100));
  }
}
