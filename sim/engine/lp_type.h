// LP types, declared in one place each, as ROSS's tw_lptype and SST's component documentation
// do: the ids it occupies, the message kinds it takes, the delays it sends with, the statistics
// it reports and its factory. The engine derives its lookahead from the declared delays and
// checks every send against the table; a new LP type adds a range instead of id arithmetic.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/lp.h"

namespace fleetsim::engine {

// One kind of message an LP type sends to LPs other than itself, and the least delay it uses.
struct SendDecl {
  std::uint16_t kind = 0;
  std::string to;      // the receiving LP type's name
  Time min_delay = 0;  // every such send has at least this delay: the lookahead comes from it
  std::string what;    // the option or rule the delay comes from, for messages and docs
};

struct LpType {
  std::string name;
  LpId count = 0;                       // how many LPs of this type
  std::vector<std::uint16_t> accepts;   // message kinds its handle() takes (self-sends included)
  std::vector<SendDecl> sends;          // to other LPs
  std::vector<std::string> statistics;  // what it reports to the output
  // Builds the LP with this index within the type (0..count-1); its state is saved and restored
  // through Lp::save and Lp::load.
  std::function<std::unique_ptr<Lp>(LpId index)> make;
};

class LpTypeTable {
 public:
  // Appends a type; it takes the next `count` ids. Returns its first id.
  LpId add(LpType type);

  LpId num_lps() const { return next_id_; }
  const std::vector<LpType>& types() const { return types_; }
  // The least declared delay of any send to another LP; throws std::invalid_argument when it is
  // not positive (a conservative engine needs positive lookahead) or when a send names an
  // unknown type or a kind its receiver does not accept.
  Time lookahead() const;
  // The channels between types: entry [from * types().size() + to] is the least declared delay
  // of a send from an LP of type `from` to another LP of type `to`, kNever where the table
  // declares none (or either type has no LPs). Checked as lookahead() checks.
  std::vector<Time> channel_delays() const;
  LpId first_id(const std::string& type_name) const;
  int type_index(LpId id) const { return type_of_[id]; }
  LpId index_in_type(LpId id) const { return id - first_[type_of_[id]]; }
  bool accepts(LpId dst, std::uint16_t kind) const {
    return kind < 64 && (accept_mask_[type_of_[dst]] >> kind & 1u);
  }
  std::unique_ptr<Lp> make(LpId id) const;

 private:
  std::vector<LpType> types_;
  std::vector<LpId> first_;
  std::vector<std::uint64_t> accept_mask_;
  std::vector<std::uint8_t> type_of_;  // per LP id
  LpId next_id_ = 0;
};

}  // namespace fleetsim::engine
