// Partitions (sim/model/cluster/partitions.h; issue 12 item 1): the syntax, the pods a share
// gives, placement confined to a partition's pods, and the scheduler on scripted jobs, each start
// time worked by hand from the rules in fifo_easy.h and preemption.h.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/cluster/partitions.h"
#include "sim/model/cluster/qos.h"
#include "sim/model/node_pool.h"
#include "tests/model/fleet_harness.h"

using namespace fleetsim;
using engine::from_seconds;

namespace {

engine::Time hours(const std::string& text) { return std::stoll(text) * engine::kHour; }
std::string hours_text(engine::Time t) { return std::to_string(t / engine::kHour); }

std::vector<model::PartitionSpec> parse(const std::string& text) {
  return model::parse_partition_list(text, hours);
}

// 4 pods of 2 single-GPU nodes, one cluster, no failures, no checkpoints, 1 s submit latency.
model::ModelConfig four_pods() {
  model::ModelConfig cfg;
  cfg.fabric = {4, 2, 1};
  cfg.layout = {"one", "", "test", {4}};
  cfg.failures.node_rate = 0;
  cfg.failures.maintenance_rate = 0;
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  cfg.checkpoint.from_model = false;
  cfg.checkpoint.restart_overhead = from_seconds(50);
  cfg.end_time = 20000 * engine::kSecond;
  return cfg;
}

// Jobs of at least 3 GPUs are "frontier" (QoS 1), the others "normal" (QoS 0).
model::ModelConfig with_qos(model::ModelConfig cfg, const std::string& partitions) {
  cfg.sched.qos = model::parse_qos_list("normal:0 frontier:10:normal");
  cfg.sched.frontier_qos = "frontier";
  cfg.sched.frontier_gpus = 3;
  cfg.sched.partitions = parse(partitions);
  return cfg;
}

std::set<int> pods_of(const model::Allocation& nodes, int nodes_per_pod) {
  std::set<int> pods;
  for (int n : nodes) pods.insert(n / nodes_per_pod);
  return pods;
}

}  // namespace

TEST_CASE("partition list: syntax, round trip and defects", "[model][partitions]") {
  const auto p =
      parse("big:pods=0%-70%:qos=frontier:factor=2 small:pods=3-5:max_gpus=8:max_time=2");
  REQUIRE(p.size() == 2);
  CHECK(p[0].name == "big");
  CHECK(p[0].shares);
  CHECK(p[0].first == 0);
  CHECK(p[0].last == 70);
  CHECK(p[0].qos == std::vector<std::string>{"frontier"});
  CHECK(p[0].job_factor == 2);
  CHECK_FALSE(p[1].shares);
  CHECK(p[1].first == 3);
  CHECK(p[1].last == 5);
  CHECK(p[1].max_gpus == 8);
  CHECK(p[1].max_time == 2 * engine::kHour);
  const std::string text = model::format_partition_list(p, hours_text);
  CHECK(text == "big:pods=0%-70%:qos=frontier:factor=2 small:pods=3-5:max_gpus=8:max_time=2");
  CHECK(model::format_partition_list(parse(text), hours_text) == text);
  CHECK(model::format_partition_list(parse("a"), hours_text) == "a:pods=all");

  for (const char* bad :
       {"a a", "a:pods=5-3", "a:pods=0%-120%", "a:pods=50%-50%", "a:pods=x", "a:max_gpus=0",
        "a:size=3", "a:factor=-1", "a:qos=", "a:pods", ":pods=all", "a:max_time=0"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse(bad), std::invalid_argument);
  }
}

TEST_CASE("partition pods: shares tile a cluster of any size", "[model][partitions]") {
  const auto p = parse("a:pods=0%-70% b:pods=70%-100% c:pods=2-4 all:pods=all");
  for (int pods : {1, 4, 9, 10, 24, 25, 98}) {
    const auto a = model::partition_pods(p[0], pods), b = model::partition_pods(p[1], pods);
    const int a_end = a.all() ? pods : a.end, b_end = b.all() ? pods : b.end;
    // Adjacent shares meet: every pod is in exactly one of them.
    CHECK(a.first == 0);
    CHECK(a_end == b.first);
    CHECK(b_end == pods);
    CHECK(a_end == static_cast<int>(std::floor(0.7 * pods + 0.5)));
  }
  CHECK(model::partition_pods(p[2], 10).first == 2);
  CHECK(model::partition_pods(p[2], 10).end == 5);
  CHECK(model::partition_pods(p[3], 10).all());

  model::SchedConfig s;
  s.partitions = p;
  CHECK(model::check_partitions(s, {10, 9}) == "");
  CHECK(model::check_partitions(s, {10, 4}).find("'c' pods 2-4 is larger than cluster 1 (4 pods") !=
        std::string::npos);
  // 70%-100% of one pod is no pod.
  CHECK(model::check_partitions(s, {1}).find("'b' has no pod on cluster 0") != std::string::npos);
  s.partitions = parse("f:qos=gold");
  CHECK(model::check_partitions(s, {10}).find("qos 'gold' is not a level") != std::string::npos);
}

