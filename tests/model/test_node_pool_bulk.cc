// NodePool's gang paths (pick_whole_nodes, take_all, give_all) against a plain reference written
// here: per node free GPUs and health, every count found by looking at every node. Random gangs,
// sub-node jobs, releases, failures and spares; each step compares everything the pool reports.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

#include "sim/model/node_pool.h"

using namespace fleetsim::model;

namespace {

// The reference: the placement rules of node_pool.h, by brute force.
struct RefPool {
  enum { kDown, kUp, kHeld };
  int pods, npp, gpn;
  std::vector<int> free, state;

  RefPool(int p, int n, int g) : pods(p), npp(n), gpn(g), free(p * n, g), state(p * n, kUp) {}
  int nodes() const { return pods * npp; }
  bool full(int n) const { return state[n] == kUp && free[n] == gpn; }
  int full_in_pod(int p) const {
    int c = 0;
    for (int n = p * npp; n < (p + 1) * npp; ++n) c += full(n);
    return c;
  }
  int full_in(PodRange r) const {
    int c = 0;
    for (int p = r.all() ? 0 : r.first; p < (r.all() ? pods : r.end); ++p) c += full_in_pod(p);
    return c;
  }
  int with_free(int k) const {
    int c = 0;
    for (int n = 0; n < nodes(); ++n) c += state[n] == kUp && free[n] == k;
    return c;
  }
  std::int64_t busy(int pod = -1) const {
    std::int64_t b = 0;
    for (int n = 0; n < nodes(); ++n)
      if (state[n] == kUp && (pod < 0 || n / npp == pod)) b += gpn - free[n];
    return b;
  }
  std::int64_t idle() const {
    std::int64_t i = 0;
    for (int n = 0; n < nodes(); ++n) i += state[n] == kUp ? free[n] : state[n] == kHeld ? gpn : 0;
    return i;
  }
  std::int64_t failed(int pod = -1) const {
    std::int64_t f = 0;
    for (int n = 0; n < nodes(); ++n)
      if (state[n] == kDown && (pod < 0 || n / npp == pod)) f += gpn;
    return f;
  }
  int best_partial(int gpus, PodRange r) const {
    const int from = r.all() ? 0 : r.first * npp, to = r.all() ? nodes() : r.end * npp;
    for (int k = gpus; k <= gpn; ++k)
      for (int n = from; n < to; ++n)
        if (state[n] == kUp && free[n] == k) return n;
    return -1;
  }
  // The tightest pod that holds them all, else the pods with the most free nodes first (ties:
  // the lower pod); within a pod, its lowest free nodes.
  std::vector<std::int32_t> pick(int count, PodRange r) const {
    const int first = r.all() ? 0 : r.first, end = r.all() ? pods : r.end;
    std::vector<int> order;
    int best = -1;
    for (int p = first; p < end; ++p) {
      order.push_back(p);
      if (full_in_pod(p) >= count && (best < 0 || full_in_pod(p) < full_in_pod(best))) best = p;
    }
    if (best >= 0) order = {best};
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return full_in_pod(a) > full_in_pod(b); });
    std::vector<std::int32_t> out;
    for (int p : order)
      for (int n = p * npp; n < (p + 1) * npp && static_cast<int>(out.size()) < count; ++n)
        if (full(n)) out.push_back(n);
    return out;
  }
};

void check_same(const NodePool& pool, const RefPool& ref) {
  REQUIRE(pool.full_free_nodes() == ref.full_in({}));
  for (int p = 0; p < ref.pods; ++p) {
    REQUIRE(pool.full_free_nodes(PodRange{p, p + 1}) == ref.full_in(PodRange{p, p + 1}));
    REQUIRE(pool.pod_busy_gpus(p) == ref.busy(p));
    REQUIRE(pool.pod_failed_gpus(p) == ref.failed(p));
  }
  for (int k = 1; k <= ref.gpn; ++k) REQUIRE(pool.nodes_with_free(k) == ref.with_free(k));
  REQUIRE(pool.busy_gpus() == ref.busy());
  REQUIRE(pool.idle_gpus() == ref.idle());
  REQUIRE(pool.failed_gpus() == ref.failed());
  for (int n = 0; n < ref.nodes(); ++n) {
    REQUIRE(pool.free(n) == ref.free[n]);
    REQUIRE(pool.up(n) == (ref.state[n] == RefPool::kUp));
  }
}

// The same pool with its indexes rebuilt from scratch (a snapshot round trip).
NodePool rebuilt(const NodePool& pool, int pods, int npp, int gpn, const std::vector<int>& blocks) {
  std::stringstream bytes;
  {
    fleetsim::engine::StateWriter out(bytes);
    pool.save(out);
  }
  NodePool back(pods, npp, gpn);
  if (!blocks.empty()) back.set_blocks(blocks);
  fleetsim::engine::StateReader in(bytes);
  back.load(in);
  return back;
}

