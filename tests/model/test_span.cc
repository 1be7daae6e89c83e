// Jobs spanning sites (sched.oversize = span; sim/model/span/): the plan of sites and parts, the
// co-allocation protocol, a failure at one site stopping every part, and the WAN's cuts. Times
// are worked by hand from the protocol's latencies (latency.submit = latency.span = 1 s).
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/span/span_plan.h"
#include "tests/model/fleet_harness.h"
#include "training/catalog.h"

using namespace fleetsim;
using engine::from_seconds;
using engine::kSecond;
using model::JobState;

namespace {

// Two sites of 2 pods x 2 nodes x 1 GPU: 4 GPUs each. A 6-GPU job is larger than either, and
// (under 8 GPUs) has no step model, so its runtime does not change across sites.
model::ModelConfig two_sites() {
  model::ModelConfig cfg;
  cfg.fabric = {4, 2, 1};
  cfg.layout = {"two", "", "test", {2, 2}};
  cfg.sched.oversize = model::Oversize::kSpan;
  cfg.sched.shrink_fraction = 1;
  cfg.failures.node_rate = 0;
  cfg.failures.maintenance_rate = 0;
  cfg.failures.wan_rate = 0;
  cfg.failures.detect_latency = 5 * kSecond;
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  cfg.checkpoint.from_model = false;
  cfg.checkpoint.restart_overhead = 20 * kSecond;
  cfg.end_time = 10000 * kSecond;
  cfg.timeline_period = 100 * kSecond;
  return cfg;
}

void check_accounting(const model::JobRecord& j) {
  CHECK(j.useful + j.lost + j.checkpoint + j.degraded + j.contended == j.allocated);
}

}  // namespace

TEST_CASE("the fewest sites that hold a job, in proportion to their shares", "[model][span]") {
  // 10x10k: eight sites of 1,280 nodes and two of 1,152, at most 90% of each.
  const std::vector<int> sites = {1280, 1280, 1280, 1280, 1280, 1280, 1280, 1280, 1152, 1152};
  const std::vector<std::int64_t> idle(10, 0);
  // 32,768 GPUs = 4,096 nodes: four shares of floor(0.9 x 1,280) = 1,152 hold it, three do not.
  auto plan = model::plan_span(4096, sites, idle, 0.9);
  CHECK(plan.clusters == std::vector<int>{0, 1, 2, 3});
  CHECK(plan.nodes == std::vector<int>{1024, 1024, 1024, 1024});
  // Sites already carrying spanning parts are passed over while others hold the job.
  std::vector<std::int64_t> load(10, 0);
  for (int c = 0; c < 4; ++c) load[c] = 1024;
  CHECK(model::plan_span(4096, sites, load, 0.9).clusters == std::vector<int>{4, 5, 6, 7});
  // 90,112 GPUs = 11,264 nodes takes all ten; parts follow the shares 1,152 and 1,036 (the
  // total share 11,288 is 24 nodes more than needed: the remainders go to the largest fractions).
  plan = model::plan_span(11264, sites, idle, 0.9);
  REQUIRE(plan.clusters.size() == 10);
  int total = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    total += plan.nodes[i];
    CHECK(plan.nodes[i] <= (i < 8 ? 1152 : 1036));
    CHECK(std::abs(plan.nodes[i] - 11264.0 * (i < 8 ? 1152 : 1036) / 11288) < 1);
  }
  CHECK(total == 11264);
  // More than every share together, or a job one site holds: no plan.
  CHECK(model::plan_span(11289, sites, idle, 0.9).empty());
  CHECK(model::plan_span(1000, sites, idle, 0.9).empty());
}

