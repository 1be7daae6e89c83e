// Counter-based random streams (Random123 Philox4x64-10) keyed by (seed, LP id) with the stream
// number and draw index in the counter: a draw depends on nothing but those four integers, never
// on the rank, the thread or the interleaving of other LPs' events.
#pragma once
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace fleetsim::engine {

class RngStream {
 public:
  RngStream() = default;
  RngStream(std::uint64_t seed, std::uint64_t lp, std::uint64_t stream)
      : key_{{seed, lp}}, stream_(stream) {}

  std::uint64_t next_u64() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }
  // Uniform in [0, 1): the top 53 bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe under log().
  double uniform_pos() { return 1.0 - uniform(); }
  double exponential(double rate) { return -std::log(uniform_pos()) / rate; }
  double normal() {
    // Box-Muller without caching the second value: keeps the state a plain counter.
    const double u = uniform_pos(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
  // Integer in [0, n): multiply-shift; the bias is below 2^-40 for the n used here.
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next_u64()) * n) >> 64);
  }
  std::uint64_t draws() const { return counter_ * 4 - (4 - used_); }

 private:
  void refill() {
    r123::Philox4x64::ctr_type ctr{{stream_, counter_++, 0, 0}};
    block_ = r123::Philox4x64()(ctr, key_);
    used_ = 0;
  }
  r123::Philox4x64::key_type key_{{0, 0}};
  r123::Philox4x64::ctr_type block_{{0, 0, 0, 0}};
  std::uint64_t stream_ = 0;
  std::uint64_t counter_ = 0;
  unsigned used_ = 4;
};

}  // namespace fleetsim::engine
