// The base of the network tests (test_fabric_failures.cc, test_contention.cc): one cluster on a
// test network, nothing failing at random, no checkpoints; and the progress rate the training
// library gives a job with part of its bandwidth, the oracle those tests compare against.
#pragma once
#include <memory>
#include <string>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "sim/model/config.h"
#include "training/catalog.h"

namespace fleetsim::test {

// `pods` x `nodes_per_pod` x 8 GPUs as one cluster, on the network of fabric text `ini` (empty:
// no network), for 30 days.
inline model::ModelConfig network_fleet(int pods, int nodes_per_pod, const std::string& ini) {
  model::ModelConfig cfg;
  cfg.fabric = {pods, nodes_per_pod, 8};
  cfg.layout = {"one", "", "test", {pods}};
  cfg.end_time = 30 * engine::kDay;
  cfg.failures.node_rate = 0;
  cfg.failures.link_rate = cfg.failures.link_flap_rate = cfg.failures.switch_rate = 0;
  cfg.failures.maintenance_rate = 0;
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  cfg.timeline_period = 10 * engine::kDay;
  if (ini.empty()) {
    cfg.network.name = "none";
    return cfg;
  }
  cfg.network.name = "test";
  cfg.network.spec = std::make_shared<const fabric::FabricSpec>(fabric::parse_fabric(ini, "t"));
  cfg.network.clusters = {fabric::build_network(*cfg.network.spec, cfg.fabric.total_gpus())};
  return cfg;
}

// The progress rate of a job of `gpus` GPUs with `bw` of its network bandwidth left, from the
// training library's step time (training/, tested against closed forms and published MFU):
// step at full bandwidth / step at bw. The hardware is what the model takes from the test
// networks: 400 Gb/s per GPU on one plane, the H100 defaults otherwise.
inline double step_rate(int gpus, double bw) {
  training::Hardware hw;
  hw.scale_out_gbps = 400;
  auto job = training::catalog_job(training::model_for_gpus(gpus), gpus, hw);
  const double full = training::step_time(job).step_s;
  job.hardware.scale_out_gbps *= bw;
  return full / training::step_time(job).step_s;
}

}  // namespace fleetsim::test
