// Counter-based random streams (Random123 Philox4x64-10) keyed by what they model: a purpose
// (a named kind of randomness: "node.failure", "workload.regular") and an entity (the node, job
// or component it is drawn for). The draw index is in the counter. A draw depends on nothing but
// (seed, purpose, entity, index): never on LP ids, ranks, threads or the interleaving of other
// events, so adding an LP type or renumbering LPs changes no draw.
#pragma once
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>

namespace fleetsim::core {

// A purpose's key: FNV-1a of its name, computed at compile time. New purposes need no registry.
constexpr std::uint64_t purpose(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

struct StreamKey {
  std::uint64_t purpose = 0;  // core::purpose("...")
  std::uint64_t entity = 0;   // node, job or component id within that purpose
};

class RngStream {
 public:
  RngStream() = default;
  RngStream(std::uint64_t seed, StreamKey key) : key_{{seed, key.purpose}}, entity_(key.entity) {}

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

  // The whole state is these integers: a saved stream resumes with the same draws.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(key_.v[0], key_.v[1], entity_, counter_, used_, block_.v[0], block_.v[1], block_.v[2],
       block_.v[3]);
  }

 private:
  void refill() {
    r123::Philox4x64::ctr_type ctr{{entity_, counter_++, 0, 0}};
    block_ = r123::Philox4x64()(ctr, key_);
    used_ = 0;
  }
  r123::Philox4x64::key_type key_{{0, 0}};
  r123::Philox4x64::ctr_type block_{{0, 0, 0, 0}};
  std::uint64_t entity_ = 0;
  std::uint64_t counter_ = 0;
  std::uint32_t used_ = 4;
};

}  // namespace fleetsim::core
