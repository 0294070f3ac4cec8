#pragma once
// The back office's queue of cases as a view model: the filters a clerk sets (kind, status, mine,
// overdue, search as you type), turned into a store query, and sorting by any column. No ImGui here:
// tests drive it on a test database.
#include <optional>
#include <string>
#include <vector>

#include "core/domain/case.h"
#include "core/services/case_service.h"

namespace aftersales::backoffice {

enum class QueueColumn { code, kind, status, product, customer, age, promised };

struct QueueFilters {
  std::optional<CaseKind> kind;
  std::optional<CaseStatus> status;  // nullopt: every open case (closed ones only when asked for)
  bool mine = false;                 // assigned to the signed-in user
  bool overdue = false;
  std::string search;  // code, name, phone, serial, product
};

struct QueueSort {
  QueueColumn column = QueueColumn::promised;
  bool ascending = true;
};

CaseFilter to_case_filter(const QueueFilters& filters, const std::string& username);
void sort_queue(std::vector<Case>& cases, QueueSort sort, Instant now);

// One row of the table as drawn: staff wording, and overdue as a badge in the promised column (the
// row itself stays in the normal colours; a queue with many late cases must stay readable).
struct QueueRow {
  std::string kind;
  std::string status;
  std::string age;            // "5 h", "3 d"
  std::string promised;       // the date
  std::string overdue_badge;  // "OVERDUE 2 d", or empty
  // Past its status's limit ([reminders]), from the status clock: "Waiting 4 days for approval
  // (limit 3)", "Abandoned: 95 days ready"; or empty.
  std::string clock_flag;
};
QueueRow queue_row(const Case& c, Instant now, const StoreTimeZone& zone, const StatusClock& clock = {});

// Loads the queue with the filters and sort; remembers the newest case it has seen so that the
// next refresh can say which cases arrived meanwhile (a kiosk opened them).
class CaseQueue {
 public:
  CaseQueue(CaseService& cases, std::string username) : cases_(cases), username_(std::move(username)) {}

  QueueFilters filters;
  QueueSort sort;

  Result<void> refresh();
  const std::vector<Case>& rows() const { return rows_; }
  // Each row's status clock, in the rows' order (computed at each refresh, never stored).
  const std::vector<StatusClock>& clocks() const { return clocks_; }
  QueueRow row(std::size_t i, const StoreTimeZone& zone) const;
  // Cases created since the refresh before this one (empty on the first refresh).
  const std::vector<Case>& arrived() const { return arrived_; }
  // Whether the last refresh changed anything the table shows (rows, their status, overdue, age in
  // hours): the app redraws only then, so an idle counter screen does not draw every two seconds.
  bool changed() const { return changed_; }

 private:
  CaseService& cases_;
  std::string username_;
  std::vector<Case> rows_;
  std::vector<StatusClock> clocks_;
  std::vector<Case> arrived_;
  std::optional<std::int64_t> newest_id_;
  std::string shown_;  // what the table showed after the last refresh, in short
  bool changed_ = true;
};

}  // namespace aftersales::backoffice
