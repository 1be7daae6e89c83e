#include "traces/trace_record.h"

namespace fleetsim::traces {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kCompleted:
      return "completed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kCancelled:
      return "cancelled";
    case Outcome::kUnknown:
      break;
  }
  return "unknown";
}

void ReadCounts::skip(const std::string& reason, const std::string& message) {
  ++skipped;
  ++skip_reasons[reason];
  if (first_skips.size() < 5) first_skips.push_back(message);
}

std::string ReadCounts::describe() const {
  std::string out = std::to_string(lines) + " lines: " + std::to_string(jobs) + " jobs, " +
                    std::to_string(comments) + " comment/header lines, " + std::to_string(skipped) +
                    " skipped";
  if (!skip_reasons.empty()) {
    out += " (";
    bool first = true;
    for (const auto& [reason, n] : skip_reasons) {
      out += (first ? "" : ", ") + reason + ": " + std::to_string(n);
      first = false;
    }
    out += ")";
  }
  return out;
}

}  // namespace fleetsim::traces
