#pragma once
// The staff PIN at the kiosk (a long press in the top-left corner opens the pad): checks a PIN
// against the configured Argon2id hash, counts the wrong ones and locks the pad after
// kAttemptsPerLock of them, each lock twice as long as the one before (30 s, 1 min, 2 min, 4 min,
// 8 min, then 15 min each), until the right PIN is entered. Plain logic on an injectable clock: the
// app draws the pad and asks this what to say; tests drive it without a window.
//
// The count and the lock belong to the kiosk, not to the pad: Cancel, reopening the pad and a
// restart of the kiosk all find them as they were. They are kept in the kiosk's own database (table
// kiosk_lockout, assets/migrations/0007_kiosk_lockout.sql) through the storage layer the kiosk
// already opens and migrates, rather than in a state file beside it, which would need its own
// atomic writes and locking. Without a database (the kiosk shows "not available, ask at the
// counter") the lockout is kept in memory, and written to the database once it opens again.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/calendar.h"
#include "core/domain/lockout.h"

namespace aftersales {
class Database;
}

namespace aftersales::kiosk {

class StaffUnlock {
 public:
  static constexpr int kAttemptsPerLock = 5;
  static constexpr std::chrono::seconds kFirstLock{30};
  static constexpr std::chrono::seconds kLongestLock{15 * 60};
  static constexpr LockoutRule kRule{kAttemptsPerLock, kFirstLock, kLongestLock};
  static constexpr std::size_t kMaxPinDigits = 8;  // what the pad takes (`aftersales kiosk-pin` makes 4-8)

  explicit StaffUnlock(std::string pin_hash, Clock clock = system_now);

  // Keeps the lockout in this database from now on (nullptr: in memory only). The database must
  // outlive this or be detached first. What it holds and what happened in memory meanwhile are
  // merged: the stricter of each wins.
  void attach(Database* db);

  enum class Outcome {
    opened,      // the right PIN: the count and the locks start again from nothing
    wrong,       // not the PIN (counted)
    locked,      // too many wrong ones: nothing was checked, or this one started the lock
    refused,     // not a PIN at all (empty, not digits, too long): not checked, not counted
    not_set_up,  // no staff_pin_hash in the config
  };
  struct Answer {
    Outcome outcome;
    std::string message;  // for the pad (staff only, English); empty when opened
  };
  // One press of OK on the pad.
  Answer try_pin(std::string_view pin);

  bool set_up() const { return !pin_hash_.empty(); }
  // Time left on the lock (whole seconds, rounded up), or nullopt when a PIN may be tried.
  std::optional<std::chrono::seconds> locked_for();
  // "Too many wrong PINs. Try again in 30 s." while locked; empty otherwise.
  std::string lock_message();
  // The length of the n-th lock since the last right PIN (n >= 1).
  static std::chrono::seconds lock_length(int lock_number) { return kRule.lock_length(lock_number); }

  int failures() { return current().failures; }
  int locks() { return current().locks; }

 private:
  using State = LockoutCount;
  static State read_stored(Database& db);  // the row in kiosk_lockout (none: nothing counted yet)
  static void write_stored(Database& db, const State& s);
  State current();  // as stored (the memory copy when the database cannot be read)
  // Reads, changes and stores the state in one write transaction; in memory if the database fails.
  State update(const std::function<void(State&)>& change);
  std::optional<std::chrono::seconds> left(const State& s) const { return s.left(kRule, clock_()); }

  std::string pin_hash_;
  Clock clock_;
  Database* db_ = nullptr;
  State memory_;
  bool unsaved_ = false;  // memory_ holds something the database has not taken yet
};

}  // namespace aftersales::kiosk
