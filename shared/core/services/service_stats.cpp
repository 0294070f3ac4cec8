#include "core/services/service_stats.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/domain/case.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr int kRecentComments = 8;

void count_opened(Database& db, const StoreTimeZone& zone, Date first_day, ServiceStats& stats) {
  std::map<Date, int> per_day;
  Statement s = db.prepare("SELECT created_at FROM cases WHERE created_at >= ?1");
  std::string since = format_instant(zone.start_of(first_day));
  s.bind_all(since);
  while (s.step())
    if (auto at = parse_instant(s.get_text(0))) ++per_day[zone.local_date(*at)];
  for (int i = 0; i < stats.days; ++i) {
    Date day = add_days(first_day, i);
    stats.opened_per_day.push_back({day, per_day.contains(day) ? per_day[day] : 0});
  }
}

void count_backlog(Database& db, Instant now, ServiceStats& stats) {
  std::map<CaseStatus, int> by_status;
  Statement s = db.prepare("SELECT status, due_at, paused_since FROM cases WHERE closed_at IS NULL");
  while (s.step()) {
    auto status = parse_case_status(s.get_text(0));
    if (!status || is_final(*status)) continue;
    ++by_status[*status];
    ++stats.open_cases;
    auto due = parse_instant(s.get_text(1));
    if (s.is_null(2) && due && now > *due) ++stats.overdue_cases;
  }
  for (CaseStatus status : kAllStatuses)
    if (by_status.contains(status)) stats.backlog.push_back({status, by_status[status]});
}

void measure_turnaround(Database& db, const std::string& since, ServiceStats& stats) {
  Closings closings;
  for_each_closing(db, since, [&](const std::string&, CaseKind kind, double days, bool within) {
    closings.add(kind, days, within);
  });
  stats.turnaround = closings.turnaround();
}

std::vector<RepeatCount> top_counts(Database& db, std::string_view sql, const std::string& since, int top) {
  std::vector<RepeatCount> out;
  Statement s = db.prepare(sql);
  s.bind_all(since, top);
  while (s.step()) out.push_back({s.get_text(0), static_cast<int>(s.get_int(1))});
  return out;
}

std::vector<RepeatCount> top_problems(Database& db, const std::string& since, int top) {
  auto rows = top_counts(db, R"(
      SELECT p, count(*) AS n
      FROM (SELECT CASE kind WHEN 'repair' THEN problem_category ELSE 'return:' || coalesce(return_reason, '') END AS p
            FROM cases WHERE created_at >= ?1) AS problems
      WHERE p NOT IN ('', 'return:')
      GROUP BY p ORDER BY n DESC, p LIMIT ?2)",
                         since, top);
  for (RepeatCount& row : rows) {
    if (!row.label.starts_with("return:")) {
      row.label = "Repair: " + row.label;
      continue;
    }
    auto reason = parse_return_reason(row.label.substr(7));
    row.label = "Return: " + (reason ? return_reason_words(*reason, Language::en) : row.label.substr(7));
  }
  return rows;
}

// Grouped in C++ rather than SQL: several stored spellings share one problem word.
std::vector<RepeatCount> top_repair_problems(Database& db, const std::string& since, int top) {
  std::map<std::string, int> by_words;
  Statement s = db.prepare(
      "SELECT problem_category, count(*) FROM cases WHERE kind = 'repair' AND created_at >= ?1 "
      "AND problem_category <> '' GROUP BY problem_category");
  s.bind_all(since);
  while (s.step()) by_words[problem_category_words(s.get_text(0))] += static_cast<int>(s.get_int(1));
  std::vector<RepeatCount> rows;
  for (const auto& [words, n] : by_words) rows.push_back({words, n});
  std::ranges::stable_sort(rows, [](const RepeatCount& a, const RepeatCount& b) { return a.cases > b.cases; });
  if (rows.size() > static_cast<std::size_t>(std::max(top, 0))) rows.resize(static_cast<std::size_t>(std::max(top, 0)));
  return rows;
}

std::vector<RepeatCount> top_return_reasons(Database& db, const std::string& since, int top) {
  auto rows = top_counts(db, R"(
      SELECT return_reason, count(*) AS n FROM cases
      WHERE kind = 'return' AND created_at >= ?1 AND coalesce(return_reason, '') <> ''
      GROUP BY return_reason ORDER BY n DESC, return_reason LIMIT ?2)",
                         since, top);
  for (RepeatCount& row : rows)
    if (auto reason = parse_return_reason(row.label)) row.label = return_reason_words(*reason, Language::en);
  return rows;
}

