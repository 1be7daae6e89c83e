// Text from input files: how error messages show it, and the clean-ups every reader applies.
#pragma once
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace fleetsim::traces {

// 'value' for an error message. A message is one line on a terminal, so at most kQuoteChars
// characters (limits.h) are shown, then "..." and the value's length; bytes that are not
// printable (NUL, controls, broken UTF-8, an invisible byte-order mark) are shown as \xNN so
// that binary input cannot reach the terminal raw or hide what is wrong.
std::string quote(std::string_view value);

// A name read from the input (a column of a header, a JSON key) as a message shows it: as is
// when short and printable, else quote()d.
std::string field_name(std::string_view name);

// `text` without a leading UTF-8 byte-order mark (EF BB BF): editors put one at the start of a
// file, and it would otherwise stick, unseen, to the first field or key.
std::string_view strip_utf8_bom(std::string_view text);

// Without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

// The whole of `text` as a finite number (no spaces, no "nan" or "inf"); false otherwise.
// Inline: readers call it on every field of every row.
inline bool parse_number(std::string_view text, double& out) {
  const char* b = text.data();
  const char* e = b + text.size();
  // Most fields of a trace are integers: the integer parse is the fast path.
  long long i = 0;
  auto r = std::from_chars(b, e, i);
  if (r.ec == std::errc() && r.ptr == e && b != e) {
    out = static_cast<double>(i);
    return true;
  }
  r = std::from_chars(b, e, out);
  return b != e && r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

}  // namespace fleetsim::traces
