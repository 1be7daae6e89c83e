// The step time of a training job: docs/training.md explains every term and its source.
#include "training/job.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace fleetsim::training {
namespace {

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw std::invalid_argument(field + ": " + why);
}

std::string num(double x) {
  std::string s = std::to_string(x);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void positive(const std::string& field, double x) {
  if (!(x > 0) || !std::isfinite(x)) fail(field, "must be positive (got " + num(x) + ")");
}

void non_negative(const std::string& field, double x) {
  if (!(x >= 0) || !std::isfinite(x)) fail(field, "must not be negative (got " + num(x) + ")");
}

void share(const std::string& field, double x) {
  if (!(x >= 0 && x <= 1)) fail(field, "must be in [0, 1] (got " + num(x) + ")");
}

// Data-parallel replicas: given, or what the GPUs leave after tensor x pipeline.
std::int64_t replicas(const Job& job) {
  const auto& p = job.parallelism;
  return p.data > 0 ? p.data : job.gpus / (std::int64_t{p.tensor} * p.pipeline);
}

}  // namespace

void validate(const Job& job) {
  const auto& m = job.model;
  positive("model.params", m.params);
  positive("model.layers", m.layers);
  positive("model.hidden", m.hidden);
  positive("model.seq_len", m.seq_len);
  positive("global_batch", static_cast<double>(job.global_batch));
  positive("precision_bytes", job.precision_bytes);

  const auto& p = job.parallelism;
  positive("gpus", static_cast<double>(job.gpus));
  positive("parallelism.tensor", p.tensor);
  positive("parallelism.pipeline", p.pipeline);
  positive("parallelism.virtual_stages", p.virtual_stages);
  positive("parallelism.microbatch", p.microbatch);
  non_negative("parallelism.data", p.data);
  const std::int64_t model_parallel = std::int64_t{p.tensor} * p.pipeline;
  if (job.gpus % model_parallel != 0)
    fail("gpus", std::to_string(job.gpus) +
                     " is not a multiple of tensor x pipeline = " + std::to_string(model_parallel));
  if (p.data > 0 && p.data * model_parallel != job.gpus)
    fail("parallelism.data",
         "data x tensor x pipeline = " + std::to_string(p.data * model_parallel) +
             " is not gpus = " + std::to_string(job.gpus));
  // At least one layer per stage, and per chunk of the fullest stage (Llama 3 runs 126 layers
  // on 16 stages of 8, the first and last one short by a layer).
  if (p.pipeline > m.layers)
    fail("parallelism.pipeline",
         std::to_string(p.pipeline) + " stages exceed model.layers = " + std::to_string(m.layers));
  if (p.virtual_stages > (m.layers + p.pipeline - 1) / p.pipeline)
    fail("parallelism.virtual_stages",
         std::to_string(p.virtual_stages) + " chunks exceed the " +
             std::to_string((m.layers + p.pipeline - 1) / p.pipeline) + " layers of a stage");
  if (job.global_batch < replicas(job) * p.microbatch)
    fail("global_batch", std::to_string(job.global_batch) +
                             " sequences cannot feed data x microbatch = " +
                             std::to_string(replicas(job) * p.microbatch));

  const auto& h = job.hardware;
  positive("hardware.peak_flops", h.peak_flops);
  positive("hardware.scale_up_gpus", h.scale_up_gpus);
  positive("hardware.scale_up_gbps", h.scale_up_gbps);
  positive("hardware.scale_out_gbps", h.scale_out_gbps);
  non_negative("hardware.alpha_intra_s", h.alpha_intra_s);
  non_negative("hardware.alpha_inter_s", h.alpha_inter_s);
  // Tensor parallelism all-reduces several times per layer: it must stay on NVLink.
  if (p.tensor > h.scale_up_gpus || h.scale_up_gpus % p.tensor != 0)
    fail("parallelism.tensor", std::to_string(p.tensor) +
                                   " does not fit in the scale-up domain (hardware.scale_up_gpus "
                                   "= " +
                                   std::to_string(h.scale_up_gpus) + ")");

  const auto& c = job.calibration;
  if (!(c.compute_efficiency > 0 && c.compute_efficiency <= 1))
    fail("calibration.compute_efficiency",
         "must be in (0, 1] (got " + num(c.compute_efficiency) + ")");
  share("calibration.dp_overlap", c.dp_overlap);
  share("calibration.tp_overlap", c.tp_overlap);
  share("calibration.pp_overlap", c.pp_overlap);

  const auto& s = job.sites;
  positive("sites.count", s.count);
  positive("sites.sync_every_steps", s.sync_every_steps);
  if (s.count > 1) {
    positive("sites.wan_gbps", s.wan_gbps);
    non_negative("sites.wan_latency_s", s.wan_latency_s);
    if (replicas(job) % s.count != 0)
      fail("sites.count", std::to_string(s.count) + " sites do not split data = " +
                              std::to_string(replicas(job)) + " replicas evenly");
  }
}

