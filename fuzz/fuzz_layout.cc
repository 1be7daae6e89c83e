// libFuzzer harness: a user's layout file (`--layout FILE.ini`, sim/io/layout.cc), loaded and
// checked against the default scenario's fabric as `fleetsim run --layout FILE` does.
#include "fuzz/harness.h"
#include "sim/io/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetsim;
  static const io::Scenario defaults = io::default_scenario();
  try {
    const std::string path = fuzz::input_file(data, size, "layout.ini");
    io::load_layout(path);
    io::model_for(defaults, path);
  } catch (const io::ConfigError&) {
  }
  return 0;
}
