// The readers against the real files in ../shared/data. Expected figures were counted
// independently (zcat | awk, python) over the same files (see the comments).
//
// Every test here is hidden ([.]): fleetsim_tests, whose runner cannot report a skip, does not
// list them. fleetsim_traces_tests runs each as its own ctest entry, "traces: Real ...", which
// ctest shows as skipped when the file is absent (tests/traces/traces_main.cc).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/traces/data_dir.h"
#include "traces/failure_log.h"
#include "traces/swf_reader.h"
#include "traces/trace_stats.h"

using namespace fleetsim::traces;

TEST_CASE("Real SWF: CEA Curie has 312,826 job lines", "[traces][swf][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "traces/swf/CEA-Curie-2011-2.1-cln.swf.gz");
  const auto s = trace_stats({path, "swf"}, ReadOptions{});
  // awk: 312,900 lines, 74 comments, 312,826 job lines of which 19 have neither an allocated nor
  // a requested processor count.
  CHECK(s.counts.lines == 312900);
  CHECK(s.counts.comments == 74);
  CHECK(s.counts.jobs + s.counts.skipped == 312826);
  CHECK(s.counts.skip_reasons.at("no processors") == 19);
  CHECK(s.jobs == 312807);
  CHECK(s.machine_devices == 93312);
  CHECK(s.max_devices == 79920);
  CHECK(s.mean_runtime_s == Approx(6157.991397));
  CHECK(s.mean_devices == Approx(720.420870));
  CHECK(s.outcome_jobs[0] == 281334);
  CHECK(s.outcome_jobs[1] == 14002);
  CHECK(s.outcome_jobs[2] == 17471);
}

TEST_CASE("Real SWF: KTH SP2 has 27,992 jobs though its header says 28,476",
          "[traces][swf][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "traces/swf/KTH-SP2-1996-2.1-cln.swf.gz");
  const auto s = trace_stats({path, "swf"}, ReadOptions{});
  CHECK(s.counts.lines == 28016);
  CHECK(s.jobs == 27992);
  CHECK(s.counts.skipped == 0);
  CHECK(s.machine_devices == 100);
  CHECK(s.mean_runtime_s == Approx(8573.103815));
  CHECK(s.outcome_jobs[0] == 20483);
  CHECK(s.outcome_jobs[1] == 7509);
}

TEST_CASE("Real SWF: LLNL Thunder's unusable rows are counted, not lost",
          "[traces][swf][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "traces/swf/LLNL-Thunder-2007-1.1-cln.swf.gz");
  const auto s = trace_stats({path, "swf"}, ReadOptions{});
  // awk: 121,039 job lines; 1,190 with submit -1, 1,058 more with neither processor count > 0.
  CHECK(s.counts.lines == 121065);
  CHECK(s.counts.jobs + s.counts.skipped == 121039);
  CHECK(s.counts.skip_reasons.at("unknown submit time") == 1190);
  CHECK(s.counts.skip_reasons.at("no processors") == 1058);
  CHECK(s.jobs == 118791);
}

TEST_CASE("Real StepFun trace: 584 faults, each with an end", "[traces][failures][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "failures/stepfun-2024/fault_trace.json");
  const auto log = read_failure_log({path, "stepfun"}, BadRows::kError);
  CHECK(log.counts.lines == 1168);
  CHECK(log.records.size() == 584);
  CHECK(log.ends == 584);
  CHECK(log.unknown_repair == 0);
  CHECK(log.distinct_nodes == 231);
  std::vector<double> h;
  double sum = 0;
  for (const auto& r : log.records) {
    h.push_back(r.repair_s / 3600);
    sum += r.repair_s / 3600;
  }
  std::sort(h.begin(), h.end());
  // docs/model.md's repair defaults: median 20.4 h, mean 132.8 h (python over the same file).
  CHECK((h[291] + h[292]) / 2 == Approx(20.3892).epsilon(1e-4));
  CHECK(sum / 584 == Approx(132.84016).epsilon(1e-5));
}

