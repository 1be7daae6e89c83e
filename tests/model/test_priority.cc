// Priorities, fair share and preemption (sim/model/cluster/priority.h, fair_share.h,
// preemption.h) pinned on scripted jobs. The expected orders come from the formulas as Slurm
// documents them, written again here (slurm.schedmd.com/priority_multifactor.html and
// classic_fair_share.html), not from the simulator's code.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/vector.hpp>
#include <cmath>
#include <deque>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>
#include <tuple>

#include "sim/model/cluster/fair_share.h"
#include "sim/model/cluster/priority.h"
#include "sim/model/cluster/qos.h"
#include "tests/model/fleet_harness.h"

using namespace fleetsim;
using engine::from_seconds;

namespace {

// `nodes` single-GPU nodes, one cluster, no failures, no checkpoints, 1 s submit latency.
model::ModelConfig small_cluster(int nodes) {
  model::ModelConfig cfg;
  cfg.fabric = {1, nodes, 1};
  cfg.layout = {"one", "", "test", {1}};
  cfg.failures.node_rate = 0;
  cfg.failures.maintenance_rate = 0;
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  cfg.checkpoint.from_model = false;
  cfg.checkpoint.restart_overhead = from_seconds(50);
  cfg.end_time = 10000 * engine::kSecond;
  return cfg;
}

traces::JobSpec tjob(double submit_s, int gpus, double runtime_s, int tenant) {
  auto j = test::job(submit_s, gpus, runtime_s, 5000);
  j.tenant = tenant;
  return j;
}

// Slurm's job priority, from its documentation: the weighted factors, truncated.
struct Oracle {
  double w_age, w_fs, w_size, w_qos, max_age_s, cluster_gpus;
  long long priority(double waited_s, double fair_share, int gpus, double qos) const {
    const double age = std::min(1.0, waited_s / max_age_s);
    return static_cast<long long>(std::floor(w_age * age + w_fs * fair_share +
                                             w_size * std::min(1.0, gpus / cluster_gpus) +
                                             w_qos * qos));
  }
};

std::vector<std::size_t> start_order(const std::vector<model::JobRecord>& r,
                                     std::vector<std::size_t> ids) {
  std::stable_sort(ids.begin(), ids.end(),
                   [&](std::size_t a, std::size_t b) { return r[a].start < r[b].start; });
  return ids;
}

// Multifactor with one factor alone, weighted 1000.
void weigh_only(model::SchedConfig& s, double model::SchedConfig::*weight) {
  s.priority = model::QueueOrder::kMultifactor;
  s.weight_age = s.weight_fair_share = s.weight_job_size = s.weight_qos = 0;
  s.*weight = 1000;
}

void check_identity(const std::vector<model::JobRecord>& r) {
  for (const auto& j : r) CHECK(j.useful + j.lost + j.checkpoint + j.degraded == j.allocated);
}

}  // namespace

TEST_CASE("fair share factor: 2^(-U/S) over usage decaying with its half-life",
          "[model][priority]") {
  const engine::Time hl = 100 * engine::kSecond;
  model::FairShare fs(hl);
  const auto a = fs.add_tenant(7), b = fs.add_tenant(3);
  CHECK(fs.add_tenant(7) == a);
  CHECK(fs.factor(a) == 1.0);  // nobody used anything
  fs.charge(a, 300);
  fs.charge(b, 100);
  // Ua = 300/400, S = 1/2: F = 2^(-1.5); Ub = 1/4: 2^(-0.5).
  CHECK(fs.factor(a) == Approx(std::pow(2.0, -1.5)));
  CHECK(fs.factor(b) == Approx(std::pow(2.0, -0.5)));
  fs.decay_to(2 * hl);  // two half-lives: a quarter left, the shares unchanged
  CHECK(fs.usage(a) == Approx(75));
  CHECK(fs.usage(b) == Approx(25));
  CHECK(fs.factor(a) == Approx(std::pow(2.0, -1.5)));
  fs.charge(b, 50);  // Ub = 75/150: F = 2^(-1) for both
  CHECK(fs.factor(a) == Approx(0.5));
  CHECK(fs.factor(b) == Approx(0.5));
}

