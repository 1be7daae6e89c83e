// Issue 9 item 12 and the Failure Trace Archive's published files: a failure log without a
// failure (empty, header only, StepFun `[]`, /dev/null) is an error, not a fleet that never
// fails; a repair that ends before it starts is an error; real FTA files (a '#' header naming
// event_stop_time, fields padded with spaces) read as published.
#include <catch2/catch.hpp>
#include <fstream>

#include "tests/traces/read_helpers.h"
#include "traces/failure_log.h"

using namespace fleetsim::traces;
using fleetsim::test::kFailureData;
using fleetsim::test::message_of;

namespace {
std::string read_error(const std::string& path, const std::string& format) {
  return message_of([&] { read_failure_log({path, format}, BadRows::kSkip); });
}
}  // namespace

TEST_CASE("Failure logs without a failure are errors", "[traces][failures][content]") {
  const std::string d = kFailureData;
  CHECK(read_error(d + "empty_fault_trace.json", "stepfun") ==
        d + "empty_fault_trace.json: record 1: field event_type: no failure in the log (0 "
            "records read, 0 skipped)");
  CHECK(read_error(d + "header_only.failures.csv", "native") ==
        d + "header_only.failures.csv:3: field time_s: no failure in the log (2 lines read, 0 "
            "skipped)");
  CHECK(read_error(d + "header_only_event_trace.tab", "fta") ==
        d + "header_only_event_trace.tab:2: field event_type: no failure in the log (1 line "
            "read, 0 skipped)");
  CHECK(read_error("/dev/null", "native") == "/dev/null:1: field time_s: no header line");
  CHECK(read_error("/dev/null", "lanl") == "/dev/null:1: field System: no header line");
  CHECK(read_error("/dev/null", "fta") ==
        "/dev/null:1: field event_type: no failure in the log (0 lines read, 0 skipped)");
  CHECK(read_error("/dev/null", "stepfun") ==
        "/dev/null: record 1: field (record): the file is empty");
  SECTION("a log whose rows are all skipped has none either") {
    const std::string f = std::string(FLEETSIM_TEST_TMP) + "/available_event_trace.tab";
    std::ofstream(f) << "1\t0\t17\t3\tn17\t1\t1000000000\t1000003600\t\n";
    CHECK(read_error(f, "fta") ==
          f + ":2: field event_type: no failure in the log (1 line read, 1 skipped)");
  }
}

TEST_CASE("A StepFun fault that ends before it starts is an error", "[traces][failures][content]") {
  const std::string f = kFailureData + "reversed_fault_trace.json";
  CHECK(message_of([&] {
          read_failure_log({f, "stepfun"}, BadRows::kError);
        }) == f + ": record 2: field event_time: fault_end before its fault_start (record 1)");
}

TEST_CASE("FTA files as the archive publishes them", "[traces][failures][content]") {
  const std::string f = kFailureData + "published_event_trace.tab";
  const auto log = read_failure_log(parse_failure_spec(f), BadRows::kError);
  CHECK(log.counts.lines == 4);
  CHECK(log.counts.comments == 1);  // the '#' header
  CHECK(log.counts.skip_reasons.at("availability period") == 1);
  REQUIRE(log.records.size() == 2);
  CHECK(log.records[0].node == "3:17");  // padding trimmed
  CHECK(log.records[0].time_s == 0);
  CHECK(log.records[0].repair_s == 3600);  // event_stop_time - event_start_time
  CHECK(log.records[0].text == "1");
  CHECK(log.records[1].node == "3:5");
  CHECK(log.records[1].time_s == 500.5);
  CHECK(log.records[1].repair_s == 500);
  SECTION("the layout of the format description still reads") {
    const auto old = read_failure_log({kFailureData + "event_trace.tab", "fta"}, BadRows::kSkip);
    CHECK(old.records.size() == 2);
  }
}
