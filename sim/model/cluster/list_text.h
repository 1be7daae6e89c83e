// Splitting the list options of sched.qos and sched.partitions ("a:b:c d:e"): one rule for both.
#pragma once
#include <sstream>
#include <string>
#include <vector>

namespace fleetsim::model {

// The parts of `s` between separators; a trailing separator gives a trailing empty part (so
// "a:" is two parts, and the caller can refuse the empty one).
inline std::vector<std::string> split_list(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

}  // namespace fleetsim::model
