// `fleetsim trace convert`: the normalized form reloads into the very same records.
#include <catch2/catch.hpp>
#include <filesystem>

#include "traces/normalized_trace.h"

using namespace fleetsim::traces;

namespace {

std::vector<TraceJob> read_all(const TraceSpec& spec, BadRows bad = BadRows::kError) {
  ReadOptions opts;
  opts.bad_rows = bad;
  auto r = open_trace(spec, opts);
  std::vector<TraceJob> out;
  TraceJob j;
  while (r->next(j)) out.push_back(j);
  return out;
}

}  // namespace

TEST_CASE("Normalized form round trip", "[traces][convert]") {
  const std::string data = FLEETSIM_TEST_DATA "/traces/";
  struct Case {
    std::string file, format, out;
  };
  for (const Case& c : {Case{"small.swf", "swf", "small.fleetsim.csv"},
                        Case{"openb_small.csv", "openb", "openb.fleetsim.csv.gz"},
                        Case{"philly_full_small.json", "philly", "philly.fleetsim.csv"}}) {
    const std::string out = std::string(FLEETSIM_TEST_TMP) + "/" + c.out;
    ReadOptions opts;
    opts.bad_rows = BadRows::kSkip;
    auto reader = open_trace({data + c.file, c.format}, opts);
    const auto rows = write_normalized(*reader, c.file, out);
    CHECK_FALSE(std::filesystem::exists(out + ".partial"));
    const auto a = read_all({data + c.file, c.format}, BadRows::kSkip);
    const auto b = read_all(parse_trace_spec(out));
    REQUIRE(static_cast<std::int64_t>(a.size()) == rows);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO(c.file << " row " << i);
      CHECK(a[i].id == b[i].id);
      CHECK(a[i].submit_s == b[i].submit_s);
      CHECK(a[i].wait_s == b[i].wait_s);
      CHECK(a[i].runtime_s == b[i].runtime_s);
      CHECK(a[i].time_limit_s == b[i].time_limit_s);
      CHECK(a[i].devices == b[i].devices);
      CHECK(a[i].outcome == b[i].outcome);
      CHECK(a[i].tenant == b[i].tenant);
      CHECK(a[i].started == b[i].started);
      CHECK(a[i].attempts == b[i].attempts);
    }
    if (c.format == "swf") CHECK(open_trace(parse_trace_spec(out), {})->machine_devices() == 64);
  }
}
