// Issue 9 items 3 and 4: numbers a replay cannot represent (traces/limits.h) are field errors
// naming file, line and field, and options out of range are errors naming the option. Before,
// a run time of 1e26 replayed as a negative time, 1e26 processors as 1 GPU, and a failure-log
// time of 1e308 or a rate scale of 1e12 ran out of memory or time.
#include <catch2/catch.hpp>

#include "tests/traces/read_helpers.h"
#include "traces/failure_fit.h"
#include "traces/failure_log.h"
#include "traces/trace_fit.h"

using namespace fleetsim;
using namespace fleetsim::traces;
using test::kFailureData;
using test::kTraceData;
using test::message_of;

namespace {
const std::string kLong = " is above 1e+11 s, the longest time a replay can hold";
const std::string kOutside = " is outside +-1e+11 s, the times a replay can hold";
const std::string kMany = " is above 2147483647, the most devices one job can have";
}  // namespace

TEST_CASE("SWF: run times, submit times and sizes beyond what a replay holds", "[traces][limits]") {
  const std::string f = kTraceData + "out_of_range.swf";
  const auto r = test::read_trace(f, "swf");
  REQUIRE(r.jobs.size() == 2);
  CHECK(r.jobs[1].id == 7);
  CHECK(r.counts.skip_reasons.at("malformed") == 5);
  CHECK(r.counts.first_skips ==
        std::vector<std::string>{f + ":5: field run_time: '1e26'" + kLong,
                                 f + ":6: field run_time: '1e308'" + kLong,
                                 f + ":7: field run_time: '9223372036854775807'" + kLong,
                                 f + ":8: field submit_time: '1e26'" + kOutside,
                                 f + ":9: field allocated_procs: '1e26'" + kMany});
  CHECK(message_of([&] { test::read_trace(f, "swf", BadRows::kError); }) ==
        f + ":5: field run_time: '1e26'" + kLong);
}

TEST_CASE("openb, fleetsim CSV, sacct: out-of-range and non-finite fields", "[traces][limits]") {
  SECTION("openb") {
    const std::string f = kTraceData + "out_of_range_openb.csv";
    const auto r = test::read_trace(f, "openb");
    CHECK(r.jobs.size() == 1);
    CHECK(
        r.counts.first_skips ==
        std::vector<std::string>{f + ":3: field deletion_time: '1e26'" + kOutside,
                                 f + ":4: field num_gpu: '1e26'" + kMany,
                                 f + ":5: field creation_time: '9223372036854775807'" + kOutside});
  }
  SECTION("fleetsim normalized form") {
    const std::string f = kTraceData + "out_of_range.fleetsim.csv";
    const auto r = test::read_trace(f, "fleetsim");
    CHECK(r.jobs.size() == 1);
    CHECK(r.counts.first_skips ==
          std::vector<std::string>{f + ":5: field runtime_s: '1e26'" + kLong,
                                   f + ":6: field runtime_s: '1e308'" + kLong,
                                   f + ":7: field runtime_s: '9223372036854775807'" + kLong,
                                   f + ":8: field devices: '1e26'" + kMany,
                                   f + ":9: field tenant: '1e26' is out of range"});
  }
  SECTION("sacct: Elapsed nan, inf, 1e11 hours; a GPU count of nan") {
    const std::string f = kTraceData + "out_of_range.sacct";
    const auto r = test::read_trace(f, "sacct");
    CHECK(r.jobs.size() == 1);
    CHECK(r.counts.first_skips ==
          std::vector<std::string>{
              f + ":3: field Elapsed: 'nan' is not a duration ([D-]HH:MM:SS)",
              f + ":4: field Elapsed: 'inf:00:00' is not a duration ([D-]HH:MM:SS)",
              f + ":5: field Elapsed: '99999999999:00:00'" + kLong,
              f + ":6: field AllocTRES: 'gres/gpu=nan' has no GPU count"});
  }
}

TEST_CASE("Philly JSON: run times and GPU counts beyond what a replay holds", "[traces][limits]") {
  const std::string f = kTraceData + "out_of_range_philly.json";
  const auto r = test::read_trace(f, "philly");
  CHECK(r.jobs.size() == 1);
  CHECK(r.counts.first_skips ==
        std::vector<std::string>{f + ": record 2: field runtime: '1e+26'" + kLong,
                                 f + ": record 3: field runtime: '1e+308'" + kLong,
                                 f + ": record 4: field runtime: '9223372036854775807'" + kLong,
                                 f + ": record 5: field num_gpus: '1e+26'" + kMany});
}

TEST_CASE("Trace options are range-checked, naming the option", "[traces][limits]") {
  TraceConfig cfg;
  cfg.file = kTraceData + "small.swf";
  cfg.replay = true;
  TraceConfig bad = cfg;
  bad.size_scale = 1e-300;
  CHECK(message_of([&] { validate(bad); }) ==
        "trace.size_scale must be in 1e-06..1e+06 (got 1e-300)");
  bad = cfg;
  bad.devices_per_gpu = 1e-300;
  CHECK(message_of([&] { validate(bad); }) ==
        "trace.devices_per_gpu must be in 1e-06..1e+06 (got 1e-300)");
  bad = cfg;
  bad.offered_load = 1e300;
  CHECK(message_of([&] { validate(bad); }) ==
        "trace.offered_load must be 0 (recorded times) or in 1e-06..1e+06 (got 1e+300)");
  bad = cfg;
  bad.window_start_s = 1e12;
  CHECK(message_of([&] { validate(bad); }) ==
        "trace.window_start must be in 0..1e+11 s (got 1e+12 s)");
  bad = cfg;
  bad.window_end_s = 1e12;
  CHECK(message_of([&] { validate(bad); }) ==
        "trace.window_end must be at most 1e+11 s or end (got 1e+12 s)");
}

