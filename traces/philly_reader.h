// Microsoft Philly (ATC'19) job log, JSON. Two layouts, told apart per record:
//  - the full log: {jobid, user, vc, status Pass|Killed|Failed, submitted_time,
//    attempts: [{start_time, end_time, detail: [{ip, gpus: [...]}]}]};
//  - the subset in ../shared/data: {id, num_gpus, runtime (minutes), submitted_time,
//    attempts: [{start_time, end_time}]}, without status (outcome unknown).
// Times are local-time strings "YYYY-MM-DD HH:MM:SS" without a zone (kept on that clock).
// The file is one JSON array, parsed whole (the full log is ~100k jobs): not streamed.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>

#include "traces/trace_reader.h"

namespace fleetsim::traces {

class PhillyReader final : public TraceReader {
 public:
  PhillyReader(const std::string& path, const ReadOptions& opts);
  ~PhillyReader() override;
  bool next(TraceJob& job) override;
  const ReadCounts& counts() const override { return counts_; }
  const char* format() const override { return "philly"; }
  const char* partition_field() const override { return "vc"; }
  std::string where(std::int64_t line) const override;

 private:
  std::string path_;
  ReadOptions opts_;
  std::unique_ptr<nlohmann::json> doc_;
  std::size_t index_ = 0;
  ReadCounts counts_;
  std::map<std::string, std::int32_t> tenants_;
};

}  // namespace fleetsim::traces
