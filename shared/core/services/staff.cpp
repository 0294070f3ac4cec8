#include "core/services/staff.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/base/password_hash.h"
#include "core/base/text.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr const char* kWrongSignIn = "Wrong user name, password or PIN.";
// What a sign-in records of the name and the terminal typed: enough to recognise them.
constexpr std::size_t kMaxRecordedName = 64;

StaffMember read_member(const Statement& s) {
  StaffMember m;
  m.id = s.get_int(0);
  m.username = s.get_text(1);
  m.display_name = s.get_text(2);
  m.role = parse_role(s.get_text(3)).value_or(Role::clerk);
  m.active = s.get_int(4) != 0;
  m.created_at = parse_instant(s.get_text(5)).value_or(Instant{});
  return m;
}

// Never the secret: the back office's database role may not read it (install/postgresql/roles.sql).
constexpr const char* kSelectMember = "SELECT id, username, display_name, role, active, created_at FROM staff";

// One account's secret, for a sign-in. On PostgreSQL through a function that runs with the owner's
// rights (schema 9), so that the role signing in needs no right to read the staff table's secrets.
std::string secret_query(const Database& db) {
  return std::string(kSelectMember)
      .replace(std::string_view(kSelectMember).find(" FROM"), 0,
               db.backend() == Backend::postgresql ? ", aftersales_staff_secret(username) AS password_hash"
                                                   : ", password_hash");
}

// A hash to verify against when the user does not exist, so that the answer takes as long.
const std::string& dummy_hash() {
  static const std::string hash = hash_secret("not a real password").value_or("");
  return hash;
}

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::clerk: return "clerk";
    case Role::technician: return "technician";
    case Role::manager: return "manager";
  }
  return "clerk";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : {Role::clerk, Role::technician, Role::manager})
    if (to_lower_ascii(std::string(text)) == to_string(r)) return r;
  return std::nullopt;
}

Result<void> check_secret(std::string_view secret) {
  bool digits =
      !secret.empty() && std::all_of(secret.begin(), secret.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return check_pin_format(secret);
  if (secret.size() < 8)
    return fail(ErrorKind::invalid_input, "A password needs at least 8 characters (or use a PIN of 4 to 8 digits).",
                "password");
  if (secret.size() > 200) return fail(ErrorKind::invalid_input, "That password is too long.", "password");
  return {};
}

Result<std::string> normalize_username(std::string_view username) {
  std::string name = to_lower_ascii(trim(username));
  bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (!allowed || name.size() < 2 || name.size() > 32)
    return fail(ErrorKind::invalid_input, "A user name is 2 to 32 letters, digits, dots, dashes or underscores.",
                "username");
  return name;
}

Result<StaffMember> StaffService::add(std::string_view username, std::string_view display_name, Role role,
                                      std::string_view secret) {
  auto name = normalize_username(username);
  if (!name) return std::unexpected(name.error());
  if (auto ok = check_secret(secret); !ok) return std::unexpected(ok.error());
  auto hash = hash_secret(secret);
  if (!hash) return std::unexpected(hash.error());
  std::string shown = trim(display_name).empty() ? *name : trim(display_name);
  return storage_guard<StaffMember>([&]() -> Result<StaffMember> {
    WriteTransaction tx(db_);
    auto taken = db_.prepare("SELECT 1 FROM staff WHERE username = ?1");
    taken.bind_all(*name);
    if (taken.step()) {
      return fail(ErrorKind::conflict, "There is already a staff member called " + *name + ".", "username");
    }
    std::string created = format_instant(clock_());
    std::string role_text(to_string(role));
    std::int64_t id = db_.prepare(
                             "INSERT INTO staff (username, display_name, role, password_hash, active, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, 1, ?5) RETURNING id")
                          .bind_all(*name, shown, role_text, *hash, created)
                          .insert_returning_id();
    StaffMember m{id, *name, shown, role, true, clock_()};
    tx.commit();
    return m;
  });
}

Result<void> StaffService::set_secret(std::string_view username, std::string_view secret) {
  auto name = normalize_username(username);
  if (!name) return std::unexpected(name.error());
  if (auto ok = check_secret(secret); !ok) return ok;
  auto hash = hash_secret(secret);
  if (!hash) return std::unexpected(hash.error());
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    if (db_.prepare("UPDATE staff SET password_hash = ?1 WHERE username = ?2").bind_all(*hash, *name).run() == 0)
      return fail(ErrorKind::not_found, "There is no staff member called " + *name + ".", "username");
    tx.commit();
    return {};
  });
}

