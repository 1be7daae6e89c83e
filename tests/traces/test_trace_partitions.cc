// Partitions a trace records (SWF field 16, sacct's Partition, Helios' and Philly's vc) and how a
// replay with trace.partitions = trace maps them onto sched.partitions (traces/trace_fit.h).
#include <catch2/catch.hpp>
#include <numeric>

#include "tests/traces/data_dir.h"
#include "tests/traces/read_helpers.h"
#include "traces/trace_fit.h"
#include "traces/trace_stats.h"

using namespace fleetsim;
using namespace fleetsim::traces;
using fleetsim::test::kTraceData;
using fleetsim::test::message_of;

namespace {

// Each row's recorded partition name; "" for none.
std::vector<std::string> recorded(const std::string& file, const std::string& format) {
  ReadOptions opts;
  opts.bad_rows = BadRows::kSkip;  // the fixtures' malformed rows are other tests'
  auto r = open_trace({kTraceData + file, format}, opts);
  std::vector<std::string> out;
  TraceJob j;
  while (r->next(j))
    out.push_back(j.partition < 0 ? ""
                                  : r->partition_names().at(static_cast<std::size_t>(j.partition)));
  return out;
}

TraceConfig replay(const std::string& file, const std::vector<std::string>& fleet) {
  TraceConfig cfg;
  cfg.file = kTraceData + file;
  cfg.replay = true;
  cfg.partitions = TraceConfig::Partitions::kTrace;
  cfg.fleet_partitions = fleet;
  return cfg;
}

// The sched.partitions index of each replayed job; -1 for none (the rule).
std::vector<int> replayed(const TraceConfig& cfg) {
  const TraceScan scan = scan_trace(cfg, 1000);
  TraceJobSource source(cfg, scan, core::kNever);
  std::vector<int> out;
  JobSpec j;
  while (source.next(j)) out.push_back(j.partition);
  return out;
}

}  // namespace

TEST_CASE("readers: the partition each row records", "[traces][partitions]") {
  // SWF: numbers as names, "2.0" is "2", -1 none.
  CHECK(recorded("partitions.swf", "swf") == std::vector<std::string>{"1", "2", "", "2", "3"});
  CHECK(recorded("partitions.sacct", "sacct") ==
        std::vector<std::string>{"gpu", "debug", "", "gpu", "long"});
  // Helios and Philly: the virtual cluster.
  const auto helios = recorded("helios_small.csv", "helios");
  CHECK(std::count(helios.begin(), helios.end(), "") == 0);
  const auto philly = recorded("philly_full_small.json", "philly");
  CHECK(!philly.empty());
  CHECK(std::count(philly.begin(), philly.end(), "") < static_cast<long>(philly.size()));
  // Formats without a partition record none.
  const auto openb = recorded("openb_small.csv", "openb");
  CHECK(std::count(openb.begin(), openb.end(), "") == static_cast<long>(openb.size()));
}

TEST_CASE("trace stats: partitions and their jobs", "[traces][partitions]") {
  const auto s = trace_stats({kTraceData + "partitions.sacct", "sacct"}, ReadOptions{});
  CHECK(s.partition_names == std::vector<std::string>{"gpu", "debug", "long"});
  CHECK(s.partition_jobs == std::vector<std::int64_t>{2, 1, 1});
  CHECK(s.no_partition_jobs == 1);
  CHECK(format_stats(s).find("\n  partition 'gpu'          2 jobs\n") != std::string::npos);
}

TEST_CASE("replay: recorded partitions onto sched.partitions", "[traces][partitions]") {
  SECTION("by name, unknown by the rule") {
    auto cfg = replay("partitions.sacct", {"long", "debug", "gpu"});
    CHECK(replayed(cfg) == std::vector<int>{2, 1, -1, 2, 0});
  }
  SECTION("through trace.partition_map") {
    auto cfg = replay("partitions.swf", {"a", "b", "c"});
    cfg.partition_map = "1:b 2:c 3:a";
    CHECK(replayed(cfg) == std::vector<int>{1, 2, -1, 2, 0});
  }
  SECTION("trace.partitions = rule: none carried") {
    auto cfg = replay("partitions.sacct", {"long", "debug", "gpu"});
    cfg.partitions = TraceConfig::Partitions::kRule;
    CHECK(replayed(cfg) == std::vector<int>{-1, -1, -1, -1, -1});
  }
  SECTION("a name that is no partition: the file, line and field") {
    auto cfg = replay("partitions.sacct", {"gpu", "debug"});
    CHECK(message_of([&] { scan_trace(cfg, 1000); }) ==
          kTraceData +
              "partitions.sacct:6: field Partition: 'long' is not a partition of "
              "sched.partitions and trace.partition_map does not map it to one");
    cfg = replay("partitions.swf", {"a", "b"});
    cfg.partition_map = "1:a 2:b";
    CHECK(message_of([&] { scan_trace(cfg, 1000); }) ==
          kTraceData +
              "partitions.swf:7: field partition: '3' is not a partition of sched.partitions "
              "and trace.partition_map does not map it to one");
  }
}

TEST_CASE("trace.partitions and trace.partition_map: impossible settings", "[traces][partitions]") {
  auto cfg = replay("partitions.swf", {});
  CHECK(message_of([&] { validate(cfg); }) ==
        "trace.partitions = trace needs sched.partitions: the partitions jobs are replayed into");
  cfg = replay("partitions.swf", {"a"});
  cfg.partition_map = "1:b";
  CHECK(message_of([&] { validate(cfg); }) ==
        "trace.partition_map: '1:b': 'b' is not a partition of sched.partitions");
  CHECK(message_of([] { parse_partition_map("1:a 1:b"); }) ==
        "trace.partition_map: '1' is mapped twice");
  CHECK(message_of([] { parse_partition_map("1"); }) ==
        "trace.partition_map: '1' is not RECORDED:PARTITION");
}

TEST_CASE("Real SWF: CEA Curie records 18 partitions", "[traces][swf][data][partitions][.]") {
  FLEETSIM_REQUIRE_DATA(path, "traces/swf/CEA-Curie-2011-2.1-cln.swf.gz");
  const auto s = trace_stats({path, "swf"}, ReadOptions{});
  // zcat | awk '!/^;/ && NF && ($5 > 0 || $8 > 0) {c[$16]++}': 18 values, none -1, over the
  // 312,807 jobs the reader yields (it skips 19 rows without processors, test_real_traces.cc).
  CHECK(s.partition_names.size() == 18);
  CHECK(s.no_partition_jobs == 0);
  CHECK(std::accumulate(s.partition_jobs.begin(), s.partition_jobs.end(), std::int64_t{0}) ==
        s.jobs);
  const auto at = [&](const std::string& name) {
    const auto it = std::find(s.partition_names.begin(), s.partition_names.end(), name);
    return it == s.partition_names.end()
               ? -1
               : s.partition_jobs[static_cast<std::size_t>(it - s.partition_names.begin())];
  };
  CHECK(at("4") == 96542);
  CHECK(at("8") == 14259);
  CHECK(at("10") == 198498);
  CHECK(at("17") == 1996);
}
