// An event is a small, trivially copyable record: it travels between ranks as raw bytes and lives
// by value in per-LP heaps, so sending one never allocates.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <type_traits>

#include "core/rng.h"
#include "core/time.h"

namespace fleetsim::engine {

// Time and random streams live in core/ (shared with traces/, which has no MPI); the engine and
// the model name them as engine:: too.
using core::from_seconds;
using core::kDay;
using core::kHour;
using core::kMicrosecond;
using core::kMillisecond;
using core::kMinute;
using core::kNever;
using core::kSecond;
using core::kYear;
using core::RngStream;
using core::StreamKey;
using core::Time;
using core::to_days;
using core::to_hours;
using core::to_seconds;

using LpId = std::uint32_t;

struct Event {
  static constexpr std::size_t kPayloadBytes = 48;

  Time time = 0;
  LpId dst = 0;
  LpId src = 0;
  std::uint64_t seq = 0;      // per-source send counter: breaks ties deterministically
  std::int32_t priority = 0;  // lower runs first among same-time events
  std::uint16_t kind = 0;     // model-defined
  std::uint16_t reserved = 0;
  // With SimulatorOptions::critical_path on: the earliest finish of the event that sent this one
  // (sim/engine/critical_path.h); 0 otherwise. Not part of the order, never seen by a model.
  std::int64_t cp = 0;
  alignas(8) std::byte payload[kPayloadBytes]{};

  template <class T>
  T as() const {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= kPayloadBytes);
    T v;
    std::memcpy(&v, payload, sizeof(T));
    return v;
  }
  template <class T>
  void set(const T& v) {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= kPayloadBytes);
    std::memcpy(payload, &v, sizeof(T));
  }
};
static_assert(std::is_trivially_copyable_v<Event>);

// The engine's total order: (time, priority, source LP, source sequence). None of these depend on
// which rank or thread ran the source, so every partition processes an LP's events identically.
inline bool before(const Event& a, const Event& b) {
  return std::tie(a.time, a.priority, a.src, a.seq) < std::tie(b.time, b.priority, b.src, b.seq);
}

}  // namespace fleetsim::engine