TEST_CASE("a job larger than every cluster runs across sites, co-allocated", "[model][span]") {
  // Router at 0 -> span at 1 s -> parts queued at 2 s, both held at once -> ready at 3 s ->
  // go reaches both sites at 4 s: the attempt runs 4..1004 s; the parts are dropped at 1005 s.
  auto run = test::run_fleet(two_sites(), {test::job(0, 6, 1000, 2000)});
  const auto jobs = run->span().job_records();
  REQUIRE(jobs.size() == 1);
  const auto& j = jobs[0];
  CHECK(j.state == JobState::kCompleted);
  CHECK(j.sites == 2);
  CHECK(j.cluster == 0);
  CHECK(j.gpus_allocated == 6);
  CHECK(j.start == from_seconds(4));
  CHECK(j.end == from_seconds(1004));
  CHECK(j.held == from_seconds(2));  // each part held from 2 s to the go at 4 s
  check_accounting(j);
  // Each site's 3 GPUs were busy from the hold (2 s) to the stop (1005 s); no job row there.
  for (int c = 0; c < 2; ++c) {
    CHECK(run->cluster(c).totals().busy_gpu_seconds == 3.0 * 1003);
    CHECK(run->cluster(c).job_records().empty());
  }

  SECTION("a part waits for its site; the other site holds its nodes meanwhile") {
    // B (4 GPUs, 500 s) reaches site 0 first (tie: lowest index) and runs 1..501 s; the job's
    // part there is held at 501 s, ready at 502 s; go at 503 s. Site 1's part held 2..503 s.
    auto busy =
        test::run_fleet(two_sites(), {test::job(0, 4, 500, 600), test::job(0, 6, 1000, 2000)});
    const auto sj = busy->span().job_records();
    REQUIRE(sj.size() == 1);
    CHECK(sj[0].start == from_seconds(503));
    CHECK(sj[0].end == from_seconds(1503));
    // Per GPU: (3 GPUs x 501 s + 3 GPUs x 2 s) / 6 GPUs = 251.5 s.
    CHECK(sj[0].held == from_seconds(251.5));
  }

  SECTION("the coordinator kills the whole job at its time limit") {
    auto cfg = two_sites();
    cfg.sched.enforce_time_limits = model::TimeLimits::kOn;
    auto limited = test::run_fleet(cfg, {test::job(0, 6, 1000, 500), test::job(600, 4, 100, 100)});
    const auto sj = limited->span().job_records();
    REQUIRE(sj.size() == 1);
    CHECK(sj[0].state == JobState::kTimeout);
    CHECK(sj[0].end == from_seconds(504));
    check_accounting(sj[0]);
    // Its parts were dropped at 505 s: a 4-GPU job submitted at 600 s starts at once.
    int started = 0;
    for (int c = 0; c < 2; ++c)
      for (const auto& j : limited->cluster(c).job_records()) {
        CHECK(j.start == from_seconds(601));
        ++started;
      }
    CHECK(started == 1);
  }

  SECTION("with sched.oversize shrink the same job is shrunk into one cluster instead") {
    auto cfg = two_sites();
    cfg.sched.oversize = model::Oversize::kShrink;
    auto shrunk = test::run_fleet(cfg, {test::job(0, 6, 1000, 2000)});
    const auto rec = shrunk->cluster(0).job_records();
    REQUIRE(rec.size() == 1);
    CHECK(rec[0].job.shrunk);
    CHECK(rec[0].job.gpus == 4);
    CHECK(rec[0].sites == 1);
  }
}

