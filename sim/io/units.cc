#include "sim/io/units.h"

#include <cmath>
#include <stdexcept>

namespace fleetsim::io {
namespace {
struct Unit {
  const char* name;
  engine::Time size;
};
// Longest suffix first where one is a suffix of another ("ms" before "s", "min" before "m").
constexpr Unit kUnits[] = {{"us", engine::kMicrosecond}, {"ms", engine::kMillisecond},
                           {"min", engine::kMinute},     {"s", engine::kSecond},
                           {"h", engine::kHour},         {"d", engine::kDay},
                           {"w", 7 * engine::kDay},      {"y", engine::kYear}};

// "30d" -> 30 and "d". False when the text does not start with a number.
bool split_number(const std::string& text, double& number, std::string& suffix) {
  std::size_t used = 0;
  try {
    number = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  suffix = text.substr(used);
  return true;
}
}  // namespace

engine::Time parse_duration(const std::string& text) {
  double number = 0;
  std::string suffix;
  const bool used = split_number(text, number, suffix);
  engine::Time unit = 0;
  if (used && suffix.empty()) unit = engine::kSecond;
  for (const Unit& u : kUnits)
    if (used && suffix == u.name) unit = u.size;
  if (!used || unit == 0 || !std::isfinite(number))
    throw std::invalid_argument("'" + text +
                                "' is not a duration (a number with one of us, ms, s, min, h, d, "
                                "w, y; e.g. 30d)");
  const double us = number * static_cast<double>(unit);
  if (std::fabs(us) > 9.2e18) throw std::invalid_argument("'" + text + "' is too long a duration");
  return static_cast<engine::Time>(std::llround(us));
}

std::string format_duration(engine::Time t) {
  if (t == 0) return "0s";
  constexpr Unit kBySize[] = {{"y", engine::kYear},   {"d", engine::kDay},
                              {"h", engine::kHour},   {"min", engine::kMinute},
                              {"s", engine::kSecond}, {"ms", engine::kMillisecond}};
  for (const Unit& u : kBySize)
    if (t % u.size == 0) return std::to_string(t / u.size) + u.name;
  return std::to_string(t) + "us";
}

}  // namespace fleetsim::io

namespace fleetsim::io {

double parse_bytes(const std::string& text) {
  double number = 0;
  std::string suffix;
  const bool used = split_number(text, number, suffix);
  struct Scale {
    const char* name;
    double size;
  };
  constexpr double k = 1024;
  constexpr Scale kScales[] = {{"", 1},
                               {"B", 1},
                               {"K", k},
                               {"KiB", k},
                               {"kB", 1e3},
                               {"M", k * k},
                               {"MiB", k * k},
                               {"MB", 1e6},
                               {"G", k * k * k},
                               {"GiB", k * k * k},
                               {"GB", 1e9},
                               {"T", k * k * k * k},
                               {"TiB", k * k * k * k},
                               {"TB", 1e12}};
  if (used) {
    for (const Scale& s : kScales)
      if (suffix == s.name && std::isfinite(number) && number >= 0) return number * s.size;
  }
  throw std::invalid_argument("'" + text +
                              "' is not a size (a number with one of B, KiB, MiB, GiB, TiB, "
                              "K, M, G, T, kB, MB, GB, TB; e.g. 16GiB)");
}

}  // namespace fleetsim::io
