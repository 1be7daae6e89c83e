// OrderedJobs (in-order rows queued, the rest in a heap of small keys, rows in reused slots)
// against the plain algorithm written here (a heap of whole rows): the same rows, fields and late
// counts, in the same order, for random logs (ties, rows out of order by less and by more than the
// window, rows that set only some fields), for several windows.
#include <catch2/catch.hpp>
#include <memory>
#include <queue>
#include <random>
#include <vector>

#include "traces/ordered_jobs.h"

using namespace fleetsim::traces;

namespace {

// Yields given rows; like a reader that leaves fields it does not know at their defaults, it
// sets only the fields it was given (the others stay as in the row it is handed).
class ListReader final : public TraceReader {
 public:
  struct Row {
    TraceJob job;
    bool sets_tenant;  // false: leaves `tenant` (and `partition`) untouched
  };
  explicit ListReader(std::vector<Row> rows) : rows_(std::move(rows)) {}
  bool next(TraceJob& job) override {
    if (at_ == rows_.size()) return false;
    const Row& r = rows_[at_++];
    const std::int32_t tenant = job.tenant;
    const std::int16_t partition = job.partition;
    job = r.job;
    if (!r.sets_tenant) {
      job.tenant = tenant;
      job.partition = partition;
    }
    return true;
  }
  const ReadCounts& counts() const override { return counts_; }
  const char* format() const override { return "list"; }
  std::string where(std::int64_t line) const override { return std::to_string(line); }

 private:
  std::vector<Row> rows_;
  std::size_t at_ = 0;
  ReadCounts counts_;
};

// The reference: whole rows in the heap, each read into a fresh row.
std::vector<TraceJob> reference(std::vector<ListReader::Row> rows, std::size_t window,
                                std::int64_t& late) {
  struct Entry {
    TraceJob job;
    std::uint64_t seq;
    bool operator>(const Entry& o) const {
      return job.submit_s != o.job.submit_s ? job.submit_s > o.job.submit_s : seq > o.seq;
    }
  };
  ListReader reader(std::move(rows));
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  std::uint64_t seq = 0;
  double last = -1e300;
  late = 0;
  std::vector<TraceJob> out;
  bool done = false;
  for (;;) {
    while (!done && heap.size() < window) {
      Entry e;
      if (!reader.next(e.job)) {
        done = true;
        break;
      }
      e.seq = seq++;
      heap.push(e);
    }
    if (heap.empty()) return out;
    TraceJob job = heap.top().job;
    heap.pop();
    if (job.submit_s < last) {
      ++late;
      job.submit_s = last;
    }
    last = job.submit_s;
    out.push_back(job);
  }
}

bool same(const TraceJob& a, const TraceJob& b) {
  return a.id == b.id && a.submit_s == b.submit_s && a.wait_s == b.wait_s &&
         a.runtime_s == b.runtime_s && a.time_limit_s == b.time_limit_s && a.devices == b.devices &&
         a.outcome == b.outcome && a.tenant == b.tenant && a.started == b.started &&
         a.attempts == b.attempts && a.partition == b.partition && a.line == b.line;
}

}  // namespace

TEST_CASE("reordered rows match a heap of whole rows", "[traces]") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const int n = std::uniform_int_distribution<int>(0, 400)(rng);
    std::vector<ListReader::Row> rows;
    double t = 0;
    for (int i = 0; i < n; ++i) {
      ListReader::Row r{};
      // Mostly in order, with ties and rows earlier by a little or a lot.
      const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
      t += kind < 6 ? std::uniform_int_distribution<int>(0, 3)(rng) : 0;
      r.job.submit_s = kind == 9 ? t - std::uniform_int_distribution<int>(1, 50)(rng) : t;
      r.job.id = i;
      r.job.line = i + 1;
      r.job.wait_s = i % 7;
      r.job.devices = 1 + i % 5;
      r.sets_tenant = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
      if (r.sets_tenant) {
        r.job.tenant = i % 11;
        r.job.partition = static_cast<std::int16_t>(i % 3);
      }
      rows.push_back(r);
    }
    for (std::size_t window : {1u, 2u, 5u, 64u, 1000u}) {
      std::int64_t late = 0;
      const auto want = reference(rows, window, late);
      OrderedJobs got(std::make_unique<ListReader>(rows), window);
      TraceJob job;
      std::size_t i = 0;
      while (got.next(job)) {
        REQUIRE(i < want.size());
        REQUIRE(same(job, want[i]));
        ++i;
      }
      CHECK(i == want.size());
      CHECK(got.late() == late);
    }
  }
}
