// A cluster's job table (sim/model/cluster/job_table.h): a job that ends keeps exactly the record
// it had when live, whatever happens to the slot its live state freed; a dropped job has none; a
// snapshot of the table restores the same records and saves the same bytes.
#include <catch2/catch.hpp>
#include <cereal/types/vector.hpp>
#include <sstream>

#include "sim/engine/lp.h"
#include "sim/model/cluster/chunked_table.h"
#include "sim/model/cluster/job_table.h"

using namespace fleetsim;
using model::JobRecord;

namespace {

struct Live {
  JobRecord rec;
  std::vector<std::int32_t> alloc;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(rec, alloc);
  }
};

template <class T>
std::string bytes(const T& value) {
  std::ostringstream out;
  {
    engine::StateWriter ar(out);
    ar(const_cast<T&>(value));
  }
  return out.str();
}

// A record with every field set from `k`, so that two jobs' records differ in each field.
Live job(int k) {
  Live j;
  JobRecord& r = j.rec;
  r.job.id = static_cast<std::uint64_t>(k);
  r.job.submit = 10 * k;
  r.job.runtime = 1000 + k;
  r.job.gpus = r.job.gpus_requested = 8 + k;
  r.cluster = 1;
  r.gpus_allocated = 8 + k;
  r.state = model::JobState::kRunning;
  r.restarts = k % 3;
  r.start = 20 * k;
  r.useful = 100 + k;
  r.lost = 7 * k;
  r.checkpoint = 3 * k;
  r.allocated = r.useful + r.lost + r.checkpoint;
  r.degraded = k;
  r.contended = 2 * k;
  r.step_s = 0.5 * k;
  r.mfu = 0.01 * k;
  r.preemptions = k % 2;
  r.preempted = 5 * k;
  r.held = 11 * k;
  r.switch_wait = 13 * k;
  j.alloc.assign(static_cast<std::size_t>(1 + k), k);
  return j;
}

}  // namespace

TEST_CASE("a retired job keeps the record it had, whatever reuses its slot", "[job_table]") {
  model::JobTable<Live> t;
  std::vector<std::string> want;
  for (int k = 0; k < 10; ++k) {
    REQUIRE(t.add(job(k)) == k);
    want.push_back(bytes(job(k).rec));
  }
  // Jobs end in another order than they came; each ends as the cluster leaves it.
  for (int k : {3, 0, 7, 8}) {
    t[k].rec.state = model::JobState::kCompleted;
    t[k].rec.end = 1000 * k;
    want[static_cast<std::size_t>(k)] = bytes(t[k].rec);
    t.retire(k);
  }
  t.drop(5);
  // New jobs take the freed slots: the retired records must not move with them.
  for (int k = 10; k < 16; ++k) {
    REQUIRE(t.add(job(k)) == k);
    want.push_back(bytes(job(k).rec));
  }
  t[12].rec.useful += 1;  // a live job changes; its record follows
  want[12] = bytes(t[12].rec);

  REQUIRE(t.size() == 16);
  for (int k = 0; k < 16; ++k) {
    INFO("job " << k);
    if (k == 5) {
      CHECK_FALSE(t.live(k));
      CHECK(t.record(k) == nullptr);
      continue;
    }
    const bool ended = k == 0 || k == 3 || k == 7 || k == 8;
    CHECK(t.live(k) == !ended);
    REQUIRE(t.record(k) != nullptr);
    CHECK(bytes(*t.record(k)) == want[static_cast<std::size_t>(k)]);
    if (ended) CHECK_THROWS_AS(t[k], std::logic_error);  // its live state is gone
  }
  // A reused slot starts from the new job's state only (the freed one held nothing).
  CHECK(t[10].alloc == job(10).alloc);
}

TEST_CASE("a job table restores from its snapshot bytes", "[job_table][snapshot]") {
  model::JobTable<Live> t;
  // More than one chunk of retired records (4096 a chunk), some live, one dropped.
  for (int k = 0; k < 9000; ++k) t.add(job(k % 50));
  for (int k = 0; k < 9000; k += 2) t.retire(k);
  t.drop(1);
  const std::string saved = bytes(t);

  model::JobTable<Live> back;
  back.add(job(1));  // overwritten by the load
  {
    std::istringstream in(saved);
    engine::StateReader ar(in);
    ar(back);
  }
  CHECK(bytes(back) == saved);
  REQUIRE(back.size() == t.size());
  for (int k = 0; k < 9000; ++k) {
    INFO("job " << k);
    REQUIRE(back.live(k) == t.live(k));
    REQUIRE((back.record(k) == nullptr) == (t.record(k) == nullptr));
    if (t.record(k)) CHECK(bytes(*back.record(k)) == bytes(*t.record(k)));
  }
  // The free list came back too: the next job takes the same slot in both.
  back.add(job(3));
  t.add(job(3));
  CHECK(bytes(back) == bytes(t));
}

TEST_CASE("a chunked table frees a chunk when its last entry is forgotten", "[job_table]") {
  model::ChunkedTable<std::int64_t> t;
  constexpr std::int32_t kChunk = model::ChunkedTable<std::int64_t>::kChunk;
  for (std::int32_t j = 0; j < 3 * kChunk; ++j) t.add(j, 10 * j);
  CHECK(t.bound() == 3 * static_cast<std::size_t>(kChunk));
  CHECK(t[kChunk + 5] == 10 * (kChunk + 5));
  CHECK_THROWS_AS(t.add(7, 0), std::logic_error);
  // The first chunk but one entry: still there; its last: gone. Forgetting twice is harmless.
  for (std::int32_t j = 0; j < kChunk - 1; ++j) t.forget(j);
  t.forget(0);
  REQUIRE(t.find(kChunk - 1) != nullptr);
  CHECK(*t.find(kChunk - 1) == 10 * (kChunk - 1));
  CHECK(t.find(3) == nullptr);
  t.forget(kChunk - 1);
  CHECK(t.find(kChunk - 1) == nullptr);
  t.forget(2 * kChunk + 1);
  // A snapshot round trip keeps exactly the held entries.
  std::stringstream bytes;
  {
    cereal::PortableBinaryOutputArchive out(bytes);
    out(t);
  }
  model::ChunkedTable<std::int64_t> back;
  {
    cereal::PortableBinaryInputArchive in(bytes);
    in(back);
  }
  for (std::int32_t j = 0; j < 3 * kChunk; ++j) {
    const bool held = j >= kChunk && j != 2 * kChunk + 1;
    CHECK((back.find(j) != nullptr) == held);
    if (held) CHECK(back[j] == 10 * j);
  }
}