Result<void> StaffService::set_active(std::string_view username, bool active) {
  auto name = normalize_username(username);
  if (!name) return std::unexpected(name.error());
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    auto find = db_.prepare(std::string(kSelectMember) + " WHERE username = ?1");
    find.bind_all(*name);
    if (!find.step()) {
      return fail(ErrorKind::not_found, "There is no staff member called " + *name + ".", "username");
    }
    StaffMember m = read_member(find);
    if (!active && m.role == Role::manager && m.active) {
      auto managers = db_.prepare("SELECT count(*) FROM staff WHERE role = 'manager' AND active = 1");
      managers.step();
      std::int64_t count = managers.get_int(0);
      if (count <= 1)
        return fail(ErrorKind::refused, "This is the last active manager: add another manager first.", "username");
    }
    db_.prepare("UPDATE staff SET active = ?1 WHERE id = ?2").bind_all(active, m.id).run();
    tx.commit();
    return {};
  });
}

Result<std::vector<StaffMember>> StaffService::list() {
  return storage_guard<std::vector<StaffMember>>([&]() -> Result<std::vector<StaffMember>> {
    std::vector<StaffMember> members;
    auto s = db_.prepare(std::string(kSelectMember) + " ORDER BY active DESC, username");
    while (s.step()) members.push_back(read_member(s));
    return members;
  });
}

Result<std::string> check_manager(Database& db, std::string_view username, std::string_view to_do) {
  auto name = normalize_username(username);
  if (!name) return std::unexpected(name.error());
  Statement s = db.prepare("SELECT role, active FROM staff WHERE username = ?1");
  s.bind_all(*name);
  if (!s.step() || s.get_int(1) == 0)
    return fail(ErrorKind::not_found, fmt::format("There is no active staff member called {}.", *name), "by");
  if (parse_role(s.get_text(0)) != Role::manager)
    return fail(ErrorKind::refused, fmt::format("Only a manager can {}; {} is a {}.", to_do, *name, s.get_text(0)),
                "by");
  return *name;
}

Result<bool> StaffService::has_active_manager() {
  return storage_guard<bool>([&]() -> Result<bool> {
    auto s = db_.prepare("SELECT 1 FROM staff WHERE role = 'manager' AND active = 1 LIMIT 1");
    bool found = s.step();
    return found;
  });
}

Result<StaffMember> StaffService::sign_in(std::string_view username, std::string_view secret,
                                          std::string_view terminal) {
  std::string name = to_lower_ascii(trim(username));
  auto found = storage_guard<std::optional<std::pair<StaffMember, std::string>>>(
      [&]() -> Result<std::optional<std::pair<StaffMember, std::string>>> {
        auto s = db_.prepare(secret_query(db_) + " WHERE username = ?1");
        s.bind_all(name);
        std::optional<std::pair<StaffMember, std::string>> row;
        if (s.step()) row.emplace(read_member(s), s.optional_text("password_hash").value_or(""));
        return row;
      });
  if (!found) return std::unexpected(found.error());
  SignInAttempt attempt{name.substr(0, kMaxRecordedName), found->has_value(),
                        std::string(terminal.substr(0, kMaxRecordedName))};
  SignInThrottle throttle(db_, clock_);
  // A database that takes no writes (a full disk, a read-only copy) can still be signed in to, so
  // that a manager can act: the secret is checked all the same, only not counted.
  auto allowed = throttle.begin(attempt);
  if (!allowed && allowed.error().kind != ErrorKind::storage) return std::unexpected(allowed.error());
  bool verified = verify_secret(*found ? (*found)->second : dummy_hash(), secret);
  bool right = verified && found->has_value() && (*found)->first.active;
  std::optional<std::string> locked;
  if (allowed) locked = throttle.finish(attempt, right).value_or(std::nullopt);
  if (!right)
    return fail(ErrorKind::refused, locked ? fmt::format("{} {}", kWrongSignIn, *locked) : kWrongSignIn, "password");
  return (*found)->first;
}

Result<std::vector<SignInEvent>> StaffService::sign_in_events(std::size_t limit, bool failed_only) {
  return SignInThrottle(db_, clock_).recent(limit, failed_only);
}

}  // namespace aftersales
