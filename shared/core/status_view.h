#pragma once
// What a customer may see of their case, in their language: the phone's status page, its JSON API
// and the kiosk's "Track my case" all show this. Personal data only as much as needed to recognise
// the case: a masked first name, never phone, e-mail or the full serial.
#include <optional>
#include <string>
#include <vector>

#include "core/case.h"
#include "core/config.h"
#include "core/translation.h"

namespace aftersales {

class CaseService;

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
  std::vector<std::string> opening_hours;
  std::string code;
  std::string kind;            // "Repair" / "Return", translated
  std::string product;
  std::string serial_hint;     // "…9X2F": the last four characters only
  std::string customer;        // "J***"
  std::string status;          // the status in plain words
  std::string next_step;       // what the customer should do next
  bool stopped = false;        // cancelled or rejected: no progress line
  std::vector<StatusStep> steps;
  std::optional<std::string> promised_date;
  std::optional<std::string> last_note;
  std::optional<std::string> last_note_date;
  bool awaiting_decision = false;
  std::vector<EstimateLine> estimate;
  std::int64_t estimate_total_cents = 0;
  bool feedback_open = false;            // completed and not yet rated
  std::optional<int> feedback_rating;    // what they gave
};

std::string mask_name(std::string_view full_name);  // "Jane Doe" -> "J***"

// Not found (unknown, malformed, or closed longer than server.link_days_after_close) are all the
// same not_found error.
Result<StatusView> build_status_view(CaseService& cases, std::string_view token, const Config& config,
                                     Language language);

}  // namespace aftersales