TEST_CASE("multifactor orders the queue by Slurm's weighted factors", "[model][priority]") {
  auto cfg = small_cluster(8);
  auto& s = cfg.sched;
  s.priority = model::QueueOrder::kMultifactor;
  s.priority_interval = 1000 * engine::kSecond;
  s.priority_max_age = 1000 * engine::kSecond;
  s.weight_age = 1000;
  s.weight_fair_share = 500;
  s.weight_job_size = 300;
  s.weight_qos = 200;
  s.qos = model::parse_qos_list("normal:0 high:10");
  s.frontier_qos = "high";
  s.frontier_gpus = 8;
  // A blocker of tenant 0 holds all 8 GPUs until 1001; five jobs of 5-8 GPUs (one at a time)
  // queue behind it. Priorities are recomputed at the pass of 1001 (the grid of 1000 s).
  struct Q {
    double submit;
    int gpus, tenant;
  };
  const std::vector<Q> queued = {{10, 5, 0}, {20, 8, 1}, {30, 6, 2}, {500, 7, 1}, {900, 5, 3}};
  std::vector<traces::JobSpec> jobs = {tjob(0, 8, 1000, 0)};
  for (const auto& q : queued) jobs.push_back(tjob(q.submit, q.gpus, 100, q.tenant));
  auto run = test::run_fleet(cfg, jobs);
  const auto r = run->cluster(0).job_records();
  REQUIRE(r.size() == 6);

  // The oracle: at 1001, four tenants (S = 1/4 each); only tenant 0 has used anything (the
  // blocker), so U0 = 1 and F0 = 2^-4; the others' F = 1. QoS high (10 of 10) for 8 GPUs.
  const Oracle o{1000, 500, 300, 200, 1000, 8};
  std::vector<std::size_t> ids(queued.size());
  std::iota(ids.begin(), ids.end(), std::size_t{1});
  std::vector<long long> prio(r.size(), 0);
  for (std::size_t k = 1; k < r.size(); ++k) {
    const auto& q = queued[k - 1];
    const double arrival = q.submit + 1;
    prio[k] = o.priority(1001 - arrival, q.tenant == 0 ? std::pow(2.0, -4) : 1.0, q.gpus,
                         q.gpus >= 8 ? 1.0 : 0.0);
  }
  auto expected = ids;
  std::stable_sort(expected.begin(), expected.end(),
                   [&](std::size_t a, std::size_t b) { return prio[a] > prio[b]; });
  CHECK(start_order(r, ids) == expected);
  CHECK(expected != ids);  // not submission order: the test can tell
  CHECK(r[expected[0]].start == from_seconds(1001));
  for (std::size_t k = 1; k < expected.size(); ++k)
    CHECK(r[expected[k]].start == r[expected[k - 1]].start + from_seconds(100));
  CHECK(r[2].qos == 1);
  CHECK(r[1].qos == 0);

  SECTION("fifo keeps submission order") {
    cfg.sched.priority = model::QueueOrder::kFifo;
    auto fifo = test::run_fleet(cfg, jobs);
    CHECK(start_order(fifo->cluster(0).job_records(), ids) == ids);
  }
}

TEST_CASE("fair share moves a heavy tenant down", "[model][priority]") {
  auto cfg = small_cluster(4);
  weigh_only(cfg.sched, &model::SchedConfig::weight_fair_share);
  // Tenant 0 uses the whole cluster for 1000 s, then queues P; tenant 1 queues Q later.
  const std::vector<traces::JobSpec> jobs = {tjob(0, 4, 1000, 0), tjob(500, 4, 100, 0),
                                             tjob(600, 4, 100, 1)};
  auto run = test::run_fleet(cfg, jobs);
  auto r = run->cluster(0).job_records();
  CHECK(r[2].start == from_seconds(1001));  // Q first: F1 = 1 > F0 = 2^(-1/(1/2)) = 1/4
  CHECK(r[1].start == from_seconds(1101));
  cfg.sched.weight_fair_share = 0;  // no fair share: P, then Q (arrival order)
  run = test::run_fleet(cfg, jobs);
  r = run->cluster(0).job_records();
  CHECK(r[1].start == from_seconds(1001));
  CHECK(r[2].start == from_seconds(1101));
}

