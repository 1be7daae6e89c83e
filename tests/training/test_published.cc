// Published training runs against the model, with one calibration for all of them: the
// defaults of training::Calibration (compute_efficiency 0.54, dp_overlap 0.9, tp_overlap 0.5,
// pp_overlap 1), never changed per point. Every job uses the rule "two layers per virtual
// pipeline chunk" (an assumption: none of the papers gives its interleaving depth).
// Tolerance: 6 MFU points for the single-site points (the model has no per-system knobs; the
// gaps are reported in docs/training.md), 2 points of scaling efficiency for the two-site run.
#include <catch2/catch.hpp>

#include <cmath>

#include "training/job.h"

using namespace fleetsim::training;

namespace {

constexpr double mfu_tolerance = 0.06;

// Llama 3 405B (Dubey et al., "The Llama 3 Herd of Models", 2024, Table 3: 126 layers, model
// dimension 16,384; Table 4: sequence 8,192, 16M tokens per batch = 2,048 sequences, TP 8,
// PP 16, CP 1, DP 64 on 8,192 H100s at 430 TFLOP/s/GPU, 43% BF16 MFU; DP 128 on 16,384 at
// 400 TFLOP/s/GPU, 41%). The TP/PP/DP and TFLOP/s figures are confirmed by P. Balaji's SC'24
// slide as quoted at glennklockwood.com/garden/llama-3.1; the MFU column is from memory of the
// paper (430 / 989 = 43.5%, 400 / 989 = 40.4% agree). H100 defaults (Hardware{}): 400 Gb/s
// RoCE per GPU (paper section 3.3.1: 400 Gbps interconnects), 8-GPU NVLink servers.
Job llama3_405b(std::int64_t gpus) {
  Job j;
  j.gpus = gpus;
  j.model = {405e9, 126, 16384, 8192};
  j.global_batch = 2048;
  j.parallelism.tensor = 8;
  j.parallelism.pipeline = 16;
  j.parallelism.virtual_stages = 4;  // 8 layers per stage, 2 per chunk (assumption)
  return j;
}

}  // namespace

TEST_CASE("Llama 3 405B on 8,192 H100s: 43% MFU (Dubey et al. 2024, Table 4)",
          "[training][published]") {
  const auto r = step_time(llama3_405b(8192));
  INFO("model MFU " << r.mfu << ", " << r.tflops_per_gpu << " TFLOP/s/GPU; paper 43%, 430");
  CHECK(std::abs(r.mfu - 0.43) <= mfu_tolerance);
  CHECK(r.microbatches == 32);  // 2,048 / 64 replicas
}

TEST_CASE("Llama 3 405B on 16,384 H100s: 41% MFU (Dubey et al. 2024, Table 4)",
          "[training][published]") {
  const auto r = step_time(llama3_405b(16384));
  INFO("model MFU " << r.mfu << ", " << r.tflops_per_gpu << " TFLOP/s/GPU; paper 41%, 400");
  CHECK(std::abs(r.mfu - 0.41) <= mfu_tolerance);
  // Doubling the GPUs at the same batch halves the microbatches per replica: the bubble's
  // share grows and MFU falls, as in the paper (43% -> 41%).
  CHECK(r.mfu < step_time(llama3_405b(8192)).mfu);
}

TEST_CASE("MegaScale 175B on 12,288 GPUs: 55.2% MFU (Jiang et al., NSDI'24)",
          "[training][published]") {
  // MegaScale (abstract and section 6.1): 55.2% MFU training a 175B model on 12,288 GPUs, batch
  // 6,144. GPT-3 175B shape (96 layers, hidden 12,288, sequence 2,048; Brown et al. 2020), with
  // MegaScale's parallel transformer block (section 3.1). Parallelism TP 8, PP 8, DP 192 is
  // from memory of the paper, not confirmed here. Hardware: NVIDIA Ampere (A100) GPUs, BF16
  // dense peak 312 TFLOP/s (A100 datasheet), NVLink 3 600 GB/s both ways (2,400 Gb/s each way),
  // 200 Gb/s of RoCE per GPU (assumption from the paper's 400G ports split in two).
  Job j;
  j.gpus = 12288;
  j.model = {175e9, 96, 12288, 2048};
  j.model.parallel_block = true;
  j.global_batch = 6144;
  j.parallelism.tensor = 8;
  j.parallelism.pipeline = 8;
  j.parallelism.virtual_stages = 6;  // 12 layers per stage, 2 per chunk (assumption)
  j.hardware.peak_flops = 312e12;
  j.hardware.scale_up_gbps = 2400;
  j.hardware.scale_out_gbps = 200;
  const auto r = step_time(j);
  INFO("model MFU " << r.mfu << "; paper 55.2%");
  CHECK(std::abs(r.mfu - 0.552) <= mfu_tolerance);
}

TEST_CASE("Nemotron-4 340B on two sites 1,000 km apart: 96% scaling efficiency",
          "[training][published][sites]") {
  // NVIDIA technical blog, "Turbocharge LLM Training Across Long-Haul Data Center Networks with
  // NVIDIA NeMo Framework" (2025): Nemotron-4 340B trained across two data centres about
  // 1,000 km apart at 96% of the single-site throughput, with a hierarchical all-reduce
  // (in-site reduce-scatter, cross-site all-reduce, in-site all-gather). The blog's GPU count
  // and WAN are not confirmed here. Assumptions: 3,072 H100s (1,536 per site), the
  // parallelism of the Nemotron-4 340B report (NVIDIA 2024, Table 2: TP 8, PP 12, batch 1,536
  // at 3,072 GPUs; from memory), a 12.8 Tb/s WAN per site (32 x 400G waves) and 1,000 km of
  // straight fibre (4.9 ms one way). Model: 96 layers, hidden 18,432, sequence 4,096.
  Job j;
  j.gpus = 3072;
  j.model = {340e9, 96, 18432, 4096};
  j.global_batch = 1536;
  j.parallelism.tensor = 8;
  j.parallelism.pipeline = 12;
  j.parallelism.virtual_stages = 4;  // 8 layers per stage, 2 per chunk (assumption)
  const auto one = step_time(j);
  j.sites = {2, 12800, fiber_latency_s(1000), 1};
  const auto two = step_time(j);
  const double efficiency = one.step_s / two.step_s;
  INFO("model scaling efficiency " << efficiency << "; blog 96%");
  CHECK(std::abs(efficiency - 0.96) <= 0.02);
  CHECK(two.wan_exposed_s > 0);
}

TEST_CASE("Nemotron-4 340B on 6,144 H100s: ~41% MFU (NVIDIA 2024, Table 2)",
          "[training][published]") {
  // Nemotron-4 340B technical report, Table 2 (from memory; a third-party summary confirms
  // 6,144 GPUs, batch 2,304, 8.0 s per step and 41-42% MFU): TP 8, PP 12, DP 64.
  // 2,304 x 4,096 tokens x (6 x 340e9 + 12 x 96 x 18,432 x 4,096) / (8.0 s x 6,144 x 989e12)
  // = 41.3%.
  Job j;
  j.gpus = 6144;
  j.model = {340e9, 96, 18432, 4096};
  j.global_batch = 2304;
  j.parallelism.tensor = 8;
  j.parallelism.pipeline = 12;
  j.parallelism.virtual_stages = 4;
  const auto r = step_time(j);
  INFO("model MFU " << r.mfu << ", step " << r.step_s << " s; report 41%, 8.0 s");
  CHECK(std::abs(r.mfu - 0.41) <= mfu_tolerance);
}
