// The closed-form arithmetic of a checkpointing attempt.
#include <catch2/catch.hpp>

#include "sim/model/attempt.h"

using namespace fleetsim::model;

TEST_CASE("attempt plan: checkpoints between segments, none after the last", "[model][attempt]") {
  // 10 units of work, a checkpoint every 3 (cost 1), restart overhead 5:
  // [5 overhead][3][c][3][c][3][c][1] -> 3 checkpoints, duration 5 + 10 + 3 = 18.
  const auto p = AttemptPlan::make(5, 10, 3, 1);
  CHECK(p.checkpoints() == 3);
  CHECK(p.duration() == 18);

  SECTION("work a multiple of the interval needs no checkpoint at the end") {
    CHECK(AttemptPlan::make(0, 9, 3, 1).checkpoints() == 2);
  }
  SECTION("an interval longer than the work means no checkpoints") {
    const auto q = AttemptPlan::make(0, 10, 1000, 7);
    CHECK(q.checkpoints() == 0);
    CHECK(q.duration() == 10);
  }
  SECTION("progress splits elapsed time exactly") {
    for (Time e = 0; e <= p.duration(); ++e) {
      const auto r = progress(p, e);
      CHECK(r.committed <= r.computed);
      CHECK(r.computed <= p.work);
      // What is not compute, checkpoint or partial checkpoint is overhead.
      CHECK(r.computed + r.checkpoint + r.partial_checkpoint + std::min(e, p.overhead) == e);
    }
  }
  SECTION("a failure loses the work since the last completed checkpoint") {
    CHECK(progress(p, 4).committed == 0);  // still in the overhead
    CHECK(progress(p, 7).computed == 2);   // 2 into the first segment
    CHECK(progress(p, 7).committed == 0);
    CHECK(progress(p, 8).partial_checkpoint == 0);
    CHECK(progress(p, 8).committed == 0);  // segment done, checkpoint not yet written
    CHECK(progress(p, 9).committed == 3);  // first checkpoint complete
    CHECK(progress(p, 9).checkpoint == 1);
    CHECK(progress(p, 18).committed == 10);  // done
    CHECK(progress(p, 18).checkpoint == 3);
  }
}