namespace {

// Eight single-GPU nodes; QoS high (jobs of >= 4 GPUs) may preempt normal. A, B, C, D run;
// H (4 GPUs, high) arrives at 101 with one GPU free.
model::ModelConfig preempt_config(model::PreemptMode mode) {
  auto cfg = small_cluster(8);
  cfg.sched.qos = model::parse_qos_list("normal:0 high:10:normal");
  cfg.sched.frontier_qos = "high";
  cfg.sched.frontier_gpus = 4;
  cfg.sched.preempt_mode = mode;
  return cfg;
}

}  // namespace

TEST_CASE("preemption takes the youngest victims first and books what they lose",
          "[model][preemption]") {
  // A 2 GPUs at 1, B 2 at 11, C 2 at 21, D 1 at 31: youngest first is D then C (3 GPUs with
  // the free one: 4).
  const std::vector<traces::JobSpec> jobs = {tjob(0, 2, 1000, 0), tjob(10, 2, 1000, 0),
                                             tjob(20, 2, 1000, 0), tjob(30, 1, 1000, 0),
                                             tjob(100, 4, 100, 0)};
  SECTION("requeue: work since the start is lost (no checkpoints)") {
    auto run = test::run_fleet(preempt_config(model::PreemptMode::kRequeue), jobs);
    const auto r = run->cluster(0).job_records();
    REQUIRE(r.size() == 5);
    CHECK(r[4].start == from_seconds(101));
    CHECK(r[4].qos == 1);
    CHECK(r[0].preemptions == 0);
    CHECK(r[1].preemptions == 0);
    CHECK(r[2].preemptions == 1);
    CHECK(r[3].preemptions == 1);
    // C ran 21..101, D 31..101: all of it lost, then the restart overhead (50 s) when they
    // start again at H's end, 201.
    CHECK(r[2].preempted == from_seconds(80));
    CHECK(r[3].preempted == from_seconds(70));
    CHECK(r[2].lost == from_seconds(80 + 50));
    CHECK(r[3].lost == from_seconds(70 + 50));
    CHECK(r[2].end == from_seconds(201 + 50 + 1000));
    CHECK(r[3].end == from_seconds(201 + 50 + 1000));
    CHECK(r[2].useful == from_seconds(1000));
    CHECK(r[2].restarts == 0);  // restarts count failures only
    check_identity(r);
  }
  SECTION("checkpoint: the victims keep their work") {
    auto run = test::run_fleet(preempt_config(model::PreemptMode::kCheckpoint), jobs);
    const auto r = run->cluster(0).job_records();
    CHECK(r[2].preempted == 0);
    CHECK(r[3].preempted == 0);
    CHECK(r[2].lost == from_seconds(50));
    CHECK(r[2].end == from_seconds(201 + 50 + (1000 - 80)));
    CHECK(r[3].end == from_seconds(201 + 50 + (1000 - 70)));
    check_identity(r);
  }
  SECTION("off: H waits for free GPUs") {
    auto run = test::run_fleet(preempt_config(model::PreemptMode::kOff), jobs);
    const auto r = run->cluster(0).job_records();
    for (const auto& j : r) CHECK(j.preemptions == 0);
    CHECK(r[4].start > from_seconds(1000));
  }
}

TEST_CASE("preemption takes the lowest priority first", "[model][preemption]") {
  // Job size alone sets the priority: A (1 GPU, oldest) has the lowest, so A goes first, then
  // the youngest of the equal B, C, D: D.
  auto cfg = preempt_config(model::PreemptMode::kRequeue);
  weigh_only(cfg.sched, &model::SchedConfig::weight_job_size);
  const std::vector<traces::JobSpec> jobs = {tjob(0, 1, 1000, 0), tjob(10, 2, 1000, 0),
                                             tjob(20, 2, 1000, 0), tjob(30, 2, 1000, 0),
                                             tjob(100, 4, 100, 0)};
  auto run = test::run_fleet(cfg, jobs);
  const auto r = run->cluster(0).job_records();
  CHECK(r[4].start == from_seconds(101));
  CHECK(r[0].preemptions == 1);
  CHECK(r[1].preemptions == 0);
  CHECK(r[2].preemptions == 0);
  CHECK(r[3].preemptions == 1);
  CHECK(r[0].preempted == from_seconds(100));
  check_identity(r);
}

