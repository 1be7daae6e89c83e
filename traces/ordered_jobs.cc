#include "traces/ordered_jobs.h"

namespace fleetsim::traces {

OrderedJobs::OrderedJobs(std::unique_ptr<TraceReader> reader, std::size_t window)
    : reader_(std::move(reader)), window_(std::max<std::size_t>(1, window)) {}

bool OrderedJobs::next(TraceJob& job) {
  while (!done_ && in_order_.size() + heap_.size() < window_) {
    std::uint32_t slot;
    if (free_slots_.empty()) {
      slot = static_cast<std::uint32_t>(rows_.size());
      rows_.emplace_back();
    } else {
      slot = free_slots_.back();
      free_slots_.pop_back();
      rows_[slot] = TraceJob{};  // a reader may set only some fields, as into a fresh row
    }
    if (!reader_->next(rows_[slot])) {
      done_ = true;
      free_slots_.push_back(slot);
      break;
    }
    const Entry e{rows_[slot].submit_s, seq_++, slot};
    if (in_order_.empty() || !(in_order_.back() > e))
      in_order_.push_back(e);
    else
      heap_.push(e);
  }
  if (in_order_.empty() && heap_.empty()) return false;
  std::uint32_t slot;
  if (heap_.empty() || (!in_order_.empty() && heap_.top() > in_order_.front())) {
    slot = in_order_.front().slot;
    in_order_.pop_front();
  } else {
    slot = heap_.top().slot;
    heap_.pop();
  }
  job = rows_[slot];
  free_slots_.push_back(slot);
  if (job.submit_s < last_) {
    ++late_;
    job.submit_s = last_;
  }
  last_ = job.submit_s;
  return true;
}

}  // namespace fleetsim::traces
