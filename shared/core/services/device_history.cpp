#include "core/services/device_history.h"

#include <algorithm>

#include "core/base/text.h"
#include "core/storage/case_store.h"
#include "core/storage/catalog.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

SerialSwap read_swap(const Statement& row) {
  return {row.text("old_serial"), row.text("new_serial"), row.text("case_code"),
          parse_instant(row.text("replaced_at")).value_or(Instant{})};
}

// The swaps that touch `serial`, either way.
std::vector<SerialSwap> swaps_of(Database& db, const std::string& serial) {
  Statement stmt = db.prepare(
      "SELECT r.old_serial, r.new_serial, r.replaced_at, coalesce(c.code, '') AS case_code FROM serial_replacements r "
      "LEFT JOIN cases c ON c.id = r.case_id WHERE r.old_serial = ?1 OR r.new_serial = ?1");
  stmt.bind(1, serial);
  std::vector<SerialSwap> swaps;
  while (stmt.step()) swaps.push_back(read_swap(stmt));
  return swaps;
}

// From the unit first sold along its swaps, by when they happened.
std::vector<std::string> in_order(const std::string& start, const std::vector<SerialSwap>& swaps) {
  std::string first = start;
  for (std::size_t hop = 0; hop < kMaxSwapsFollowed; ++hop) {
    auto back = std::ranges::find(swaps, first, &SerialSwap::new_serial);
    if (back == swaps.end()) break;
    first = back->old_serial;
  }
  std::vector<std::string> serials{first};
  for (const SerialSwap& swap : swaps)  // oldest first
    if (std::ranges::find(serials, swap.new_serial) == serials.end()) serials.push_back(swap.new_serial);
  for (const SerialSwap& swap : swaps)  // a unit swapped off a side branch (bad data) still shows
    if (std::ranges::find(serials, swap.old_serial) == serials.end()) serials.push_back(swap.old_serial);
  return serials;
}

}  // namespace

Result<DeviceHistory> device_history(Database& db, std::string_view serial) {
  std::string start = normalize_serial(serial);  // as sold and as scanned: " sn-1 " is SN-1
  return storage_guard<DeviceHistory>([&]() -> Result<DeviceHistory> {
    ReadTransaction tx(db);
    DeviceHistory history;
    if (start.empty()) return history;
    std::vector<std::string> seen{start}, waiting{start};
    while (!waiting.empty() && history.swaps.size() < kMaxSwapsFollowed) {
      std::string next = waiting.back();
      waiting.pop_back();
      for (SerialSwap& swap : swaps_of(db, next)) {
        bool known = std::ranges::any_of(history.swaps, [&](const SerialSwap& s) {
          return s.old_serial == swap.old_serial && s.new_serial == swap.new_serial;
        });
        if (known) continue;
        for (const std::string* other : {&swap.old_serial, &swap.new_serial})
          if (std::ranges::find(seen, *other) == seen.end()) {
            seen.push_back(*other);
            waiting.push_back(*other);
          }
        history.swaps.push_back(std::move(swap));
      }
    }
    std::ranges::sort(history.swaps, {}, &SerialSwap::at);
    history.serials = in_order(start, history.swaps);
    for (const std::string& s : history.serials)
      for (Case& c : load_cases_by_serial(db, s)) history.cases.push_back(std::move(c));
    std::ranges::stable_sort(history.cases, {}, &Case::created_at);
    if (history.cases.empty() && history.swaps.empty()) history.serials.clear();
    return history;
  });
}

}  // namespace aftersales
