// A scenario: everything one run or comparison is made of, read from (in rising precedence) the
// built-in defaults, the embedded default scenario, a config file and the command line.
// Every option is a string at the edges and typed inside: the resolved text written into each
// output file is exactly what a user would put in a config file to reproduce the run.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/io/errors.h"
#include "sim/io/ini.h"
#include "sim/io/layout.h"
#include "sim/model/config.h"
#include "traces/failure_fit.h"
#include "traces/synthetic.h"
#include "traces/trace_fit.h"

namespace fleetsim::io {

struct Scenario {
  model::ModelConfig model;
  traces::SyntheticConfig workload;
  traces::TraceConfig trace;             // replayed instead of `workload` when trace.file is set
  traces::FailureFitConfig failure_log;  // replayed instead of random failures when file is set
  std::vector<std::string> layouts{"giant", "10x10k"};  // compared by `fleetsim compare`
  std::string layout;  // run by `fleetsim run`; empty: the first of `layouts`
  std::map<std::string, std::string> origin;  // option -> "FILE:LINE" or "command line"
};

struct OptionSpec {
  std::string name;  // "section.key" or "key"
  std::string help;
  std::function<std::string(const Scenario&)> get;
  std::function<void(Scenario&, const std::string&)> set;  // throws std::invalid_argument
};

// Every scenario option, in the order they are documented and written (scenario_options.cc).
const std::vector<OptionSpec>& scenario_options();

// Applies INI entries then command-line values (name -> value) to `scenario`.
// `origin` of each value ("FILE:LINE" or "command line") makes the error messages.
void apply(Scenario& scenario, const std::vector<IniEntry>& entries, const std::string& source);
void apply_option(Scenario& scenario, const std::string& name, const std::string& value,
                  const std::string& origin);

// The embedded default scenario (sim/io/default_scenario.ini) over the built-in defaults.
Scenario default_scenario();

// The complete resolved configuration as INI text.
std::string resolved_text(const Scenario& scenario);

// The scenario of one layout's run: `scenario` with `layout` set and the options the layout's
// file sets applied, except those given on the command line (which win). Throws ConfigError
// naming the layout file, line and option.
Scenario scenario_for(const Scenario& scenario, const std::string& layout);

// Checks the model and workload for a run of `layout`; throws ConfigError naming the option
// and where it was set (scenario_check.cc). `scenario` is scenario_for(..., layout).
model::ModelConfig model_for(const Scenario& scenario, const std::string& layout);

}  // namespace fleetsim::io
