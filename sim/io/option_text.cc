#include "sim/io/option_text.h"

#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace fleetsim::io {

std::string format_double(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

double parse_double(const std::string& v) {
  double out = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), out);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(out))
    throw std::invalid_argument("'" + v + "' is not a number");
  return out;
}

long long parse_integer(const std::string& v) {
  long long out = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), out);
  if (r.ec == std::errc::result_out_of_range && r.ptr == v.data() + v.size())
    throw std::invalid_argument("'" + v + "' is out of range");
  if (r.ec != std::errc() || r.ptr != v.data() + v.size())
    throw std::invalid_argument("'" + v + "' is not an integer");
  return out;
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  std::string token;
  std::istringstream in(v);
  while (in >> token) {
    std::size_t start = 0, comma;
    while ((comma = token.find(',', start)) != std::string::npos) {
      if (comma > start) out.push_back(token.substr(start, comma - start));
      start = comma + 1;
    }
    if (start < token.size()) out.push_back(token.substr(start));
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace fleetsim::io
