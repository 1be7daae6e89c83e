#include "traces/file_spec.h"

namespace fleetsim::traces {

bool split_format_suffix(const std::string& text, std::string& path, std::string& format) {
  path = text;
  format.clear();
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size() ||
      text.find('/', colon) != std::string::npos)
    return false;
  path = text.substr(0, colon);
  format = text.substr(colon + 1);
  return true;
}

}  // namespace fleetsim::traces
