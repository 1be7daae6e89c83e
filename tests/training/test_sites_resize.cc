// Jobs spanning two sites (synchronous hierarchical all-reduce, DiLoCo) and the resize rule,
// against hand sums.
#include <catch2/catch.hpp>

#include "tests/training/small_job.h"
#include "training/job.h"

using namespace fleetsim::training;

using test::small_job;

TEST_CASE("two sites, synchronous and DiLoCo: the WAN phase by hand", "[training][sites]") {
  // 16 GPUs, data 16, 8 per site, 32 sequences: 2 microbatches. Gradients 2.4 GB per GPU.
  Job j = small_job();
  j.gpus = 16;
  j.global_batch = 32;
  const double mb = 14.7456e-3;
  // In-site: reduce-scatter and all-gather over 8 ranks at 400 Gb/s, 10 us: 0.042 + 70 us each.
  const double rs = 7.0 / 8 * 2.4e9 / 50e9 + 7 * 10e-6;
  // WAN: 100 Gb/s per site shared by its 8 GPUs (12.5 Gb/s each), the 0.3 GB shard, ring over
  // 2 sites with 5 ms: 0.3e9 / 1.5625e9 + 2 x 5 ms = 0.202 s.
  const double wan = 0.3e9 / 1.5625e9 + 2 * 5e-3;

  j.sites = {2, 100, 5e-3, 1};
  const auto sync = step_time(j);
  CHECK(sync.dp_s == Approx(2 * rs));
  CHECK(sync.wan_s == Approx(wan));
  // Hidden: at most one microbatch of compute, given to the in-site phases first.
  CHECK(sync.step_s == Approx(2 * mb + (2 * rs - mb) + wan));

  // DiLoCo every 10 steps: a flat ring all-reduce inside the site each step (2 x 7/8 x 2.4e9 /
  // 50e9 + 14 x 10 us, minus one microbatch hidden), the whole hierarchical one / 10.
  j.sites.sync_every_steps = 10;
  const auto diloco = step_time(j);
  const double in_site = 2.0 * 7 / 8 * 2.4e9 / 50e9 + 14 * 10e-6;
  CHECK(diloco.dp_s == Approx(in_site));
  CHECK(diloco.wan_s == Approx((2 * rs + wan) / 10));
  CHECK(diloco.step_s == Approx(2 * mb + (in_site - mb) + (2 * rs + wan) / 10));
  CHECK(diloco.step_s < sync.step_s);
}

TEST_CASE("resize: runtime scales by the step-time ratio, not linearly", "[training][resize]") {
  // 16 GPUs = 4 replicas x 4 stages, 32 sequences a step: 8 microbatches. Communication made
  // free (huge bandwidth, no latency) so the step is (m + p - 1) microbatch times of
  // 1024 x 7.2e9 / 4 / 5e14 = 3.6864 ms.
  Job j = small_job();
  j.gpus = 16;
  j.global_batch = 32;
  j.parallelism.pipeline = 4;
  j.hardware.scale_up_gbps = j.hardware.scale_out_gbps = 1e12;
  j.hardware.alpha_intra_s = j.hardware.alpha_inter_s = 0;
  CHECK(step_time(j).step_s == Approx(11 * 3.6864e-3).epsilon(1e-6));

  // Half the GPUs: 2 replicas, 16 microbatches, (16 + 3) / (8 + 3) of the runtime, not twice.
  CHECK(resize_runtime_s(j, 1100, 8) == Approx(1900).epsilon(1e-6));
  // 9 GPUs hold the same 2 whole replicas (one GPU idle).
  CHECK(resize_runtime_s(j, 1100, 9) == Approx(1900).epsilon(1e-6));
  CHECK(resized(j, 9).gpus == 8);
  // Four times the GPUs: 16 replicas of 2 microbatches: (2 + 3) / 11, not a quarter.
  CHECK(resize_runtime_s(j, 1100, 64) == Approx(500).epsilon(1e-6));
  // No more replicas than the batch has sequences: 32 replicas at most, then no gain.
  CHECK(resize_runtime_s(j, 1100, 128) == Approx(400).epsilon(1e-6));
  CHECK(resize_runtime_s(j, 1100, 256) == Approx(400).epsilon(1e-6));
  CHECK_THROWS_WITH(resized(j, 3), Catch::StartsWith("gpus: 3 is below one replica"));
}
