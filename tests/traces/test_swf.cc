// SWF reader: header, conventions, malformed rows, gzip (plain, compressed, truncated), order.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "traces/ordered_jobs.h"
#include "traces/swf_reader.h"
#include "traces/trace_stats.h"

using namespace fleetsim::traces;

namespace {

const std::string kData = FLEETSIM_TEST_DATA "/traces/";

std::vector<TraceJob> read_all(TraceReader& r) {
  std::vector<TraceJob> out;
  TraceJob j;
  while (r.next(j)) out.push_back(j);
  return out;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const TraceError& e) {
    return e.what();
  }
  return "(no error)";
}

// Compresses `src` into `dst` with zlib; keeps only `keep` bytes when given (a truncated file).
void gzip_file(const std::string& src, const std::string& dst, long keep = -1) {
  std::ifstream in(src, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gzFile out = gzopen(dst.c_str(), "wb");
  REQUIRE(out);
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  if (keep >= 0) std::filesystem::resize_file(dst, static_cast<std::uintmax_t>(keep));
}

}  // namespace

TEST_CASE("SWF reader: header, fields and conventions", "[traces][swf]") {
  ReadOptions opts;
  SwfReader r(kData + "small.swf", opts);
  CHECK(r.machine_devices() == 64);
  CHECK(r.header().at("UnixStartTime") == "1000000000");
  CHECK(r.header().at("TimeZoneString") == "Europe/Paris");
  const auto jobs = read_all(r);
  REQUIRE(jobs.size() == 6);
  CHECK(r.counts().lines == 18);
  CHECK(r.counts().jobs == 6);
  CHECK(r.counts().comments == 12);  // 10 header lines, one comment and one blank between jobs
  CHECK(r.counts().skipped == 0);

  CHECK(jobs[0].id == 1);
  CHECK(jobs[0].submit_s == 0);
  CHECK(jobs[0].wait_s == 10);
  CHECK(jobs[0].runtime_s == 100);
  CHECK(jobs[0].devices == 8);
  CHECK(jobs[0].time_limit_s == 200);
  CHECK(jobs[0].outcome == Outcome::kCompleted);
  CHECK(jobs[0].tenant == 1);
  CHECK(jobs[0].line == 11);
  CHECK(jobs[2].outcome == Outcome::kCancelled);
  CHECK(jobs[3].outcome == Outcome::kFailed);
  CHECK(jobs[3].time_limit_s == -1);  // requested time unknown
  CHECK(jobs[3].line == 16);
  CHECK(jobs[4].runtime_s == 0);  // zero run times are kept
  CHECK(jobs[5].devices == 32);   // allocated -1: the requested count
  CHECK(jobs[5].wait_s == -1);
  CHECK(jobs[5].outcome == Outcome::kUnknown);

  SECTION("requested processors and the group as tenant") {
    opts.procs = ReadOptions::Procs::kRequested;
    opts.tenant = ReadOptions::Tenant::kGroup;
    SwfReader g(kData + "small.swf", opts);
    const auto gj = read_all(g);
    CHECK(gj[3].devices == 12);
    CHECK(gj[3].tenant == 2);
  }
}

TEST_CASE("SWF reader: malformed rows are errors naming file, line and field", "[traces][swf]") {
  ReadOptions opts;
  const std::string path = kData + "malformed.swf";
  SECTION("error (default) stops at the first") {
    SwfReader r(path, opts);
    CHECK(message_of([&] { read_all(r); }) == path + ":3: field run_time: 'x30' is not a number");
  }
  SECTION("skip counts every skipped row with its reason") {
    opts.bad_rows = BadRows::kSkip;
    SwfReader r(path, opts);
    const auto jobs = read_all(r);
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].id == 1);
    CHECK(jobs[1].id == 7);
    const auto& c = r.counts();
    CHECK(c.lines == 8);
    CHECK(c.comments == 1);
    CHECK(c.skipped == 5);
    CHECK(c.lines == c.jobs + c.comments + c.skipped);
    CHECK(c.skip_reasons.at("malformed") == 3);
    CHECK(c.skip_reasons.at("unknown run time") == 1);
    CHECK(c.skip_reasons.at("no processors") == 1);
    REQUIRE(c.first_skips.size() == 5);
    CHECK(c.first_skips[1] == path + ":4: field preceding_job: missing (16 of 18 fields)");
    CHECK(c.first_skips[2] == path + ":5: field think_time: more than 18 fields");
    CHECK(c.first_skips[3] == path + ":6: field run_time: unknown (-1)");
  }
  SECTION("unusable rows as errors") {
    opts.bad_rows = BadRows::kSkip;
    opts.unusable_is_error = true;
    SwfReader r(path, opts);
    CHECK(message_of([&] { read_all(r); }) == path + ":6: field run_time: unknown (-1)");
  }
  SECTION("a missing file") {
    CHECK(message_of([&] {
            SwfReader r("/nonexistent/x.swf", opts);
          }).starts_with("/nonexistent/x.swf: cannot open file"));
  }
}

