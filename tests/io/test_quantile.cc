// The one quantile convention (nearest rank, sim/io/quantile.h), pinned on exact cases.
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "sim/io/quantile.h"

using fleetsim::io::nearest_rank;

TEST_CASE("nearest rank: an empty sample gives NaN", "[io][summary][quantile]") {
  for (int p : {0, 50, 99, 100}) CHECK(std::isnan(nearest_rank({}, p)));
}

TEST_CASE("nearest rank: one value is every quantile", "[io][summary][quantile]") {
  for (int p : {0, 1, 50, 99, 100}) CHECK(nearest_rank({7.5}, p) == 7.5);
}

TEST_CASE("nearest rank: the k-th smallest, k = ceil(p n / 100)", "[io][summary][quantile]") {
  const std::vector<double> four{1, 2, 3, 4};
  CHECK(nearest_rank(four, 0) == 1);
  CHECK(nearest_rank(four, 25) == 1);  // k = 1 exactly: no interpolation towards 2
  CHECK(nearest_rank(four, 26) == 2);
  CHECK(nearest_rank(four, 50) == 2);  // the lower middle, not 2.5
  CHECK(nearest_rank(four, 51) == 3);
  CHECK(nearest_rank(four, 99) == 4);
  CHECK(nearest_rank(four, 100) == 4);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  CHECK(nearest_rank(hundred, 90) == 90);
  CHECK(nearest_rank(hundred, 99) == 99);  // 99% of 100 is exactly 99: no rounding up to 100
  const std::vector<double> ten{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  CHECK(nearest_rank(ten, 99) == 9);  // k = ceil(9.9) = 10
  CHECK(nearest_rank(ten, 90) == 8);  // k = 9
  CHECK(nearest_rank(ten, 50) == 4);  // k = 5
}

TEST_CASE("nearest rank: percent outside 0..100 is refused", "[io][summary][quantile]") {
  CHECK_THROWS_AS(nearest_rank({1.0}, -1), std::invalid_argument);
  CHECK_THROWS_AS(nearest_rank({1.0}, 101), std::invalid_argument);
}
