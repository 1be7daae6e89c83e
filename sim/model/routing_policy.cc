#include "sim/model/routing_policy.h"

#include <algorithm>
#include <limits>

namespace fleetsim::model {

namespace {

using Route = SchedConfig::Route;

// Whole seconds, rounded up, clamped to [0, INT32_MAX].
std::int32_t to_report_s(Time t) {
  if (t <= 0) return 0;
  const Time s = (t + engine::kSecond - 1) / engine::kSecond;
  return static_cast<std::int32_t>(std::min<Time>(s, std::numeric_limits<std::int32_t>::max()));
}

std::int32_t clamp32(std::int64_t v) {
  return static_cast<std::int32_t>(
      std::clamp<std::int64_t>(v, 0, std::numeric_limits<std::int32_t>::max()));
}

// least_queued: less queued demand relative to size, then less busy, exactly (cross-multiplied).
bool less_queued(const std::vector<ClusterView>& v, int a, int b) {
  const auto qa = static_cast<__int128>(v[a].queued) * v[b].capacity;
  const auto qb = static_cast<__int128>(v[b].queued) * v[a].capacity;
  const auto ba = static_cast<__int128>(v[a].busy) * v[b].capacity;
  const auto bb = static_cast<__int128>(v[b].busy) * v[a].capacity;
  return qa < qb || (qa == qb && ba < bb);
}

int least_queued(const std::vector<ClusterView>& v, const std::vector<int>& eligible) {
  int best = eligible.front();
  for (int c : eligible)
    if (less_queued(v, c, best)) best = c;
  return best;
}

// earliest_start: the soonest expected start; ties as least_queued.
int earliest_start(const std::vector<ClusterView>& v, const std::vector<int>& eligible,
                   std::int32_t gpus, Time now) {
  int best = eligible.front();
  Time best_at = expected_start(v[best], v[best].queued + gpus, now);
  for (int c : eligible) {
    const Time at = expected_start(v[c], v[c].queued + gpus, now);
    if (at < best_at || (at == best_at && less_queued(v, c, best))) {
      best = c;
      best_at = at;
    }
  }
  return best;
}

}  // namespace

QueueReportMsg make_queue_report(std::int32_t cluster, std::int64_t queued, std::int64_t busy,
                                 std::int64_t free,
                                 const std::vector<std::pair<Time, std::int64_t>>& running,
                                 Time turnover, Time now, bool with_profile) {
  QueueReportMsg r{queued, busy, cluster};
  if (!with_profile) return r;
  r.free_gpus = clamp32(free);
  r.turnover_s = to_report_s(turnover);
  std::int64_t total = 0;
  for (const auto& [end, g] : running) total += g;
  std::int64_t freed = 0;
  int k = 0;
  for (const auto& [end, g] : running) {
    freed += g;
    // Quartile k + 1 is reached when (k + 1) / 4 of the GPUs are freed.
    while (k < 4 && 4 * freed >= (k + 1) * total) r.quartile_s[k++] = to_report_s(end - now);
  }
  return r;
}

void apply_report(ClusterView& v, const QueueReportMsg& r, Time made) {
  v.queued = r.queued_gpus;
  v.busy = r.busy_gpus;
  v.free = r.free_gpus;
  for (int k = 0; k < 4; ++k) v.quartile[k] = made + r.quartile_s[k] * engine::kSecond;
  v.turnover = r.turnover_s * engine::kSecond;
}

Time expected_start(const ClusterView& v, std::int64_t demand, Time now) {
  const std::int64_t need = demand - v.free;
  if (need <= 0) return now;
  if (need <= v.busy) {
    const auto k = static_cast<int>((4 * need + v.busy - 1) / v.busy);  // 1..4
    return std::max(now, v.quartile[k - 1]);
  }
  const std::int64_t size = std::max<std::int64_t>(1, v.free + v.busy);
  const auto extra = static_cast<__int128>(need - v.busy) * v.turnover / size;
  const Time after = v.busy > 0 ? v.quartile[3] : now;
  return std::max(now, after) + static_cast<Time>(std::min<__int128>(extra, engine::kNever / 4));
}

int choose_cluster(const SchedConfig& cfg, const std::vector<ClusterView>& views,
                   const std::vector<int>& eligible, std::int32_t gpus, std::int32_t tenant,
                   Time now) {
  switch (cfg.route) {
    case Route::kLeastQueued:
      return least_queued(views, eligible);
    case Route::kEarliestStart:
      return earliest_start(views, eligible, gpus, now);
    case Route::kTenantAffinity: {
      // The tenant's home, tenant mod clusters, while its expected wait there is at most
      // sched.affinity_max_wait; otherwise (or no tenant, or a home too small) earliest_start.
      const int home = tenant >= 0 ? tenant % static_cast<int>(views.size()) : -1;
      if (home >= 0 && std::binary_search(eligible.begin(), eligible.end(), home) &&
          expected_start(views[home], views[home].queued + gpus, now) - now <=
              cfg.affinity_max_wait)
        return home;
      return earliest_start(views, eligible, gpus, now);
    }
  }
  return eligible.front();
}

MigrationAsk plan_migration(const SchedConfig& cfg, const std::vector<ClusterView>& views,
                            Time now) {
  MigrationAsk ask;
  const int n = static_cast<int>(views.size());
  for (int c = 0; c < n; ++c) {
    const std::int64_t room = views[c].free - views[c].queued;
    if (room > ask.max_gpus) {
      ask.to = c;
      ask.max_gpus = room;
    }
  }
  if (ask.to < 0) return ask;
  Time latest = now + cfg.migrate_threshold;
  for (int c = 0; c < n; ++c) {
    if (c == ask.to || views[c].queued <= 0) continue;
    const Time at = expected_start(views[c], views[c].queued, now);
    if (at > latest) {
      ask.from = c;
      latest = at;
    }
  }
  return ask;
}

}  // namespace fleetsim::model
