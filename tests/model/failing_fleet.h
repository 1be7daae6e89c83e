// A small two-cluster fleet with many failures and a busy synthetic workload of every job
// class (frontier runs included), for the tests that check rules on every record of a random
// run (test_invariants.cc, test_elastic.cc).
#pragma once
#include "sim/model/config.h"
#include "traces/synthetic.h"

namespace fleetsim::test {

inline model::ModelConfig failing_fleet() {
  model::ModelConfig cfg;
  cfg.fabric = {4, 16, 8};  // 512 GPUs
  cfg.layout = {"two", "", "test", {3, 1}};
  cfg.failures.node_rate = 300;  // per 1000 node-days: many failures in a short run
  cfg.failures.repair_median = 2 * engine::kHour;
  cfg.end_time = 20 * engine::kDay;
  cfg.timeline_period = 10 * engine::kMinute;
  cfg.seed = 11;
  return cfg;
}

inline traces::SyntheticConfig busy_workload() {
  traces::SyntheticConfig workload;
  workload.frontier_per_year = 20;
  workload.frontier_sizes = {256, 384};
  workload.frontier_work_min_gpu_days = 100;
  workload.frontier_work_max_gpu_days = 400;
  workload.offered_load = 0.9;
  // Smaller gangs than the default, so that 512 GPUs see thousands of jobs in 20 days.
  workload.class_share = {0.7, 0.25, 0.05, 0.0};
  workload.gang_runtime.median_s = 3600;
  return workload;
}

}  // namespace fleetsim::test