struct Gang {
  std::vector<std::int32_t> nodes;
  int gpus;  // per node
};

void random_run(int pods, int npp, int gpn, const std::vector<int>& blocks, unsigned seed) {
  NodePool pool(pods, npp, gpn);
  if (!blocks.empty()) pool.set_blocks(blocks);
  RefPool ref(pods, npp, gpn);
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<Gang> running;
  for (int step = 0; step < 600; ++step) {
    const int op = uniform(0, 9);
    PodRange r;
    if (uniform(0, 2) == 0) {
      r.first = uniform(0, pods - 1);
      r.end = uniform(r.first + 1, pods);
    }
    if (op <= 3) {  // a gang
      const int have = ref.full_in(r);
      if (have == 0) continue;
      const int count = uniform(1, std::min(have, uniform(0, 1) ? have : 8));
      Allocation out;
      pool.pick_whole_nodes(count, out, r);
      REQUIRE(static_cast<int>(out.size()) == count);
      if (blocks.empty()) REQUIRE(out.nodes() == ref.pick(count, r));
      for (int n : out) REQUIRE(ref.full(n));
      pool.take_all(out, gpn);
      for (int n : out) ref.free[n] = 0;
      running.push_back({out.nodes(), gpn});
    } else if (op <= 5 && gpn > 1) {  // a job on part of a node
      const int gpus = uniform(1, gpn - 1);
      const int node = pool.best_partial_node(gpus, r);
      REQUIRE(node == ref.best_partial(gpus, r));
      if (node < 0) continue;
      const std::vector<std::int32_t> one{node};
      pool.take_all(Allocation(one), gpus);
      ref.free[node] -= gpus;
      running.push_back({one, gpus});
    } else if (op <= 7 && !running.empty()) {  // a release
      const auto i = static_cast<std::size_t>(uniform(0, static_cast<int>(running.size()) - 1));
      pool.give_all(Allocation(running[i].nodes), running[i].gpus);
      for (int n : running[i].nodes) ref.free[n] += running[i].gpus;
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (op == 8) {  // health: down, up, spare in or out
      const int n = uniform(0, ref.nodes() - 1);
      if (ref.state[n] == RefPool::kDown) {
        pool.set_up(n);
        ref.state[n] = RefPool::kUp;
      } else if (ref.state[n] == RefPool::kHeld) {
        pool.unhold(n);
        ref.state[n] = RefPool::kUp;
      } else if (ref.full(n)) {
        const bool spare = uniform(0, 1) == 1;
        spare ? pool.hold(n) : pool.set_down(n);
        ref.state[n] = spare ? RefPool::kHeld : RefPool::kDown;
      }
    } else if (!running.empty()) {
      // Misuse: a gang over whole free nodes and then one already taken. The pool throws and
      // keeps the nodes before it taken, as take() node by node would.
      const Gang busy =
          running[static_cast<std::size_t>(uniform(0, static_cast<int>(running.size()) - 1))];
      std::vector<std::int32_t> bad;
      for (int n = 0; n < ref.nodes() && bad.size() < 3; ++n)
        if (ref.full(n)) bad.push_back(n);
      bad.push_back(busy.nodes.front());
      CHECK_THROWS_AS(pool.take_all(Allocation(bad), gpn), std::logic_error);
      bad.pop_back();
      for (int n : bad) ref.free[n] = 0;
      if (!bad.empty()) running.push_back({bad, gpn});
      // Giving a node back twice is caught as well, the first time done.
      if (!bad.empty() || busy.gpus == gpn) {
        const int node = bad.empty() ? busy.nodes.front() : bad.front();
        CHECK_THROWS_AS(pool.give_all({node, node}, gpn), std::logic_error);
        ref.free[node] = gpn;
        for (auto& g : running) std::erase(g.nodes, node);
        std::erase_if(running, [](const Gang& g) { return g.nodes.empty(); });
      }
    }
    check_same(pool, ref);
    if (!blocks.empty() && step % 20 == 0) {
      // Block counts kept as gangs move give the picks of indexes rebuilt from scratch.
      const NodePool fresh = rebuilt(pool, pods, npp, gpn, blocks);
      for (int count = 1; count <= ref.full_in({}); count += 1 + count / 2) {
        Allocation a, b;
        pool.pick_whole_nodes(count, a);
        fresh.pick_whole_nodes(count, b);
        REQUIRE(a == b);
      }
    }
  }
}

}  // namespace

TEST_CASE("gang take/give and picks match a node-by-node reference", "[model][placement]") {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    random_run(1, 200, 1, {}, seed);  // one pod of one-GPU nodes (a trace's machine)
    random_run(3, 70, 1, {}, seed);   // pods that end inside a bitset word
    random_run(4, 40, 8, {}, seed);
    random_run(2, 130, 4, {}, seed);
    random_run(4, 40, 2, {5, 20}, seed);  // topology blocks
  }
}
