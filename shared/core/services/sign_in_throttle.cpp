#include "core/services/sign_in_throttle.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/base/password_hash.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

// The name typed is counted under a keyed digest, never as typed: it may be a password typed in
// the wrong field. The key is the database's own (schema 16 made it), so a digest of a PIN cannot be
// looked up in a table made elsewhere.
std::string user_subject(Database& db, const SignInAttempt& attempt) {
  Statement key = db.prepare("SELECT value FROM settings WHERE key = 'sign_in.key'");
  std::string secret = key.step() ? key.get_text(0) : std::string();
  return "user:" + keyed_fingerprint(attempt.username, secret);
}
std::string terminal_subject(const SignInAttempt& attempt) {
  return "terminal:" + attempt.terminal;
}

LockoutCount read_count(Database& db, const std::string& subject) {
  Statement row = db.prepare("SELECT failures, locks, locked_until FROM sign_in_lockouts WHERE subject = ?1");
  row.bind_all(subject);
  if (!row.step()) return {};
  return stored_lockout(row.get_int(0), row.get_int(1), row.get_optional_text(2));
}

void write_count(Database& db, const std::string& subject, const LockoutCount& count) {
  std::optional<std::string> until;
  if (count.locked_until) until = format_instant(*count.locked_until);
  db.prepare(
        "INSERT INTO sign_in_lockouts (subject, failures, locks, locked_until) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, locks = excluded.locks, "
        "locked_until = excluded.locked_until")
      .bind_all(subject, count.failures, count.locks, until)
      .run();
}

void clear_count(Database& db, const std::string& subject) {
  db.prepare("DELETE FROM sign_in_lockouts WHERE subject = ?1").bind_all(subject).run();
}

void record(Database& db, Instant at, const SignInAttempt& attempt, SignInOutcome outcome) {
  std::string when = format_instant(at);
  std::string username = attempt.known ? attempt.username : std::string();
  std::string_view what = to_string(outcome);
  db.prepare("INSERT INTO sign_in_events (at, username, terminal, outcome) VALUES (?1, ?2, ?3, ?4)")
      .bind_all(when, username, attempt.terminal, what)
      .run();
}

std::optional<SignInOutcome> parse_outcome(std::string_view text) {
  for (auto outcome : {SignInOutcome::signed_in, SignInOutcome::wrong, SignInOutcome::locked})
    if (to_string(outcome) == text) return outcome;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(SignInOutcome outcome) {
  switch (outcome) {
    case SignInOutcome::signed_in: return "signed_in";
    case SignInOutcome::wrong: return "wrong";
    case SignInOutcome::locked: return "locked";
  }
  return "wrong";
}

std::optional<std::string> SignInThrottle::lock_message(const LockoutCount& user, const LockoutCount& terminal) const {
  Instant now = clock_();
  if (auto left = terminal.left(kTerminalRule, now))
    return fmt::format("Too many wrong sign-ins on this computer. Try again in {}.", lock_wait_in_words(*left));
  if (auto left = user.left(kUserRule, now))
    return fmt::format("Too many wrong sign-ins for this user name. Try again in {}.", lock_wait_in_words(*left));
  return std::nullopt;
}

Result<void> SignInThrottle::begin(const SignInAttempt& attempt) {
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    std::string user_key = user_subject(db_, attempt), terminal_key = terminal_subject(attempt);
    LockoutCount user = read_count(db_, user_key);
    LockoutCount terminal = read_count(db_, terminal_key);
    if (auto locked = lock_message(user, terminal)) {
      record(db_, clock_(), attempt, SignInOutcome::locked);
      tx.commit();
      return fail(ErrorKind::refused, *locked, "password");
    }
    user.count_failure(kUserRule, clock_());
    terminal.count_failure(kTerminalRule, clock_());
    write_count(db_, user_key, user);
    write_count(db_, terminal_key, terminal);
    tx.commit();
    return {};
  });
}

Result<std::optional<std::string>> SignInThrottle::finish(const SignInAttempt& attempt, bool right) {
  return storage_guard<std::optional<std::string>>([&]() -> Result<std::optional<std::string>> {
    WriteTransaction tx(db_);
    record(db_, clock_(), attempt, right ? SignInOutcome::signed_in : SignInOutcome::wrong);
    std::string user_key = user_subject(db_, attempt), terminal_key = terminal_subject(attempt);
    std::optional<std::string> locked;
    if (right) {
      clear_count(db_, user_key);
      // The terminal's count starts again, but not its locks: someone who may sign in cannot wipe
      // the doubling by signing in between guesses at other names.
      LockoutCount terminal = read_count(db_, terminal_key);
      terminal.failures = 0;
      write_count(db_, terminal_key, terminal);
    } else {
      locked = lock_message(read_count(db_, user_key), read_count(db_, terminal_key));
    }
    tx.commit();
    return locked;
  });
}

Result<std::vector<SignInEvent>> SignInThrottle::recent(std::size_t limit, bool failed_only) {
  return storage_guard<std::vector<SignInEvent>>([&]() -> Result<std::vector<SignInEvent>> {
    std::vector<SignInEvent> events;
    auto s = db_.prepare(std::string("SELECT id, at, username, terminal, outcome FROM sign_in_events") +
                         (failed_only ? " WHERE outcome <> 'signed_in'" : "") + " ORDER BY id DESC LIMIT ?1");
    s.bind_all(static_cast<std::int64_t>(std::min<std::size_t>(limit, 100'000)));
    while (s.step()) {
      SignInEvent e;
      e.id = s.get_int(0);
      e.at = parse_instant(s.get_text(1)).value_or(Instant{});
      e.username = s.get_text(2);
      e.terminal = s.get_text(3);
      e.outcome = parse_outcome(s.get_text(4)).value_or(SignInOutcome::wrong);
      events.push_back(std::move(e));
    }
    return events;
  });
}

}  // namespace aftersales
