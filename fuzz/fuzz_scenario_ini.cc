// libFuzzer harness: scenario config files (`--config FILE`): the INI lexer (sim/io/ini.cc), the
// options applied over the default scenario (sim/io/scenario.cc, scenario_options.cc) and the
// checks of every layout's model (sim/io/scenario_check.cc), as `fleetsim run|compare` does.
#include <stdexcept>
#include <string>

#include "fuzz/harness.h"
#include "sim/io/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetsim;
  static const io::Scenario defaults = io::default_scenario();
  io::Scenario s = defaults;
  try {
    const std::string text(reinterpret_cast<const char*>(data), size);
    io::apply(s, io::parse_ini(text, "fuzz.ini"), "fuzz.ini");
    io::resolved_text(s);
    for (const auto& layout : s.layouts) io::model_for(s, layout);
    if (!s.layout.empty()) io::model_for(s, s.layout);
  } catch (const std::invalid_argument&) {  // the lexer's error (the command makes it ConfigError)
  } catch (const io::ConfigError&) {
  }
  return 0;
}
