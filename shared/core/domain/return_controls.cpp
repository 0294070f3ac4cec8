#include "core/domain/return_controls.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/base/text.h"
#include "core/domain/case_drafts.h"

namespace aftersales {
namespace {

constexpr std::array<std::pair<ReturnHoldKind, std::string_view>, 3> kHoldKinds{{
    {ReturnHoldKind::serial_mismatch, "serial_mismatch"},
    {ReturnHoldKind::over_limit, "over_limit"},
    {ReturnHoldKind::blocklisted, "blocklisted"},
}};

constexpr std::size_t kMaxBlocklistReason = 500;
constexpr int kMaxBlocklistDays = 3650;

std::string serial_key(std::string_view serial) {
  return to_upper_ascii(trim(serial));
}

}  // namespace

std::string_view to_string(ReturnHoldKind kind) {
  for (const auto& [k, name] : kHoldKinds)
    if (k == kind) return name;
  return "serial_mismatch";
}

std::optional<ReturnHoldKind> parse_return_hold_kind(std::string_view text) {
  for (const auto& [k, name] : kHoldKinds)
    if (name == text) return k;
  return std::nullopt;
}

std::string hold_words(const ReturnHold& hold, std::string_view sold_serial) {
  switch (hold.kind) {
    case ReturnHoldKind::serial_mismatch:
      return fmt::format("Held for a manager: the serial brought back ({}) is not the one sold ({})", hold.detail,
                         sold_serial);
    case ReturnHoldKind::over_limit:
      return fmt::format("Held for a manager: the customer's return number {} in the store's period", hold.detail);
    case ReturnHoldKind::blocklisted:
      return "Held for a manager: the customer's contact is on the blocklist (`aftersales blocklist list`)";
  }
  return "Held for a manager";
}

ReturnHandover handover_for(const std::vector<ReturnHold>& holds) {
  if (holds.empty()) return ReturnHandover::none;
  // The serial is the one thing the shopper typed and may be told about; anything else is neutral.
  bool only_serial =
      std::ranges::all_of(holds, [](const auto& h) { return h.kind == ReturnHoldKind::serial_mismatch; });
  return only_serial ? ReturnHandover::serial_mismatch : ReturnHandover::see_counter;
}

std::string email_key(std::string_view email) {
  return to_lower_ascii(trim(email));
}

bool over_return_limit(int returns_in_period, int max_per_customer) {
  return max_per_customer > 0 && returns_in_period >= max_per_customer;
}

bool serial_matches(std::string_view sold_serial, std::string_view brought_serial) {
  return serial_key(sold_serial) == serial_key(brought_serial);
}

Result<BlocklistEntry> checked_blocklist_entry(const BlocklistDraft& draft, Instant now,
                                               std::string_view phone_country) {
  if (trim(draft.phone).empty() == trim(draft.email).empty())
    return fail(ErrorKind::invalid_input, "Give either a phone number or an e-mail address (one per entry).", "phone");
  CustomerContact contact{.phone = draft.phone, .email = draft.email};
  if (auto errors = validate_contact(contact, false); !errors.empty()) return std::unexpected(errors.front());
  BlocklistEntry entry;
  entry.phone = phone_key(draft.phone, phone_country);
  entry.email = email_key(draft.email);
  entry.reason = trim(draft.reason);
  if (entry.reason.empty())
    return fail(ErrorKind::invalid_input, "Write why this contact is on the blocklist (staff read it).", "reason");
  if (entry.reason.size() > kMaxBlocklistReason)
    return fail(ErrorKind::invalid_input, fmt::format("The reason is limited to {} characters.", kMaxBlocklistReason),
                "reason");
  entry.added_by = trim(draft.by);
  if (entry.added_by.empty()) return fail(ErrorKind::invalid_input, "Say who adds the entry (--by NAME).", "by");
  if (draft.days && (*draft.days < 1 || *draft.days > kMaxBlocklistDays))
    return fail(
        ErrorKind::invalid_input,
        fmt::format("The days must be from 1 to {} (leave them out for an entry until removed).", kMaxBlocklistDays),
        "days");
  entry.added_at = now;
  if (draft.days) entry.expires_at = now + std::chrono::days{*draft.days};
  return entry;
}

}  // namespace aftersales
