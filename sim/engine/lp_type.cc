#include "sim/engine/lp_type.h"

#include <algorithm>
#include <stdexcept>

namespace fleetsim::engine {

LpId LpTypeTable::add(LpType type) {
  if (types_.size() >= 255) throw std::logic_error("too many LP types");
  std::uint64_t mask = 0;
  for (std::uint16_t k : type.accepts) {
    if (k >= 64) throw std::logic_error("LP type " + type.name + ": message kind above 63");
    mask |= std::uint64_t{1} << k;
  }
  const LpId first = next_id_;
  next_id_ += type.count;
  type_of_.resize(next_id_, static_cast<std::uint8_t>(types_.size()));
  first_.push_back(first);
  accept_mask_.push_back(mask);
  types_.push_back(std::move(type));
  return first;
}

LpId LpTypeTable::first_id(const std::string& name) const {
  for (std::size_t t = 0; t < types_.size(); ++t)
    if (types_[t].name == name) return first_[t];
  throw std::out_of_range("no LP type '" + name + "'");
}

std::vector<Time> LpTypeTable::channel_delays() const {
  const std::size_t n = types_.size();
  std::vector<Time> least(n * n, kNever);
  for (std::size_t from = 0; from < n; ++from) {
    const LpType& t = types_[from];
    for (const SendDecl& s : t.sends) {
      const auto to = std::find_if(types_.begin(), types_.end(),
                                   [&](const LpType& u) { return u.name == s.to; });
      if (to == types_.end())
        throw std::invalid_argument("LP type " + t.name + " sends to unknown type " + s.to);
      if (std::find(to->accepts.begin(), to->accepts.end(), s.kind) == to->accepts.end())
        throw std::invalid_argument("LP type " + t.name + " sends kind " + std::to_string(s.kind) +
                                    " that " + s.to + " does not accept");
      if (s.min_delay <= 0)
        throw std::invalid_argument(s.what +
                                    " must be positive (it is the delay of a message "
                                    "from " +
                                    t.name + " to " + s.to + ")");
      if (to->count > 0 && t.count > 0) {
        Time& l = least[from * n + static_cast<std::size_t>(to - types_.begin())];
        l = std::min(l, s.min_delay);
      }
    }
  }
  return least;
}

Time LpTypeTable::lookahead() const {
  const std::vector<Time> least = channel_delays();
  const Time l = least.empty() ? kNever : *std::min_element(least.begin(), least.end());
  // A model whose LPs never talk to each other still needs windows: any positive span works.
  return l == kNever ? kDay : l;
}

std::unique_ptr<Lp> LpTypeTable::make(LpId id) const {
  if (id >= next_id_) throw std::out_of_range("no LP with id " + std::to_string(id));
  return types_[type_of_[id]].make(index_in_type(id));
}

}  // namespace fleetsim::engine