TEST_CASE("Real LANL data: 23,739 failures on 23 systems", "[traces][failures][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "failures/lanl-1996-2005/LA-UR-05-7318-failure-data-1996-2005.csv");
  const auto log = read_failure_log(parse_failure_spec(path), BadRows::kError);
  CHECK(log.records.size() == 23739);
  CHECK(log.counts.skipped == 0);
  CHECK(log.unknown_repair == 0);
  // Python csv over the same file: 3,577 distinct (system, node) pairs; system sizes sum to
  // 5,007 (system 17's blank size counted as its 1 node in the log); 453 rows without a cause.
  CHECK(log.distinct_nodes == 3577);
  CHECK(log.sampled_nodes == 5007);
  double minutes = 0;
  std::int64_t unknown = 0;
  for (const auto& r : log.records) {
    minutes += r.repair_s / 60;
    unknown += r.cause == "Unknown";
  }
  CHECK(minutes / 23739 == Approx(352.38143982));
  CHECK(unknown == 453);
}

TEST_CASE("Real openb default list: 8,152 pods", "[traces][formats][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "traces/alibaba-openb-2023/openb_pod_list_default.csv");
  const auto s = trace_stats({path, "openb"}, ReadOptions{});
  CHECK(s.jobs == 8152);
  CHECK(s.counts.skipped == 0);
  // pandas over the same file: 7,064 GPU pods, 6,203 of them scheduled.
  CHECK(s.device_jobs == 7064);
  CHECK(s.waited_jobs == 6203);
  CHECK(s.mean_runtime_s == Approx(30851.14896));
  CHECK(s.median_runtime_s == 655);
  CHECK(s.mean_wait_s == Approx(69.95115));
  CHECK(s.mean_devices == Approx(0.8616648));
}

TEST_CASE("Real Philly subset: 3,034 jobs", "[traces][formats][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "traces/philly-subset/philly_jobs_subset.json");
  const auto s = trace_stats({path, "philly"}, ReadOptions{});
  CHECK(s.jobs == 3034);
  CHECK(s.counts.skipped == 0);
  CHECK(s.max_devices == 128);
  // Python (json + datetime) over the same file.
  CHECK(s.mean_runtime_s == Approx(129039.575478));
  CHECK(s.median_runtime_s == Approx(50799.5));
  CHECK(s.mean_wait_s == Approx(3710.252802));
  CHECK(s.median_wait_s == 57);
  CHECK(s.mean_devices == Approx(7.12953197));
}

TEST_CASE("Real FTA event_trace.tab reads as the archive publishes it",
          "[traces][failures][data][.]") {
  // Any Failure Trace Archive trace under failures/ (e.g. failures/fta-*/event_trace.tab[.gz]).
  std::string path;
  const std::filesystem::path dir = fleetsim::test::data_dir() + "/failures";
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.ends_with("event_trace.tab") || name.ends_with("event_trace.tab.gz")) {
      path = it->path().string();
      break;
    }
  }
  if (path.empty()) {
    fleetsim::test::data_missing = true;
    WARN("SKIPPED: no failures/**/event_trace.tab[.gz] under " << dir.string()
                                                               << " (set FLEETSIM_DATA_DIR)");
    return;
  }
  const auto log = read_failure_log(parse_failure_spec(path), BadRows::kSkip);
  INFO(path << ": " << describe(log));
  // Every line is a failure, an availability period, or the header/blank: nothing malformed.
  CHECK(log.counts.skip_reasons.count("malformed") == 0);
  CHECK(log.counts.lines == log.counts.comments + log.counts.jobs + log.counts.skipped);
  CHECK(log.records.size() > 0);
  CHECK(log.span_s > 0);
  for (const auto& r : log.records) {
    REQUIRE(r.time_s >= 0);
    REQUIRE(r.repair_s >= -1);
  }
}
