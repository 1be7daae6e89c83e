// The partition names a trace records (SWF field 16, sacct's Partition, Helios' and Philly's
// virtual cluster), interned: a row carries a small index (TraceJob::partition) into the one
// table its reader keeps, so that a trace of millions of jobs holds each name once.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fleetsim::traces {

class PartitionNames {
 public:
  // More distinct names than this in one trace is not a partition column: FieldError.
  static constexpr std::size_t kMax = 1000;

  // The index of `name`, in order of first appearance; -1 for an empty name (none recorded).
  // Throws FieldError naming `field` past kMax names.
  std::int16_t intern(std::string_view name, std::string_view field);
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::int16_t last_ = -1;  // rows come in runs of one partition: checked first
};

}  // namespace fleetsim::traces
