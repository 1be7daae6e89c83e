#include "traces/trace_reader.h"

#include "traces/csv_trace_reader.h"
#include "traces/file_spec.h"
#include "traces/philly_reader.h"
#include "traces/swf_reader.h"

namespace fleetsim::traces {

const char* known_trace_formats() {
  return "swf, openb, philly, helios, acme, sacct, pai, fleetsim";
}

namespace {

bool known(const std::string& f) {
  return f == "swf" || f == "philly" || find_csv_format(f) != nullptr;
}

const FormatNames kNames{"trace", known, known_trace_formats()};

// The format from a file name, for the names the sources use; empty when it cannot tell.
std::string format_from_name(const std::string& path) {
  const std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.ends_with(".swf") || name.ends_with(".swf.gz")) return "swf";
  if (name.starts_with("openb_pod_list")) return "openb";
  if (name.find("philly") != std::string::npos && name.ends_with(".json")) return "philly";
  if (name.ends_with(".sacct") || name.ends_with(".sacct.gz")) return "sacct";
  if (name.starts_with("pai_task_table")) return "pai";
  if (name.ends_with(".fleetsim.csv") || name.ends_with(".fleetsim.csv.gz")) return "fleetsim";
  return "";
}

}  // namespace

TraceSpec parse_trace_spec(const std::string& text) {
  TraceSpec spec;
  if (split_format_suffix(text, kNames, spec.path, spec.format)) return spec;
  spec.format = format_from_name(text);
  if (spec.format.empty()) unnamed_format(text, kNames);
  return spec;
}

std::unique_ptr<TraceReader> open_trace(const TraceSpec& spec, const ReadOptions& opts) {
  if (spec.format == "swf") return std::make_unique<SwfReader>(spec.path, opts);
  if (spec.format == "philly") return std::make_unique<PhillyReader>(spec.path, opts);
  if (const CsvFormat* f = find_csv_format(spec.format))
    return std::make_unique<CsvTraceReader>(spec.path, *f, opts);
  unknown_format(spec.path, kNames, spec.format);
}

}  // namespace fleetsim::traces
