#include "core/domain/case.h"

#include <utility>

namespace aftersales {
namespace {

constexpr std::pair<EventKind, std::string_view> kEventKinds[] = {
    {EventKind::opened, "opened"},
    {EventKind::status, "status"},
    {EventKind::note, "note"},
    {EventKind::received, "received"},
    {EventKind::assigned, "assigned"},
    {EventKind::diagnosis, "diagnosis"},
    {EventKind::inspected, "inspected"},
    {EventKind::estimate, "estimate"},
    {EventKind::estimate_approved, "estimate_approved"},
    {EventKind::estimate_declined, "estimate_declined"},
    {EventKind::return_approved, "return_approved"},
    {EventKind::return_rejected, "return_rejected"},
    {EventKind::replacement, "replacement"},
    {EventKind::part_used, "part_used"},
    {EventKind::part_put_back, "part_put_back"},
    {EventKind::part_ordered, "part_ordered"},
    {EventKind::part_arrived, "part_arrived"},
    {EventKind::reminder_sent, "reminder_sent"},
    {EventKind::marked_abandoned, "marked_abandoned"},
    {EventKind::loaner_requested, "loaner_requested"},
    {EventKind::loaner_lent, "loaner_lent"},
    {EventKind::loaner_returned, "loaner_returned"},
    {EventKind::loaner_waived, "loaner_waived"},
    {EventKind::part_order_cancelled, "part_order_cancelled"},
};

}  // namespace

Language customer_language(const Case& c, std::string_view default_language) {
  if (auto lang = parse_language(c.customer_language)) return *lang;
  return parse_language(default_language).value_or(Language::en);
}

std::string_view to_string(EventKind kind) {
  for (const auto& [k, name] : kEventKinds)
    if (k == kind) return name;
  return "note";
}

std::optional<EventKind> parse_event_kind(std::string_view text) {
  for (const auto& [k, name] : kEventKinds)
    if (name == text) return k;
  return std::nullopt;
}

std::int64_t estimate_total(const std::vector<EstimateLine>& lines) {
  std::int64_t total = 0;
  for (const auto& line : lines) total += line.total_cents();
  return total;
}

// While the clock is paused (waiting for parts or the customer) the promise moves with the wait.
Instant Case::promised_at(Instant now) const {
  if (paused_since && now > *paused_since) return due_at + (now - *paused_since);
  return due_at;
}

bool Case::overdue(Instant now) const {
  return is_open() && !paused_since && now > due_at;
}

}  // namespace aftersales
