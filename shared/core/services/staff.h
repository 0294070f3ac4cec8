#pragma once
// Staff accounts for the back office: a user name, a display name, a role, and a password or PIN
// kept only as an Argon2id hash. Roles decide which actions the back office offers: clerks work the
// counter, technicians the bench, managers everything including staff accounts.
#include <optional>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/services/sign_in_throttle.h"

namespace aftersales {

class Database;

enum class Role { clerk, technician, manager };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct StaffMember {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::clerk;
  bool active = true;
  Instant created_at;
};

// A password is at least 8 characters; a PIN is 4 to 8 digits.
Result<void> check_secret(std::string_view secret);
// User names are 2 to 32 of a-z, 0-9, '.', '_' and '-', compared in lower case.
Result<std::string> normalize_username(std::string_view username);

// Inside the caller's transaction: `username` is an active manager (their name, normalised), or why
// not; `to_do` finishes "Only a manager can …" ("record why a loaner is not back").
Result<std::string> check_manager(Database& db, std::string_view username, std::string_view to_do);

class StaffService {
 public:
  explicit StaffService(Database& db, Clock clock = system_now) : db_(db), clock_(std::move(clock)) {}

  Result<StaffMember> add(std::string_view username, std::string_view display_name, Role role, std::string_view secret);
  Result<void> set_secret(std::string_view username, std::string_view secret);
  // Disabling the last active manager is refused: someone must be able to manage the staff.
  Result<void> set_active(std::string_view username, bool active);
  Result<std::vector<StaffMember>> list();
  Result<bool> has_active_manager();
  // One answer for an unknown user, a wrong secret and a disabled account, after the same work.
  // Throttled per user name and per terminal (the computer signing in), and recorded: see
  // sign_in_throttle.h.
  Result<StaffMember> sign_in(std::string_view username, std::string_view secret, std::string_view terminal);
  // Who signed in, or tried to, most recent first.
  Result<std::vector<SignInEvent>> sign_in_events(std::size_t limit, bool failed_only);

 private:
  Database& db_;
  Clock clock_;
};

}  // namespace aftersales