TEST_CASE("QoS list: names, priorities, preemption only downwards", "[model][priority]") {
  const auto q = model::parse_qos_list("normal:0 high:10:normal top:20:normal,high");
  REQUIRE(q.size() == 3);
  CHECK(q[2].preempts == std::vector<int>{0, 1});
  CHECK(model::format_qos_list(q) == "normal:0 high:10:normal top:20:normal,high");
  CHECK_THROWS_WITH(model::parse_qos_list("normal:0 high:10:nobody"),
                    "QoS 'high' preempts unknown QoS 'nobody'");
  CHECK_THROWS_WITH(model::parse_qos_list("a:5:b b:5"),
                    "QoS 'a' preempts 'b', whose priority is not lower");
  CHECK_THROWS(model::parse_qos_list("a:-1"));
  CHECK_THROWS(model::parse_qos_list("a:1 a:2"));
}

TEST_CASE("synthetic tenants: shares ~ (k + 1)^-tenant_zipf, uniform at 0", "[model][priority]") {
  for (const double s : {0.0, 1.0, 2.0}) {
    traces::SyntheticConfig w;
    w.tenants = 5;
    w.tenant_zipf = s;
    traces::SyntheticWorkload gen(w, 100352, 1, 60 * engine::kDay);
    std::vector<double> count(5, 0);
    traces::JobSpec j;
    double n = 0;
    double outside = 0;
    while (gen.next(j)) {
      if (j.tenant < 0 || j.tenant >= 5) {
        ++outside;
        continue;
      }
      ++count[static_cast<std::size_t>(j.tenant)];
      ++n;
    }
    CHECK(outside == 0);
    REQUIRE(n > 10000);
    double h = 0;
    for (int k = 1; k <= 5; ++k) h += std::pow(k, -s);
    for (int k = 0; k < 5; ++k) {
      const double p = std::pow(k + 1, -s) / h;
      // Within 5 binomial standard deviations.
      CHECK(std::abs(count[static_cast<std::size_t>(k)] - n * p) < 5 * std::sqrt(n * p * (1 - p)));
    }
  }
}

