#include "sim/model/logged_pod_lp.h"

#include <stdexcept>

#include "sim/model/messages.h"

namespace fleetsim::model {

LoggedPodLp::LoggedPodLp(const ModelConfig& cfg, engine::LpId cluster,
                         std::vector<LoggedFailure> script)
    : detect_(cfg.failures.detect_latency), cluster_(cluster), script_(std::move(script)) {
  for (const auto& f : script_)
    if (f.repair <= detect_)
      throw std::invalid_argument("logged failure with a repair not above the detection latency");
}

void LoggedPodLp::init(engine::Context& ctx) { schedule_next(ctx); }

void LoggedPodLp::schedule_next(engine::Context& ctx) {
  if (next_ < script_.size())
    ctx.send(ctx.self(), script_[next_].time - ctx.now(), kNodeFail, kPrioFailure, NodeFailMsg{0});
}

void LoggedPodLp::handle(const engine::Event&, engine::Context& ctx) {
  // Every failure logged for this instant, then one event for the next instant.
  while (next_ < script_.size() && script_[next_].time == ctx.now()) {
    const LoggedFailure& f = script_[next_++];
    ctx.send(cluster_, detect_, kNodeDown, kPrioFailure,
             NodeDownMsg{f.time, f.repair, f.node, f.component,
                         f.component == core::Component::kMaintenance});
    ctx.send(cluster_, f.repair, kNodeUp, kPrioFailure, NodeUpMsg{f.node});
  }
  schedule_next(ctx);
}

}  // namespace fleetsim::model
