#pragma once
// What a customer may see of their case, in their language: the phone's status page, its JSON API
// and the kiosk's "Track my case" all show this. Personal data only as much as needed to recognise
// the case: a masked first name, never phone, e-mail or the full serial.
#include <optional>
#include <string>
#include <vector>

#include "core/base/translation.h"
#include "core/config/config.h"
#include "core/domain/case.h"
#include "core/domain/local_format.h"

namespace aftersales {

class CaseService;
class Database;

enum class StepState { done, current, upcoming };

struct StatusStep {
  std::string label;
  StepState state = StepState::upcoming;
};

struct StatusView {
  Language language = Language::en;
  std::string token;
  std::string store_name;
  std::string store_phone;
  std::vector<std::string> opening_hours;          // "Mon–Fri 9:00–19:00", in `language`
  Language opening_hours_language = Language::en;  // an older config's free text stays in its own language
  std::string open_now;                            // "Open now, until 19:00" ("" with free-text hours)
  std::string currency;                            // ISO 4217, e.g. "USD"
  std::string code;
  std::string kind;       // "Repair" / "Return", translated
  std::string kind_code;  // "repair" / "return", for machines
  std::string product;
  std::string serial_hint;  // "9X2F": the last four characters only
  std::string customer;     // "J***"
  std::string status;       // the status in plain words
  std::string status_code;  // "awaiting_approval", for machines
  std::string next_step;    // what the customer should do next
  bool stopped = false;     // cancelled, rejected or transferred: no progress line
  std::vector<StatusStep> steps;
  std::optional<std::string> promised_date;  // as people read it in `language`: "12 déc. 2026"
  std::optional<std::string> promised_on;    // the same day as ISO 8601, for machines (the API)
  // Waiting for an ordered part: "Part expected by 12 Mar 2026", in `language` (the latest day of the
  // parts still on their way), and that day as ISO 8601 for machines.
  std::optional<std::string> part_expected;
  std::optional<std::string> part_expected_on;
  std::optional<std::string> last_note;
  std::optional<std::string> last_note_date;
  bool awaiting_decision = false;
  std::string estimate_state = "none";    // none | pending | approved | declined
  std::optional<std::string> decided_at;  // when the estimate was answered: "2 Dec 2026, 16:05", in the store's time
  std::optional<std::string> decided_at_utc;  // the same instant as ISO 8601, for machines (the API)
  std::vector<EstimateLine> estimate;         // also kept after the answer
  std::string estimate_explanation;           // the staff's one line for the customer ("" for none)
  std::int64_t estimate_total_cents = 0;
  struct Charge {
    std::string label;  // translated
    std::int64_t cents = 0;
  };
  bool pickup = false;                                  // ready for pickup: what to pay and bring
  std::vector<Charge> due_at_pickup;                    // empty: nothing to pay; what was paid is a negative line
  std::int64_t paid_cents = 0;                          // deposits and payments, less refunds
  std::int64_t due_cents = 0;                           // what the repair charges, less what was paid
  std::int64_t credit_cents = 0;                        // paid beyond what it charges: the store gives it back
  std::int64_t diagnostic_fee_cents = 0;                // agreed at an out-of-warranty check-in; part of what is due
  std::optional<std::string> loaner_to_bring;           // the tag of a loaner still out with the customer
  std::optional<std::string> repair_warranty_until;     // completed repairs: the work's own warranty
  std::optional<std::string> repair_warranty_until_on;  // the same, ISO 8601
  bool feedback_open = false;                           // completed and not yet rated
  std::optional<int> feedback_rating;                   // what they gave
  // At a chain's headquarters: what the customer sent that the case's store has not confirmed yet,
  // in words (phone_answers.h); the page says so instead of asking again.
  std::optional<std::string> answer_received;
  // The case shown carries on one the customer's link named, transferred from another store: where
  // it is now, in words ("Your repair has moved to our store BCN01.").
  std::optional<std::string> moved;
};

std::string mask_name(std::string_view full_name);  // "Jane Doe" -> "J***"

// Not found (unknown, malformed, or closed longer than server.link_days_after_close) are all the
// same not_found error.
// The event whose note the status page shows as "Latest update" (null for none): the newest
// customer-visible note, never the opening one.
const CaseEvent* latest_customer_update(const std::vector<CaseEvent>& events);

Result<StatusView> build_status_view(CaseService& cases, std::string_view token, const Config& config,
                                     Language language);
// The language is the one the customer chose (chosen), else the one the case was opened in, else
// the fallback (the phone's Accept-Language).
Result<StatusView> build_status_view(CaseService& cases, std::string_view token, const Config& config,
                                     std::optional<Language> chosen, Language fallback);

// /track: what the customer typed besides the code proves the case is theirs: the last four digits
// of the phone on the case, the e-mail address on it, or the receipt number of the sale.
bool track_key_matches(Database& db, const Case& c, std::string_view typed);

}  // namespace aftersales
