// Bad input throws std::invalid_argument whose message starts with the offending field's name.
#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>

#include "training/collectives.h"
#include "training/job.h"

using namespace fleetsim::training;
using Catch::StartsWith;

namespace {

Job good() {
  Job j;
  j.gpus = 1024;
  j.model = {70e9, 80, 8192, 4096};
  j.global_batch = 512;
  j.parallelism.tensor = 8;
  j.parallelism.pipeline = 4;
  return j;
}

void expect(const std::function<void(Job&)>& spoil, const std::string& prefix) {
  Job j = good();
  spoil(j);
  INFO("expected a message starting with '" << prefix << "'");
  CHECK_THROWS_AS(step_time(j), std::invalid_argument);
  CHECK_THROWS_WITH(step_time(j), StartsWith(prefix));
}

}  // namespace

TEST_CASE("a good job validates", "[training][validation]") {
  CHECK_NOTHROW(step_time(good()));
  CHECK(step_time(good()).step_s > 0);
}

TEST_CASE("bad input names the field", "[training][validation]") {
  expect([](Job& j) { j.gpus = 1000; }, "gpus: 1000 is not a multiple of tensor x pipeline = 32");
  expect([](Job& j) { j.parallelism.data = 16; }, "parallelism.data: ");
  expect([](Job& j) { j.parallelism.tensor = 16; }, "parallelism.tensor: 16 does not fit");
  expect(
      [](Job& j) {
        j.parallelism.tensor = 3;
        j.gpus = 3 * 4 * 10;
      },
      "parallelism.tensor: ");
  expect([](Job& j) { j.parallelism.pipeline = 0; }, "parallelism.pipeline: must be positive");
  expect([](Job& j) { j.parallelism.virtual_stages = 30; }, "parallelism.virtual_stages: ");
  expect([](Job& j) { j.hardware.scale_out_gbps = 0; },
         "hardware.scale_out_gbps: must be positive (got 0)");
  expect([](Job& j) { j.hardware.scale_up_gbps = -5; }, "hardware.scale_up_gbps: must be positive");
  expect([](Job& j) { j.hardware.peak_flops = 0; }, "hardware.peak_flops: ");
  expect([](Job& j) { j.hardware.alpha_inter_s = -1e-6; }, "hardware.alpha_inter_s: ");
  expect([](Job& j) { j.model.params = 0; }, "model.params: must be positive");
  expect([](Job& j) { j.model.seq_len = 0; }, "model.seq_len: ");
  expect([](Job& j) { j.global_batch = 16; }, "global_batch: 16 sequences cannot feed");
  expect([](Job& j) { j.precision_bytes = 0; }, "precision_bytes: ");
  expect([](Job& j) { j.calibration.compute_efficiency = 1.5; },
         "calibration.compute_efficiency: ");
  expect([](Job& j) { j.calibration.dp_overlap = -0.1; }, "calibration.dp_overlap: ");
  expect([](Job& j) { j.sites = {2, 0, 5e-3, 1}; }, "sites.wan_gbps: must be positive");
  expect([](Job& j) { j.sites = {3, 100, 5e-3, 1}; }, "sites.count: 3 sites do not split");
  expect([](Job& j) { j.sites = {2, 100, 5e-3, 0}; }, "sites.sync_every_steps: ");
}

TEST_CASE("collectives reject bad bandwidths and rank counts", "[training][validation]") {
  CHECK_THROWS_WITH(ring_allreduce_s(1e9, 4, 0, 1e-6), StartsWith("gbps: "));
  CHECK_THROWS_WITH(tree_allreduce_s(1e9, 0, 400, 1e-6), StartsWith("ranks: "));
  CHECK_THROWS_WITH(send_s(-1, 400, 1e-6), StartsWith("bytes: "));
  CHECK_THROWS_WITH(fiber_latency_s(-1), StartsWith("km: "));
}
