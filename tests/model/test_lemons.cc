// Lemon nodes (failures.lemon_share, lemon_factor) concentrate failures on the same few nodes,
// the same ones in every layout. The expected share of failures on lemons is worked out here from
// renewal theory alone (an oracle that shares no code with the pods): a node that is up for an
// exponential time of mean 1/r and then down for a fixed repair R fails 1 / (1/r + R) times per
// unit time in the long run, so lemons (share s, rate f r) take
//   s g / (1 - s + s g),  g = (1/r + R) / (1/(f r) + R).
#include <catch2/catch.hpp>
#include <map>

#include "tests/model/fleet_harness.h"

using namespace fleetsim;

namespace {

model::ModelConfig fleet(double share, double factor) {
  model::ModelConfig cfg;
  cfg.fabric = {4, 64, 8};  // 256 nodes
  cfg.layout = {"two", "", "test", {2, 2}};
  cfg.end_time = 365 * engine::kDay;
  cfg.failures.node_rate = 200;  // per 1000 node-days: ~19k failures a year on 256 nodes
  cfg.failures.repair = model::RepairDistribution::kFixed;
  cfg.failures.repair_mean = engine::kHour;
  cfg.failures.lemon_share = share;
  cfg.failures.lemon_factor = factor;
  cfg.timeline_period = 30 * engine::kDay;
  return cfg;
}

// Failures per global node.
std::map<int, int> failures_by_node(const model::ModelConfig& cfg) {
  auto run = test::run_fleet(cfg, {});
  std::map<int, int> count;
  for (int c = 0; c < run->map->clusters(); ++c)
    for (const auto& f : run->cluster(c).failures()) ++count[f.node];
  return count;
}

}  // namespace

TEST_CASE("lemon nodes concentrate failures", "[model][failures]") {
  const double share = 0.1, factor = 20;
  const auto lemons = failures_by_node(fleet(share, factor));
  const auto plain = failures_by_node(fleet(0, factor));

  // The nodes with the most failures: lemons fail ~20x as often, so they stand apart.
  std::vector<int> counts;
  long total = 0;
  for (auto [node, n] : lemons) counts.push_back(n), total += n;
  std::sort(counts.rbegin(), counts.rend());
  // A normal node fails ~72 times a year, a lemon ~1,250: twice the mean over all nodes (~180)
  // sets them apart.
  const long threshold = 2 * total / 256;
  long on_lemons = 0;
  int n_lemons = 0;
  for (int n : counts)
    if (n > threshold) on_lemons += n, ++n_lemons;
  // About 10% of 256 nodes are lemons (binomial: 25.6 +- 4.8; allow 3 sigma).
  CHECK(n_lemons >= 11);
  CHECK(n_lemons <= 40);
  // Their share of failures, with the lemons actually drawn (s = n_lemons / 256).
  const double r = 200.0 / 1000 / 24, repair = 1.0;  // per hour, hours
  const double g = (1 / r + repair) / (1 / (factor * r) + repair);
  const double s_drawn = n_lemons / 256.0;
  const double expected = s_drawn * g / (1 - s_drawn + s_drawn * g);
  CHECK(static_cast<double>(on_lemons) / total == Approx(expected).margin(0.03));

  // Without lemons no node stands apart that far (the check can fail).
  long plain_total = 0;
  int plain_max = 0;
  for (auto [node, n] : plain) plain_total += n, plain_max = std::max(plain_max, n);
  CHECK(plain_max < 2 * plain_total / 256);
}

TEST_CASE("lemons are the same nodes in every layout", "[model][failures]") {
  auto one = fleet(0.1, 20);
  one.layout = {"one", "", "test", {4}};
  const auto a = failures_by_node(one), b = failures_by_node(fleet(0.1, 20));
  CHECK(a == b);
}
