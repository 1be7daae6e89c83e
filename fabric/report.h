// What `fleetsim fabric describe` prints: the fabric's networks sized, costed and written out as
// text or as one JSON object. Nothing is simulated.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fabric/build.h"
#include "fabric/costing.h"
#include "fabric/spec.h"

namespace fleetsim::fabric {

struct FabricReport {
  std::vector<SiteNetwork> sites;
  Network total;    // all sites added up
  Costing costing;  // of `total`
};

FabricReport describe(const FabricSpec& spec);
// One cluster of `gpus` cut from the fabric (a layout's cluster): build_network's fewest tiers.
FabricReport describe_cluster(const FabricSpec& spec, std::int64_t gpus);

std::string format_text(const FabricSpec& spec, const FabricReport& report);
nlohmann::ordered_json to_json(const FabricSpec& spec, const FabricReport& report);

}  // namespace fleetsim::fabric
