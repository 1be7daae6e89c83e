#include "traces/datetime.h"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace fleetsim::traces {

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

bool civil_seconds(int y, int mo, int d, int h, int mi, int se, double& seconds) {
  using namespace std::chrono;
  if (y < -32767 || y > 32767 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
      mi < 0 || mi > 59 || se < 0 || se > 60)
    return false;
  // year_month_day knows month lengths and leap years: 2023-02-29 is not a date.
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return false;
  const auto days = sys_days{date}.time_since_epoch().count();
  seconds = static_cast<double>(days) * 86400 + h * 3600 + mi * 60 + se;
  return true;
}

bool parse_datetime(std::string_view s, double& seconds, bool* has_zone) {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return false;
  double frac = 0;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t e = pos + 1;
    while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
    if (e == pos + 1) return false;
    double scale = 0.1;
    for (std::size_t i = pos + 1; i < e; ++i, scale /= 10) frac += (s[i] - '0') * scale;
    pos = e;
  }
  int offset = 0;
  bool zone = false;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      zone = true;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      const std::string_view z = s.substr(pos + 1);
      if (z.size() == 5 && digits(z, 0, 2, oh) && z[2] == ':' && digits(z, 3, 2, om)) {
      } else if (z.size() == 4 && digits(z, 0, 2, oh) && digits(z, 2, 2, om)) {
      } else if (z.size() == 2 && digits(z, 0, 2, oh)) {
        om = 0;
      } else {
        return false;
      }
      if (oh > 23 || om > 59) return false;
      offset = (s[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      zone = true;
    } else {
      return false;
    }
  }
  double civil = 0;
  if (!civil_seconds(y, mo, d, h, mi, se, civil)) return false;
  seconds = civil - offset + frac;
  if (has_zone) *has_zone = zone;
  return true;
}

bool parse_slurm_duration(std::string_view s, double& seconds) {
  double days = 0;
  const auto dash = s.find('-');
  if (dash != std::string_view::npos) {
    int dd = 0;
    auto r = std::from_chars(s.data(), s.data() + dash, dd);
    if (r.ec != std::errc() || r.ptr != s.data() + dash || dd < 0) return false;
    days = dd;
    s.remove_prefix(dash + 1);
  }
  double parts[3];
  int n = 0;
  while (!s.empty()) {
    if (n == 3) return false;
    const auto colon = s.find(':');
    const std::string_view p = s.substr(0, colon);
    // Digits and a fraction only: from_chars alone would take "nan", "inf" and "1e26".
    if (p.empty() || p.find_first_not_of("0123456789.") != std::string_view::npos) return false;
    auto r = std::from_chars(p.data(), p.data() + p.size(), parts[n]);
    if (r.ec != std::errc() || r.ptr != p.data() + p.size()) return false;
    ++n;
    if (colon == std::string_view::npos) break;
    s.remove_prefix(colon + 1);
    if (s.empty()) return false;
  }
  if (n == 0) return false;
  double sec = 0;
  // With days: D-HH[:MM[:SS]]; without: MM, MM:SS or HH:MM:SS (Slurm's conventions).
  if (dash != std::string_view::npos)
    sec = parts[0] * 3600 + (n > 1 ? parts[1] * 60 : 0) + (n > 2 ? parts[2] : 0);
  else if (n == 1)
    sec = parts[0] * 60;
  else if (n == 2)
    sec = parts[0] * 60 + parts[1];
  else
    sec = parts[0] * 3600 + parts[1] * 60 + parts[2];
  seconds = days * 86400 + sec;
  return true;
}

}  // namespace fleetsim::traces
