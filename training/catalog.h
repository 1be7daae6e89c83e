// The models fleetsim's jobs train, when neither the workload nor the trace says (issue 11): a
// job of G GPUs trains the largest catalog model whose size class G falls in. Each entry is a
// published dense model with its published (or, where said, assumed) shape, batch and
// parallelism; the classes by job size are an assumption (docs/training.md).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "training/job.h"

namespace fleetsim::training {

struct CatalogEntry {
  std::string_view name;
  Model model;
  std::int64_t global_batch = 0;  // sequences per step
  Parallelism parallelism;        // tensor and pipeline; data follows from the job's GPUs
  std::int64_t from_gpus = 0;     // jobs of this many GPUs or more train it (up to the next's)
};

// Index 0 is "none": jobs smaller than a node (inference, notebooks, tests) have no step model.
const std::vector<CatalogEntry>& catalog();

// The catalog index a job of `gpus` GPUs trains (0: none).
int model_for_gpus(std::int64_t gpus);

// That model's job on `gpus` GPUs and `hardware` (its data-parallel degree the most whole
// replicas that fit: resized()). Needs model_for_gpus(gpus) == index > 0.
Job catalog_job(int index, std::int64_t gpus, const Hardware& hardware);

}  // namespace fleetsim::training
