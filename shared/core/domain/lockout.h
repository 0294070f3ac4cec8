#pragma once
// Counting wrong guesses and locking after too many: after `failures_per_lock` wrong ones in a row
// the thing guessed at is locked, for `first_lock` the first time and twice as long each time after,
// up to `longest_lock`, until a right answer starts the count again. Plain arithmetic on instants:
// the kiosk's staff PIN and the back office's sign-in keep the count in their database.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/base/calendar.h"

namespace aftersales {

struct LockoutRule {
  int failures_per_lock = 5;
  std::chrono::seconds first_lock{30};
  std::chrono::seconds longest_lock{15 * 60};

  // The length of the n-th lock since the last right answer (n >= 1).
  std::chrono::seconds lock_length(int lock_number) const;
};

struct LockoutCount {
  int failures = 0;  // wrong answers since the last lock or the last right answer
  int locks = 0;     // locks since the last right answer
  std::optional<Instant> locked_until;

  // Time left on the lock (whole seconds, rounded up), or nullopt when an answer may be tried. A
  // wall clock set back never makes a lock longer than it was meant to be.
  std::optional<std::chrono::seconds> left(const LockoutRule& rule, Instant now) const;
  // One more wrong answer; true when it started a lock.
  bool count_failure(const LockoutRule& rule, Instant now);
};

// A count as a database row keeps it: numbers out of range are clamped, an unreadable instant is no lock.
LockoutCount stored_lockout(std::int64_t failures, std::int64_t locks, const std::optional<std::string>& locked_until);

// The larger of each part: what two copies of one count (memory and database) agree to keep.
LockoutCount stricter(const LockoutCount& a, const LockoutCount& b);

// "30 s", "2 min", "1 min 30 s": how long a lock has left, for staff messages (English).
std::string lock_wait_in_words(std::chrono::seconds left);

}  // namespace aftersales
