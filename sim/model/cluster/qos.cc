#include "sim/model/cluster/qos.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "sim/model/cluster/list_text.h"

namespace fleetsim::model {
namespace {

int find(const std::vector<QosLevel>& levels, const std::string& name) {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::vector<QosLevel> parse_qos_list(const std::string& text) {
  std::vector<QosLevel> levels;
  std::vector<std::vector<std::string>> targets;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    const auto f = split_list(word, ':');
    if (f.size() < 2 || f.size() > 3 || f[0].empty())
      throw std::invalid_argument("'" + word + "' is not NAME:PRIORITY[:PREEMPTED,...]");
    if (find(levels, f[0]) >= 0) throw std::invalid_argument("QoS '" + f[0] + "' is given twice");
    QosLevel q;
    q.name = f[0];
    std::size_t used = 0;
    long long p = -1;
    try {
      p = std::stoll(f[1], &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != f[1].size() || p < 0 || p > 4294967295LL)
      throw std::invalid_argument("QoS '" + q.name + "' priority '" + f[1] +
                                  "' is not a whole number in 0..4294967295");
    q.priority = static_cast<int>(std::min<long long>(p, 2147483647));
    levels.push_back(q);
    targets.push_back(f.size() == 3 ? split_list(f[2], ',') : std::vector<std::string>{});
  }
  if (levels.empty()) throw std::invalid_argument("needs at least one QoS level");
  if (levels.size() > 100) throw std::invalid_argument("has more than 100 QoS levels");
  for (std::size_t i = 0; i < levels.size(); ++i)
    for (const auto& t : targets[i]) {
      const int k = find(levels, t);
      if (k < 0)
        throw std::invalid_argument("QoS '" + levels[i].name + "' preempts unknown QoS '" + t +
                                    "'");
      // Preemption only downwards: a cycle would let two jobs take each other's nodes forever.
      if (levels[k].priority >= levels[i].priority)
        throw std::invalid_argument("QoS '" + levels[i].name + "' preempts '" + t +
                                    "', whose priority is not lower");
      levels[i].preempts.push_back(k);
    }
  return levels;
}

std::string format_qos_list(const std::vector<QosLevel>& levels) {
  std::string out;
  for (const auto& q : levels) {
    if (!out.empty()) out += ' ';
    out += q.name + ':' + std::to_string(q.priority);
    for (std::size_t k = 0; k < q.preempts.size(); ++k)
      out += (k == 0 ? ':' : ',') + levels[static_cast<std::size_t>(q.preempts[k])].name;
  }
  return out;
}

int qos_index(const SchedConfig& cfg, const std::string& name) { return find(cfg.qos, name); }

std::int8_t qos_of(const SchedConfig& cfg, std::int32_t gpus_requested) {
  if (!cfg.frontier_qos.empty() && gpus_requested >= cfg.frontier_gpus)
    return static_cast<std::int8_t>(qos_index(cfg, cfg.frontier_qos));
  return 0;
}

bool may_preempt(const SchedConfig& cfg, int a, int b) {
  const auto& p = cfg.qos[static_cast<std::size_t>(a)].preempts;
  return std::find(p.begin(), p.end(), b) != p.end();
}

double qos_factor(const SchedConfig& cfg, int level) {
  int top = 0;
  for (const auto& q : cfg.qos) top = std::max(top, q.priority);
  return top > 0 ? static_cast<double>(cfg.qos[static_cast<std::size_t>(level)].priority) / top
                 : 0.0;
}

}  // namespace fleetsim::model
