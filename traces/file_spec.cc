#include "traces/file_spec.h"

#include "traces/trace_record.h"

namespace fleetsim::traces {

bool split_format_suffix(const std::string& text, const FormatNames& names, std::string& path,
                         std::string& format) {
  path = text;
  format.clear();
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size() ||
      text.find('/', colon) != std::string::npos)
    return false;
  format = text.substr(colon + 1);
  if (!names.known(format)) unknown_format(text, names, format);
  path = text.substr(0, colon);
  return true;
}

void unknown_format(const std::string& what, const FormatNames& names, const std::string& format) {
  throw TraceError(what + ": unknown " + names.kind + " format '" + format +
                   "' (known: " + names.list + ")");
}

void unnamed_format(const std::string& text, const FormatNames& names) {
  throw TraceError(text + ": cannot tell the " + names.kind +
                   " format from the name; write FILE:FORMAT (" + names.list + ")");
}

}  // namespace fleetsim::traces