// JobOrder keeps the queued jobs in arrival order and counting-sorts them by priority at each
// recomputation (priority.h). Checked here against a comparison sort written in the test, on a
// random queue with ties, requeues, jobs leaving, capped ages, fair-share moves, a reload from
// a snapshot, and weights so large that the counting sort gives way to a stable sort.
TEST_CASE("a recomputation orders the queue as sorting by (priority, arrival, id) would",
          "[model][priority]") {
  const bool huge_weights = GENERATE(false, true);
  model::SchedConfig s;
  s.priority = model::QueueOrder::kMultifactor;
  s.priority_interval = 30 * engine::kSecond;
  s.priority_max_age = 1500 * engine::kSecond;  // some jobs reach the cap, some do not
  s.fair_share_half_life = 2000 * engine::kSecond;
  s.qos = model::parse_qos_list("normal:0 high:10");
  if (huge_weights) s.weight_age = s.weight_fair_share = s.weight_job_size = s.weight_qos = 1e9;
  const std::int64_t cluster_gpus = 512;
  auto order = std::make_unique<model::JobOrder>(s, cluster_gpus, 8);
  std::mt19937_64 rng(42);
  std::deque<std::int32_t> queue;
  std::vector<std::int32_t> running;
  std::int32_t jobs = 0;
  std::vector<engine::Time> arrival;  // per job, as admitted
  std::vector<std::uint64_t> id;
  int recomputations = 0, reloads = 0;
  for (int step = 0; step < 6000; ++step) {
    // Two steps share each instant (ties broken by id, which is not arrival order here).
    const engine::Time now = from_seconds(step / 2);
    const int what = std::uniform_int_distribution<int>(0, 9)(rng);
    if (what < 5 || queue.empty()) {
      model::JobRecord rec;
      // Ids not in admission order, so that the job index cannot stand in for them.
      rec.job.id = 1000000 - static_cast<std::uint64_t>(jobs) * 7 % 1000;
      arrival.push_back(now);
      id.push_back(rec.job.id);
      rec.job.tenant = std::uniform_int_distribution<int>(0, 5)(rng);
      rec.gpus_allocated = 1 << std::uniform_int_distribution<int>(0, 8)(rng);
      rec.qos = static_cast<std::int8_t>(rec.gpus_allocated >= 128 ? 1 : 0);
      order->admit(jobs, rec, now);
      order->enqueue(queue, jobs++, false);
    } else if (what < 8) {
      // Start a random queued job (not only the head: backfilling takes from anywhere).
      const auto k = std::uniform_int_distribution<std::size_t>(0, queue.size() - 1)(rng);
      const std::int32_t j = queue[k];
      queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(k));
      order->started(j, now);
      running.push_back(j);
    } else if (!running.empty()) {
      // Stop one (interrupted: requeued at its place, its arrival kept).
      const auto k = std::uniform_int_distribution<std::size_t>(0, running.size() - 1)(rng);
      const std::int32_t j = running[k];
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
      order->stopped(j, now);
      order->enqueue(queue, j, false);
    }
    if (step % 1000 == 999) {  // a snapshot: saved, then loaded into a new JobOrder
      std::stringstream bytes;
      {
        cereal::PortableBinaryOutputArchive out(bytes);
        out(*order);
      }
      order = std::make_unique<model::JobOrder>(s, cluster_gpus, 8);
      cereal::PortableBinaryInputArchive in(bytes);
      in(*order);
      ++reloads;
    }
    std::vector<std::pair<engine::Time, std::int32_t>> on;
    for (std::int32_t j : running) on.push_back({0, j});
    order->before_pass(now, queue, on);
    // A recomputation is due at the first pass at or after each multiple of the interval.
    const bool recomputed = now % s.priority_interval == 0 && step % 2 == 0;
    recomputations += recomputed;
    // The reference: each queued job's priority (at a recomputation, from its factors now), then
    // a comparison sort by (priority, arrival, id).
    std::vector<std::tuple<std::int64_t, engine::Time, std::uint64_t, std::int32_t>> ref;
    for (std::int32_t j : queue) {
      const auto p = order->priority(j);
      if (recomputed) CHECK(p == model::multifactor_priority(s, order->factors(j, now)));
      const auto k = static_cast<std::size_t>(j);
      ref.emplace_back(-p, arrival[k], id[k], j);
    }
    std::sort(ref.begin(), ref.end());
    std::deque<std::int32_t> expected;
    for (const auto& r : ref) expected.push_back(std::get<3>(r));
    REQUIRE(queue == expected);
  }
  CHECK(recomputations == 100);
  CHECK(reloads == 6);
}

TEST_CASE("fair share charges what a job holds, also after an elastic resize",
          "[model][priority]") {
  model::SchedConfig s;
  s.priority = model::QueueOrder::kMultifactor;
  s.fair_share_half_life = 1000000 * engine::kDay;  // no decay over these seconds
  model::JobOrder order(s, 64, 8);
  model::JobRecord rec;
  rec.job.id = 1;
  rec.job.tenant = 3;
  rec.gpus_allocated = 16;
  order.admit(0, rec, 0);
  order.started(0, 0);
  order.resized(0, from_seconds(100), 8);   // 16 GPUs for 100 s
  order.resized(0, from_seconds(150), 16);  // 8 GPUs for 50 s
  order.stopped(0, from_seconds(200));      // 16 GPUs for 50 s
  CHECK(order.fair_share().usage(0) == Approx(16 * 100 + 8 * 50 + 16 * 50));
  // A restart holds the whole allocation again.
  order.started(0, from_seconds(300));
  order.stopped(0, from_seconds(310));
  CHECK(order.fair_share().usage(0) == Approx(16 * 100 + 8 * 50 + 16 * 50 + 16 * 10));
}
