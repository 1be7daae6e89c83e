// An LLM training job and the analytical time of one optimizer step, in the family of Calculon
// (Isaev et al., SC'23) and ASTRA-sim's analytical backend: compute at an achieved fraction of
// peak, plus the communication the schedule cannot hide (tensor-parallel all-reduces, pipeline
// sends and bubble, the data-parallel gradient all-reduce). docs/training.md has the formulas,
// units, defaults with their sources, and what is left out.
#pragma once
#include <cstdint>

#include "training/collectives.h"

namespace fleetsim::training {

// A dense decoder-only transformer.
struct Model {
  double params = 0;            // parameters (count)
  int layers = 0;               // transformer blocks
  int hidden = 0;               // hidden size (d_model)
  int seq_len = 0;              // tokens per sequence
  bool attention_flops = true;  // add 12 L h s per token to the model FLOPs (PaLM, App. B)
  // Attention and MLP side by side on the same input (GPT-J, PaLM; MegaScale, Jiang et al.
  // NSDI'24, section 3.1): one tensor-parallel all-reduce per layer each way instead of two.
  bool parallel_block = false;
};

// data x tensor x pipeline must equal the job's GPUs; data 0 means gpus / (tensor x pipeline). A
// pipeline stage holds layers / pipeline blocks, split into `virtual_stages` chunks (Megatron's
// interleaved 1F1B, Narayanan et al., SC'21). Each step every data-parallel replica runs
// ceil(global_batch / (data x microbatch)) microbatches of `microbatch` sequences.
struct Parallelism {
  int data = 0, tensor = 1, pipeline = 1;
  int virtual_stages = 1;
  int microbatch = 1;  // sequences per microbatch
};

// One GPU and where it sits. Bandwidths are per GPU per direction in Gb/s, as achieved by the
// collective library (the caller derates link rates if it wants bus-bandwidth efficiency).
struct Hardware {
  // NVIDIA H100 SXM5, BF16 dense tensor-core peak: 989 TFLOP/s ("NVIDIA H100 Tensor Core GPU"
  // datasheet; 1,979 with 2:4 sparsity, which training does not use).
  double peak_flops = 989e12;
  // Scale-up (NVLink) domain: 8 GPUs in an HGX/DGX H100 server; NVLink 4 gives 900 GB/s per GPU
  // both directions together (H100 datasheet), 450 GB/s = 3,600 Gb/s each way.
  int scale_up_gpus = 8;
  double scale_up_gbps = 3600;
  // Scale-out bandwidth per GPU available to this job: its NIC (400 Gb/s ConnectX-7 per GPU in
  // a DGX H100) or less, the bottleneck of its placement, e.g. a Clos network's
  // fabric::Network::bisection_gbps_per_gpu. The caller passes the smaller.
  double scale_out_gbps = 400;
  // Per-message latencies (alpha). Assumptions of the order NCCL reports for small messages:
  // a few microseconds over NVLink, ~10 us across a RoCE/InfiniBand fabric.
  double alpha_intra_s = 3e-6;
  double alpha_inter_s = 10e-6;
};

// What the model cannot derive, calibrated once for every published point (docs/training.md).
struct Calibration {
  // Achieved fraction of peak FLOP/s in the model's own kernels (GEMMs, attention, norms,
  // recomputation) with no communication and no bubble. Assumption, calibrated.
  double compute_efficiency = 0.54;
  // Share of the data-parallel gradient all-reduce overlapped with compute, up to one
  // microbatch of compute per stage (its forward for the parameter all-gather, its backward for
  // the gradient reduce-scatter, as MegaScale and Megatron's distributed optimizer do).
  double dp_overlap = 0.9;
  // Share of the tensor-parallel all-reduces overlapped with GEMMs (MegaScale fuses them;
  // plain Megatron exposes them). Assumption.
  double tp_overlap = 0.5;
  // Share of the pipeline's point-to-point sends hidden in steady state; the fill and drain
  // sends are exposed regardless. Assumption.
  double pp_overlap = 1.0;
};

// A job spanning several sites (data centres) joined by a WAN: its data-parallel groups are cut
// evenly across the sites; tensor and pipeline groups stay inside one site. Every
// `sync_every_steps` steps the sites all-reduce: 1 is ordinary synchronous training with a
// hierarchical gradient all-reduce (collectives.h); H > 1 is DiLoCo (Douillard et al. 2023):
// each site all-reduces its own gradients every step and the sites average their parameter
// deltas every H steps, the cross-site all-reduce amortized over H steps and not overlapped.
// DiLoCo's cost in model quality per token is NOT modelled (assumption: none).
struct Sites {
  int count = 1;
  double wan_gbps = 0;       // each site's WAN capacity to the others, Gb/s per direction
  double wan_latency_s = 0;  // one way (fiber_latency_s(km) for a straight fibre)
  int sync_every_steps = 1;
};

struct Job {
  std::int64_t gpus = 0;  // every GPU of the job, all sites together
  Model model;
  std::int64_t global_batch = 0;  // sequences per optimizer step
  double precision_bytes = 2;     // bytes per activation and per gradient element (BF16)
  Parallelism parallelism;
  Hardware hardware;
  Calibration calibration;
  AllReduceAlgorithm dp_algorithm = AllReduceAlgorithm::best;
  Sites sites;
};

// One step's time and its parts, seconds. compute + bubble + tp_exposed + pp_exposed +
// dp_exposed + wan_exposed = step_s.
struct StepTime {
  std::int64_t gpus = 0;
  std::int64_t microbatches = 0;  // per data-parallel replica per step
  double compute_s = 0;           // the microbatches' own kernels at compute_efficiency
  double bubble_s = 0;            // pipeline fill and drain
  double tp_s = 0, tp_exposed_s = 0;
  double pp_s = 0, pp_exposed_s = 0;
  double dp_s = 0, dp_exposed_s = 0;    // gradient all-reduce (in-site part when spanning sites)
  double wan_s = 0, wan_exposed_s = 0;  // cross-site part per step (multisite.h)
  double step_s = 0;
  double model_flops = 0;         // per step: (6 P + 12 L h s) x tokens
  double tokens = 0;              // per step: global_batch x seq_len
  double mfu = 0;                 // model_flops / (step_s x gpus x peak)
  double tflops_per_gpu = 0;      // model_flops / (step_s x gpus) / 1e12
  double exposed_comm_share = 0;  // exposed communication / step_s (the bubble is not comm)
};

// Throws std::invalid_argument, the message starting with the offending field's name
// ("parallelism.tensor: ...").
void validate(const Job& job);

// Model FLOPs of one token, forward and backward: 6 P (Kaplan et al. 2020) plus, when
// model.attention_flops, 12 L h s for the attention scores and values (PaLM, Chowdhery et al.
// 2022, Appendix B: non-causal, as PaLM, Megatron and Llama 3 count them).
double model_flops_per_token(const Model& model);

// The step of a job (validate()s first).
StepTime step_time(const Job& job);

// The same job on `gpus` GPUs: tensor and pipeline kept (they are set by the model's memory
// and the scale-up domain), data = floor(gpus / (tensor x pipeline)) replicas (GPUs beyond a
// whole replica stay idle), the same global batch (and no more replicas than its microbatches).
// Throws std::invalid_argument ("gpus: ...") when fewer than one replica's GPUs, or when the
// replicas do not split evenly over the sites.
Job resized(const Job& job, std::int64_t gpus);

// A job's runtime at its own GPUs converted to `gpus` GPUs through the model: the same total
// tokens, so the same number of steps, each taking step_time(resized) instead of step_time(job):
//   runtime' = runtime x step_s(G') / step_s(G).
// Never linear in the GPUs: fewer replicas run more microbatches each, which shrinks the
// bubble's and the all-reduce's share. This is what the simulator calls when it shrinks a job.
double resize_runtime_s(const Job& job, double runtime_s, std::int64_t gpus);

}  // namespace fleetsim::training
