#pragma once
// Storage of the return controls (schema 27): the store's blocklist and the holds of returns that
// wait for a manager. Plain functions over a Database; they throw StorageError and services guard
// them. On PostgreSQL the kiosk's role may not read the blocklist: contact_blocked asks the
// database's own function, which answers only yes or no.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/domain/return_controls.h"

namespace aftersales {

class Database;

std::int64_t insert_blocklist_entry(Database& db, const BlocklistEntry& entry);
std::vector<BlocklistEntry> list_blocklist(Database& db);  // entries not removed, newest first
std::optional<BlocklistEntry> find_blocklist_entry(Database& db, std::int64_t id);
void mark_blocklist_entry_removed(Database& db, std::int64_t id, std::string_view by, Instant at);
// Keys as return_controls.h makes them; an empty key matches nothing.
bool contact_blocked(Database& db, std::string_view phone_key_text, std::string_view email_key_text, Instant at);
// Whether any entry is in force at `at` (on PostgreSQL, asked of the database's own function too).
bool blocklist_in_force(Database& db, Instant at);

// The returns opened since `since` whose contact has one of these keys (their phones read as in
// `phone_country`, as the key was made).
int count_returns_by_contact(Database& db, std::string_view phone_key_text, std::string_view email_key_text,
                             Instant since, std::string_view phone_country);

void insert_return_hold(Database& db, std::int64_t case_id, const ReturnHold& hold);
std::vector<ReturnHold> load_return_holds(Database& db, std::int64_t case_id);
// handover_for over a return's holds; on PostgreSQL asked of the database's own function, as the
// kiosk's role may not read the holds.
ReturnHandover load_return_handover(Database& db, std::int64_t case_id);

}  // namespace aftersales
