#include "sim/model/cluster/elastic.h"

#include "training/catalog.h"

namespace fleetsim::model {

int replica_nodes(std::int64_t requested, int gpus_per_node) {
  const int model = training::model_for_gpus(requested);
  if (model == 0 || gpus_per_node <= 0) return 0;
  const auto& par = training::catalog()[static_cast<std::size_t>(model)].parallelism;
  const int replica = par.tensor * par.pipeline;
  return (replica + gpus_per_node - 1) / gpus_per_node;
}

}  // namespace fleetsim::model
