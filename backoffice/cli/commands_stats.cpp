// stats [--by-store] [--days N]: the dashboard's figures (volume, backlog, turnaround, promises kept,
// rating, what comes back most) for the whole database, or at a chain's headquarters store by store.
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/services/stats_by_store.h"

namespace aftersales::cli {
namespace {

struct StatsOptions {
  bool by_store = false;
  int days = 30;
  int top = 5;
};

nlohmann::json to_json(const Turnaround& t) {
  return {{"closed", t.closed}, {"median_days", t.median_days}, {"within_promise", t.within_promise}};
}

nlohmann::json to_json(const StoreFigures& f) {
  nlohmann::json json = {
      {"opened", f.opened},
      {"open", f.open_cases},
      {"overdue", f.overdue_cases},
      {"repairs", to_json(f.turnaround.at(0))},
      {"returns", to_json(f.turnaround.at(1))},
      {"promises_kept", f.closed() == 0 ? nlohmann::json() : nlohmann::json(f.share_within_promise())},
      {"average_rating", f.average_rating ? nlohmann::json(*f.average_rating) : nlohmann::json()},
      {"ratings", f.ratings}};
  return json;
}

nlohmann::json to_json(const std::vector<RepeatAcrossStores>& rows, bool by_store) {
  nlohmann::json out = nlohmann::json::array();
  for (const RepeatAcrossStores& r : rows) {
    nlohmann::json row = {{"label", r.label}, {"cases", r.cases}};
    if (by_store) {
      row["stores"] = nlohmann::json::array();
      for (const StoreCount& s : r.stores) row["stores"].push_back({{"store", s.store_id}, {"cases", s.cases}});
    }
    out.push_back(row);
  }
  return out;
}

nlohmann::json to_json(const StatsByStore& s, bool by_store) {
  nlohmann::json json = {{"days", s.days},
                         {"total", to_json(s.total)},
                         {"repaired_products", to_json(s.repaired_products, by_store)},
                         {"returned_products", to_json(s.returned_products, by_store)},
                         {"repair_problems", to_json(s.repair_problems, by_store)},
                         {"return_reasons", to_json(s.return_reasons, by_store)}};
  if (by_store) {
    json["stores"] = nlohmann::json::array();
    for (const StoreFigures& f : s.stores) {
      nlohmann::json store = to_json(f);
      store["store"] = f.store_id;
      store["name"] = f.store_name;
      json["stores"].push_back(store);
    }
  }
  return json;
}

void print_figures(const std::string& name, const StoreFigures& f) {
  const Turnaround& repairs = f.turnaround.at(0);
  fmt::print(
      "{:<14} {:>6} {:>6} {:>8} {:>14} {:>14} {:>8}\n", name, f.opened, f.open_cases, f.overdue_cases,
      repairs.closed == 0 ? std::string("-") : fmt::format("{:.1f} d", repairs.median_days),
      f.closed() == 0 ? std::string("-") : fmt::format("{:.0f}% of {}", f.share_within_promise() * 100, f.closed()),
      f.average_rating ? fmt::format("{:.1f}", *f.average_rating) : std::string("-"));
}

void print_repeats(const char* heading, const std::vector<RepeatAcrossStores>& rows, bool by_store) {
  fmt::print("\n{}\n", heading);
  if (rows.empty()) fmt::print("  none\n");
  for (const RepeatAcrossStores& r : rows) {
    std::string stores;
    for (const StoreCount& s : r.stores)
      stores += fmt::format("{}{} {}", stores.empty() ? "" : ", ", s.store_id.empty() ? "-" : s.store_id, s.cases);
    fmt::print("  {:>5}  {}{}\n", r.cases, r.label, by_store ? fmt::format("  ({})", stores) : std::string());
  }
}

void print_text(const StatsByStore& s, bool by_store) {
  fmt::print("Last {} days (the backlog as of now)\n", s.days);
  fmt::print("{:<14} {:>6} {:>6} {:>8} {:>14} {:>14} {:>8}\n", "store", "opened", "open", "overdue", "median repair",
             "promises kept", "rating");
  if (by_store)
    for (const StoreFigures& f : s.stores) print_figures(f.store_id.empty() ? "-" : f.store_id, f);
  print_figures(by_store ? "total" : "all", s.total);
  print_repeats("Products repaired most", s.repaired_products, by_store);
  print_repeats("Products returned most", s.returned_products, by_store);
  print_repeats("Faults that come back most", s.repair_problems, by_store);
  print_repeats("Why items are returned", s.return_reasons, by_store);
}

}  // namespace

void add_stats_commands(CLI::App& app, CliContext& ctx) {
  auto options = std::make_shared<StatsOptions>();
  auto* cmd = app.add_subcommand(
      "stats", "How the service is doing: volume, backlog, turnaround, promises kept, rating, what comes back most");
  cmd->add_flag("--by-store", options->by_store,
                "Each store of the chain side by side, with the total (at headquarters: every store's cases)");
  cmd->add_option("--days", options->days, "The period, in days up to today (default 30)")->check(CLI::Range(1, 3660));
  cmd->add_option("--top", options->top, "How many of what comes back most (default 5)")->check(CLI::Range(1, 100));
  ctx.on(cmd, [&ctx, options]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto stats = compute_stats_by_store(**db, **config, system_now(), options->days, options->top);
    if (!stats) return std::unexpected(stats.error());
    ctx.print(to_json(*stats, options->by_store), [&] { print_text(*stats, options->by_store); });
    return {};
  });
}

}  // namespace aftersales::cli
