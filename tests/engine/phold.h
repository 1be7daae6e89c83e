// PHOLD for the engine's tests: every event makes its LP send one new event to a random LP
// (itself included) after lookahead + an exponential delay. Each LP folds what it sees into a
// digest, so two runs agree on every LP's digest only if every LP saw the same events in the same
// order at the same times, whatever the ranks, threads and partition.
#pragma once
#include <cstdint>
#include "sim/engine/lp_type.h"

#include "sim/engine/lp.h"

namespace fleetsim::test {

class PholdLp final : public engine::StatefulLp<PholdLp> {
 public:
  PholdLp(engine::LpId lps, engine::Time lookahead, int population)
      : lps_(lps), lookahead_(lookahead), population_(population) {}

  void init(engine::Context& ctx) override {
    rng_ = ctx.rng({core::purpose("phold"), ctx.self()});
    for (int i = 0; i < population_; ++i) send(ctx);
  }
  void handle(const engine::Event& ev, engine::Context& ctx) override {
    // FNV-1a over what identifies the event and its place in this LP's history.
    for (std::uint64_t word : {static_cast<std::uint64_t>(ev.time), std::uint64_t{ev.src}, ev.seq,
                               static_cast<std::uint64_t>(ev.as<std::int64_t>())}) {
      digest_ = (digest_ ^ word) * 0x100000001b3ULL;
    }
    ++events_;
    send(ctx);
  }
  std::uint64_t digest() const { return digest_; }
  template <class Archive>
  void state(Archive& ar) {
    ar(rng_, digest_, events_);
  }
  std::uint64_t events() const { return events_; }

 private:
  void send(engine::Context& ctx) {
    const auto dst = static_cast<engine::LpId>(rng_.below(lps_));
    // Integer delays in whole milliseconds make same-time events common: the tie-break is tested.
    const auto extra = static_cast<engine::Time>(rng_.exponential(1.0) * 4) * engine::kMillisecond;
    const std::int64_t payload = static_cast<std::int64_t>(rng_.below(1000));
    ctx.send(dst, lookahead_ + extra, 1, static_cast<std::int32_t>(rng_.below(3)), payload);
  }

  engine::LpId lps_;
  engine::Time lookahead_;
  int population_;
  engine::RngStream rng_;
  std::uint64_t digest_ = 0xcbf29ce484222325ULL;
  std::uint64_t events_ = 0;
};

// A table of one PHOLD type: `lps` LPs sending kind 1 with at least `lookahead`.
inline engine::LpTypeTable phold_types(engine::LpId lps, engine::Time lookahead, int population) {
  engine::LpTypeTable t;
  t.add({.name = "phold",
         .count = lps,
         .accepts = {1},
         .sends = {{1, "phold", lookahead, "phold lookahead"}},
         .statistics = {"digest"},
         .make = [=](engine::LpId) {
           return std::make_unique<PholdLp>(lps, lookahead, population);
         }});
  return t;
}

}  // namespace fleetsim::test
