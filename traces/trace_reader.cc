#include "traces/trace_reader.h"

#include "traces/swf_reader.h"

namespace fleetsim::traces {

const char* known_trace_formats() { return "swf"; }

namespace {
bool known(const std::string& f) { return f == "swf"; }
}  // namespace

TraceSpec parse_trace_spec(const std::string& text) {
  TraceSpec spec;
  spec.path = text;
  const auto colon = text.rfind(':');
  if (colon != std::string::npos && colon + 1 < text.size() &&
      text.find('/', colon) == std::string::npos) {
    const std::string suffix = text.substr(colon + 1);
    if (!known(suffix))
      throw TraceError(text + ": unknown trace format '" + suffix +
                       "' (known: " + known_trace_formats() + ")");
    spec.path = text.substr(0, colon);
    spec.format = suffix;
    return spec;
  }
  if (text.ends_with(".swf") || text.ends_with(".swf.gz")) {
    spec.format = "swf";
    return spec;
  }
  throw TraceError(text + ": cannot tell the trace format from the name; write FILE:FORMAT (" +
                   known_trace_formats() + ")");
}

std::unique_ptr<TraceReader> open_trace(const TraceSpec& spec, const ReadOptions& opts) {
  if (spec.format == "swf") return std::make_unique<SwfReader>(spec.path, opts);
  throw TraceError(spec.path + ": unknown trace format '" + spec.format +
                   "' (known: " + known_trace_formats() + ")");
}

}  // namespace fleetsim::traces
