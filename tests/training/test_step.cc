// A job alone on a non-blocking fabric: step time = compute + bubble + exposed communication,
// every term worked out by hand here from the formulas of docs/training.md.
#include <catch2/catch.hpp>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "tests/training/small_job.h"
#include "training/job.h"

using namespace fleetsim::training;

using test::small_job;

TEST_CASE("tensor x data job: compute + exposed TP + exposed DP", "[training][step]") {
  // 64 GPUs = 8 data x 8 tensor, 64 sequences a step: 8 microbatches of one sequence each.
  Job j = small_job();
  j.gpus = 64;
  j.global_batch = 64;
  j.parallelism.tensor = 8;
  const auto r = step_time(j);

  // One microbatch on one GPU: 1,024 tokens x 7.2e9 FLOPs / 8 GPUs at 5e14 FLOP/s.
  const double mb_compute = 1024 * 7.2e9 / 8 / 5e14;  // 1.8432 ms
  // TP: 4 ring all-reduces per layer of 1024 x 2048 x 2 bytes over 8 ranks on NVLink
  // (3,600 Gb/s = 450e9 B/s, 3 us), 24 layers, half of it exposed.
  const double ar = 2.0 * 7 / 8 * (1024.0 * 2048 * 2) / 450e9 + 14 * 3e-6;
  const double tp_mb = 4 * 24 * ar;
  // DP: 1.2e9 / 8 parameters x 2 bytes = 0.3 GB, ring over 8 replicas at 400 Gb/s, 10 us:
  // 0.0105 + 0.00014 s (tree: 0.012 + 60 us, slower). Hidden: 0.9 of it, at most one
  // microbatch of compute (1.8432 ms).
  const double dp = 2.0 * 7 / 8 * 0.3e9 / 50e9 + 14 * 10e-6;
  const double dp_exposed = dp - 1.8432e-3;

  CHECK(r.microbatches == 8);
  CHECK(r.compute_s == Approx(8 * mb_compute));
  CHECK(r.tp_s == Approx(8 * tp_mb));
  CHECK(r.tp_exposed_s == Approx(4 * tp_mb));
  CHECK(r.bubble_s == 0);
  CHECK(r.pp_s == 0);
  CHECK(r.dp_s == Approx(dp));
  CHECK(r.dp_exposed_s == Approx(dp_exposed));
  const double step = 8 * mb_compute + 4 * tp_mb + dp_exposed;
  CHECK(r.step_s == Approx(step));
  const double flops = 64 * 1024 * 7.2e9;
  CHECK(r.model_flops == Approx(flops));
  CHECK(r.mfu == Approx(flops / (step * 64 * 1e15)));
  CHECK(r.exposed_comm_share == Approx((4 * tp_mb + dp_exposed) / step));
}

TEST_CASE("pipeline x data job: compute + bubble + fill/drain sends + exposed DP",
          "[training][step]") {
  // 16 GPUs = 8 data x 2 stages, 32 sequences: 4 microbatches per replica.
  Job j = small_job();
  j.gpus = 16;
  j.global_batch = 32;
  j.parallelism.pipeline = 2;
  const auto r = step_time(j);

  const double mb_compute = 1024 * 7.2e9 / 2 / 5e14;  // half the layers each: 7.3728 ms
  // Bubble: (p - 1) / v = 1 microbatch time. Sends: 1024 x 2048 x 2 bytes inside the 8-GPU
  // NVLink domain (the 2 stages fit), 2 (p - 1) = 2 exposed, 2 (v m + p - 1) = 10 in all.
  const double send = 3e-6 + 1024.0 * 2048 * 2 / 450e9;
  // DP: 0.6e9 parameters x 2 bytes over 8 replicas, 16 GPUs span two domains: scale-out.
  const double dp = 2.0 * 7 / 8 * 1.2e9 / 50e9 + 14 * 10e-6;
  const double dp_exposed = dp - std::min(0.9 * dp, mb_compute);

  CHECK(r.microbatches == 4);
  CHECK(r.compute_s == Approx(4 * mb_compute));
  CHECK(r.bubble_s == Approx(mb_compute));
  CHECK(r.pp_s == Approx(10 * send));
  CHECK(r.pp_exposed_s == Approx(2 * send));
  CHECK(r.dp_exposed_s == Approx(dp_exposed));
  CHECK(r.step_s == Approx(5 * mb_compute + 2 * send + dp_exposed));
  // Bubble share of the pipeline: (p-1)/(m+p-1) = 1/5.
  CHECK(r.bubble_s / (r.compute_s + r.bubble_s) == Approx(0.2));

  // Interleaving over 4 chunks: the bubble shrinks to 1/4 microbatch, sends grow to 2 (4 x 4 + 1).
  j.parallelism.virtual_stages = 4;
  const auto v = step_time(j);
  CHECK(v.bubble_s == Approx(mb_compute / 4));
  CHECK(v.pp_s == Approx(34 * send));
}

TEST_CASE("the scale-out bandwidth comes from the fabric's bisection per GPU",
          "[training][step][fabric]") {
  using namespace fleetsim::fabric;
  // A non-blocking fat tree gives every GPU its NIC's 400 Gb/s; 2:1 oversubscribed, about half
  // (the fabric rounds each switch's ports: 42 down, 22 up of 64).
  const auto full = build_network(load_fabric("fat-tree"), 1024);
  const auto half = build_network(load_fabric("fat-tree", {{"oversubscription", "2"}}), 1024);
  REQUIRE(full.bisection_gbps_per_gpu == Approx(400));
  const double low = half.bisection_gbps_per_gpu;
  REQUIRE(low < 250);
  REQUIRE(low > 150);

  Job j = small_job();
  j.gpus = 1024;
  j.global_batch = 1024;
  j.parallelism.tensor = 8;  // 128 replicas
  j.calibration.dp_overlap = 0;
  j.dp_algorithm = AllReduceAlgorithm::ring;  // at 128 ranks the tree would be 0.1% faster
  j.hardware.scale_out_gbps = full.bisection_gbps_per_gpu;
  const auto a = step_time(j);
  j.hardware.scale_out_gbps = half.bisection_gbps_per_gpu;
  const auto b = step_time(j);
  // 0.3 GB ring over 128 replicas: 2 x 127/128 x 0.3e9 bytes at 50e9 or low / 8 x 1e9 B/s.
  const double bytes = 2.0 * 127 / 128 * 0.3e9;
  CHECK(a.dp_s == Approx(bytes / 50e9 + 254 * 10e-6));
  CHECK(b.dp_s == Approx(bytes / (low * 1e9 / 8) + 254 * 10e-6));
  CHECK(b.step_s - a.step_s == Approx(bytes / (low * 1e9 / 8) - bytes / 50e9));
}
