// FIFO and EASY resume a scheduling pass from the last one when nothing it read has changed
// (sim/model/cluster/fifo_easy.h). The claim is that this changes no start: each busy random run
// below (failures, every job class, a queue that stays long) is made twice, resuming and starting
// every pass from the head, and every job's record and every timeline sample must be the same.
// Each run must also have resumed passes, or the comparison would prove nothing.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "sim/model/cluster/fifo_easy.h"
#include "sim/model/cluster/partitions.h"
#include "sim/model/cluster/qos.h"
#include "tests/model/failing_fleet.h"
#include "tests/model/fleet_harness.h"
#include "tests/model/network_fleet.h"

using namespace fleetsim;

namespace {

engine::Time hours(const std::string& text) { return std::stoll(text) * engine::kHour; }

struct Outcome {
  std::map<std::uint64_t, model::JobRecord> jobs;
  std::vector<model::TimelineSample> timeline;
  std::uint64_t passes = 0, resumed = 0;
};

Outcome run(model::ModelConfig cfg, bool resume) {
  cfg.sched.resume_passes = resume;
  const traces::SyntheticConfig workload = test::busy_workload();
  auto r = test::run_fleet(cfg, {}, {}, &workload);
  Outcome out;
  out.jobs = test::records_by_id(*r);
  for (int c = 0; c < r->map->clusters(); ++c) {
    const auto& t = r->cluster(c).timeline();
    out.timeline.insert(out.timeline.end(), t.begin(), t.end());
    const auto* easy = dynamic_cast<const model::EasyBackfillPolicy*>(&r->cluster(c).policy());
    REQUIRE(easy != nullptr);
    out.passes += easy->passes();
    out.resumed += easy->passes_resumed();
  }
  return out;
}

void require_same_run(const model::ModelConfig& cfg) {
  const Outcome fresh = run(cfg, false), resumed = run(cfg, true);
  INFO("passes " << resumed.passes << ", resumed " << resumed.resumed);
  REQUIRE(fresh.resumed == 0);
  REQUIRE(resumed.passes == fresh.passes);
  REQUIRE(resumed.resumed * 20 > resumed.passes);  // at least 5% of the passes resumed
  REQUIRE(fresh.jobs.size() > 1000);
  REQUIRE(resumed.jobs.size() == fresh.jobs.size());
  std::size_t started = 0;
  for (const auto& [id, a] : fresh.jobs) {
    const model::JobRecord& b = resumed.jobs.at(id);
    INFO("job " << id);
    REQUIRE(a.start == b.start);
    REQUIRE(a.end == b.end);
    REQUIRE(a.state == b.state);
    REQUIRE(a.cluster == b.cluster);
    REQUIRE(a.restarts == b.restarts);
    REQUIRE(a.preemptions == b.preemptions);
    REQUIRE(a.shrinks == b.shrinks);
    REQUIRE(a.allocated == b.allocated);
    REQUIRE(a.useful == b.useful);
    REQUIRE(a.switch_wait == b.switch_wait);
    started += a.start >= 0 ? 1 : 0;
  }
  REQUIRE(started > 300);
  REQUIRE(resumed.timeline.size() == fresh.timeline.size());
  for (std::size_t i = 0; i < fresh.timeline.size(); ++i) {
    const auto &a = fresh.timeline[i], &b = resumed.timeline[i];
    INFO("timeline sample " << i);
    REQUIRE(a.time == b.time);
    REQUIRE(a.busy == b.busy);
    REQUIRE(a.queued_jobs == b.queued_jobs);
    REQUIRE(a.fragmented == b.fragmented);
  }
}

}  // namespace