void read_feedback(Database& db, const std::string& since, ServiceStats& stats) {
  Statement avg = db.prepare("SELECT avg(rating), count(*) FROM feedback WHERE created_at >= ?1");
  avg.bind_all(since);
  if (avg.step() && !avg.is_null(0)) {
    stats.average_rating = avg.get_double(0);
    stats.ratings = static_cast<int>(avg.get_int(1));
  }
  Statement s = db.prepare(
      "SELECT c.code, f.rating, f.comment, f.created_at FROM feedback f JOIN cases c ON c.id = f.case_id "
      "WHERE f.comment <> '' ORDER BY f.created_at DESC, f.id DESC LIMIT ?1");
  s.bind_all(kRecentComments);
  while (s.step())
    stats.recent_comments.push_back({s.get_text(0), static_cast<int>(s.get_int(1)), s.get_text(2),
                                     parse_instant(s.get_text(3)).value_or(Instant{})});
}

}  // namespace

double median_days(std::vector<double> values) {
  if (values.empty()) return 0;
  std::ranges::sort(values);
  std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

namespace {
std::size_t kind_index(CaseKind kind) {
  return kind == CaseKind::repair ? 0 : 1;
}
}  // namespace

void Closings::add(CaseKind kind, double days, bool within_promise) {
  days_[kind_index(kind)].push_back(days);
  if (within_promise) ++within_[kind_index(kind)];
}

std::vector<Turnaround> Closings::turnaround() const {
  std::vector<Turnaround> out;
  for (CaseKind kind : {CaseKind::repair, CaseKind::return_item}) {
    Turnaround t{kind};
    t.closed = static_cast<int>(days_[kind_index(kind)].size());
    t.median_days = median_days(days_[kind_index(kind)]);
    t.within_promise = within_[kind_index(kind)];
    out.push_back(t);
  }
  return out;
}

void for_each_closing(
    Database& db, const std::string& since,
    const std::function<void(const std::string& store_id, CaseKind kind, double days, bool within)>& each) {
  Statement s = db.prepare(
      "SELECT store_id, kind, created_at, closed_at, due_at FROM cases "
      "WHERE status IN ('completed', 'rejected') AND closed_at >= ?1");
  s.bind_all(since);
  while (s.step()) {
    auto kind = parse_case_kind(s.get_text(1));
    auto opened = parse_instant(s.get_text(2));
    auto closed = parse_instant(s.get_text(3));
    auto due = parse_instant(s.get_text(4));
    if (!kind || !opened || !closed || !due) continue;
    each(s.get_text(0), *kind, std::chrono::duration<double, std::ratio<86400>>(*closed - *opened).count(),
         *closed <= *due);
  }
}

std::span<const std::string_view> repair_problem_words() {
  static constexpr std::string_view kWords[] = {"Does not turn on", "Screen", "Battery or charging", "Sound",
                                                "Connectivity",     "Noise",  "Overheating",         "Other"};
  return kWords;
}

std::string problem_category_words(std::string_view stored) {
  std::string key;
  for (char ch : stored)
    if (ch != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view words : repair_problem_words()) {
    std::string plain;
    for (char ch : words)
      if (ch != ' ') plain += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (key == plain) return std::string(words);
  }
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {{"power", "Does not turn on"},
                                                                             {"screen", "Screen"},
                                                                             {"display", "Screen"},
                                                                             {"battery", "Battery or charging"},
                                                                             {"charging", "Battery or charging"},
                                                                             {"audio", "Sound"},
                                                                             {"sound", "Sound"},
                                                                             {"connectivity", "Connectivity"},
                                                                             {"wifi", "Connectivity"},
                                                                             {"noise", "Noise"},
                                                                             {"overheating", "Overheating"},
                                                                             {"other", "Other"}};
  for (const auto& [code, words] : kCodes)
    if (key == code) return std::string(words);
  return std::string(stored);
}

Result<ServiceStats> compute_service_stats(Database& db, const Config& config, Instant now, int days, int top) {
  return storage_guard<ServiceStats>([&]() -> Result<ServiceStats> {
    ServiceStats stats;
    stats.days = std::max(days, 1);
    const StoreTimeZone& zone = config.time_zone;
    Date first_day = add_days(zone.local_date(now), 1 - stats.days);
    std::string since = format_instant(zone.start_of(first_day));
    ReadTransaction snapshot(db);
    count_opened(db, zone, first_day, stats);
    count_backlog(db, now, stats);
    measure_turnaround(db, since, stats);
    stats.top_products = top_counts(db, R"(
        SELECT product_name, count(*) AS n FROM cases WHERE created_at >= ?1 AND product_name <> ''
        GROUP BY product_name ORDER BY n DESC, product_name LIMIT ?2)",
                                    since, top);
    stats.top_problems = top_problems(db, since, top);
    stats.top_repair_problems = top_repair_problems(db, since, top);
    stats.top_return_reasons = top_return_reasons(db, since, top);
    read_feedback(db, since, stats);
    return stats;
  });
}

}  // namespace aftersales
