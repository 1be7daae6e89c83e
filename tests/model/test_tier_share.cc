// Max-min fair shares of an oversubscribed tier (sim/model/fabric/tier_share.h), against closed
// forms worked out here and against the characterization of max-min fairness (Bertsekas &
// Gallager, "Data Networks", section 6.5.2: an allocation is max-min fair iff it is feasible
// and every job has a bottleneck: a full block on which no job gets a larger fraction), checked
// on random instances without using the solver's own steps.
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "sim/model/fabric/tier_share.h"

using fleetsim::model::TierShares;

namespace {

std::map<int, double> shares_of(const TierShares& t) {
  std::map<int, double> out;
  for (const auto& s : t.solve()) out[s.job] = s.share;
  return out;
}

}  // namespace

TEST_CASE("two jobs in one block of a 1:7 tier share its uplinks", "[model][contention]") {
  // A block of 56 GPUs under a 1:7 tier has 8 GPUs' worth of uplinks. Two jobs of 28 GPUs each
  // ask 56: each gets 8 / 56 = 1/7 of its demand. One job of 4 GPUs alone gets all it asks.
  TierShares t({56.0 / 7});
  t.add(0, 1, 0, 28);
  t.add(1, 1, 0, 28);
  auto s = shares_of(t);
  CHECK(s[0] == Approx(1.0 / 7));
  CHECK(s[1] == Approx(1.0 / 7));
  TierShares small({8});
  small.add(0, 1, 0, 4);
  CHECK(shares_of(small)[0] == 1);
  // Exactly full: every job still has all it asks.
  small.add(1, 1, 0, 4);
  s = shares_of(small);
  CHECK(s[0] == 1);
  CHECK(s[1] == 1);
}

TEST_CASE("a job held back elsewhere leaves its room to the others", "[model][contention]") {
  // Blocks X (capacity 10) and Y (4). a: 10 on X; b: 5 on X and 5 on Y; c: 5 on Y.
  // Y fills first, at 4 / 10 = 0.4 (b and c stop there); X then has 10 - 0.4 x 15 = 4 left for
  // a, whose 10 rise by 0.4 more: a gets 0.8.
  TierShares t({10, 4});
  t.add(0, 1, 0, 10);
  t.add(1, 1, 0, 5);
  t.add(1, 1, 1, 5);
  t.add(2, 1, 1, 5);
  const auto s = shares_of(t);
  CHECK(s.at(0) == Approx(0.8));
  CHECK(s.at(1) == Approx(0.4));
  CHECK(s.at(2) == Approx(0.4));
}

TEST_CASE("a later attempt replaces an earlier one; a stale stop does nothing",
          "[model][contention]") {
  TierShares t({8});
  t.add(0, 1, 0, 16);
  t.add(0, 2, 0, 4);   // attempt 2 replaces attempt 1's demand
  t.add(0, 1, 0, 16);  // a late message of attempt 1: stale
  CHECK(shares_of(t)[0] == 1);
  t.remove(0, 1);  // attempt 1 stops: stale
  CHECK(t.jobs() == 1);
  t.remove(0, 2);
  CHECK(t.jobs() == 0);
}

TEST_CASE("random tiers: shares are feasible and every job has a bottleneck",
          "[model][contention]") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    const int blocks = 1 + static_cast<int>(rng() % 6), jobs = 1 + static_cast<int>(rng() % 12);
    std::vector<double> cap(blocks);
    for (auto& c : cap) c = 1 + static_cast<double>(rng() % 64);
    TierShares t(cap);
    std::vector<std::map<int, double>> demand(jobs);
    for (int j = 0; j < jobs; ++j) {
      const int spans = 1 + static_cast<int>(rng() % blocks);
      for (int k = 0; k < spans; ++k) {
        const int b = static_cast<int>(rng() % blocks), g = 1 + static_cast<int>(rng() % 40);
        t.add(j, 1, b, g);
        demand[j][b] += g;
      }
    }
    const auto s = shares_of(t);
    REQUIRE(static_cast<int>(s.size()) == jobs);
    std::vector<double> used(blocks, 0);
    for (int j = 0; j < jobs; ++j) {
      REQUIRE(s.at(j) > 0);
      REQUIRE(s.at(j) <= 1);
      for (const auto& [b, g] : demand[j]) used[b] += s.at(j) * g;
    }
    for (int b = 0; b < blocks; ++b) REQUIRE(used[b] <= cap[b] * (1 + 1e-9));
    for (int j = 0; j < jobs; ++j) {
      if (s.at(j) >= 1 - 1e-12) continue;
      bool bottleneck = false;
      for (const auto& [b, g] : demand[j]) {
        if (used[b] < cap[b] * (1 - 1e-9)) continue;
        bool largest = true;
        for (int k = 0; k < jobs; ++k)
          if (demand[k].count(b) && s.at(k) > s.at(j) * (1 + 1e-9)) largest = false;
        bottleneck = bottleneck || largest;
      }
      INFO("round " << round << " job " << j << " share " << s.at(j));
      REQUIRE(bottleneck);
    }
  }
}