TEST_CASE("a spanning job's runtime takes its cross-site all-reduce", "[model][span]") {
  // Sites of 32 GPUs; a 48-GPU job trains the catalog's model for its size. Its step on two
  // sites over the WAN, from the training library directly, against its step on one cluster.
  auto cfg = two_sites();
  cfg.fabric = {4, 2, 8};
  cfg.end_time = 200000 * kSecond;
  for (int sync : {1, 10}) {
    cfg.span.sync_every = sync;
    auto run = test::run_fleet(cfg, {test::job(0, 48, 100000, 400000)});
    const auto j = run->span().job_records().at(0);
    auto one = training::catalog_job(training::model_for_gpus(48), 48, training::Hardware{});
    auto two = one;
    two.sites = {2, cfg.span.wan_gbps, cfg.span.wan_latency_ms / 1000, sync};
    const double factor = training::step_time(two).step_s / training::step_time(one).step_s;
    INFO("sync_every " << sync << ", factor " << factor);
    CHECK(factor > 1);
    CHECK(j.job.runtime == static_cast<engine::Time>(std::ceil(1e11 * factor)));
    CHECK(j.end - j.start == j.job.runtime);  // no failures, no checkpoints
    CHECK(j.step_s == Approx(training::step_time(two).step_s));
  }
}

TEST_CASE("a failure at one site stops every part; they restart together", "[model][span]") {
  // Node 4 (site 1's first node, under its part) fails at 100 s, seen at 105 s: site 1 requeues
  // its part and tells the coordinator, which learns at 106 s: the attempt (4..106 s) loses
  // everything (no checkpoints), stops both parts (at 107 s) at the next generation; both hold
  // again at 107 s (site 1 on its 3 healthy nodes), ready at 108 s, go at 109 s; the restart
  // overhead (20 s) and the 1000 s of work end it at 1129 s.
  auto run = test::run_fleet(two_sites(), {test::job(0, 6, 1000, 5000)},
                             {{from_seconds(100), from_seconds(3000), 4}});
  const auto jobs = run->span().job_records();
  REQUIRE(jobs.size() == 1);
  const auto& j = jobs[0];
  CHECK(j.state == JobState::kCompleted);
  CHECK(j.restarts == 1);
  CHECK(j.end == from_seconds(1129));
  CHECK(j.useful == from_seconds(1000));
  CHECK(j.lost == from_seconds(102 + 20));
  CHECK(j.allocated == from_seconds(102 + 1020));
  check_accounting(j);
  const auto& failures = run->cluster(1).failures();
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].jobs_interrupted == 1);
  CHECK(failures[0].gpus_hit == 3);
  // A failure at the other site, not under the job: nothing happens to it.
  auto idle = test::run_fleet(two_sites(), {test::job(0, 6, 1000, 5000)},
                              {{from_seconds(100), from_seconds(3000), 7}});
  CHECK(idle->span().job_records()[0].end == from_seconds(1004));
}

TEST_CASE("cut WAN paths: all of a site's stop its jobs, some slow them", "[model][span]") {
  SECTION("one path per site: every cut while running interrupts, counted as the WAN's") {
    // 0.1 cuts per path-day, 1 h repairs, 1000 days: per path the alternating renewal process
    // gives 1000 / (10 + 1/24) = 99.6 cuts, 199.2 for the two sites (Poisson; 3.29 sigma).
    auto cfg = two_sites();
    cfg.span.wan_paths = 1;
    cfg.failures.wan_rate = 100;
    cfg.failures.wan_repair = engine::kHour;
    cfg.end_time = 1000 * engine::kDay;
    cfg.timeline_period = engine::kDay;
    auto run = test::run_fleet(cfg, {test::job(0, 6, 2000.0 * 86400, 4000.0 * 86400)});
    const auto& cuts = run->span().failures();
    const double expected = 2 * 1000 / (10 + 1.0 / 24);
    CHECK(std::abs(static_cast<double>(cuts.size()) - expected) < 3.29 * std::sqrt(expected));
    const auto j = run->span().job_records()[0];
    int interrupting = 0;
    for (const auto& f : cuts) {
      CHECK(f.component == core::Component::kWanPath);
      CHECK(f.tier == -1);
      interrupting += f.jobs_interrupted;
    }
    CHECK(interrupting > 0);
    CHECK(j.restarts == interrupting);  // no other failure: every restart is a cut's
    CHECK(j.state == JobState::kRunning);
    check_accounting(j);
  }
  SECTION("two paths: one cut slows a job with a step model, never stops it") {
    // Sites of 2 pods x 2 nodes x 8 GPUs (32 GPUs); a 48-GPU job trains a catalog model, so
    // half its WAN makes its cross-site all-reduce, and its step, slower.
    auto cfg = two_sites();
    cfg.fabric = {4, 2, 8};
    cfg.failures.wan_rate = 100;
    cfg.failures.wan_repair = engine::kHour;
    cfg.span.wan_gbps = 100;  // a thin WAN, so that half of it matters
    cfg.end_time = 200 * engine::kDay;
    cfg.timeline_period = engine::kDay;
    auto run = test::run_fleet(cfg, {test::job(0, 48, 1000.0 * 86400, 2000.0 * 86400)});
    const auto j = run->span().job_records()[0];
    int slowed = 0, stopped = 0;
    for (const auto& f : run->span().failures()) {
      slowed += f.jobs_slowed;
      stopped += f.jobs_interrupted;
    }
    CHECK(slowed > 0);
    CHECK(j.degraded > 0);
    // Both paths of a site down at once (a second cut within the first's hour) is rare but
    // allowed: only those stop the job.
    CHECK(j.restarts == stopped);
    CHECK(stopped < slowed);
    check_accounting(j);
  }
}

