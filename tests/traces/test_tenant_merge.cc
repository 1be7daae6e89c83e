// Tenant merge: several traces as tenants of one fleet, and tenants pinned to clusters.
#include <catch2/catch.hpp>

#include "tests/model/fleet_harness.h"
#include "traces/trace_fit.h"

using namespace fleetsim;

TEST_CASE("Merged traces: each a tenant from time 0, merged by submit time", "[traces][merge]") {
  const std::string data = FLEETSIM_TEST_DATA "/traces/";
  traces::TraceConfig cfg;
  cfg.file = data + "small.swf " + data + "validate.swf";
  const auto scan = traces::scan_trace(cfg, 1000);
  REQUIRE(scan.parts.size() == 2);
  CHECK(scan.format == "merged");
  CHECK(scan.jobs == 6 + 4);
  CHECK(scan.last_submit_s == 300);  // the longer trace's arrival span
  traces::TraceJobSource src(cfg, scan, core::kNever);
  traces::JobSpec j;
  std::vector<std::pair<double, int>> got;
  while (src.next(j)) got.emplace_back(core::to_seconds(j.submit), j.tenant);
  // small.swf submits at 0, 60, ..., 300; validate.swf at 0, 10, 20, 30; ties: lower index first.
  const std::vector<std::pair<double, int>> want = {
      {0, 0}, {0, 1}, {10, 1}, {20, 1}, {30, 1}, {60, 0}, {120, 0}, {180, 0}, {240, 0}, {300, 0}};
  CHECK(got == want);

  SECTION("load scaling applies one clock to all tenants") {
    cfg.offered_load = 0.5;
    const auto scaled = traces::scan_trace(cfg, 64);
    CHECK(scaled.parts[0].time_scale == scaled.time_scale);
    CHECK(scaled.parts[1].time_scale == scaled.time_scale);
    CHECK(scaled.gpu_seconds / (64 * 300 * scaled.time_scale) == Approx(0.5));
  }
}

TEST_CASE("Tenants pinned to clusters", "[traces][merge]") {
  model::ModelConfig cfg;
  cfg.fabric = {2, 4, 8};
  cfg.layout = {"two", "", "test", {1, 1}};
  cfg.failures.node_rate = 0;
  cfg.end_time = 10000 * core::kSecond;
  cfg.sched.tenant_cluster = {1, 0};
  std::vector<traces::JobSpec> jobs;
  for (int i = 0; i < 6; ++i) {
    auto j = test::job(i, 8, 100, 100);
    j.tenant = i % 3;  // tenant 2 is not pinned
    jobs.push_back(j);
  }
  auto run = test::run_fleet(cfg, jobs);
  std::map<std::int64_t, int> cluster_of;
  std::map<std::int64_t, int> tenant_of;
  for (int c = 0; c < 2; ++c)
    for (const auto& r : run->cluster(c).job_records()) {
      cluster_of[r.job.id] = c;
      tenant_of[r.job.id] = r.job.tenant;
    }
  REQUIRE(cluster_of.size() == 6);
  for (const auto& [id, c] : cluster_of) {
    if (tenant_of[id] == 0) CHECK(c == 1);
    if (tenant_of[id] == 1) CHECK(c == 0);
  }
  SECTION("a job larger than its tenant's cluster is shrunk to that cluster") {
    auto big = test::job(0, 64, 100, 100);
    big.tenant = 0;
    auto r = test::run_fleet(cfg, {big});
    const auto recs = r->cluster(1).job_records();
    REQUIRE(recs.size() == 1);
    CHECK(recs[0].job.shrunk == 1);
    CHECK(recs[0].job.gpus <= 32);
  }
  SECTION("own: tenant t to cluster t mod clusters") {
    auto own = cfg;
    own.sched.tenant_cluster.clear();
    own.sched.tenant_own_cluster = true;
    auto r = test::run_fleet(own, jobs);
    for (int c = 0; c < 2; ++c)
      for (const auto& rec : r->cluster(c).job_records()) CHECK(rec.job.tenant % 2 == c);
  }
  SECTION("invalid parameters") {
    cfg.sched.tenant_cluster = {0, 2};
    CHECK_THROWS_WITH(model::validate(cfg),
                      "sched.tenant_clusters sends tenant 1 to cluster 2, but layout 'two' has 2 "
                      "cluster(s)");
  }
}