TEST_CASE("partition rule: the first listed that admits the job", "[model][partitions]") {
  model::SchedConfig s;
  s.qos = model::parse_qos_list("normal:0 frontier:10");
  s.partitions = parse("f:pods=0%-50%:qos=frontier short:max_time=2:max_gpus=4 batch:qos=normal");
  core::JobSpec j;
  j.gpus = 2;
  j.time_limit = 1 * engine::kHour;
  const std::int64_t pod_gpus = 2;                          // 10 pods: f has 5 pods, 10 GPUs
  CHECK(model::partition_for(s, j, 0, 10, pod_gpus) == 1);  // normal, short enough: short
  CHECK(model::partition_for(s, j, 1, 10, pod_gpus) == 0);  // frontier: f
  j.time_limit = 3 * engine::kHour;
  CHECK(model::partition_for(s, j, 0, 10, pod_gpus) == 2);  // too long for short: batch
  j.gpus = 12;
  CHECK(model::partition_for(s, j, 1, 10, pod_gpus) == -1);  // frontier, larger than f
  CHECK_FALSE(model::admitted(s, j, 1, 10, pod_gpus));
  CHECK(model::admitted(s, j, 0, 10, pod_gpus));
  s.partitions.clear();
  CHECK(model::partition_for(s, j, 1, 10, pod_gpus) == -1);
  CHECK(model::admitted(s, j, 1, 10, pod_gpus));
}

TEST_CASE("partition factor: PriorityJobFactor over the largest", "[model][partitions]") {
  model::SchedConfig s;
  CHECK(model::partition_factor(s, -1) == 0);
  s.partitions = parse("a:factor=1 b:factor=4 c:factor=0");
  CHECK(model::partition_factor(s, 0) == 0.25);
  CHECK(model::partition_factor(s, 1) == 1);
  CHECK(model::partition_factor(s, 2) == 0);
}

TEST_CASE("node pool within a partition's pods", "[model][partitions][placement]") {
  model::NodePool pool(4, 8, 8);  // 4 pods x 8 nodes x 8 GPUs
  const model::PodRange last_two{2, 4};
  CHECK(pool.full_free_nodes(last_two) == 16);
  model::Allocation out;
  pool.pick_whole_nodes(10, out, last_two);
  CHECK(out.size() == 10);
  CHECK(pods_of(out, 8) == std::set<int>{2, 3});
  for (int n : out) pool.take(n, 8);
  CHECK(pool.full_free_nodes(last_two) == 6);
  CHECK(pool.full_free_nodes() == 22);
  // Best fit stays inside: node 3 (pod 0) has the fewest free, but not in pods 2-3.
  pool.take(3, 7);
  const int partial = pool.best_partial_node(1, last_two);
  CHECK(partial >= 16);
  CHECK(pool.best_partial_node(1) == 3);
  out.clear();
  CHECK_THROWS_AS(pool.pick_whole_nodes(7, out, last_two), std::logic_error);

  SECTION("topology blocks cut by the partition count only their nodes inside it") {
    model::NodePool net(4, 8, 8);
    net.set_blocks({4, 16});             // leaf groups of 4 nodes, spine blocks of 2 pods
    const model::PodRange middle{1, 3};  // pods 1-2: half of each spine block
    model::Allocation got;
    net.pick_whole_nodes(12, got, middle);
    CHECK(got.size() == 12);
    for (int n : got) {
      CHECK(n >= 8);
      CHECK(n < 24);
    }
    // A gang of 4 takes one leaf group inside the range.
    model::Allocation leaf;
    for (int n : got) net.take(n, 8);
    net.pick_whole_nodes(4, leaf, middle);
    REQUIRE(leaf.size() == 4);
    CHECK(leaf.front() / 4 == leaf.nodes().back() / 4);
    CHECK(pods_of(leaf, 8).size() == 1);
  }
}

TEST_CASE("jobs run only on their partition's pods", "[model][partitions]") {
  // small: pods 0-1 (4 GPUs), jobs of 1 GPU; big: pods 2-3, anything else that fits 4 GPUs.
  auto cfg = four_pods();
  cfg.sched.partitions = parse("small:pods=0-1:max_gpus=1 big:pods=2-3");
  std::vector<traces::JobSpec> jobs;
  for (int k = 0; k < 5; ++k) jobs.push_back(test::job(0, 1, 100, 1000));
  jobs.push_back(test::job(10, 4, 100, 1000));  // big
  jobs.push_back(test::job(20, 5, 100, 1000));  // no partition holds 5 GPUs: rejected
  auto run = test::run_fleet(cfg, jobs);
  const auto r = run->cluster(0).job_records();
  REQUIRE(r.size() == 6);  // the rejected job is the router's
  for (int k = 0; k < 4; ++k) {
    CHECK(r[k].start == from_seconds(1));
    CHECK(r[k].partition == 0);
  }
  // Four GPUs of big are idle, but the fifth small job may not use them.
  CHECK(r[4].start == from_seconds(101));
  CHECK(r[5].partition == 1);
  CHECK(r[5].start == from_seconds(11));
  model::LpReport router;
  run->router().report(router);
  REQUIRE(router.jobs.size() == 1);
  CHECK(router.jobs[0]->state == model::JobState::kRejected);
  CHECK(router.jobs[0]->job.gpus == 5);
}

