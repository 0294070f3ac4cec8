#include "core/services/stats_by_store.h"

#include <algorithm>
#include <map>

#include "core/domain/case.h"
#include "core/domain/return_policy.h"
#include "core/storage/chain.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

// The stores being filled in, by id, and the chain's total beside them.
class Tally {
 public:
  StoreFigures& store(const std::string& id) {
    auto [it, added] = stores_.try_emplace(id);
    if (added) it->second.store_id = id;
    return it->second;
  }
  StoreFigures& total() { return total_; }
  std::vector<StoreFigures> stores() const {
    std::vector<StoreFigures> out;
    for (const auto& [id, figures] : stores_) out.push_back(figures);
    return out;
  }

 private:
  std::map<std::string, StoreFigures> stores_;
  StoreFigures total_;
};

// A case received by transfer (transferred_from set) was opened at the store that sent it: it
// counts there, once, in what was opened and in what comes back most.
void count_opened(Database& db, const std::string& since, Tally& tally) {
  Statement s = db.prepare(
      "SELECT store_id, count(*) FROM cases WHERE created_at >= ?1 AND transferred_from IS NULL GROUP BY store_id");
  s.bind_all(since);
  while (s.step()) {
    int n = static_cast<int>(s.get_int(1));
    tally.store(s.get_text(0)).opened += n;
    tally.total().opened += n;
  }
}

void count_backlog(Database& db, Instant now, Tally& tally) {
  Statement s = db.prepare("SELECT store_id, status, due_at, paused_since FROM cases WHERE closed_at IS NULL");
  while (s.step()) {
    auto status = parse_case_status(s.get_text(1));
    if (!status || is_final(*status)) continue;
    auto due = parse_instant(s.get_text(2));
    bool overdue = s.is_null(3) && due && now > *due;
    for (StoreFigures* f : {&tally.store(s.get_text(0)), &tally.total()}) {
      ++f->open_cases;
      if (overdue) ++f->overdue_cases;
    }
  }
}

void measure_turnaround(Database& db, const std::string& since, Tally& tally) {
  std::map<std::string, Closings> by_store;
  Closings chain;
  for_each_closing(db, since, [&](const std::string& store_id, CaseKind kind, double days, bool within) {
    by_store[store_id].add(kind, days, within);
    chain.add(kind, days, within);
  });
  for (const auto& [id, closings] : by_store) tally.store(id).turnaround = closings.turnaround();
  tally.total().turnaround = chain.turnaround();
}

void read_ratings(Database& db, const std::string& since, Tally& tally) {
  Statement s =
      db.prepare("SELECT store_id, avg(rating), count(*) FROM feedback WHERE created_at >= ?1 GROUP BY store_id");
  s.bind_all(since);
  double sum = 0;
  while (s.step()) {
    StoreFigures& f = tally.store(s.get_text(0));
    f.average_rating = s.get_double(1);
    f.ratings = static_cast<int>(s.get_int(2));
    sum += *f.average_rating * f.ratings;
    tally.total().ratings += f.ratings;
  }
  if (tally.total().ratings > 0) tally.total().average_rating = sum / tally.total().ratings;
}

// At headquarters every registered store has a row, even one that has opened no case yet.
void add_registered_stores(Database& db, Tally& tally) {
  if (db.backend() != Backend::postgresql || chain_membership(db).role != ChainRole::headquarters) return;
  Statement s = db.prepare("SELECT store_id FROM chain_stores");
  while (s.step()) tally.store(s.get_text(0));
}

// label -> store -> cases
using Counts = std::map<std::string, std::map<std::string, int>>;

std::vector<RepeatAcrossStores> ranked(const Counts& counts, int top) {
  std::vector<RepeatAcrossStores> out;
  for (const auto& [label, stores] : counts) {
    RepeatAcrossStores r{label, 0, {}};
    for (const auto& [store, n] : stores) {
      r.cases += n;
      r.stores.push_back({store, n});
    }
    std::ranges::stable_sort(r.stores, [](const StoreCount& a, const StoreCount& b) { return a.cases > b.cases; });
    out.push_back(std::move(r));
  }
  std::ranges::stable_sort(out,
                           [](const RepeatAcrossStores& a, const RepeatAcrossStores& b) { return a.cases > b.cases; });
  if (out.size() > static_cast<std::size_t>(std::max(top, 0))) out.resize(static_cast<std::size_t>(std::max(top, 0)));
  return out;
}

