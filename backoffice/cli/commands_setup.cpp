// init, demo, import, backup, check: setting up and looking after the database.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli_context.h"
#include "core/base/password_hash.h"
#include "core/base/text.h"
#include "core/present/json_views.h"
#include "core/services/demo_data.h"
#include "core/services/staff.h"
#include "core/storage/copy_store.h"
#include "core/storage/csv_import.h"
#include "core/storage/maintenance.h"
#include "core/storage/migrations.h"

namespace aftersales::cli {
namespace {

void add_init(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("init", "Create the database, or bring its schema up to date; add the first manager");
  auto manager = std::make_shared<std::string>();
  auto manager_name = std::make_shared<std::string>();
  cmd->add_option("--manager", *manager, "User name of the first manager (password or PIN read from stdin)");
  cmd->add_option("--name", *manager_name, "The manager's name as the back office shows it");
  ctx.on(cmd, [&ctx, manager, manager_name]() -> Result<void> {
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    int version = (*db)->schema_version();
    StaffService staff(**db);
    auto has_manager = staff.has_active_manager();
    if (!has_manager) return std::unexpected(has_manager.error());
    std::string user = *manager;
    if (user.empty() && !*has_manager && ::isatty(STDIN_FILENO)) {
      std::cerr << "No manager yet. First manager's user name (empty to skip): " << std::flush;
      std::getline(std::cin, user);
    }
    std::optional<StaffMember> added;
    if (!trim(user).empty()) {
      auto secret = read_new_secret();
      if (!secret) return std::unexpected(secret.error());
      auto member = staff.add(user, *manager_name, Role::manager, *secret);
      if (!member) return std::unexpected(member.error());
      added = *member;
    }
    nlohmann::json json = {{"database", describe_location(ctx.database_path().native())}, {"schema_version", version}};
    if (added) json["manager_added"] = added->username;
    ctx.print(json, [&] {
      fmt::print("Database ready: {} (schema {})\n", describe_location(ctx.database_path().native()), version);
      if (added)
        fmt::print("Manager {} added.\n", added->username);
      else if (!*has_manager)
        fmt::print("No staff can sign in to the back office yet: aftersales init --manager USER (password on stdin)\n");
    });
    return {};
  });
}

void add_demo(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("demo", "Fill an empty database with a realistic demo store");
  auto options = std::make_shared<DemoOptions>();
  cmd->add_option("--sales", options->sales, "Number of sales over the last three years")
      ->check(CLI::Range(500, 5'000'000));
  cmd->add_option("--seed", options->seed, "Seed: the same seed gives the same store");
  cmd->add_option("--cases-per-status", options->cases_per_status, "Cases in each workflow state")
      ->check(CLI::Range(1, 50));
  ctx.on(cmd, [&ctx, options]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    options->now = system_now();
    auto summary = generate_demo(**db, **config, *options);
    if (!summary) return std::unexpected(summary.error());
    ctx.print({{"database", describe_location(ctx.database_path().native())},
               {"products", summary->products},
               {"plans", summary->plans},
               {"sales", summary->sales},
               {"sale_lines", summary->sale_lines},
               {"cases", summary->cases}},
              [&] {
                fmt::print("Demo store in {}: {} products, {} plans, {} sales ({} lines), {} cases\n",
                           describe_location(ctx.database_path().native()), summary->products, summary->plans,
                           summary->sales, summary->sale_lines, summary->cases);
              });
    return {};
  });
}

void add_import(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("import", "Import a point-of-sale CSV export (all rows or none)");
  auto what_arg = std::make_shared<std::string>();
  auto file_arg = std::make_shared<std::string>();
  cmd->add_option("what", *what_arg, "products, plans or sales")
      ->required()
      ->check(CLI::IsMember({"products", "plans", "sales"}));
  cmd->add_option("file", *file_arg, "CSV file, or - for standard input")->required();
  ctx.on(cmd, [&ctx, what_arg, file_arg]() -> Result<void> {
    const std::string& what = *what_arg;
    ImportKind kind = what == "products" ? ImportKind::products
                      : what == "plans"  ? ImportKind::plans
                                         : ImportKind::sales;
    return run_csv_import(ctx, kind, *file_arg, what);
  });
}

void add_backup(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("backup", "Copy the database consistently, even while others write");
  struct Options {
    std::string destination;
    bool rotate = false;
  };
  auto o = std::make_shared<Options>();
  auto* to = cmd->add_option("--to", o->destination, "Backup file to write");
  auto* rotate = cmd->add_flag("--rotate", o->rotate,
                               "The nightly backup: a dated file in backup.directory, keeping the newest backup.keep");
  to->excludes(rotate);
  cmd->require_option(1);
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    if (!o->rotate) {
      if (auto done = backup_database(**db, o->destination); !done) return done;
      ctx.print({{"backup", o->destination}}, [&] { fmt::print("Backed up to {}\n", o->destination); });
      return {};
    }
    auto loaded = ctx.config();
    if (!loaded) return std::unexpected(loaded.error());
    const Config& config = **loaded;
    if (config.backup.directory.empty() && (**db).backend() == Backend::postgresql)
      return fail(ErrorKind::config,
                  "On PostgreSQL the backups need a folder: set directory under [backup] in the config (pg_dump's "
                  "copies go there; restore one with pg_restore).",
                  "backup.directory");
    std::filesystem::path folder = config.backup.directory.empty() ? upgrade_backup_folder(ctx.database_path())
                                                                   : std::filesystem::path(config.backup.directory);
    auto done = rotate_backup(**db, folder, config.backup.keep, system_now());
    if (!done) return std::unexpected(done.error());
    nlohmann::json removed = nlohmann::json::array();
    for (const auto& path : done->removed) removed.push_back(path.string());
    ctx.print({{"backup", done->written.string()}, {"removed", removed}}, [&] {
      fmt::print("Backed up to {}\n", done->written.string());
      for (const auto& path : done->removed) fmt::print("Removed the old backup {}\n", path.string());
    });
    return {};
  });
}