TEST_CASE("SWF reader: gzip, whole and truncated", "[traces][swf]") {
  const std::string gz = std::string(FLEETSIM_TEST_TMP) + "/equiv.swf.gz";
  gzip_file(kData + "equiv.swf", gz);
  ReadOptions opts;
  SwfReader plain(kData + "equiv.swf", opts), packed(gz, opts);
  const auto a = read_all(plain), b = read_all(packed);
  REQUIRE(a.size() == 600);
  REQUIRE(b.size() == 600);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].submit_s == b[i].submit_s);
    CHECK(a[i].runtime_s == b[i].runtime_s);
  }
  SECTION("truncated: an error, not a shorter trace") {
    const std::string cut = std::string(FLEETSIM_TEST_TMP) + "/cut.swf.gz";
    gzip_file(kData + "equiv.swf", cut, static_cast<long>(std::filesystem::file_size(gz) / 2));
    std::size_t rows = 0;
    const std::string msg = message_of([&] {
      SwfReader r(cut, opts);
      TraceJob j;
      while (r.next(j)) ++rows;
    });
    // The whole lines before the damage are delivered; the error names the line after them.
    CHECK(rows > 100);
    CHECK(rows < 600);
    CHECK(msg ==
          cut + ":" + std::to_string(rows + 4) + ": truncated gzip file (unexpected end of file)");
  }
}

TEST_CASE("Rows out of submit order are sorted within the window, else submitted late",
          "[traces][swf]") {
  ReadOptions opts;
  SECTION("within the reorder window") {
    OrderedJobs rows(std::make_unique<SwfReader>(kData + "unsorted.swf", opts), 4);
    std::vector<std::int64_t> ids;
    TraceJob j;
    while (rows.next(j)) ids.push_back(j.id);
    CHECK(ids == std::vector<std::int64_t>{2, 1, 4, 3});
    CHECK(rows.late() == 0);
  }
  SECTION("beyond it: kept, at the previous row's time, and counted") {
    OrderedJobs rows(std::make_unique<SwfReader>(kData + "unsorted.swf", opts), 1);
    std::vector<double> submits;
    TraceJob j;
    while (rows.next(j)) submits.push_back(j.submit_s);
    CHECK(submits == std::vector<double>{100, 100, 200, 200});
    CHECK(rows.late() == 2);
  }
}

TEST_CASE("trace stats on the fixture", "[traces][swf]") {
  const auto s = trace_stats({kData + "small.swf", "swf"}, ReadOptions{});
  CHECK(s.jobs == 6);
  CHECK(s.first_submit_s == 0);
  CHECK(s.last_submit_s == 300);
  CHECK(s.mean_runtime_s == Approx((100 + 300 + 50 + 400 + 0 + 700) / 6.0));
  CHECK(s.median_runtime_s == Approx((100 + 300) / 2.0));
  CHECK(s.waited_jobs == 5);
  CHECK(s.median_wait_s == 5);
  CHECK(s.max_devices == 32);
  CHECK(s.outcome_jobs[0] == 3);
  CHECK(s.outcome_jobs[1] == 1);
  CHECK(s.outcome_jobs[2] == 1);
  CHECK(s.outcome_jobs[3] == 1);
  CHECK(s.device_seconds == Approx(800 + 4800 + 200 + 4800 + 0 + 22400));
}

TEST_CASE("Line reader: CRLF, a line of the longest length, no final newline", "[traces][swf]") {
  const std::string path = std::string(FLEETSIM_TEST_TMP) + "/lines.txt";
  const std::string long_line((1 << 20) - 1, 'x');  // with its '\r', the 1 MiB limit
  {
    std::ofstream out(path, std::ios::binary);
    out << "a\r\nb\n" << long_line << "\r\n\nlast";
  }
  fleetsim::traces::LineReader r(path);
  std::vector<std::string> lines;
  std::string_view l;
  while (r.next(l)) lines.emplace_back(l);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "a");
  CHECK(lines[1] == "b");
  CHECK(lines[2] == long_line);
  CHECK(lines[3].empty());
  CHECK(lines[4] == "last");
  CHECK(r.line_number() == 5);
}
