// staff add|passwd|list|disable|enable|sign-ins, and the secret prompt `init` shares: staff accounts for the
// back office. Secrets come from standard input (typed with echo off on a terminal), never from the
// command line where `ps` and the shell history would keep them.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli_context.h"
#include "core/services/staff.h"

namespace aftersales::cli {
namespace {

std::string read_line_quietly(const std::string& prompt) {
  bool terminal = ::isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << '\n';
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

nlohmann::json member_json(const StaffMember& m) {
  return {{"username", m.username}, {"name", m.display_name}, {"role", to_string(m.role)}, {"active", m.active}};
}

Result<StaffService*> staff_service(CliContext& ctx, std::unique_ptr<StaffService>& holder) {
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  holder = std::make_unique<StaffService>(**db);
  return holder.get();
}

void add_sign_ins(CLI::App& staff, CliContext& ctx, std::unique_ptr<StaffService>& holder) {
  auto* cmd = staff.add_subcommand("sign-ins", "Who signed in to the back office, or tried to, most recent first");
  auto failed_only = std::make_shared<bool>(false);
  auto limit = std::make_shared<std::size_t>(50);
  cmd->add_flag("--failed", *failed_only, "Only the wrong ones and those refused while locked");
  cmd->add_option("--limit", *limit, "How many (default 50)")->check(CLI::Range(1, 100000));
  ctx.on(cmd, [&ctx, &holder, failed_only, limit]() -> Result<void> {
    auto service = staff_service(ctx, holder);
    if (!service) return std::unexpected(service.error());
    auto events = (*service)->sign_in_events(*limit, *failed_only);
    if (!events) return std::unexpected(events.error());
    nlohmann::json json = nlohmann::json::array();
    for (const auto& e : *events)
      json.push_back({{"at", format_instant(e.at)},
                      {"username", e.username},
                      {"terminal", e.terminal},
                      {"outcome", to_string(e.outcome)}});
    ctx.print(json, [&] {
      for (const auto& e : *events)
        fmt::print("{}  {:<10} {:<20} {}\n", format_instant(e.at), to_string(e.outcome),
                   e.username.empty() ? "(not a user name)" : e.username, e.terminal);
      if (events->empty()) fmt::print("No sign-ins recorded.\n");
    });
    return {};
  });
}

}  // namespace

Result<std::string> read_new_secret() {
  std::string secret = read_line_quietly("Password or PIN: ");
  if (auto ok = check_secret(secret); !ok) return std::unexpected(ok.error());
  if (::isatty(STDIN_FILENO) && read_line_quietly("Again: ") != secret)
    return fail(ErrorKind::invalid_input, "The two entries differ; nothing was changed.", "password");
  return secret;
}

void add_staff_commands(CLI::App& app, CliContext& ctx) {
  auto* staff = app.add_subcommand("staff", "Staff accounts for the back office (password or PIN on stdin)");
  staff->require_subcommand(1);
  static std::unique_ptr<StaffService> holder;

  auto* add = staff->add_subcommand("add", "Add a staff member; the password or PIN is read from stdin");
  auto add_user = std::make_shared<std::string>();
  auto add_name = std::make_shared<std::string>();
  auto add_role = std::make_shared<std::string>("clerk");
  add->add_option("username", *add_user, "User name (2-32 of a-z 0-9 . _ -)")->required();
  add->add_option("--name", *add_name, "Name shown in the back office");
  add->add_option("--role", *add_role, "clerk, technician or manager")
      ->check(CLI::IsMember({"clerk", "technician", "manager"}));
  ctx.on(add, [&ctx, add_user, add_name, add_role]() -> Result<void> {
    auto service = staff_service(ctx, holder);
    if (!service) return std::unexpected(service.error());
    auto secret = read_new_secret();
    if (!secret) return std::unexpected(secret.error());
    auto member = (*service)->add(*add_user, *add_name, *parse_role(*add_role), *secret);
    if (!member) return std::unexpected(member.error());
    ctx.print(member_json(*member), [&] {
      fmt::print("Added {} ({}, {})\n", member->username, member->display_name, to_string(member->role));
    });
    return {};
  });

  auto* passwd = staff->add_subcommand("passwd", "Set a staff member's password or PIN (read from stdin)");
  auto passwd_user = std::make_shared<std::string>();
  passwd->add_option("username", *passwd_user, "User name")->required();
  ctx.on(passwd, [&ctx, passwd_user]() -> Result<void> {
    auto service = staff_service(ctx, holder);
    if (!service) return std::unexpected(service.error());
    auto secret = read_new_secret();
    if (!secret) return std::unexpected(secret.error());
    if (auto done = (*service)->set_secret(*passwd_user, *secret); !done) return done;
    ctx.print({{"username", *passwd_user}, {"changed", true}}, [&] { fmt::print("Changed for {}\n", *passwd_user); });
    return {};
  });

  auto* list = staff->add_subcommand("list", "List staff accounts");
  ctx.on(list, [&ctx]() -> Result<void> {
    auto service = staff_service(ctx, holder);
    if (!service) return std::unexpected(service.error());
    auto members = (*service)->list();
    if (!members) return std::unexpected(members.error());
    nlohmann::json json = nlohmann::json::array();
    for (const auto& m : *members) json.push_back(member_json(m));
    ctx.print(json, [&] {
      for (const auto& m : *members)
        fmt::print("{:<20} {:<11} {}{}\n", m.username, to_string(m.role), m.display_name,
                   m.active ? "" : "  (disabled)");
    });
    return {};
  });

  for (bool active : {false, true}) {
    auto* cmd =
        staff->add_subcommand(active ? "enable" : "disable",
                              active ? "Let a disabled staff member sign in again" : "Stop a staff member signing in");
    auto user = std::make_shared<std::string>();
    cmd->add_option("username", *user, "User name")->required();
    ctx.on(cmd, [&ctx, user, active]() -> Result<void> {
      auto service = staff_service(ctx, holder);
      if (!service) return std::unexpected(service.error());
      if (auto done = (*service)->set_active(*user, active); !done) return done;
      ctx.print({{"username", *user}, {"active", active}},
                [&] { fmt::print("{} {}\n", *user, active ? "enabled" : "disabled"); });
      return {};
    });
  }
  add_sign_ins(*staff, ctx, holder);
}

}  // namespace aftersales::cli