TEST_CASE("spanning jobs at the same sites share their WAN, max-min fair", "[model][span]") {
  // Three sites of 12 nodes x 8 GPUs; with shrink_fraction 0.5 a site lends a spanning job at
  // most 6 nodes, so a 15-node (120-GPU) job spans all three (parts of 5 nodes each), and
  // two of them run at once, both on every site. Each demands the whole WAN of its sites; two
  // on each site get half of it each. A thin WAN (100 Gb/s), so that half of it matters.
  auto cfg = two_sites();
  cfg.fabric = {18, 2, 8};
  cfg.layout = {"three", "", "test", {6, 6, 6}};
  cfg.sched.shrink_fraction = 0.5;
  cfg.span.wan_gbps = 100;
  cfg.end_time = 100 * engine::kDay;
  const std::vector<traces::JobSpec> jobs = {test::job(0, 120, 100000, 900000),
                                             test::job(0, 120, 100000, 900000)};
  // The step of the catalog model for 120 GPUs over three sites, from the training library
  // directly: with the whole WAN, and with half of it.
  auto whole = training::catalog_job(training::model_for_gpus(120), 120, training::Hardware{});
  whole.sites = {3, cfg.span.wan_gbps, cfg.span.wan_latency_ms / 1000, 1};
  auto half = whole;
  half.sites.wan_gbps = cfg.span.wan_gbps / 2;
  const double rate = training::step_time(whole).step_s / training::step_time(half).step_s;
  REQUIRE(rate < 0.99);

  auto run = test::run_fleet(cfg, jobs);
  const auto r = run->span().job_records();
  REQUIRE(r.size() == 2);
  REQUIRE(r[0].sites == 3);
  REQUIRE(r[1].sites == 3);
  REQUIRE(r[0].start == r[1].start);  // together from the same go, so shared all along
  for (const auto& j : r) {
    CHECK(j.state == JobState::kCompleted);
    const double ran = static_cast<double>(j.end - j.start);
    CHECK(ran == Approx(static_cast<double>(j.job.runtime) / rate).epsilon(1e-6));
    // Contention: the rate without sharing (1) less the rate with it, over the time it ran.
    CHECK(static_cast<double>(j.contended) == Approx(ran * (1 - rate)).epsilon(1e-6));
    CHECK(j.degraded == 0);
    check_accounting(j);
  }

  SECTION("without sharing each has the whole WAN") {
    cfg.span.wan_shared = false;
    auto alone = test::run_fleet(cfg, jobs);
    for (const auto& j : alone->span().job_records()) {
      CHECK(j.end - j.start == j.job.runtime);
      CHECK(j.contended == 0);
    }
  }
}
