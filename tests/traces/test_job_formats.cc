// The GPU-cluster trace formats: openb, Helios, Acme (time zones), sacct, PAI, Philly; each
// from a hand-written fixture with malformed rows, plus date-time parsing.
#include <catch2/catch.hpp>

#include "traces/datetime.h"
#include "traces/trace_reader.h"
#include "traces/trace_stats.h"

using namespace fleetsim::traces;

namespace {

const std::string kData = FLEETSIM_TEST_DATA "/traces/";

struct Read {
  std::vector<TraceJob> jobs;
  ReadCounts counts;
};

Read read(const std::string& file, const std::string& format, BadRows bad = BadRows::kSkip) {
  ReadOptions opts;
  opts.bad_rows = bad;
  auto r = open_trace({kData + file, format}, opts);
  Read out;
  TraceJob j;
  while (r->next(j)) out.jobs.push_back(j);
  out.counts = r->counts();
  return out;
}

std::string error_of(const std::string& file, const std::string& format) {
  try {
    read(file, format, BadRows::kError);
  } catch (const TraceError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("Date-times: zones converted, local times kept", "[traces][formats]") {
  double t = 0, u = 0;
  bool zone = true;
  REQUIRE(parse_datetime("1970-01-02 00:00:01", t, &zone));
  CHECK(t == 86401);
  CHECK_FALSE(zone);
  REQUIRE(parse_datetime("2023-05-01 08:00:00+08:00", t, &zone));
  CHECK(zone);
  REQUIRE(parse_datetime("2023-05-01T00:00:00Z", u));
  CHECK(t == u);
  CHECK(u == 1682899200);  // date -u -d 2023-05-01 +%s
  REQUIRE(parse_datetime("2023-04-30 19:30:00-0430", t));
  CHECK(t == u);
  REQUIRE(parse_datetime("2024-02-29 12:00:00.250", t));
  CHECK(t == Approx(1709208000.25));
  SECTION("invalid") {
    CHECK_FALSE(parse_datetime("2017-13-03 11:00:00", t));
    CHECK_FALSE(parse_datetime("2017-10-03", t));
    CHECK_FALSE(parse_datetime("2017-10-03 11:00:00 PST", t));
    CHECK_FALSE(parse_datetime("2017-10-03 11:00:00+25:00", t));
  }
  SECTION("Slurm durations") {
    double d = 0;
    REQUIRE(parse_slurm_duration("1-02:03:04", d));
    CHECK(d == 93784);
    REQUIRE(parse_slurm_duration("02:03:04", d));
    CHECK(d == 7384);
    REQUIRE(parse_slurm_duration("03:04", d));
    CHECK(d == 184);
    REQUIRE(parse_slurm_duration("5", d));
    CHECK(d == 300);
    CHECK_FALSE(parse_slurm_duration("UNLIMITED", d));
    CHECK_FALSE(parse_slurm_duration("1:2:3:4", d));
  }
}

TEST_CASE("openb pod list", "[traces][formats]") {
  const auto r = read("openb_small.csv", "openb");
  REQUIRE(r.jobs.size() == 4);
  CHECK(r.counts.skipped == 2);
  CHECK(r.counts.lines == 7);
  CHECK(r.jobs[0].id == 0);
  CHECK(r.jobs[0].wait_s == 10);
  CHECK(r.jobs[0].runtime_s == 990);
  CHECK(r.jobs[0].outcome == Outcome::kCompleted);
  CHECK(r.jobs[1].devices == Approx(0.46));  // gpu_milli 460: a fractional GPU
  CHECK(r.jobs[1].outcome == Outcome::kUnknown);
  CHECK(r.jobs[2].devices == 0);   // a CPU pod
  CHECK(r.jobs[2].tenant == 1);    // qos BE
  CHECK_FALSE(r.jobs[3].started);  // Pending when deleted
  CHECK(r.jobs[3].outcome == Outcome::kCancelled);
  CHECK(r.counts.first_skips[1] == kData + "openb_small.csv:7: field num_gpu: 'x' is not a number");
  CHECK(error_of("openb_small.csv", "openb") ==
        kData + "openb_small.csv:6: field deletion_time: before scheduled_time");
}

TEST_CASE("Helios CSV: Slurm states, times without a zone", "[traces][formats]") {
  const auto r = read("helios_small.csv", "helios");
  REQUIRE(r.jobs.size() == 4);
  CHECK(r.jobs[1].submit_s - r.jobs[0].submit_s == 600);
  CHECK(r.jobs[0].wait_s == 60);
  CHECK(r.jobs[0].devices == 8);
  CHECK(r.jobs[1].outcome == Outcome::kCancelled);
  CHECK(r.jobs[2].outcome == Outcome::kFailed);  // NODE_FAIL
  CHECK(r.jobs[3].outcome == Outcome::kFailed);  // TIMEOUT
  CHECK(r.jobs[2].tenant == 0);                  // vc
  CHECK(error_of("helios_small.csv", "helios") ==
        kData + "helios_small.csv:6: field duration: 'x' is not a number");
}

TEST_CASE("Acme Kalos CSV: +08:00 and +00:00 in one file", "[traces][formats]") {
  const auto r = read("acme_kalos_small.csv", "acme");
  REQUIRE(r.jobs.size() == 2);
  CHECK(r.jobs[0].submit_s == 1682899200);  // 08:00+08:00 = 00:00 UTC
  CHECK(r.jobs[0].wait_s == 30);
  CHECK(r.jobs[1].submit_s == 1682899200 + 300);
  CHECK(r.jobs[1].wait_s == 60);  // 00:05 UTC to 08:06+08:00
  CHECK(r.jobs[1].outcome == Outcome::kFailed);
  CHECK(error_of("acme_kalos_small.csv", "acme") ==
        kData + "acme_kalos_small.csv:4: field start_time: before submit_time");
}

TEST_CASE("sacct --parsable2", "[traces][formats]") {
  const auto r = read("small.sacct", "sacct");
  REQUIRE(r.jobs.size() == 4);
  CHECK(r.counts.lines == 8);
  CHECK(r.counts.skip_reasons.at("job step") == 2);
  CHECK(r.counts.skip_reasons.at("malformed") == 1);
  const auto& a = r.jobs[0];
  CHECK(a.id == 100);
  CHECK(a.wait_s == 300);
  CHECK(a.runtime_s == 7200);
  CHECK(a.time_limit_s == 14400);
  CHECK(a.devices == 8);
  CHECK(a.tenant == 0);
  CHECK(r.jobs[1].outcome == Outcome::kCancelled);  // "CANCELLED by 1000"
  CHECK(r.jobs[1].devices == 2);
  CHECK(r.jobs[1].time_limit_s == 86400);
  CHECK(r.jobs[2].id == 102);
  CHECK_FALSE(r.jobs[2].started);
  CHECK(r.jobs[2].devices == 0);
  CHECK(r.jobs[3].outcome == Outcome::kFailed);  // TIMEOUT
  CHECK(r.jobs[3].runtime_s == 86400);
  CHECK(r.jobs[3].time_limit_s == -1);  // UNLIMITED
  CHECK(error_of("small.sacct", "sacct") == kData +
                                                "small.sacct:8: field Submit: '2024-01-01 later' "
                                                "is not a time (YYYY-MM-DD HH:MM:SS[+HH:MM])");
}

TEST_CASE("PAI task table: percent GPUs, rows without times skipped as unusable",
          "[traces][formats]") {
  const auto r = read("pai_task_small.csv", "pai");
  REQUIRE(r.jobs.size() == 3);
  CHECK(r.jobs[0].devices == Approx(1.0));  // 2 instances x 50%
  CHECK(r.jobs[0].runtime_s == 3600);
  CHECK(r.jobs[1].devices == 0);
  CHECK(r.jobs[2].devices == 4);
  CHECK(r.jobs[2].outcome == Outcome::kFailed);
  CHECK(r.counts.skip_reasons.at("unknown run time") == 1);
  CHECK(r.counts.skip_reasons.at("unknown submit time") == 1);
  CHECK(r.counts.skip_reasons.at("malformed") == 1);
  CHECK(error_of("pai_task_small.csv", "pai") ==
        kData + "pai_task_small.csv:6: field plan_gpu: 'lots' is not a number");
}

TEST_CASE("Philly JSON, full layout", "[traces][formats]") {
  const auto r = read("philly_full_small.json", "philly");
  REQUIRE(r.jobs.size() == 3);
  CHECK(r.jobs[0].devices == 8);  // from the attempts' detail
  CHECK(r.jobs[0].runtime_s == 3600);
  CHECK(r.jobs[0].wait_s == 60);
  CHECK(r.jobs[0].outcome == Outcome::kCompleted);
  CHECK(r.jobs[1].attempts == 2);
  CHECK(r.jobs[1].runtime_s == 900);
  CHECK(r.jobs[1].outcome == Outcome::kFailed);
  CHECK(r.jobs[1].tenant == 1);
  CHECK_FALSE(r.jobs[2].started);
  CHECK(r.jobs[2].outcome == Outcome::kCancelled);
  CHECK(error_of("philly_full_small.json", "philly") ==
        kData +
            "philly_full_small.json: record 4: field submitted_time: '2017-13-03 11:00:00' is "
            "not a time (YYYY-MM-DD HH:MM:SS)");
}

TEST_CASE("Philly JSON, subset layout: runtime in minutes, no status", "[traces][formats]") {
  const auto r = read("philly_subset_small.json", "philly");
  REQUIRE(r.jobs.size() == 2);
  CHECK(r.counts.skipped == 1);
  CHECK(r.jobs[0].devices == 8);
  CHECK(r.jobs[0].runtime_s == Approx(3221.05 * 60));
  CHECK(r.jobs[0].wait_s == 30);
  CHECK(r.jobs[0].attempts == 2);
  CHECK(r.jobs[0].outcome == Outcome::kUnknown);
  CHECK(r.jobs[1].submit_s - r.jobs[0].submit_s == 3600 + 47 * 60 + 21);
  CHECK(r.jobs[1].wait_s == 60);
  CHECK(error_of("philly_subset_small.json", "philly") ==
        kData +
            "philly_subset_small.json: record 2: field runtime: not a non-negative number of "
            "minutes");
}
