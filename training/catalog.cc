#include "training/catalog.h"

#include <stdexcept>

namespace fleetsim::training {

const std::vector<CatalogEntry>& catalog() {
  static const std::vector<CatalogEntry> entries = [] {
    std::vector<CatalogEntry> c;
    c.push_back({"none", {}, 0, {}, 0});
    // Llama 2 7B (Touvron et al. 2023, Table 1 and section 2.2): 32 layers, hidden 4,096,
    // sequence 4,096, 4M tokens per batch = 1,024 sequences. Data parallel only (assumption:
    // it fits one GPU with a sharded optimizer).
    c.push_back({"llama2-7b", {6.7e9, 32, 4096, 4096}, 1024, {0, 1, 1, 1, 1}, 8});
    // Llama 2 70B (same paper): 80 layers, hidden 8,192, sequence 4,096, 4M tokens per batch.
    // TP 8, PP 4 (assumption: the smallest Megatron split that holds it on 80 GB GPUs).
    c.push_back({"llama2-70b", {70e9, 80, 8192, 4096}, 1024, {0, 8, 4, 5, 1}, 256});
    // GPT-3 175B (Brown et al. 2020, Table 2.1): 96 layers, hidden 12,288, sequence 2,048,
    // 3.2M tokens per batch = 1,536 sequences; TP 8, PP 8 as MegaScale trains it (NSDI'24).
    c.push_back({"gpt3-175b", {175e9, 96, 12288, 2048}, 1536, {0, 8, 8, 6, 1}, 2048});
    // Llama 3 405B (Dubey et al. 2024, Tables 3 and 4): 126 layers, hidden 16,384, sequence
    // 8,192, 16M tokens per batch = 2,048 sequences, TP 8, PP 16.
    c.push_back({"llama3-405b", {405e9, 126, 16384, 8192}, 2048, {0, 8, 16, 4, 1}, 8192});
    return c;
  }();
  return entries;
}

int model_for_gpus(std::int64_t gpus) {
  const auto& c = catalog();
  int index = 0;
  for (int i = 1; i < static_cast<int>(c.size()); ++i)
    if (gpus >= c[i].from_gpus) index = i;
  return index;
}

Job catalog_job(int index, std::int64_t gpus, const Hardware& hardware) {
  const auto& c = catalog();
  if (index <= 0 || index >= static_cast<int>(c.size()))
    throw std::invalid_argument("model: no catalog entry " + std::to_string(index));
  const CatalogEntry& e = c[index];
  Job base;
  base.model = e.model;
  base.global_batch = e.global_batch;
  base.parallelism = e.parallelism;
  base.hardware = hardware;
  // The smallest whole replica, then as many replicas as fit.
  base.gpus = std::int64_t{e.parallelism.tensor} * e.parallelism.pipeline;
  base.parallelism.data = 1;
  return resized(base, gpus);
}

}  // namespace fleetsim::training