TEST_CASE("a recorded partition: only it, rejected beyond its limits", "[model][partitions]") {
  // a: every pod, listed first, admits every job below; b: pods 2-3, at most 2 GPUs.
  auto cfg = four_pods();
  cfg.sched.partitions = parse("a:pods=all b:pods=2-3:max_gpus=2");
  auto recorded = [](core::Time submit, int gpus, std::int8_t partition) {
    auto j = test::job(submit, gpus, 100, 1000);
    j.partition = partition;
    return j;
  };
  std::vector<traces::JobSpec> jobs = {
      recorded(0, 1, 1),    // recorded b: b, though a is listed first and admits it
      recorded(10, 1, -1),  // none recorded: the rule, a
      recorded(20, 3, 1),   // recorded b, beyond its max_gpus: rejected, though a admits it
      recorded(30, 4, 0)};  // recorded a
  auto run = test::run_fleet(cfg, jobs);
  const auto r = run->cluster(0).job_records();
  REQUIRE(r.size() == 3);
  CHECK(r[0].partition == 1);
  CHECK(r[1].partition == 0);
  CHECK(r[2].partition == 0);
  CHECK(r[2].job.gpus == 4);
  model::LpReport router;
  run->router().report(router);
  REQUIRE(router.jobs.size() == 1);
  CHECK(router.jobs[0]->state == model::JobState::kRejected);
  CHECK(router.jobs[0]->job.gpus == 3);
  CHECK(router.jobs[0]->job.partition == 1);
}

TEST_CASE("EASY with partitions: a reservation holds against every partition",
          "[model][partitions]") {
  // f: every pod, frontier jobs (>= 3 GPUs); n: pods 0-1, normal jobs.
  auto cfg = with_qos(four_pods(), "f:pods=all:qos=frontier n:pods=0-1:qos=normal");
  const std::vector<traces::JobSpec> jobs = {
      test::job(0, 2, 1000, 1000),   // N1 (n) at 1, on pod 0; ends by its limit at 1001
      test::job(10, 8, 500, 500),    // F1 (f) needs all 8: reserves at 1001, no extra node
      test::job(20, 2, 2000, 2000),  // N2 (n) fits on pod 1 but would end after 1001: waits
      test::job(30, 2, 900, 900)};   // N3 (n) behind N2, ends at 931 <= 1001: backfills
  SECTION("easy") {
    auto run = test::run_fleet(cfg, jobs);
    const auto r = run->cluster(0).job_records();
    REQUIRE(r.size() == 4);
    CHECK(r[0].start == from_seconds(1));
    CHECK(r[3].start == from_seconds(31));
    CHECK(r[1].start == from_seconds(1001));
    CHECK(r[2].start == from_seconds(1501));
  }
  SECTION("fifo: each partition's head alone, no reservation") {
    cfg.sched.backfill = model::Backfill::kNone;
    auto run = test::run_fleet(cfg, jobs);
    const auto r = run->cluster(0).job_records();
    CHECK(r[2].start == from_seconds(21));    // n's head fits: f's blocked head does not stop it
    CHECK(r[3].start == from_seconds(1001));  // behind N2 in n; N1's pod frees at 1001
    CHECK(r[1].start == from_seconds(2021));  // F1 waits for every node
  }
}

TEST_CASE("preemption stops only jobs on the preemptor's partition", "[model][partitions]") {
  // f: pods 2-3 for frontier jobs; n: every pod for normal ones. Frontier preempts normal.
  auto cfg = with_qos(four_pods(), "f:pods=2-3:qos=frontier n:pods=all:qos=normal");
  cfg.sched.preempt_mode = model::PreemptMode::kRequeue;
  const std::vector<traces::JobSpec> jobs = {
      test::job(0, 2, 50, 1000),     // A: pod 0 at 1, ends at 51
      test::job(10, 2, 1000, 1000),  // B: pod 1 at 11
      test::job(20, 2, 1000, 1000),  // C: pod 2 at 21
      test::job(30, 2, 1000, 1000),  // D: pod 3 at 31
      test::job(60, 2, 1000, 1000),  // E: pod 0 (A's) at 61, the youngest, outside f
      test::job(100, 4, 100, 100)};  // F: frontier, pods 2-3: C and D go, not E
  auto run = test::run_fleet(cfg, jobs);
  const auto r = run->cluster(0).job_records();
  REQUIRE(r.size() == 6);
  CHECK(r[4].start == from_seconds(61));
  CHECK(r[5].start == from_seconds(101));
  CHECK(r[4].preemptions == 0);
  CHECK(r[1].preemptions == 0);
  CHECK(r[2].preemptions == 1);
  CHECK(r[3].preemptions == 1);
}
