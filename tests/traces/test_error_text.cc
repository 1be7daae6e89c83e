// Issue 9 items 7 and 13: what bad input looks like in a message. One line naming file, record
// (1-based) and field; at most ~60 characters of the bad value, non-printable bytes escaped; a
// byte-order mark read as nothing; lines longer than 1 MiB refused with that reason; JSON
// readers name the file for a directory and for a number no double holds.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/traces/read_helpers.h"
#include "traces/failure_log.h"
#include "traces/line_reader.h"
#include "traces/text.h"

using namespace fleetsim::traces;
using fleetsim::test::kFailureData;
using fleetsim::test::kTraceData;
using fleetsim::test::message_of;

namespace {
const std::string kTmp = FLEETSIM_TEST_TMP;
}

TEST_CASE("quote: short, escaped, UTF-8 kept", "[traces][messages]") {
  CHECK(quote("x30") == "'x30'");
  CHECK(quote(std::string(10000, 'a')) == "'" + std::string(60, 'a') + "'... (10000 bytes)");
  CHECK(quote(std::string("a\0b\x1b[1m\n", 8)) == "'a\\x00b\\x1B[1m\\x0A'");
  CHECK(quote("Z\xC3\xBCrich") == "'Z\xC3\xBCrich'");  // valid UTF-8 shown as is
  CHECK(quote("\xC3(") == "'\\xC3('");                 // a broken sequence is not
  CHECK(quote("a\xEF\xBB\xBF"
              "b") == "'a\\xEF\\xBB\\xBFb'");  // an invisible BOM is not
}

TEST_CASE("A 10,000-character field is quoted, not echoed", "[traces][messages]") {
  const std::string path = kTmp + "/long_field.swf";
  {
    std::ofstream out(path, std::ios::binary);
    out << "1 0 10 " << std::string(10000, '7') << "x 8 -1 -1 8 200 -1 1 1 1 -1 1 1 -1 -1\n";
  }
  CHECK(message_of([&] { fleetsim::test::read_trace(path, "swf", BadRows::kError); }) ==
        path + ":1: field run_time: '" + std::string(60, '7') +
            "'... (10001 bytes) is not a number");
}

TEST_CASE("Binary bytes and NULs in a trace are escaped", "[traces][messages]") {
  const std::string f = kTraceData + "binary.swf";
  CHECK(message_of([&] { fleetsim::test::read_trace(f, "swf", BadRows::kError); }) ==
        f + ":3: field run_time: '\\x00\\x01\\x1B[31m' is not a number");
}

TEST_CASE("A file starting with a UTF-8 byte-order mark reads normally", "[traces][messages]") {
  const auto r = fleetsim::test::read_trace(kTraceData + "bom_openb.csv", "openb", BadRows::kError);
  REQUIRE(r.jobs.size() == 1);
  CHECK(r.jobs[0].runtime_s == 990);
  CHECK(read_failure_log({kFailureData + "bom.failures.csv", "native"}, BadRows::kError)
            .records.size() == 1);
  CHECK(read_failure_log({kFailureData + "bom_fault_trace.json", "stepfun"}, BadRows::kError)
            .records.size() == 1);
  CHECK(strip_utf8_bom("\xEF\xBB\xBFkey = 1") == "key = 1");
  CHECK(strip_utf8_bom("key = 1") == "key = 1");
}

TEST_CASE("A line longer than 1 MiB is an error saying so, plain or gzip", "[traces][messages]") {
  const std::string line(3 << 20, 'x');
  const std::string plain = kTmp + "/long_line.txt", gz = kTmp + "/long_line.txt.gz";
  {
    std::ofstream out(plain, std::ios::binary);
    out << "first\n" << line << "\nlast\n";
  }
  gzFile f = gzopen(gz.c_str(), "wb");
  REQUIRE(f);
  gzwrite(f, line.data(), static_cast<unsigned>(line.size()));
  gzclose(f);
  for (const auto& path : {plain, gz}) {
    LineReader r(path);
    std::string_view l;
    const std::string msg = message_of([&] {
      while (r.next(l)) {
      }
    });
    CHECK(msg == path + (path == plain ? ":2" : ":1") +
                     ": line longer than 1048576 bytes, the most one record may have (is this a "
                     "text file?)");
  }
}

TEST_CASE("JSON readers name the file: a directory, a number beyond a double",
          "[traces][messages]") {
  const std::string dir = FLEETSIM_TEST_DATA "/failures";
  CHECK(message_of([&] {
          read_failure_log({dir, "stepfun"}, BadRows::kError);
        }) == dir + ": cannot open file: it is a directory");
  CHECK(message_of([&] { fleetsim::test::read_trace(dir, "philly"); }) ==
        dir + ": cannot open file: it is a directory");
  CHECK(message_of([&] { fleetsim::test::read_trace(dir, "swf"); }) ==
        dir + ": cannot open file: it is a directory");
  const std::string f = kTraceData + "number_overflow_philly.json";
  CHECK(message_of([&] { fleetsim::test::read_trace(f, "philly"); }) ==
        f + ": record 2: field runtime: not valid JSON: number overflow parsing '1e400'");
  const std::string t = kFailureData + "truncated_fault_trace.json";
  CHECK_THAT(message_of([&] {
               read_failure_log({t, "stepfun"}, BadRows::kError);
             }),
             Catch::StartsWith(t + ": record 1: field event_time: not valid JSON: ") &&
                 !Catch::Contains("\n"));
}
