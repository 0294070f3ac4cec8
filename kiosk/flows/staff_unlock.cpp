#include "staff_unlock.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/base/password_hash.h"
#include "core/storage/database.h"

namespace aftersales::kiosk {
namespace {

bool well_formed(std::string_view pin) {
  return !pin.empty() && pin.size() <= StaffUnlock::kMaxPinDigits &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

StaffUnlock::StaffUnlock(std::string pin_hash, Clock clock)
    : pin_hash_(std::move(pin_hash)), clock_(std::move(clock)) {}

void StaffUnlock::attach(Database* db) {
  db_ = db;
  if (!db_) return;
  unsaved_ = unsaved_ || memory_.failures > 0 || memory_.locks > 0 || memory_.locked_until;
  update([](State&) {});
}

StaffUnlock::State StaffUnlock::current() {
  if (db_) {
    try {
      State stored = read_stored(*db_);
      if (!unsaved_) memory_ = stored;
      return unsaved_ ? stricter(stored, memory_) : stored;
    } catch (const StorageError&) {
      // Unreadable now (busy, gone): the copy in memory answers.
    }
  }
  return memory_;
}

StaffUnlock::State StaffUnlock::update(const std::function<void(State&)>& change) {
  if (db_) {
    try {
      WriteTransaction tx(*db_);
      State s = read_stored(*db_);
      if (unsaved_) s = stricter(s, memory_);
      change(s);
      write_stored(*db_, s);
      tx.commit();
      memory_ = s;
      unsaved_ = false;
      return s;
    } catch (const StorageError&) {
      // The lockout carries on in memory and goes to the database when it answers again.
    }
  }
  change(memory_);
  unsaved_ = true;
  return memory_;
}

std::optional<std::chrono::seconds> StaffUnlock::locked_for() {
  return left(current());
}

std::string StaffUnlock::lock_message() {
  auto wait = locked_for();
  if (!wait) return {};
  return fmt::format("Too many wrong PINs. Try again in {}.", lock_wait_in_words(*wait));
}

StaffUnlock::Answer StaffUnlock::try_pin(std::string_view pin) {
  if (!set_up()) return {Outcome::not_set_up, "No staff PIN is set up."};
  if (locked_for()) return {Outcome::locked, lock_message()};
  if (pin.empty()) return {Outcome::refused, "Enter the PIN."};
  if (!well_formed(pin)) return {Outcome::refused, fmt::format("A PIN is up to {} digits.", kMaxPinDigits)};
  // The attempt is counted before the (slow) check, so a kiosk stopped during it has still spent it.
  bool was_locked = false;
  update([&](State& s) {
    if (left(s)) {  // another kiosk on this database locked it meanwhile
      was_locked = true;
      return;
    }
    s.count_failure(kRule, clock_());
  });
  if (was_locked) return {Outcome::locked, lock_message()};
  if (verify_secret(pin_hash_, pin)) {
    update([](State& s) { s = State{}; });
    return {Outcome::opened, {}};
  }
  if (locked_for()) return {Outcome::locked, lock_message()};
  return {Outcome::wrong, "That PIN is not right."};
}

StaffUnlock::State StaffUnlock::read_stored(Database& db) {
  Statement row = db.prepare("SELECT failures, locks, locked_until FROM kiosk_lockout WHERE id = 1");
  if (!row.step()) return {};
  return stored_lockout(row.get_int(0), row.get_int(1), row.get_optional_text(2));
}

void StaffUnlock::write_stored(Database& db, const State& s) {
  std::optional<std::string> until;
  if (s.locked_until) until = format_instant(*s.locked_until);
  db.prepare(
        "INSERT INTO kiosk_lockout (id, failures, locks, locked_until) VALUES (1, ?1, ?2, ?3) "
        "ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locks = excluded.locks, "
        "locked_until = excluded.locked_until")
      .bind_all(s.failures, s.locks, until)
      .run();
}

}  // namespace aftersales::kiosk
