#include "store_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/storage/chain.h"

namespace aftersales::backoffice {
namespace {

constexpr std::size_t kStoresNamed = 3;  // per thing that comes back; the rest are counted

StoreRow row_of(const StoreFigures& f, std::string name) {
  StoreRow row;
  row.store = std::move(name);
  row.opened = f.opened;
  row.open_cases = f.open_cases;
  row.volume = std::to_string(f.opened);
  row.backlog = f.overdue_cases > 0 ? fmt::format("{} open, {} overdue", f.open_cases, f.overdue_cases)
                                    : fmt::format("{} open", f.open_cases);
  row.overdue = f.overdue_cases > 0;
  row.turnaround = "-";
  if (f.repairs().closed > 0) {
    row.median_days = f.repairs().median_days;
    row.turnaround = fmt::format("{:.1f} days", row.median_days);
  }
  row.promises = "-";
  if (f.closed() > 0) {
    row.share_kept = f.share_within_promise();
    row.has_promises = true;
    row.promise_tone = promise_tone(row.share_kept);
    row.promises = fmt::format("{:.0f}% ({} of {})", row.share_kept * 100, f.within_promise(), f.closed());
  }
  row.rating = "-";
  if (f.average_rating) {
    row.average_rating = *f.average_rating;
    row.rating = fmt::format("{:.1f} ({} {})", *f.average_rating, f.ratings, f.ratings == 1 ? "rating" : "ratings");
  }
  return row;
}

std::string stores_of(const RepeatAcrossStores& r) {
  std::string out;
  for (std::size_t i = 0; i < r.stores.size() && i < kStoresNamed; ++i) {
    const StoreCount& s = r.stores[i];
    out += fmt::format("{}{} {}", i == 0 ? "" : " · ", s.store_id.empty() ? "This store" : s.store_id, s.cases);
  }
  if (r.stores.size() > kStoresNamed) {
    std::size_t more = r.stores.size() - kStoresNamed;
    out += fmt::format(" · {} more {}", more, more == 1 ? "store" : "stores");
  }
  return out;
}

ChainRepeatList list_of(std::string heading, const std::vector<RepeatAcrossStores>& rows, std::string empty) {
  ChainRepeatList list{std::move(heading), {}, std::move(empty)};
  for (const RepeatAcrossStores& r : rows) list.rows.push_back({r.label, r.cases, stores_of(r)});
  return list;
}

}  // namespace

StoreTable store_table(const StatsByStore& stats) {
  StoreTable table;
  table.days = stats.days;
  for (const StoreFigures& f : stats.stores)
    table.stores.push_back(row_of(f, f.store_id.empty()     ? "This store"
                                     : f.store_name.empty() ? f.store_id
                                                            : fmt::format("{} {}", f.store_id, f.store_name)));
  table.total = row_of(stats.total, "Chain total");
  return table;
}

void sort_rows(std::vector<StoreRow>& rows, StoreColumn by, bool ascending) {
  auto key = [by](const StoreRow& r) -> double {
    switch (by) {
      case StoreColumn::volume: return r.opened;
      case StoreColumn::backlog: return r.open_cases;
      case StoreColumn::turnaround: return r.median_days;
      case StoreColumn::promises: return r.share_kept;
      case StoreColumn::rating: return r.average_rating;
      case StoreColumn::store: break;
    }
    return 0;
  };
  std::ranges::stable_sort(rows, [&](const StoreRow& a, const StoreRow& b) {
    if (by == StoreColumn::store) return ascending ? a.store < b.store : b.store < a.store;
    double ka = key(a), kb = key(b);
    if ((ka < 0) != (kb < 0)) return kb < 0;  // without the figure: last either way
    return ascending ? ka < kb : kb < ka;
  });
}

std::vector<ChainRepeatList> chain_repeats(const StatsByStore& stats) {
  return {list_of("Products repaired most", stats.repaired_products, "No repairs in this period."),
          list_of("Products returned most", stats.returned_products, "No returns in this period."),
          list_of("Faults that come back most", stats.repair_problems, "No repairs in this period."),
          list_of("Why items are returned", stats.return_reasons, "No returns in this period.")};
}

Result<DashboardFigures> dashboard_figures(Database& db, const Config& config, Instant now) {
  DashboardFigures figures;
  if (chain_membership(db).role == ChainRole::headquarters) {
    auto chain = compute_stats_by_store(db, config, now);
    if (!chain) return std::unexpected(chain.error());
    figures.chain = std::move(*chain);
    return figures;
  }
  auto service = compute_service_stats(db, config, now);
  if (!service) return std::unexpected(service.error());
  figures.service = std::move(*service);
  return figures;
}

}  // namespace aftersales::backoffice
