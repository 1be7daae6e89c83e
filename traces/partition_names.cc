#include "traces/partition_names.h"

#include "traces/row_error.h"
#include "traces/text.h"

namespace fleetsim::traces {

std::int16_t PartitionNames::intern(std::string_view name, std::string_view field) {
  if (name.empty()) return -1;
  if (last_ >= 0 && names_[static_cast<std::size_t>(last_)] == name) return last_;
  // A linear search: traces record a few partitions (tens at most), kMax bounds the worst case.
  for (std::size_t k = 0; k < names_.size(); ++k)
    if (names_[k] == name) return last_ = static_cast<std::int16_t>(k);
  if (names_.size() >= kMax)
    throw FieldError{std::string(field), quote(name) + " is one more than the " +
                                             std::to_string(kMax) +
                                             " distinct partitions a trace may record"};
  names_.emplace_back(name);
  return last_ = static_cast<std::int16_t>(names_.size() - 1);
}

}  // namespace fleetsim::traces
