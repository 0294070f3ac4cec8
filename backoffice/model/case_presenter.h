#pragma once
// What the case screen says, as plain data the view draws: the header in staff wording, whether the
// customer was really told (and what to do when not), the notes form and the timeline marked with
// what the customer sees, the pickup checklist, and a return's receipt and refund. No ImGui here.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/case.h"
#include "core/domain/loaner.h"
#include "core/domain/payment.h"
#include "core/notify/outbox.h"
#include "core/services/device_history.h"
#include "core/storage/catalog.h"

namespace aftersales {
class Database;
}

namespace aftersales::backoffice {

// "R7K-4PQ-92X  Waiting for the customer's approval".
std::string case_title(const Case& c);

// What the counter is told after a change that may message the customer (an estimate, ready for
// pickup, a return decided): that a message is on its way, or "Not sent: ..." and how to reach them.
// Empty when the change tells the customer nothing.
std::string notice_outcome(const Case& c, CaseStatus to, const NotificationSettings& notifications);

// Kept on the case while it waits on the customer after such a change (until they answer the
// estimate, collect the item, ...): whether the message went out, is waiting, failed, or was never
// written and why, with the phone number to call.
struct NoticeBanner {
  bool warning = false;  // the customer has not been told: someone has to call
  std::string text;
};
std::optional<NoticeBanner> notice_banner(const Case& c, const std::vector<CaseEvent>& events,
                                          const std::vector<OutboxMessage>& notices,
                                          const NotificationSettings& notifications, const StoreTimeZone& zone,
                                          Instant now);
// A message still unsent this long after it was queued (no failure recorded) means nothing is
// sending: `aftersales notify` is not running.
inline constexpr auto kSenderLate = std::chrono::minutes(30);

// The notes box: internal unless the user says the customer should read it.
struct NoteForm {
  std::string text;
  bool customer_visible = false;
};
inline constexpr const char* kNoteLabel = "Add a note";
inline constexpr const char* kNoteInternal = "Internal (staff only)";
inline constexpr const char* kNoteForCustomer = "For the customer (shown on their status page)";
inline constexpr const char* kCustomerSees = "On the customer's page now";
inline constexpr const char* kCustomerSaw = "Was on the customer's page";

struct TimelineRow {
  std::string heading;         // "2026-03-01 10:30  clara"
  std::string text;            // "Repairing → Ready for pickup: Screen replaced"
  bool customer_sees = false;  // the status page's "Latest update" now
  bool customer_saw = false;   // shown there before a newer update replaced it
};
// Newest first.
std::vector<TimelineRow> timeline_rows(const std::vector<CaseEvent>& events, const StoreTimeZone& zone);

// What the counter checks before "Record pickup": the same charges the customer's status page lists.
struct Charge {
  std::string what;
  std::int64_t cents = 0;
};
struct PickupChecklist {
  std::vector<Charge> charges;   // empty: nothing charged
  std::int64_t total_cents = 0;  // what is left to take: the charges less what was paid
  // "$64.00: diagnostic fee $19.00 + the approved repair $100.00 - paid already $55.00", "Nothing to pay"
  std::string amount_due;
  std::string hand_back;  // the accessories left with it, or that there are none
  std::string id_check;   // whom to check ID for
  std::string take_back;  // the loaner still out, and what to do about it; empty: none
};
// `money`: what the repair charges and what was paid towards it (CaseService::money); `loan`: the
// repair's loan still out, if any (CaseService::current_loan).
PickupChecklist pickup_checklist(const Case& c, const std::vector<EstimateLine>& estimate, const CaseMoney& money,
                                 const std::optional<Loan>& loan = std::nullopt);

// The unit's other cases and swaps, in a line for the case view ("2 other cases: RAB-CD3-EF4 completed
// 3 Mar 2026, …; swapped SN-1 -> SN-2 (case RAB-CD3-EF4)"); empty when this case is its only one.
std::string unit_history_summary(const DeviceHistory& history, const Case& current, const StoreTimeZone& zone);

// A return at the counter: which receipt, and what a refund pays back.
struct ReturnSummary {
  std::string receipt;  // "Receipt 1001, line 2, sold 2026-02-25"; empty when the sale is unknown
  std::optional<std::int64_t> refund_cents;
  std::string refund;  // "$18.00 (2 x $10.00, less a $2.00 restocking fee)"
};
ReturnSummary return_summary(const Case& c, const std::optional<SoldLine>& line, const StoreTimeZone& zone);
// Why a return was held for a manager, for staff (the kiosk never says it): each hold's words,
// "; "-separated, and whether it still waits for the decision; empty when nothing held it.
std::string return_holds_summary(const Case& c, const std::vector<ReturnHold>& holds);
// The receipt line a case came from, if it has one.
Result<std::optional<SoldLine>> sold_line_of(Database& db, const Case& c);

}  // namespace aftersales::backoffice
