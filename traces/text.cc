#include "traces/text.h"

#include <cstdio>

#include "traces/limits.h"

namespace fleetsim::traces {

namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || b(1) < lo || b(1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (b(k) < 0x80 || b(k) > 0xBF) return 0;
  return n;
}

}  // namespace

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
