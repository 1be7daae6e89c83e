// A logical process: owns its state, sees the world only through the events it is handed and
// the Context it may send from. LPs never share memory, which is what lets ranks and threads run
// them anywhere without changing a result.
#pragma once
#include <stdexcept>
#include <string>

#include <cereal/archives/portable_binary.hpp>

#include "sim/engine/event.h"

namespace fleetsim::engine {

class LookaheadViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class Context {
 public:
  virtual ~Context() = default;
  virtual Time now() const = 0;
  virtual LpId self() const = 0;
  virtual std::uint64_t seed() const = 0;
  // Sends `ev` (kind, priority, payload filled in by the caller) to `dst` at now() + delay.
  // To another LP the delay must be at least the declared lookahead (else LookaheadViolation);
  // to itself any delay >= 0 is fine.
  virtual void send(LpId dst, Time delay, Event ev) = 0;

  template <class T>
  void send(LpId dst, Time delay, std::uint16_t kind, std::int32_t priority, const T& payload) {
    Event ev;
    ev.kind = kind;
    ev.priority = priority;
    ev.set(payload);
    send(dst, delay, ev);
  }
  // A random stream keyed by what it models, never by the LP's id (core/rng.h).
  RngStream rng(StreamKey key) const { return RngStream(seed(), key); }
};

// An LP's state travels as a portable binary archive (cereal): the same bytes whichever rank
// wrote it, so a snapshot taken on one rank count resumes on another.
using StateWriter = cereal::PortableBinaryOutputArchive;
using StateReader = cereal::PortableBinaryInputArchive;

class Lp {
 public:
  virtual ~Lp() = default;
  virtual void init(Context& ctx) {}
  virtual void handle(const Event& ev, Context& ctx) = 0;
  // Called once at the end time, on every LP, with now() == end time. Sends are ignored.
  virtual void finish(Context& ctx) {}
  // The LP's whole dynamic state (not its configuration, which the factory gives again).
  // Nothing in it may depend on the rank or thread that ran the LP.
  virtual void save(StateWriter& out) const = 0;
  virtual void load(StateReader& in) = 0;
};

// Implements save and load with one member template `state(Archive&)` listing the fields once.
// `Base` is Lp or a model's own LP base class.
template <class Derived, class Base = Lp>
class StatefulLp : public Base {
 public:
  void save(StateWriter& out) const final {
    const_cast<Derived&>(static_cast<const Derived&>(*this)).state(out);
  }
  void load(StateReader& in) final { static_cast<Derived&>(*this).state(in); }
};

}  // namespace fleetsim::engine
