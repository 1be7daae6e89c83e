// Trace rows in submit order. Logs are mostly sorted by submit time but not always (LLNL-Thunder
// has 808 rows earlier than the row before). A bounded reorder buffer sorts what is out of order
// by less than `window` rows; a row still earlier than one already emitted is submitted at the
// emitted time and counted as `late`, never dropped. Ties keep file order.
//
// Rows that come in order (most of a log) wait in a queue, the rest in a heap; each next() takes
// the earlier of the two fronts, which is the order one heap of them all would give at O(1) a
// row instead of O(log window).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <queue>
#include <vector>

#include "traces/trace_reader.h"

namespace fleetsim::traces {

class OrderedJobs {
 public:
  OrderedJobs(std::unique_ptr<TraceReader> reader, std::size_t window = 65536);
  bool next(TraceJob& job);
  std::int64_t late() const { return late_; }
  const TraceReader& reader() const { return *reader_; }

 private:
  // The heap orders small keys; the rows wait in `rows_` (a slot reused once its row is out), so
  // a push or pop moves 24 bytes per heap level rather than a whole row.
  struct Entry {
    double submit_s;
    std::uint64_t seq;
    std::uint32_t slot;
    bool operator>(const Entry& o) const {
      return submit_s != o.submit_s ? submit_s > o.submit_s : seq > o.seq;
    }
  };
  std::unique_ptr<TraceReader> reader_;
  std::size_t window_;
  std::deque<Entry> in_order_;  // (submit, seq) non-decreasing: each row no earlier than the last
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;  // the others
  std::vector<TraceJob> rows_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t seq_ = 0;
  bool done_ = false;
  double last_ = -1e300;
  std::int64_t late_ = 0;
};

}  // namespace fleetsim::traces