TEST_CASE("a resumed scheduling pass starts the same jobs as one from the head",
          "[model][scheduler]") {
  model::ModelConfig cfg = test::failing_fleet();
  SECTION("EASY, the default depth") { require_same_run(cfg); }
  SECTION("EASY, depth 3: most passes stop at the depth") {
    cfg.sched.backfill_depth = 3;
    require_same_run(cfg);
  }
  SECTION("FIFO") {
    cfg.sched.backfill_depth = 0;
    require_same_run(cfg);
  }
  SECTION("partitions with QoS: blocked partitions and several reservations") {
    cfg.sched.qos = model::parse_qos_list("normal:0 frontier:10:normal");
    cfg.sched.frontier_qos = "frontier";
    cfg.sched.frontier_gpus = 64;
    cfg.sched.partitions = model::parse_partition_list(
        "f:pods=0%-50%:qos=frontier short:max_time=2:max_gpus=32 batch:qos=normal", hours);
    require_same_run(cfg);
  }
  SECTION("multifactor priority and preemption: the queue reordered, jobs requeued") {
    cfg.sched.priority = model::QueueOrder::kMultifactor;
    cfg.sched.qos = model::parse_qos_list("normal:0 high:10:normal");
    cfg.sched.frontier_qos = "high";
    cfg.sched.frontier_gpus = 64;
    cfg.sched.preempt_mode = model::PreemptMode::kRequeue;
    require_same_run(cfg);
  }
  SECTION("elastic recovery: running jobs shrink and grow in place") {
    cfg.failures.recovery = model::Recovery::kElastic;
    require_same_run(cfg);
  }
}

TEST_CASE("a resumed pass keeps switch limits: a lifted limit is a change",
          "[model][scheduler][switches]") {
  // 4 pods of 16 nodes, each pod a leaf group; gangs ask for the fewest leaf groups that could
  // hold them and wait up to 10 minutes for them (sim/model/cluster/switches.h).
  const std::string network =
      "name = test\ngpus = 512\ngpus_per_server = 8\ngpus_per_rack = 32\nrails = 1\n"
      "planes = 1\nnic_gbps = 400\nradix = 256\nport_gbps = 400\noversubscription = 1\n"
      "tiers = 2\n";
  model::ModelConfig cfg = test::network_fleet(4, 16, network);
  cfg.checkpoint.from_model = false;
  cfg.sched.placement = model::PlacementRule::kTopology;
  cfg.sched.switches_extra = 0;
  cfg.sched.switches_wait = 600 * engine::kSecond;
  cfg.end_time = 20 * engine::kDay;
  cfg.timeline_period = 10 * engine::kMinute;
  cfg.failures.node_rate = 100;
  require_same_run(cfg);
}

TEST_CASE("a resumed pass takes its shadow times again at the new time", "[model][scheduler]") {
  // Five single-GPU nodes, limits not enforced. A (3 GPUs) runs past its 10 s limit; B holds a
  // fourth node. C (4 GPUs) arrives at 21 and waits: it fits once A ends, by A's limit at 11, so
  // its shadow time is now, 21, with no extra node. D (1 GPU, time limit 0) arrives at 31 to the
  // one free node: it ends by the shadow time, now 31, and starts. A pass that kept the shadow
  // time of 21 would make D wait for an extra node there is not.
  model::ModelConfig cfg = test::quiet_fleet({1}, 5, 1);
  cfg.sched.enforce_time_limits = model::TimeLimits::kOff;
  cfg.end_time = 2000 * engine::kSecond;
  const std::vector<traces::JobSpec> jobs = {test::job(0, 3, 100, 10), test::job(0, 1, 1000, 1000),
                                             test::job(20, 4, 10, 10), test::job(30, 1, 5, 0)};
  for (const bool resume : {false, true}) {
    INFO("resume_passes " << resume);
    cfg.sched.resume_passes = resume;
    auto r = test::run_fleet(cfg, jobs);
    const auto rec = test::records_by_id(*r);
    REQUIRE(rec.at(0).start == engine::from_seconds(1));
    REQUIRE(rec.at(2).start == engine::from_seconds(101));
    REQUIRE(rec.at(3).start == engine::from_seconds(31));
    const auto& easy = dynamic_cast<const model::EasyBackfillPolicy&>(r->cluster(0).policy());
    if (resume) REQUIRE(easy.passes_resumed() > 0);
  }
}