TEST_CASE("A replay refuses jobs that the options scale beyond what it holds", "[traces][limits]") {
  TraceConfig cfg;
  cfg.replay = true;
  SECTION("a run time divided by a small size_scale") {
    cfg.file = kTraceData + "long_run.swf";
    cfg.size_scale = 1e-3;
    CHECK(message_of([&] { scan_trace(cfg, 1000); }) ==
          cfg.file +
              ":5: field runtime: 1e+10 s at trace.size_scale 0.001 is 1e+13 s, longer than the "
              "1e+11 s a replay can hold");
  }
  SECTION("2e9 processors as GPUs") {
    cfg.file = kTraceData + "big_job.swf";
    CHECK(message_of([&] { scan_trace(cfg, 1000); }) ==
          cfg.file +
              ":4: field devices: 2e+09 devices at trace.devices_per_gpu 1 and trace.size_scale "
              "1 make 2e+09 GPUs, more than the 1073741824 one job can have");
  }
  SECTION("a submit span stretched by a small offered_load") {
    cfg.file = kTraceData + "long_run.swf";
    cfg.offered_load = 1e-6;
    CHECK_THAT(message_of([&] { scan_trace(cfg, 1000); }),
               Catch::StartsWith(cfg.file + ": trace.offered_load 1e-06 stretches the submit "
                                            "span of 60 s by "));
  }
}

TEST_CASE("Failure logs: times and repairs beyond what a replay holds", "[traces][limits]") {
  SECTION("native") {
    const std::string f = kFailureData + "out_of_range.failures.csv";
    const auto log = read_failure_log({f, "native"}, BadRows::kSkip);
    CHECK(log.records.size() == 2);
    CHECK(log.counts.first_skips ==
          std::vector<std::string>{
              f + ":4: field time_s: '1e26'" + kLong, f + ":5: field time_s: '1e308'" + kLong,
              f + ":6: field repair_s: '1e26'" + kLong, f + ":7: field repair_s: '1e308'" + kLong});
    CHECK(message_of([&] {
            read_failure_log({f, "native"}, BadRows::kError);
          }) == f + ":4: field time_s: '1e26'" + kLong);
  }
  SECTION("FTA: huge times, and end times that are not numbers") {
    const std::string f = kFailureData + "out_of_range_event_trace.tab";
    const auto log = read_failure_log({f, "fta"}, BadRows::kSkip);
    CHECK(log.records.size() == 1);
    CHECK(log.counts.first_skips ==
          std::vector<std::string>{f + ":3: field event_start_time: '1e26'" + kOutside,
                                   f + ":4: field event_end_time: '1e308'" + kOutside,
                                   f + ":5: field event_end_time: 'abc' is not a number",
                                   f + ":6: field event_end_time: 'nan' is not a number",
                                   f + ":7: field event_end_time: 'inf' is not a number"});
  }
  SECTION("StepFun: an event_time of 1e308 days") {
    const std::string f = kFailureData + "out_of_range_fault_trace.json";
    CHECK(message_of([&] {
            read_failure_log({f, "stepfun"}, BadRows::kError);
          }) == f + ": record 2: field event_time: '1e+308 days'" + kLong);
  }
  SECTION("LANL: Down Time abc, -5, 1e26") {
    const std::string f = kFailureData + "bad_down_time_lanl.csv";
    const auto log = read_failure_log({f, "lanl"}, BadRows::kSkip);
    CHECK(log.records.size() == 1);
    CHECK(log.counts.first_skips ==
          std::vector<std::string>{
              f + ":3: field Down Time: 'abc' is not a non-negative number of minutes",
              f + ":4: field Down Time: '-5' is not a non-negative number of minutes",
              f + ":5: field Down Time: '1e26 min'" + kLong});
  }
}

TEST_CASE("Failure replay options are range-checked before anything is generated",
          "[traces][limits]") {
  FailureFitConfig cfg;
  cfg.log_nodes = 9223372036854775807;
  CHECK(message_of([&] { validate(cfg); }) ==
        "failures.log_nodes must be in 0..2147483647 (0: from the log)");
  for (double scale : {1e12, 1e300, 1e-300}) {
    FailureFitConfig s;
    s.rate_scale = scale;
    char want[120];
    std::snprintf(want, sizeof want, "failures.log_rate_scale must be in 1e-06..1e+06 (got %g)",
                  scale);
    CHECK(message_of([&] { validate(s); }) == want);
  }
  SECTION("a rate scale in range that would still make too many failures") {
    const auto log =
        read_failure_log({kFailureData + "small.failures.csv", "native"}, BadRows::kError);
    FailureFitConfig fast;
    fast.rate_scale = 1e6;
    CHECK_THAT(message_of([&] {
                 fit_failures(log, fast, 100, 365 * core::kDay, core::kSecond, core::kHour);
               }),
               Catch::StartsWith("failures.log_rate_scale 1e+06 makes about ") &&
                   Catch::Contains("more than the 20000000 a replay may hold"));
  }
  SECTION("a log's last failure far beyond the run, slowed down: nothing overflows") {
    const auto log =
        read_failure_log({kFailureData + "small.failures.csv", "native"}, BadRows::kError);
    FailureFitConfig slow;
    slow.rate_scale = 1e-6;
    const auto fit = fit_failures(log, slow, 4, 365 * core::kDay, core::kSecond, core::kHour);
    for (const auto& f : fit.failures) {
      CHECK(f.time >= 0);
      CHECK(f.time < 365 * core::kDay);
    }
  }
}
