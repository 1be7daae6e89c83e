// Failure logs: StepFun JSON and the native CSV into FailureRecord, their bad rows, the mapping
// onto fleet nodes, and logged failures reaching the clusters.
#include <catch2/catch.hpp>

#include "tests/model/fleet_harness.h"
#include "traces/failure_fit.h"
#include "traces/failure_log.h"

using namespace fleetsim;
using namespace fleetsim::traces;

namespace {

const std::string kDir = FLEETSIM_TEST_DATA "/failures/";

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("StepFun reader pairs each fault_end with its node's open fault of the same type",
          "[traces][failures]") {
  const auto log = read_failure_log({kDir + "small_fault_trace.json", "stepfun"}, BadRows::kError);
  CHECK(log.counts.lines == 6);
  CHECK(log.ends == 2);
  CHECK(log.distinct_nodes == 3);
  CHECK(log.unknown_repair == 2);
  CHECK(log.sampled_nodes == 400);  // StepFun's sample, documented in the reader
  CHECK(log.span_s == Approx(4 * 86400.0));
  REQUIRE(log.records.size() == 4);
  // By start time; node a's GPU and NIC faults overlap and are paired by type.
  CHECK(log.records[0].node == "a");
  CHECK(log.records[0].component == "GPU");
  CHECK(log.records[0].repair_s == Approx(2 * 86400.0));
  CHECK(log.records[1].component == "NIC");
  CHECK(log.records[1].repair_s == Approx(0.75 * 86400.0));
  CHECK(log.records[1].cause == "Hardware Failure");
  CHECK(log.records[1].text == "NIC down");
  CHECK(log.records[2].node == "b");
  CHECK(log.records[2].repair_s == -1);
  CHECK(log.records[3].time_s == Approx(4 * 86400.0));
  CHECK(log.records[3].line == 6);  // records count from 1, as lines do
}

TEST_CASE("StepFun reader: bad records name the record index and field", "[traces][failures]") {
  const std::string path = kDir + "malformed_fault_trace.json";
  SECTION("error") {
    CHECK(message_of([&] {
            read_failure_log({path, "stepfun"}, BadRows::kError);
          }) == path + ": record 2: field event_time: not a non-negative number of days");
  }
  SECTION("skip") {
    const auto log = read_failure_log({path, "stepfun"}, BadRows::kSkip);
    CHECK(log.counts.lines == 5);
    CHECK(log.counts.skipped == 3);
    CHECK(log.ends == 1);
    REQUIRE(log.records.size() == 1);
    CHECK(log.records[0].repair_s == Approx(2 * 86400.0));
    CHECK(log.counts.first_skips[1] ==
          path +
              ": record 3: field event_type: fault_end without an open fault_start of this "
              "node and fault type");
    CHECK(log.counts.first_skips[2] == path + ": record 4: field node_id: missing");
  }
  SECTION("not JSON") {
    const std::string t = kDir + "truncated_fault_trace.json";
    CHECK(message_of([&] {
            read_failure_log({t, "stepfun"}, BadRows::kSkip);
          }).starts_with(t + ": record 1: field event_time: not valid JSON: "));
  }
}

TEST_CASE("Native failure CSV", "[traces][failures]") {
  const auto log = read_failure_log({kDir + "small.failures.csv", "native"}, BadRows::kError);
  CHECK(log.counts.lines == 6);
  CHECK(log.counts.comments == 3);
  REQUIRE(log.records.size() == 3);
  CHECK(log.records[0].text == "GPU DBE, over threshold");
  CHECK(log.records[0].repair_s == 7200);
  CHECK(log.records[1].repair_s == -1);
  CHECK(log.records[2].text == "kernel \"oops\"");
  CHECK(log.records[2].line == 6);

  const std::string bad = kDir + "malformed.failures.csv";
  SECTION("error") {
    CHECK(message_of([&] {
            read_failure_log({bad, "native"}, BadRows::kError);
          }) == bad + ":3: field time_s: '-5' is not a non-negative number of seconds");
  }
  SECTION("skip") {
    const auto l = read_failure_log({bad, "native"}, BadRows::kSkip);
    CHECK(l.records.size() == 2);
    CHECK(l.counts.skipped == 3);
    CHECK(l.counts.first_skips[1] ==
          bad + ":4: field repair_s: 'abc' is not a non-negative number of seconds (or empty)");
    CHECK(l.counts.first_skips[2] == bad + ":5: field component: 3 fields, the header has 4");
  }
  SECTION("format from the name, or an error") {
    CHECK(parse_failure_spec("x/fault_trace.json").format == "stepfun");
    CHECK(parse_failure_spec("x/y.failures.csv").format == "native");
    CHECK(parse_failure_spec("x/y.csv:native").path == "x/y.csv");
    CHECK_THROWS_AS(parse_failure_spec("x/y.csv"), TraceError);
    CHECK_THROWS_AS(parse_failure_spec("x/y.csv:lanl2"), TraceError);
  }
}

TEST_CASE("Failure logs are tiled over the fleet with circular time shifts", "[traces][failures]") {
  const auto log = read_failure_log({kDir + "small.failures.csv", "native"}, BadRows::kError);
  FailureFitConfig cfg;
  const core::Time s = core::kSecond;
  const auto fit = fit_failures(log, cfg, 5, 10860 * s, 31 * s, 1000 * s);
  CHECK(fit.log_nodes == 2);
  CHECK(fit.copies == 3);
  CHECK(fit.merged == 0);
  CHECK(fit.unknown_repair == 1);
  std::vector<std::tuple<std::int64_t, double, double>> got;
  for (const auto& f : fit.failures)
    got.emplace_back(f.node, core::to_seconds(f.time), core::to_seconds(f.repair));
  // Span 10,860 s; copy c shifted by c x 3,620 s; node n1 -> 0, 2, 4; n2 -> 1, 3 (5 is outside).
  const std::vector<std::tuple<std::int64_t, double, double>> want = {
      {0, 3600, 7200}, {0, 10800, 60},   {1, 7200, 1000}, {2, 3560, 60},
      {2, 7220, 7200}, {3, 10820, 1000}, {4, 7180, 60},   {4, 10840, 7200}};
  CHECK(got == want);

  SECTION("rate scaling compresses times and merges failures of a node still down") {
    FailureFitConfig fast;
    fast.rate_scale = 2;
    const auto f2 = fit_failures(log, fast, 1, 10860 * s, 31 * s, 1000 * s);
    REQUIRE(f2.failures.size() == 1);
    CHECK(f2.merged == 3);
    CHECK(core::to_seconds(f2.failures[0].time) == 1800);
    CHECK(core::to_seconds(f2.failures[0].repair) == 12630);
  }
  SECTION("invalid parameters") {
    FailureFitConfig few;
    few.log_nodes = 1;
    CHECK(message_of([&] {
            fit_failures(log, few, 5, 10860 * s, 31 * s, 1000 * s);
          }).starts_with("failures.log_nodes (1) is below the 2 distinct nodes"));
    FailureFitConfig neg;
    neg.rate_scale = 0;
    CHECK_THROWS_WITH(validate(neg), "failures.log_rate_scale must be in 1e-06..1e+06 (got 0)");
  }
}

TEST_CASE("Logged failures reach the cluster as node failures", "[traces][failures]") {
  model::ModelConfig cfg;
  cfg.fabric = {2, 4, 8};  // 2 pods x 4 nodes x 8 GPUs
  cfg.layout = {"two", "", "", {1, 1}};
  cfg.end_time = 2 * core::kDay;
  cfg.failures.detect_latency = 30 * core::kSecond;
  model::FailureScript script(2);
  script[0] = {{core::kHour, 2 * core::kHour, 1}, {core::kHour, core::kHour, 3}};
  script[1] = {{5 * core::kHour, core::kHour, 6}};
  partitions::BlockPartitioner block;
  engine::SimulatorOptions opts;
  opts.end_time = cfg.end_time;
  model::JobSourceFactory none = [](engine::Context&) -> std::unique_ptr<JobSource> {
    return std::make_unique<test::VectorSource>(std::vector<JobSpec>{});
  };
  const model::Fleet fleet(cfg, none, &script);
  engine::Simulator sim(MPI_COMM_SELF, fleet.types(), block, opts);
  sim.build();
  sim.run();
  const auto& c0 = static_cast<model::ClusterLp&>(sim.local_lp(fleet.cluster_lp(0))).failures();
  const auto& c1 = static_cast<model::ClusterLp&>(sim.local_lp(fleet.cluster_lp(1))).failures();
  REQUIRE(c0.size() == 2);
  REQUIRE(c1.size() == 1);
  CHECK(c0[0].node == 1);
  CHECK(c0[0].time == core::kHour);
  CHECK(c0[0].detected == core::kHour + 30 * core::kSecond);
  CHECK(c0[0].repair == 2 * core::kHour);
  CHECK(c0[1].node == 3);
  CHECK(c1[0].node == 6);
  CHECK(c1[0].time == 5 * core::kHour);
}

TEST_CASE("LANL failure CSV", "[traces][failures]") {
  const std::string path = kDir + "lanl_small.csv";
  const auto log = read_failure_log({path, "lanl"}, BadRows::kSkip);
  REQUIRE(log.records.size() == 3);
  CHECK(log.counts.skipped == 1);
  CHECK(log.counts.first_skips[0] ==
        path + ":5: field Prob Started: '6/22/2005 25:00' is not a time (m/d/yyyy H:MM)");
  CHECK(log.sampled_nodes == 49 + 1);  // the systems' sizes
  // Origin: the first failure (6/20/2005 23:00); by time.
  CHECK(log.records[0].node == "system 7 node 0");
  CHECK(log.records[0].time_s == 0);
  CHECK(log.records[0].repair_s == 7200);
  CHECK(log.records[0].cause == "Facilities");
  CHECK(log.records[0].text == "Power Outage");
  CHECK(log.records[1].time_s == (11 * 60 + 54) * 60.0);
  CHECK(log.records[1].repair_s == 360);
  CHECK(log.records[1].cause == "Hardware");
  CHECK(log.records[1].component == "part");
  CHECK(log.records[2].repair_s == 9000);  // no Down Time: Prob Fixed - Prob Started
  CHECK(log.records[2].cause == "Software");
}

TEST_CASE("Failure Trace Archive event_trace.tab", "[traces][failures]") {
  const std::string path = kDir + "event_trace.tab";
  const auto log = read_failure_log(parse_failure_spec(path), BadRows::kSkip);
  REQUIRE(log.records.size() == 2);
  CHECK(log.counts.skip_reasons.at("availability period") == 1);
  CHECK(log.counts.skip_reasons.at("malformed") == 1);
  CHECK(log.records[0].node == "3:17");
  CHECK(log.records[0].time_s == 0);
  CHECK(log.records[0].repair_s == 3600);
  CHECK(log.records[1].time_s == 500.5);
  CHECK(log.records[1].repair_s == -1);  // no end recorded
  CHECK(log.counts.first_skips[1] == path + ":5: field event_end_time: before event_start_time");
}
