// The readers against the real files in ../shared/data (skipped when absent). Expected figures
// were counted independently with zcat | awk over the same files (see the comments).
#include <catch2/catch.hpp>

#include "tests/traces/data_dir.h"
#include "traces/swf_reader.h"
#include "traces/trace_stats.h"

using namespace fleetsim::traces;

TEST_CASE("Real SWF: CEA Curie has 312,826 job lines", "[traces][swf][data]") {
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
          "[traces][swf][data]") {
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

TEST_CASE("Real SWF: LLNL Thunder's unusable rows are counted, not lost", "[traces][swf][data]") {
  FLEETSIM_REQUIRE_DATA(path, "traces/swf/LLNL-Thunder-2007-1.1-cln.swf.gz");
  const auto s = trace_stats({path, "swf"}, ReadOptions{});
  // awk: 121,039 job lines; 1,190 with submit -1, 1,058 more with neither processor count > 0.
  CHECK(s.counts.lines == 121065);
  CHECK(s.counts.jobs + s.counts.skipped == 121039);
  CHECK(s.counts.skip_reasons.at("unknown submit time") == 1190);
  CHECK(s.counts.skip_reasons.at("no processors") == 1058);
  CHECK(s.jobs == 118791);
}
