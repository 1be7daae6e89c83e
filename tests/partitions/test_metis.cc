// The graph partitioner (partitions/metis.h) against answers found here by brute force: the
// balanced 2-way cut of least traffic, and the placement of an LP heavier than a rank's share.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bitset>
#include <limits>

#include "partitions/partitioners.h"

using namespace fleetsim;

namespace {

std::int64_t cut(const engine::LpGraph& g, const std::vector<int>& part) {
  std::int64_t c = 0;
  for (const auto& e : g.edges)
    if (part[e.a] != part[e.b]) c += e.traffic;
  return c;
}

}  // namespace

TEST_CASE("metis cuts two communities apart at their one weak link", "[partitions]") {
  // LPs 0-4 and 5-9 talk heavily among themselves (ring plus chords); LP 2 and LP 7 talk a
  // little. Ids are interleaved in the graph below so that a block cut would be wrong.
  engine::LpGraph g;
  g.work.assign(10, 10);
  const int a[5] = {0, 2, 4, 6, 8}, b[5] = {1, 3, 5, 7, 9};
  for (int i = 0; i < 5; ++i)
    for (int j = i + 1; j < 5; ++j) {
      g.edges.push_back({static_cast<engine::LpId>(a[i]), static_cast<engine::LpId>(a[j]), 50});
      g.edges.push_back({static_cast<engine::LpId>(b[i]), static_cast<engine::LpId>(b[j]), 50});
    }
  g.edges.push_back({2, 7, 1});

  // Brute force: every split into two sets of five.
  std::int64_t best = std::numeric_limits<std::int64_t>::max();
  for (unsigned m = 0; m < 1024; ++m) {
    if (std::bitset<10>(m).count() != 5) continue;
    std::vector<int> part(10);
    for (int i = 0; i < 10; ++i) part[i] = (m >> i) & 1;
    best = std::min(best, cut(g, part));
  }
  REQUIRE(best == 1);

  const auto p = partitions::make_partitioner("metis", &g)->assign(10, 2);
  CHECK(cut(g, p) == best);
  CHECK(std::count(p.begin(), p.end(), 0) == 5);
  // Every rank computes the same parts.
  CHECK(partitions::make_partitioner("metis", &g)->assign(10, 2) == p);
  // One rank: everything on rank 0.
  CHECK(partitions::make_partitioner("metis", &g)->assign(10, 1) == std::vector<int>(10, 0));
}

TEST_CASE("metis leaves an LP heavier than a rank's share alone", "[partitions]") {
  // The giant layout's shape: one cluster LP with most of the work, pods around it.
  engine::LpGraph g;
  g.work.assign(9, 10);
  g.work[0] = 1000;
  for (engine::LpId i = 1; i < 9; ++i) g.edges.push_back({0, i, 5});
  const auto p = partitions::make_partitioner("metis", &g)->assign(9, 2);
  CHECK(std::count(p.begin(), p.end(), p[0]) == 1);
}

TEST_CASE("metis without the model's graph is an error naming it", "[partitions]") {
  CHECK_THROWS_WITH(partitions::make_partitioner("metis")->assign(4, 2),
                    Catch::Contains("LP graph has 0 LPs"));
  CHECK_THROWS_WITH(partitions::make_partitioner("nope"), Catch::Contains("metis"));
}
