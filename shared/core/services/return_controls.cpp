#include "core/services/return_controls.h"

#include <fmt/format.h>

#include "core/base/text.h"
#include "core/services/staff.h"
#include "core/storage/database.h"
#include "core/storage/return_controls_store.h"

namespace aftersales {
namespace {

// The serial read off the item: the one typed for it, else a serial that chose the line.
std::string brought_serial(const SoldLine& line, const ReturnDraft& draft) {
  if (!trim(draft.brought_serial).empty()) return normalize_serial(draft.brought_serial);
  std::string chosen = normalize_serial(draft.sku_or_serial);
  return line.serial && chosen == *line.serial ? chosen : std::string();
}

}  // namespace

Result<std::vector<ReturnHold>> holds_for_return(Database& db, const Config& config, const SoldLine& line,
                                                 const ReturnDraft& draft, Instant now) {
  std::vector<ReturnHold> holds;
  if (line.serial) {
    std::string brought = brought_serial(line, draft);
    if (brought.empty())
      return fail(ErrorKind::invalid_input, "Please scan or type the serial number of the item you are returning.",
                  "serial");
    if (!serial_matches(*line.serial, brought)) holds.push_back({ReturnHoldKind::serial_mismatch, brought, now});
  }
  std::string phone = phone_key(draft.customer.phone, config.store.country);
  std::string email = email_key(draft.customer.email);
  if (phone.empty() && email.empty()) {
    if (return_needs_contact(db, config, now)) return fail(ErrorKind::invalid_input, kReturnNeedsContact, "phone");
    return holds;
  }
  const ReturnLimit& limit = config.returns.per_customer;
  if (limit.limited()) {
    int before =
        count_returns_by_contact(db, phone, email, now - std::chrono::days{limit.period_days}, config.store.country);
    if (over_return_limit(before, limit.max_per_customer))
      holds.push_back({ReturnHoldKind::over_limit, std::to_string(before + 1), now});
  }
  if (contact_blocked(db, phone, email, now)) holds.push_back({ReturnHoldKind::blocklisted, "", now});
  return holds;
}

bool return_needs_contact(Database& db, const Config& config, Instant now) {
  return config.returns.per_customer.limited() || blocklist_in_force(db, now);
}

Result<BlocklistEntry> BlocklistService::add(const BlocklistDraft& draft) {
  Instant now = clock_();
  auto entry = checked_blocklist_entry(draft, now, phone_country_);
  if (!entry) return entry;
  return storage_guard<BlocklistEntry>([&]() -> Result<BlocklistEntry> {
    WriteTransaction tx(db_);
    auto manager = check_manager(db_, entry->added_by, "change the returns blocklist");
    if (!manager) return std::unexpected(manager.error());
    BlocklistEntry kept = *entry;
    kept.added_by = *manager;
    if (contact_blocked(db_, kept.phone, kept.email, now))
      return fail(ErrorKind::conflict,
                  "This contact is already on the blocklist. `aftersales blocklist list` shows it; remove it first "
                  "to change it.",
                  kept.phone.empty() ? "email" : "phone");
    kept.id = insert_blocklist_entry(db_, kept);
    tx.commit();
    return kept;
  });
}

Result<std::vector<BlocklistEntry>> BlocklistService::list() {
  return storage_guard<std::vector<BlocklistEntry>>(
      [&]() -> Result<std::vector<BlocklistEntry>> { return list_blocklist(db_); });
}

Result<BlocklistEntry> BlocklistService::remove(std::int64_t id, std::string_view by) {
  return storage_guard<BlocklistEntry>([&]() -> Result<BlocklistEntry> {
    WriteTransaction tx(db_);
    auto manager = check_manager(db_, by, "change the returns blocklist");
    if (!manager) return std::unexpected(manager.error());
    auto entry = find_blocklist_entry(db_, id);
    if (!entry || entry->removed_at)
      return fail(ErrorKind::not_found,
                  fmt::format("There is no blocklist entry {}. `aftersales blocklist list` shows them.", id), "id");
    Instant now = clock_();
    mark_blocklist_entry_removed(db_, id, *manager, now);
    tx.commit();
    entry->removed_by = *manager;
    entry->removed_at = now;
    return *entry;
  });
}

}  // namespace aftersales