// Reads (kind, label, store_id, cases) rows into a count per kind.
std::map<CaseKind, Counts> counts_by_kind(Database& db, std::string_view sql, const std::string& since) {
  std::map<CaseKind, Counts> out;
  Statement s = db.prepare(sql);
  s.bind_all(since);
  while (s.step())
    if (auto kind = parse_case_kind(s.get_text(0)))
      out[*kind][s.get_text(1)][s.get_text(2)] += static_cast<int>(s.get_int(3));
  return out;
}

void rank_products(Database& db, const std::string& since, int top, StatsByStore& stats) {
  auto counts = counts_by_kind(db, R"(
      SELECT kind, product_name, store_id, count(*) FROM cases
      WHERE created_at >= ?1 AND product_name <> '' AND transferred_from IS NULL
      GROUP BY kind, product_name, store_id)",
                               since);
  stats.repaired_products = ranked(counts[CaseKind::repair], top);
  stats.returned_products = ranked(counts[CaseKind::return_item], top);
}

// Stored spellings are put into words before ranking: several spellings share one problem word.
Counts in_words(const Counts& stored, std::string (*words)(std::string_view)) {
  Counts out;
  for (const auto& [label, stores] : stored)
    for (const auto& [store, n] : stores) out[words(label)][store] += n;
  return out;
}

std::string reason_words(std::string_view stored) {
  auto reason = parse_return_reason(stored);
  return reason ? return_reason_words(*reason, Language::en) : std::string(stored);
}

void rank_problems(Database& db, const std::string& since, int top, StatsByStore& stats) {
  auto counts = counts_by_kind(db, R"(
      SELECT kind, p, store_id, count(*)
      FROM (SELECT kind, CASE kind WHEN 'repair' THEN problem_category ELSE coalesce(return_reason, '') END AS p, store_id
            FROM cases WHERE created_at >= ?1 AND transferred_from IS NULL) AS problems
      WHERE p <> ''
      GROUP BY kind, p, store_id)",
                               since);
  stats.repair_problems = ranked(in_words(counts[CaseKind::repair], problem_category_words), top);
  stats.return_reasons = ranked(in_words(counts[CaseKind::return_item], reason_words), top);
}

}  // namespace

int StoreFigures::closed() const {
  int n = 0;
  for (const Turnaround& t : turnaround) n += t.closed;
  return n;
}

int StoreFigures::within_promise() const {
  int n = 0;
  for (const Turnaround& t : turnaround) n += t.within_promise;
  return n;
}

double StoreFigures::share_within_promise() const {
  return closed() == 0 ? 0.0 : static_cast<double>(within_promise()) / closed();
}

Result<StatsByStore> compute_stats_by_store(Database& db, const Config& config, Instant now, int days, int top) {
  return storage_guard<StatsByStore>([&]() -> Result<StatsByStore> {
    StatsByStore stats;
    stats.days = std::max(days, 1);
    const StoreTimeZone& zone = config.time_zone;
    std::string since = format_instant(zone.start_of(add_days(zone.local_date(now), 1 - stats.days)));
    ReadTransaction snapshot(db);
    Tally tally;
    add_registered_stores(db, tally);
    count_opened(db, since, tally);
    count_backlog(db, now, tally);
    measure_turnaround(db, since, tally);
    read_ratings(db, since, tally);
    rank_products(db, since, top, stats);
    rank_problems(db, since, top, stats);
    stats.stores = tally.stores();
    stats.total = tally.total();
    std::vector<ChainStore> named = chain_stores(db);
    for (StoreFigures& f : stats.stores)
      if (std::string label = store_label(named, f.store_id); label != f.store_id) f.store_name = label;
    return stats;
  });
}

}  // namespace aftersales
