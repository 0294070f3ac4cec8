#pragma once
// A unit's history by its serial: every case for it, and for the units it was swapped with under
// warranty (the one it replaced, the one that replaced it), oldest first. What a technician checks
// before the bench ("third time this battery?") and what a manager reads when a product keeps
// coming back.
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case.h"

namespace aftersales {

class Database;

struct SerialSwap {
  std::string old_serial;
  std::string new_serial;
  std::string case_code;  // the repair that swapped it ("" when that case is not in this database)
  Instant at;
};

struct DeviceHistory {
  std::vector<std::string> serials;  // the unit first sold, then each that replaced it, in order
  std::vector<SerialSwap> swaps;     // oldest first
  std::vector<Case> cases;           // every case for any of those serials, oldest first
};

inline constexpr std::size_t kMaxSwapsFollowed = 32;  // a loop of swaps (bad data) never hangs

// `serial` as typed or scanned (normalised like every serial). Unknown serials give an empty
// history, not an error.
Result<DeviceHistory> device_history(Database& db, std::string_view serial);

}  // namespace aftersales
