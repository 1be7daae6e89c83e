#include "sim/model/fleet.h"

#include "sim/model/cluster_lp.h"
#include "sim/model/messages.h"
#include "sim/model/pod_lp.h"

namespace fleetsim::model {

Fleet::Fleet(const ModelConfig& cfg, JobSourceFactory make_source, const FailureScript* failures,
             std::vector<engine::LpType> extra_types)
    : cfg_(cfg), map_(cfg), make_source_(std::move(make_source)), failures_(failures) {
  for (auto& t : extra_types) types_.add(std::move(t));
  const auto clusters = static_cast<engine::LpId>(map_.clusters());

  first_pod_ = types_.add(
      {.name = "pod",
       .count = static_cast<engine::LpId>(map_.pods()),
       .accepts = {kNodeFail},
       .sends = {{kNodeDown, "cluster", cfg.failures.detect_latency, "failures.detect_latency"},
                 // A repair is longer than the detection latency (pod_lp.cc clamps it).
                 {kNodeUp, "cluster", cfg.failures.detect_latency + 1, "failures.detect_latency"}},
       .statistics = {},
       .make = [this](engine::LpId pod) -> std::unique_ptr<engine::Lp> {
         const engine::LpId cluster = cluster_lp(map_.cluster_of_pod(static_cast<int>(pod)));
         if (failures_)
           return keep(std::make_unique<LoggedPodLp>(cfg_, cluster, failures_->at(pod)));
         return keep(std::make_unique<PodLp>(cfg_, static_cast<int>(pod), cluster));
       }});
  router_ = types_.add({.name = "router",
                        .count = 1,
                        .accepts = {kArrival, kQueueReport},
                        .sends = {{kJobSubmit, "cluster", cfg.latency.submit, "latency.submit"}},
                        .statistics = {"/jobs (rejected jobs)"},
                        .make = [this](engine::LpId) -> std::unique_ptr<engine::Lp> {
                          return keep(
                              std::make_unique<RouterLp>(cfg_, map_, first_cluster_, make_source_));
                        }});
  first_cluster_ = types_.add(
      {.name = "cluster",
       .count = clusters,
       .accepts = {kJobSubmit, kJobEnd, kNodeDown, kNodeUp, kSchedule, kSample},
       .sends = {{kQueueReport, "router", cfg.latency.report, "latency.report"}},
       .statistics = {"/jobs", "/failures", "/timeline", "/pod_timeline", "/job_events",
                      "/clusters"},
       .make = [this](engine::LpId c) -> std::unique_ptr<engine::Lp> {
         return keep(std::make_unique<ClusterLp>(cfg_, map_, static_cast<int>(c), router_));
       }});
}

}  // namespace fleetsim::model
