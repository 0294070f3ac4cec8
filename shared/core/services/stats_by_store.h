#pragma once
// The service figures of service_stats.h, store by store, for headquarters' dashboard and
// `aftersales stats --by-store`: each store's volume, backlog, turnaround, promises kept and
// customer rating over the last `days` days, the chain's total, and what comes back most across the
// chain (products repaired and returned most, repair faults, return reasons) with each store's share.
// Every figure is one query grouped by store_id, however many stores the chain has.
#include <optional>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"
#include "core/services/service_stats.h"

namespace aftersales {

class Database;

struct StoreFigures {
  std::string store_id;    // "" on a single store (its rows carry no id) and for the chain's total
  std::string store_name;  // as headquarters named it for customers ("" when it did not)
  int opened = 0;          // cases opened in the period
  int open_cases = 0;      // the backlog now
  int overdue_cases = 0;
  std::vector<Turnaround> turnaround = {{CaseKind::repair}, {CaseKind::return_item}};  // repairs, then returns
  std::optional<double> average_rating;
  int ratings = 0;

  const Turnaround& repairs() const { return turnaround.front(); }
  int closed() const;
  int within_promise() const;
  double share_within_promise() const;
};

struct StoreCount {
  std::string store_id;
  int cases = 0;
};

// One thing that comes back, its count across the chain and each store's part (most first).
struct RepeatAcrossStores {
  std::string label;
  int cases = 0;
  std::vector<StoreCount> stores;
};

struct StatsByStore {
  int days = 30;
  std::vector<StoreFigures> stores;  // by store id; at headquarters every registered store, even with no cases
  StoreFigures total;                // the whole chain: medians and averages over every case, not over stores
  std::vector<RepeatAcrossStores> repaired_products;  // the most repair cases opened, most first
  std::vector<RepeatAcrossStores> returned_products;  // the most return cases opened
  std::vector<RepeatAcrossStores> repair_problems;    // in the kiosk's problem words
  std::vector<RepeatAcrossStores> return_reasons;
};

Result<StatsByStore> compute_stats_by_store(Database& db, const Config& config, Instant now, int days = 30,
                                            int top = 5);

}  // namespace aftersales
