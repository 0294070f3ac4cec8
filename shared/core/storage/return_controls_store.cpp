#include "core/storage/return_controls_store.h"

#include <string>

#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr const char* kSelectEntry =
    "SELECT id, phone, email, reason, added_by, added_at, expires_at, removed_by, removed_at FROM return_blocklist";

BlocklistEntry read_entry(const Statement& s) {
  BlocklistEntry e{.id = s.get_int(0),
                   .phone = s.get_text(1),
                   .email = s.get_text(2),
                   .reason = s.get_text(3),
                   .added_by = s.get_text(4),
                   .added_at = parse_instant(s.get_text(5)).value_or(Instant{})};
  if (auto until = s.get_optional_text(6)) e.expires_at = parse_instant(*until);
  e.removed_by = s.get_optional_text(7).value_or("");
  if (auto removed = s.get_optional_text(8)) e.removed_at = parse_instant(*removed);
  return e;
}

}  // namespace

std::int64_t insert_blocklist_entry(Database& db, const BlocklistEntry& entry) {
  std::string added = format_instant(entry.added_at);
  std::optional<std::string> until;
  if (entry.expires_at) until = format_instant(*entry.expires_at);
  return db
      .prepare(
          "INSERT INTO return_blocklist (phone, email, reason, added_by, added_at, expires_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id")
      .bind_all(entry.phone, entry.email, entry.reason, entry.added_by, added, until)
      .insert_returning_id();
}

std::vector<BlocklistEntry> list_blocklist(Database& db) {
  Statement s = db.prepare(std::string(kSelectEntry) + " WHERE removed_at IS NULL ORDER BY added_at DESC, id DESC");
  std::vector<BlocklistEntry> entries;
  while (s.step()) entries.push_back(read_entry(s));
  return entries;
}

std::optional<BlocklistEntry> find_blocklist_entry(Database& db, std::int64_t id) {
  Statement s = db.prepare(std::string(kSelectEntry) + " WHERE id = ?1");
  s.bind_all(id);
  if (!s.step()) return std::nullopt;
  return read_entry(s);
}

void mark_blocklist_entry_removed(Database& db, std::int64_t id, std::string_view by, Instant at) {
  std::string when = format_instant(at);
  db.prepare("UPDATE return_blocklist SET removed_by = ?1, removed_at = ?2 WHERE id = ?3").bind_all(by, when, id).run();
}

bool contact_blocked(Database& db, std::string_view phone_key_text, std::string_view email_key_text, Instant at) {
  if (phone_key_text.empty() && email_key_text.empty()) return false;
  std::string when = format_instant(at);
  Statement s = db.prepare(
      db.backend() == Backend::postgresql
          ? "SELECT 1 WHERE aftersales_return_contact_blocked(?1, ?2, ?3)"
          : "SELECT 1 FROM return_blocklist WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > ?3) "
            "AND ((?1 <> '' AND phone = ?1) OR (?2 <> '' AND email = ?2)) LIMIT 1");
  s.bind_all(phone_key_text, email_key_text, when);
  return s.step();
}

bool blocklist_in_force(Database& db, Instant at) {
  std::string when = format_instant(at);
  Statement s =
      db.prepare(db.backend() == Backend::postgresql ? "SELECT 1 WHERE aftersales_return_blocklist_in_force(?1)"
                                                     : "SELECT 1 FROM return_blocklist WHERE removed_at IS NULL "
                                                       "AND (expires_at IS NULL OR expires_at > ?1) LIMIT 1");
  s.bind_all(when);
  return s.step();
}

int count_returns_by_contact(Database& db, std::string_view phone_key_text, std::string_view email_key_text,
                             Instant since, std::string_view phone_country) {
  if (phone_key_text.empty() && email_key_text.empty()) return 0;
  // Contacts are kept as typed; their keys are made here (a store opens a few returns a day).
  std::string from = format_instant(since);
  Statement s =
      db.prepare("SELECT customer_phone, customer_email FROM cases WHERE kind = 'return' AND created_at >= ?1");
  s.bind_all(from);
  int count = 0;
  while (s.step()) {
    bool same_phone = !phone_key_text.empty() && phone_key(s.get_text(0), phone_country) == phone_key_text;
    bool same_email = !email_key_text.empty() && email_key(s.get_text(1)) == email_key_text;
    if (same_phone || same_email) ++count;
  }
  return count;
}

void insert_return_hold(Database& db, std::int64_t case_id, const ReturnHold& hold) {
  std::string when = format_instant(hold.at);
  db.prepare("INSERT INTO return_holds (case_id, kind, detail, at) VALUES (?1, ?2, ?3, ?4)")
      .bind_all(case_id, to_string(hold.kind), hold.detail, when)
      .run();
}

std::vector<ReturnHold> load_return_holds(Database& db, std::int64_t case_id) {
  Statement s = db.prepare("SELECT kind, detail, at FROM return_holds WHERE case_id = ?1 ORDER BY id");
  s.bind_all(case_id);
  std::vector<ReturnHold> holds;
  while (s.step()) {
    auto kind = parse_return_hold_kind(s.get_text(0));
    if (!kind) continue;
    holds.push_back({*kind, s.get_text(1), parse_instant(s.get_text(2)).value_or(Instant{})});
  }
  return holds;
}

ReturnHandover load_return_handover(Database& db, std::int64_t case_id) {
  if (db.backend() != Backend::postgresql) return handover_for(load_return_holds(db, case_id));
  Statement s = db.prepare("SELECT aftersales_return_handover(?1)");
  s.bind_all(case_id);
  std::string answer = s.step() ? s.get_text(0) : std::string();
  if (answer == "serial_mismatch") return ReturnHandover::serial_mismatch;
  return answer == "see_counter" ? ReturnHandover::see_counter : ReturnHandover::none;
}

}  // namespace aftersales
