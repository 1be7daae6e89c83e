// libFuzzer harness: fabric descriptions (fabric/ini.cc, fabric/settings.cc, fabric/spec.cc)
// parsed from text and then described, as `fleetsim fabric describe FILE [--json]` does: the
// network built for it (fabric/build.cc), its cost and power, the text and the JSON report.
#include <string>

#include "fabric/error.h"
#include "fabric/presets.h"
#include "fabric/report.h"
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetsim::fabric;
  try {
    const FabricSpec spec =
        parse_fabric(std::string(reinterpret_cast<const char*>(data), size), "fuzz.ini");
    const FabricReport report = describe(spec);
    format_text(spec, report);
    to_json(spec, report).dump();
  } catch (const FabricError&) {
  }
  return 0;
}