void add_check(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("check", "Check the database's integrity and foreign keys");
  ctx.on(cmd, [&ctx]() -> Result<void> {
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto report = check_database(**db);
    if (!report) return std::unexpected(report.error());
    nlohmann::json json = health_json(*report);
    bool upgraded = (*db)->schema_found() < report->schema_version;
    if (upgraded) {
      json["upgraded_from"] = (*db)->schema_found();
      if ((*db)->upgrade_backup()) json["upgrade_backup"] = (*db)->upgrade_backup()->string();
    }
    ctx.print(json, [&] {
      if (upgraded && (*db)->upgrade_backup())
        fmt::print("Upgraded the database from schema {} to {}; the copy from before is {}\n", (*db)->schema_found(),
                   report->schema_version, (*db)->upgrade_backup()->string());
      fmt::print("{}: schema {}, {} products, {} sale lines, {} cases ({} open)\n",
                 describe_location(ctx.database_path().native()), report->schema_version, report->products,
                 report->sale_lines, report->cases, report->open_cases);
      for (const auto& problem : report->problems) fmt::print("problem: {}\n", problem);
      if (report->ok) fmt::print("Integrity: ok\n");
    });
    if (!report->ok)
      return fail(ErrorKind::storage, fmt::format("{} problem(s) found: restore the last good backup, or ask for help.",
                                                  report->problems.size()));
    return {};
  });
}

// A store moving to PostgreSQL (or back): the whole database, all or nothing, counts checked.
void add_copy_to(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand(
      "copy-to", "Copy the whole store into another, empty database (a postgresql:// URI, or a file), all or nothing");
  auto target = std::make_shared<std::string>();
  cmd->add_option("target", *target, "The database to copy into: a postgresql:// URI or a file path")->required();
  ctx.on(cmd, [&ctx, target]() -> Result<void> {
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto to = Database::open(*target);
    if (!to) return std::unexpected(to.error());
    auto copied = copy_store(**db, *to);
    if (!copied) return std::unexpected(copied.error());
    nlohmann::json rows = copied->rows;
    ctx.print({{"from", describe_location(ctx.database_path().native())}, {"to", to->display_name()}, {"rows", rows}},
              [&] {
                fmt::print("Copied {} into {}:\n", describe_location(ctx.database_path().native()), to->display_name());
                for (const auto& [table, n] : copied->rows)
                  fmt::print("  {:<20} {:>9} rows, the same on both sides\n", table, n);
              });
    return {};
  });
}

// Reads the PIN from standard input (never from the command line, where `ps` and the shell history
// would show it) and prints the config line that holds its hash.
void add_kiosk_pin(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("kiosk-pin", "Hash a staff PIN (read from standard input) for kiosk.staff_pin_hash");
  ctx.on(cmd, [&ctx]() -> Result<void> {
    std::string pin;
    std::getline(std::cin, pin);
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    if (auto ok = check_pin_format(pin); !ok) return ok;
    auto hash = hash_secret(pin);
    if (!hash) return std::unexpected(hash.error());
    ctx.print({{"staff_pin_hash", *hash}},
              [&] { fmt::print("# Paste under [kiosk] in the config file:\nstaff_pin_hash = \"{}\"\n", *hash); });
    return {};
  });
}

}  // namespace

Result<void> run_csv_import(CliContext& ctx, ImportKind kind, const std::string& file, std::string_view what) {
  auto config = ctx.config();
  if (!config) return std::unexpected(config.error());
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  std::ifstream stream;
  if (file != "-") {
    stream.open(file, std::ios::binary);
    if (!stream) return fail(ErrorKind::io, fmt::format("Cannot read {}", file));
  }
  std::istream& in = file == "-" ? std::cin : stream;
  auto report = import_csv(**db, kind, in, (*config)->time_zone);
  if (!report) return std::unexpected(report.error());
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : report->errors) errors.push_back({{"line", e.line}, {"message", e.message}});
  ctx.print({{"imported", report->committed()},
             {"rows", report->rows},
             {"added", report->added},
             {"updated", report->updated},
             {"unchanged", report->unchanged},
             {"error_count", report->error_count},
             {"errors", errors}},
            [&] {
              if (report->committed()) {
                fmt::print("Imported {} rows of {}: {} added, {} updated, {} unchanged\n", report->rows, what,
                           report->added, report->updated, report->unchanged);
                return;
              }
              for (const auto& e : report->errors) fmt::print(stderr, "{}:{}: {}\n", file, e.line, e.message);
              if (report->error_count > static_cast<int>(report->errors.size()))
                fmt::print(stderr, "... and {} more\n", report->error_count - static_cast<int>(report->errors.size()));
            });
  if (!report->committed())
    return fail(ErrorKind::invalid_input,
                fmt::format("{} bad row{} in {}: nothing was imported. Fix them and import the file again.",
                            report->error_count, report->error_count == 1 ? "" : "s", file));
  return {};
}

void add_setup_commands(CLI::App& app, CliContext& ctx) {
  add_init(app, ctx);
  add_demo(app, ctx);
  add_import(app, ctx);
  add_backup(app, ctx);
  add_check(app, ctx);
  add_copy_to(app, ctx);
  add_kiosk_pin(app, ctx);
}

}  // namespace aftersales::cli