double model_flops_per_token(const Model& m) {
  double f = 6.0 * m.params;
  if (m.attention_flops) f += 12.0 * m.layers * double(m.hidden) * m.seq_len;
  return f;
}

StepTime step_time(const Job& job) {
  validate(job);
  const auto& m = job.model;
  const auto& par = job.parallelism;
  const auto& hw = job.hardware;
  const auto& cal = job.calibration;
  const double t = par.tensor, p = par.pipeline, v = par.virtual_stages;
  const std::int64_t d = replicas(job);

  StepTime r;
  r.gpus = job.gpus;
  // Every replica runs the same number of microbatches; when the batch does not split evenly
  // the step waits for the replicas that run one more.
  r.microbatches = (job.global_batch + d * par.microbatch - 1) / (d * par.microbatch);
  const double mb = r.microbatches;
  r.tokens = double(job.global_batch) * m.seq_len;
  const double per_token = model_flops_per_token(m);
  r.model_flops = per_token * r.tokens;

  // Compute of one microbatch (forward + backward) on one GPU of one stage: its share
  // 1 / (tensor x pipeline) of the microbatch's FLOPs, at the achieved efficiency.
  const double mb_flops = double(par.microbatch) * m.seq_len * per_token / (t * p);
  const double mb_compute = mb_flops / (hw.peak_flops * cal.compute_efficiency);

  // Tensor parallelism (Megatron-LM, Shoeybi et al. 2019): 2 all-reduces of the activations
  // (microbatch x seq_len x hidden elements) per layer forward, 2 backward, over the tensor
  // group on NVLink. With sequence parallelism they become reduce-scatter + all-gather pairs of
  // the same volume (Korthikanti et al. 2022), so the count holds. A parallel block halves it.
  const double act_bytes = double(par.microbatch) * m.seq_len * m.hidden * job.precision_bytes;
  const double layers_per_stage = double(m.layers) / p;
  const double tp_per_layer = m.parallel_block ? 2.0 : 4.0;
  const double tp_mb = par.tensor > 1 ? tp_per_layer * layers_per_stage *
                                            ring_allreduce_s(act_bytes, par.tensor,
                                                             hw.scale_up_gbps, hw.alpha_intra_s)
                                      : 0.0;
  const double tp_mb_exposed = (1.0 - cal.tp_overlap) * tp_mb;
  const double mb_time = mb_compute + tp_mb_exposed;  // one microbatch through one stage

  r.compute_s = mb * mb_compute;
  r.tp_s = mb * tp_mb;
  r.tp_exposed_s = mb * tp_mb_exposed;
  // 1F1B pipeline, interleaved over v chunks: fill and drain cost (p-1)/v microbatch times
  // (Narayanan et al., SC'21), i.e. a bubble share (p-1)/(v m + p-1) of the step's pipeline.
  r.bubble_s = (p - 1.0) / v * mb_time;

  // Pipeline sends (Megatron's scatter-gather: each tensor rank sends 1/t of the activations).
  // Across scale-out unless the whole tensor x pipeline group fits in one scale-up domain
  // (conservative: stages sharing a domain would use NVLink). Every microbatch crosses each
  // of a stage's v chunk boundaries forward and backward (2 v m sends); steady-state sends
  // overlap compute by pp_overlap; the 2 (p-1) sends of fill and drain are always exposed.
  if (par.pipeline > 1) {
    const bool intra = std::int64_t{par.tensor} * par.pipeline <= hw.scale_up_gpus;
    const double send = send_s(act_bytes / t, intra ? hw.scale_up_gbps : hw.scale_out_gbps,
                               intra ? hw.alpha_intra_s : hw.alpha_inter_s);
    r.pp_s = 2.0 * (v * mb + p - 1.0) * send;
    r.pp_exposed_s = 2.0 * (p - 1.0) * send + (1.0 - cal.pp_overlap) * 2.0 * v * mb * send;
  }

  // Data parallelism: each GPU all-reduces the gradients of its 1/(t p) of the parameters
  // across the d replicas. Over NVLink only if the whole job sits in one scale-up domain.
  const double grad_bytes = m.params / (t * p) * job.precision_bytes;
  const bool dp_intra = job.gpus <= hw.scale_up_gpus;
  const double dp_gbps = dp_intra ? hw.scale_up_gbps : hw.scale_out_gbps;
  const double dp_alpha = dp_intra ? hw.alpha_intra_s : hw.alpha_inter_s;
  // Overlap window: one microbatch of compute per stage (the first microbatch's forward hides
  // the parameter all-gather, the last one's backward the gradient reduce-scatter).
  const double window = mb_compute;
  const auto& sites = job.sites;
  if (sites.count == 1) {
    r.dp_s = d > 1
                 ? allreduce_s(grad_bytes, static_cast<int>(d), dp_gbps, dp_alpha, job.dp_algorithm)
                 : 0.0;
    r.dp_exposed_s = r.dp_s - std::min(cal.dp_overlap * r.dp_s, window);
  } else {
    const int k = sites.count;
    const auto per_site = static_cast<int>(d / k);
    // Every GPU of a site sends its shard across the WAN at the same time.
    const double wan_per_gpu = sites.wan_gbps / (double(job.gpus) / k);
    const auto h = hierarchical_allreduce(grad_bytes, per_site, k, dp_gbps, dp_alpha, wan_per_gpu,
                                          sites.wan_latency_s);
    if (sites.sync_every_steps == 1) {
      // Synchronous: the hierarchical all-reduce replaces the flat one, same overlap rule;
      // the hidden time goes to the in-site phases first.
      r.dp_s = h.reduce_scatter_s + h.all_gather_s;
      r.wan_s = h.wan_allreduce_s;
      const double hidden = std::min(cal.dp_overlap * (r.dp_s + r.wan_s), window);
      const double hidden_dp = std::min(hidden, cal.dp_overlap * r.dp_s);
      r.dp_exposed_s = r.dp_s - hidden_dp;
      r.wan_exposed_s = r.wan_s - (hidden - hidden_dp);
    } else {
      // DiLoCo: a flat all-reduce inside each site every step, the whole hierarchical one
      // every H steps, blocking (the outer optimizer step waits for it).
      r.dp_s = per_site > 1 ? allreduce_s(grad_bytes, per_site, dp_gbps, dp_alpha, job.dp_algorithm)
                            : 0.0;
      r.dp_exposed_s = r.dp_s - std::min(cal.dp_overlap * r.dp_s, window);
      r.wan_s = h.total_s() / sites.sync_every_steps;
      r.wan_exposed_s = r.wan_s;
    }
  }

  r.step_s =
      r.compute_s + r.bubble_s + r.tp_exposed_s + r.pp_exposed_s + r.dp_exposed_s + r.wan_exposed_s;
  r.mfu = r.model_flops / (r.step_s * double(r.gpus) * hw.peak_flops);
  r.tflops_per_gpu = r.model_flops / (r.step_s * double(r.gpus)) / 1e12;
  r.exposed_comm_share =
      (r.tp_exposed_s + r.pp_exposed_s + r.dp_exposed_s + r.wan_exposed_s) / r.step_s;
  return r;
}

Job resized(const Job& job, std::int64_t gpus) {
  const std::int64_t model_parallel =
      std::int64_t{job.parallelism.tensor} * job.parallelism.pipeline;
  if (gpus < model_parallel)
    fail("gpus", std::to_string(gpus) + " is below one replica (tensor x pipeline = " +
                     std::to_string(model_parallel) + ")");
  Job r = job;
  // The global batch is kept (same tokens per step, so the same steps): no more replicas than
  // it has microbatches.
  const std::int64_t data =
      std::min(gpus / model_parallel, job.global_batch / job.parallelism.microbatch);
  r.parallelism.data = static_cast<int>(data);
  r.gpus = data * model_parallel;
  if (data % job.sites.count != 0)
    fail("gpus", std::to_string(data) + " replicas do not split over " +
                     std::to_string(job.sites.count) + " sites");
  return r;
}

double resize_runtime_s(const Job& job, double runtime_s, std::int64_t gpus) {
  non_negative("runtime_s", runtime_s);
  return runtime_s * step_time(resized(job, gpus)).step_s / step_time(job).step_s;
}

}  // namespace fleetsim::training
