#pragma once
// How the service is doing, for the back office's dashboard: cases opened per day, the backlog,
// turnaround against the promise, what comes back most often (so other teams can fix root causes),
// and what customers said. Everything except the backlog covers the last `days` days.
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/case_code.h"
#include "core/domain/workflow.h"

namespace aftersales {

class Database;

struct DayCount {
  Date day;
  int cases = 0;
};

struct StatusCount {
  CaseStatus status;
  int cases = 0;
};

// Closed cases (completed, or a return decided against) of one kind in the period.
struct Turnaround {
  CaseKind kind;
  int closed = 0;
  double median_days = 0;
  int within_promise = 0;  // closed on or before the promised time (which paused time moved on)
  double share_within_promise() const { return closed == 0 ? 0.0 : static_cast<double>(within_promise) / closed; }
};

struct RepeatCount {
  std::string label;
  int cases = 0;
};

struct FeedbackComment {
  std::string case_code;
  int rating = 0;
  std::string comment;
  Instant at;
};

struct ServiceStats {
  int days = 30;
  std::vector<DayCount> opened_per_day;  // oldest first, today last; days without cases are zeros
  std::vector<StatusCount> backlog;      // open cases by status in workflow order, empty statuses left out
  int open_cases = 0;
  int overdue_cases = 0;
  std::vector<Turnaround> turnaround;     // repairs, then returns
  std::vector<RepeatCount> top_products;  // the most cases opened, most first
  std::vector<RepeatCount> top_problems;  // repair problem categories and return reasons
  // The same, kept apart: what goes wrong with repaired items (in the kiosk's problem words), and
  // why items are brought back.
  std::vector<RepeatCount> top_repair_problems;
  std::vector<RepeatCount> top_return_reasons;
  std::optional<double> average_rating;
  int ratings = 0;
  std::vector<FeedbackComment> recent_comments;  // newest first
};

// The kiosk's problem categories, as the shopper picks them (kiosk/flows/repair_flow.cpp).
std::span<const std::string_view> repair_problem_words();
// A stored problem category in those words: the kiosk stores the words themselves, the CLI and the
// demo short codes ("power", "audio"); anything else is shown as stored.
std::string problem_category_words(std::string_view stored);

// The middle value (the mean of the two middle ones for an even count); 0 for none.
double median_days(std::vector<double> values);

// Cases closed in a period (completed, or a return decided against), gathered into the turnaround
// of each kind: the dashboard's for the whole database, headquarters' for each store and the chain.
class Closings {
 public:
  void add(CaseKind kind, double days, bool within_promise);
  std::vector<Turnaround> turnaround() const;  // repairs, then returns

 private:
  std::vector<double> days_[2];
  int within_[2] = {0, 0};
};
// Each case closed since `since` (ISO time): its store, kind, days from opening and whether it
// closed by the promised time.
void for_each_closing(
    Database& db, const std::string& since,
    const std::function<void(const std::string& store_id, CaseKind kind, double days, bool within)>& each);

Result<ServiceStats> compute_service_stats(Database& db, const Config& config, Instant now, int days = 30, int top = 5);

}  // namespace aftersales
