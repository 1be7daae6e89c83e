#include "bench/tools/phold_model.h"

#include "sim/engine/lp.h"

namespace fleetsim::bench {
namespace {

constexpr std::uint16_t kPhold = 1;

class PholdBenchLp final : public engine::StatefulLp<PholdBenchLp> {
 public:
  PholdBenchLp(const PholdParams& p, const PholdMap& map, engine::LpId id)
      : p_(p), map_(map), rank_(map.owner[id]) {}

  void init(engine::Context& ctx) override {
    rng_ = ctx.rng({core::purpose("bench.phold"), ctx.self()});
    for (int i = 0; i < p_.population; ++i) send(ctx);
  }
  void handle(const engine::Event&, engine::Context& ctx) override { send(ctx); }
  template <class Archive>
  void state(Archive& ar) {
    ar(rng_);
  }

 private:
  engine::LpId destination(engine::LpId self) {
    if (rng_.uniform() >= p_.other) return self;
    const auto& off = map_.off_rank[rank_];
    if (rng_.uniform() < p_.remote && !off.empty()) return off[rng_.below(off.size())];
    const auto& on = map_.on_rank[rank_];
    if (on.size() < 2) return self;
    // Another LP of this rank: draw among the others by skipping over self.
    const auto k = rng_.below(on.size() - 1);
    return on[k] == self ? on.back() : on[k];
  }
  void send(engine::Context& ctx) {
    const engine::LpId dst = destination(ctx.self());
    const auto extra = static_cast<engine::Time>(rng_.exponential(1.0) * p_.mean);
    ctx.send(dst, p_.lookahead + extra, kPhold, 0, std::int64_t{0});
  }

  const PholdParams& p_;
  const PholdMap& map_;
  int rank_;
  engine::RngStream rng_;
};

}  // namespace

PholdMap::PholdMap(const engine::Partitioner& partitioner, engine::LpId lps, int ranks_)
    : owner(partitioner.assign(lps, ranks_)), on_rank(ranks_), off_rank(ranks_), ranks(ranks_) {
  for (engine::LpId id = 0; id < lps; ++id) {
    on_rank[owner[id]].push_back(id);
    for (int r = 0; r < ranks; ++r)
      if (r != owner[id]) off_rank[r].push_back(id);
  }
}

engine::LpTypeTable phold_types(const PholdParams& p, const PholdMap& map) {
  engine::LpTypeTable t;
  t.add({.name = "phold",
         .count = p.lps,
         .accepts = {kPhold},
         .sends = {{kPhold, "phold", p.lookahead, "--lookahead-us"}},
         .statistics = {},
         .make = [&p, &map](engine::LpId id) -> std::unique_ptr<engine::Lp> {
           return std::make_unique<PholdBenchLp>(p, map, id);
         }});
  return t;
}

}  // namespace fleetsim::bench
