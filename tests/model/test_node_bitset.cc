// NodeBitset (sim/model/node_bitset.h) against a std::vector<bool> written here: random sets,
// clears and ranges over sizes around the word and summary boundaries; every search compared
// with a plain scan.
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "sim/model/node_bitset.h"

using fleetsim::model::NodeBitset;

TEST_CASE("a node bitset finds what a plain scan finds", "[model][placement]") {
  std::mt19937 rng(11);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int size : {1, 63, 64, 65, 4095, 4096, 4097, 9000}) {
    NodeBitset bits(size);
    std::vector<bool> ref(static_cast<std::size_t>(size), false);
    auto next_set = [&](int from) {
      for (int i = from; i < size; ++i)
        if (ref[static_cast<std::size_t>(i)]) return i;
      return size;
    };
    auto next_clear = [&](int from, int limit) {
      for (int i = from; i < limit; ++i)
        if (!ref[static_cast<std::size_t>(i)]) return i;
      return limit;
    };
    for (int step = 0; step < 3000; ++step) {
      const int op = uniform(0, 3);
      if (op == 0) {
        const int i = uniform(0, size - 1);
        bits.set(i);
        ref[static_cast<std::size_t>(i)] = true;
      } else if (op == 1) {
        const int i = uniform(0, size - 1);
        bits.reset(i);
        ref[static_cast<std::size_t>(i)] = false;
      } else {
        // A range, sometimes long enough to cross words and summary words.
        const int a = uniform(0, size - 1);
        const int len = uniform(0, std::min(size - a, uniform(0, 1) ? 70 : 5000));
        const bool value = uniform(0, 2) > 0;  // mostly sets: a sparse set would test little
        bits.assign(a, len, value);
        for (int i = a; i < a + len; ++i) ref[static_cast<std::size_t>(i)] = value;
      }
      for (int probe = 0; probe < 4; ++probe) {
        const int from = uniform(0, size);
        REQUIRE(bits.next_set(from) == next_set(from));
        const int limit = uniform(std::min(from, size), size);
        REQUIRE(bits.next_clear(std::min(from, limit), limit) ==
                next_clear(std::min(from, limit), limit));
        if (from < size) REQUIRE(bits.test(from) == ref[static_cast<std::size_t>(from)]);
      }
      if (step % 500 == 0) {  // everything, bit by bit
        int i = bits.next_set(0), expect = next_set(0);
        while (expect < size) {
          REQUIRE(i == expect);
          i = bits.next_set(i + 1);
          expect = next_set(expect + 1);
        }
        REQUIRE(i == size);
      }
    }
  }
}
