// A replay takes its rows from the scan (TraceScan::rows) instead of reading the trace again: the
// jobs must be those a second read gives, field by field, under every transform a row goes
// through (window, device mapping, load scaling, zero run times, reordering, partitions, the
// run's end, tenant merges).
#include <catch2/catch.hpp>
#include <vector>

#include "traces/trace_fit.h"

using namespace fleetsim;
using namespace fleetsim::traces;

namespace {

const std::string kTraceData = FLEETSIM_TEST_DATA "/traces/";

// Every job a source gives, as the fields a JobSpec serializes.
std::vector<std::vector<double>> drain(const TraceConfig& cfg, const TraceScan& scan,
                                       core::Time end) {
  TraceJobSource src(cfg, scan, end);
  std::vector<std::vector<double>> out;
  JobSpec j;
  while (src.next(j))
    out.push_back({static_cast<double>(j.submit), static_cast<double>(j.runtime),
                   static_cast<double>(j.time_limit), static_cast<double>(j.gpus),
                   static_cast<double>(j.gpus_requested), static_cast<double>(j.tenant),
                   static_cast<double>(j.job_class), static_cast<double>(j.recorded_outcome),
                   static_cast<double>(j.end_as_recorded), static_cast<double>(j.partition)});
  return out;
}

// The scan without its kept rows, and each part's too: the source reads the files again.
TraceScan without_rows(TraceScan scan) {
  scan.rows.reset();
  for (auto& part : scan.parts) part.rows.reset();
  return scan;
}

void same_both_ways(const TraceConfig& cfg, core::Time end = core::kNever) {
  const TraceScan scan = scan_trace(cfg, 1000);
  if (scan.parts.empty()) {
    REQUIRE(scan.rows != nullptr);
    CHECK(static_cast<std::int64_t>(scan.rows->size()) == scan.jobs);
  }
  for (const auto& part : scan.parts) REQUIRE(part.rows != nullptr);
  const auto kept = drain(cfg, scan, end);
  const auto reread = drain(cfg, without_rows(scan), end);
  CHECK(!kept.empty());
  CHECK(kept == reread);
}

}  // namespace

TEST_CASE("a replay from the scan's rows gives the jobs a second read gives", "[traces][fit]") {
  TraceConfig cfg;
  cfg.file = kTraceData + "small.swf";
  SECTION("as recorded") { same_both_ways(cfg); }
  SECTION("devices mapped, sizes and load scaled") {
    cfg.devices_per_gpu = 8;
    cfg.size_scale = 2;
    cfg.offered_load = 0.5;
    same_both_ways(cfg);
  }
  SECTION("a window") {
    cfg.window_start_s = 60;
    cfg.window_end_s = 240;
    same_both_ways(cfg);
  }
  SECTION("zero run times skipped, run times cut at the limit, outcomes replayed") {
    cfg.skip_zero_runtime = true;
    cfg.truncate_to_limit = true;
    cfg.replay_outcomes = true;
    same_both_ways(cfg);
  }
  SECTION("the run ends before the last arrival") { same_both_ways(cfg, core::from_seconds(150)); }
  SECTION("rows out of submit order") {
    cfg.file = kTraceData + "unsorted.swf";
    same_both_ways(cfg);
  }
  SECTION("recorded partitions") {
    cfg.file = kTraceData + "partitions.swf";
    cfg.partitions = TraceConfig::Partitions::kTrace;
    cfg.fleet_partitions = {"a", "b", "c"};
    cfg.partition_map = "1:b 2:c 3:a";
    same_both_ways(cfg);
  }
  SECTION("fractional GPUs (openb)") {
    cfg.file = kTraceData + "openb_small.csv:openb";
    cfg.read.bad_rows = BadRows::kSkip;
    cfg.fractional = TraceConfig::Fractional::kScaleRuntime;
    same_both_ways(cfg);
  }
  SECTION("a tenant merge: each part keeps its rows") {
    cfg.file = kTraceData + "small.swf " + kTraceData + "validate.swf";
    same_both_ways(cfg);
  }
}
