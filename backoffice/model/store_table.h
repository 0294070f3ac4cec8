#pragma once
// Headquarters' dashboard as plain data: the chain's stores side by side (volume, backlog, median
// repair turnaround, promises kept, customer rating) with the chain's total, each figure in words
// and with the number it sorts by; and what comes back most across the chain, each with the stores
// it comes back to most. No ImGui.
#include <optional>
#include <string>
#include <vector>

#include "core/services/stats_by_store.h"
#include "dashboard_model.h"

namespace aftersales::backoffice {

enum class StoreColumn { store, volume, backlog, turnaround, promises, rating };

struct StoreRow {
  std::string store;       // the store's id; "This store" for rows without one; "Chain total"
  std::string volume;      // "12"
  std::string backlog;     // "5 open, 2 overdue"
  std::string turnaround;  // "2.5 days" (repairs), "-" with none closed
  std::string promises;    // "86% (12 of 14)", "-"
  std::string rating;      // "4.2 (15 ratings)", "-"
  TurnaroundBar::Tone promise_tone = TurnaroundBar::Tone::good;
  bool has_promises = false;
  bool overdue = false;
  // What the columns sort by; below zero: no figure (none closed or rated).
  int opened = 0, open_cases = 0;
  double median_days = -1, share_kept = -1, average_rating = -1;
};

struct StoreTable {
  int days = 30;
  std::vector<StoreRow> stores;
  StoreRow total;
};
StoreTable store_table(const StatsByStore& stats);
// Stable, so equal figures keep the stores' order; a store without the figure comes last either way.
void sort_rows(std::vector<StoreRow>& rows, StoreColumn by, bool ascending);

struct ChainRepeat {
  std::string label;
  int cases = 0;
  std::string stores;  // "MAD01 3 · BCN01 1 · 4 more stores"
};

struct ChainRepeatList {
  std::string heading;
  std::vector<ChainRepeat> rows;
  std::string empty_text;
};
// Products repaired most, products returned most, faults, return reasons.
std::vector<ChainRepeatList> chain_repeats(const StatsByStore& stats);

// What the dashboard shows: at a chain's headquarters every store side by side, anywhere else (a
// store, a single PC) the service's own figures.
struct DashboardFigures {
  std::optional<ServiceStats> service;
  std::optional<StatsByStore> chain;
};
Result<DashboardFigures> dashboard_figures(Database& db, const Config& config, Instant now);

}  // namespace aftersales::backoffice
