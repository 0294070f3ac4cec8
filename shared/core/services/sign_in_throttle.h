#pragma once
// The back office's sign-in, throttled and recorded. Argon2id makes each guess cost a fraction of a
// second, which alone leaves a PIN's 10,000 values within an afternoon: wrong sign-ins are counted
// per user name (whoever types it, wherever) and per terminal (the computer signing in, whatever
// names it tries), and too many lock that name or that terminal for a while, longer each time. An
// unknown name is counted like a real one, so a lock says nothing about which names exist. Every
// attempt is an event a manager can read. Kept in the database (schema 16), so that restarting the
// back office or signing in from a second window gives a guesser nothing.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/lockout.h"

namespace aftersales {

class Database;

enum class SignInOutcome { signed_in, wrong, locked };
std::string_view to_string(SignInOutcome outcome);

struct SignInEvent {
  std::int64_t id = 0;
  Instant at;
  std::string username;  // empty when the name typed is no account's
  std::string terminal;
  SignInOutcome outcome = SignInOutcome::wrong;
};

// One sign-in: the name as typed (trimmed, lower case), whether it is an account's, and the terminal.
struct SignInAttempt {
  std::string username;
  bool known = false;
  std::string terminal;
};

class SignInThrottle {
 public:
  static constexpr LockoutRule kUserRule{5, std::chrono::seconds(30), std::chrono::minutes(15)};
  static constexpr LockoutRule kTerminalRule{10, std::chrono::minutes(1), std::chrono::minutes(30)};

  SignInThrottle(Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

  // Before the secret is checked: refused (ErrorKind::refused, saying how long to wait) while the name
  // or the terminal is locked, and recorded as a "locked" event. Otherwise the attempt is counted as
  // wrong already, so that stopping the program during the slow check does not give it back.
  Result<void> begin(const SignInAttempt& attempt);
  // After the check, recorded as an event. A right sign-in clears both counts. After a wrong one, the
  // message of the lock it started, if it did.
  Result<std::optional<std::string>> finish(const SignInAttempt& attempt, bool right);

  // The most recent events first, at most `limit` of them; only the failed ones if asked.
  Result<std::vector<SignInEvent>> recent(std::size_t limit, bool failed_only);

 private:
  std::optional<std::string> lock_message(const LockoutCount& user, const LockoutCount& terminal) const;

  Database& db_;
  Clock clock_;
};

}  // namespace aftersales
