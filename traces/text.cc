#include "traces/text.h"

#include <cstdio>

#include "core/utf8.h"
#include "traces/limits.h"

namespace fleetsim::traces {

using core::utf8_length;

std::string quote(std::string_view value) {
  std::string out = "'";
  std::size_t shown = 0, i = 0;
  while (i < value.size() && shown < kQuoteChars) {
    const auto c = static_cast<unsigned char>(value[i]);
    std::size_t n = c >= 0x20 && c < 0x7F ? 1 : c >= 0x80 ? utf8_length(value, i) : 0;
    if (n == 3 && value.substr(i, 3) == "\xEF\xBB\xBF") n = 0;  // U+FEFF, invisible
    if (n > 0) {
      out.append(value.substr(i, n));
      i += n;
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      ++i;
    }
    ++shown;
  }
  out += '\'';
  if (i < value.size()) out += "... (" + std::to_string(value.size()) + " bytes)";
  return out;
}

std::string field_name(std::string_view name) {
  std::string q = quote(name);
  return q.size() == name.size() + 2 ? std::string(name) : q;
}

std::string_view strip_utf8_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace fleetsim::traces
