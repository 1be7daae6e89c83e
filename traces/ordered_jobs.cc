#include "traces/ordered_jobs.h"

namespace fleetsim::traces {

OrderedJobs::OrderedJobs(std::unique_ptr<TraceReader> reader, std::size_t window)
    : reader_(std::move(reader)), window_(std::max<std::size_t>(1, window)) {}

bool OrderedJobs::next(TraceJob& job) {
  while (!done_ && heap_.size() < window_) {
    Entry e;
    if (!reader_->next(e.job)) {
      done_ = true;
      break;
    }
    e.seq = seq_++;
    heap_.push(std::move(e));
  }
  if (heap_.empty()) return false;
  job = heap_.top().job;
  heap_.pop();
  if (job.submit_s < last_) {
    ++late_;
    job.submit_s = last_;
  }
  last_ = job.submit_s;
  return true;
}

}  // namespace fleetsim::traces
