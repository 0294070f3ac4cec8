#pragma once
// Controls against return fraud: the serial brought back must be the one sold, a customer has a
// limit of returns per period, and the store keeps a blocklist of contacts. A return caught by one
// of them is still opened, but waits for a manager (a hold); the kiosk tells the shopper only what
// they may know (ReturnHandover): the serial they typed does not match, or, for anything else, the
// same neutral "please see the counter".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/phone_number.h"

namespace aftersales {

enum class ReturnHoldKind { serial_mismatch, over_limit, blocklisted };
std::string_view to_string(ReturnHoldKind kind);
std::optional<ReturnHoldKind> parse_return_hold_kind(std::string_view text);

// Why one return waits for a manager. detail: the serial typed (serial_mismatch), the number of
// this return in the period (over_limit); none for blocklisted (the kiosk that opens the return
// learns only that the contact is blocked, never which entry).
struct ReturnHold {
  ReturnHoldKind kind = ReturnHoldKind::serial_mismatch;
  std::string detail;
  Instant at;
};

// For staff only: "Held for a manager: the serial brought back (SN-2) is not the one sold (SN-1)".
std::string hold_words(const ReturnHold& hold, std::string_view sold_serial);

// What the kiosk may tell the shopper about a return it opened.
enum class ReturnHandover { none, serial_mismatch, see_counter };
ReturnHandover handover_for(const std::vector<ReturnHold>& holds);

// Contacts are matched on a key: a phone's (phone_key, core/domain/phone_number.h: the same number
// typed with or without its country code is one key), an e-mail trimmed in lower case; empty for none
// given.
std::string email_key(std::string_view email);

// A customer past `max` returns in the period: the one being opened is the (count + 1)th.
bool over_return_limit(int returns_in_period, int max_per_customer);

// The serial of the item brought back against the one sold (both compared normalised).
bool serial_matches(std::string_view sold_serial, std::string_view brought_serial);

struct BlocklistDraft {
  std::string phone;
  std::string email;
  std::string reason;
  std::optional<int> days;  // how long the entry holds; none: until removed
  std::string by;
};

struct BlocklistEntry {
  std::int64_t id = 0;
  std::string phone;  // digits, or empty
  std::string email;  // key, or empty
  std::string reason;
  std::string added_by;
  Instant added_at;
  std::optional<Instant> expires_at;
  std::string removed_by;
  std::optional<Instant> removed_at;

  bool in_force(Instant now) const { return !removed_at && (!expires_at || *expires_at > now); }
};

// The entry as kept (keys, the phone read as in `phone_country`; trimmed reason; expiry from `now`), or
// what to fix.
Result<BlocklistEntry> checked_blocklist_entry(const BlocklistDraft& draft, Instant now,
                                               std::string_view phone_country);

}  // namespace aftersales
