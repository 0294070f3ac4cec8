#include "case_queue.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "core/domain/local_format.h"
#include "core/present/clock_text.h"

namespace aftersales::backoffice {
namespace {

// Sort keys that keep ties in a stable, sensible order (then by code).
auto key(const Case& c, QueueColumn column, Instant now) {
  switch (column) {
    case QueueColumn::code: return std::tuple(std::string(), std::int64_t{0}, c.code);
    case QueueColumn::kind: return std::tuple(std::string(to_string(c.kind)), std::int64_t{0}, c.code);
    case QueueColumn::status: return std::tuple(std::string(), static_cast<std::int64_t>(c.status), c.code);
    case QueueColumn::product: return std::tuple(c.product_name, std::int64_t{0}, c.code);
    case QueueColumn::customer: return std::tuple(c.customer_name, std::int64_t{0}, c.code);
    case QueueColumn::age:
      return std::tuple(std::string(), -static_cast<std::int64_t>(c.created_at.time_since_epoch().count()), c.code);
    case QueueColumn::promised:
      return std::tuple(std::string(), static_cast<std::int64_t>(c.promised_at(now).time_since_epoch().count()),
                        c.code);
  }
  return std::tuple(std::string(), std::int64_t{0}, c.code);
}

}  // namespace

QueueRow queue_row(const Case& c, Instant now, const StoreTimeZone& zone, const StatusClock& clock) {
  auto span = [](auto d) {
    auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
    if (minutes < 60) return fmt::format("{} min", std::max<long long>(1, minutes));  // never "0 h"
    return minutes < 48 * 60 ? fmt::format("{} h", minutes / 60) : fmt::format("{} d", minutes / (24 * 60));
  };
  QueueRow row;
  row.kind = c.kind == CaseKind::repair ? "repair" : "return";
  row.status = std::string(staff_status_label(c.status));
  row.age = span(now - c.created_at);
  Instant promised = c.promised_at(now);
  row.promised = format_date(zone.local_date(promised), Language::en);
  if (c.overdue(now)) row.overdue_badge = "OVERDUE " + span(now - promised);
  row.clock_flag = status_clock_flag(clock);
  return row;
}

CaseFilter to_case_filter(const QueueFilters& filters, const std::string& username) {
  CaseFilter f;
  f.kind = filters.kind;
  if (filters.status)
    f.statuses = {*filters.status};
  else
    f.open_only = true;
  if (filters.mine) f.assigned_to = username;
  f.overdue_only = filters.overdue;
  f.text = filters.search;
  f.limit = 1000;
  return f;
}

void sort_queue(std::vector<Case>& cases, QueueSort sort, Instant now) {
  std::stable_sort(cases.begin(), cases.end(), [&](const Case& a, const Case& b) {
    return sort.ascending ? key(a, sort.column, now) < key(b, sort.column, now)
                          : key(b, sort.column, now) < key(a, sort.column, now);
  });
}

QueueRow CaseQueue::row(std::size_t i, const StoreTimeZone& zone) const {
  return queue_row(rows_.at(i), cases_.now(), zone, clocks_.at(i));
}

Result<void> CaseQueue::refresh() {
  auto listed = cases_.list(to_case_filter(filters, username_));
  if (!listed) return std::unexpected(listed.error());
  // What arrived is judged on all open cases, not only the filtered ones: a new kiosk case is news
  // even when the current filter hides it.
  CaseFilter everything;
  everything.open_only = true;
  everything.limit = 50;
  auto recent = cases_.list(everything);
  if (!recent) return std::unexpected(recent.error());
  arrived_.clear();
  std::int64_t newest = newest_id_.value_or(0);
  for (const Case& c : *recent) {
    if (newest_id_ && c.id > *newest_id_) arrived_.push_back(c);
    newest = std::max(newest, c.id);
  }
  newest_id_ = newest;
  Instant now = cases_.now();
  sort_queue(*listed, sort, now);
  auto clocks = cases_.status_clocks(*listed);
  if (!clocks) return std::unexpected(clocks.error());
  rows_ = std::move(*listed);
  clocks_ = std::move(*clocks);
  std::string shown;
  for (const Case& c : rows_) {
    // A status clock's flag changes only as time passes, which the age in hours shows already.
    shown += fmt::format("{}:{}:{}:{}:{};", c.id, format_instant(c.updated_at), to_string(c.status), c.overdue(now),
                         std::chrono::duration_cast<std::chrono::hours>(now - c.created_at).count());
  }
  changed_ = shown != shown_ || !arrived_.empty();
  shown_ = std::move(shown);
  return {};
}

}  // namespace aftersales::backoffice
