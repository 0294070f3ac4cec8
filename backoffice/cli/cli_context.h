#pragma once
// What every subcommand shares: the global options, the configuration, the database, and output
// in text or JSON.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/loaner.h"
#include "core/domain/payment.h"
#include "core/storage/csv_import.h"
#include "core/storage/database.h"

namespace aftersales::cli {

struct GlobalOptions {
  std::string db_path;
  std::string config_path;
  bool json = false;
};

class CliContext {
 public:
  GlobalOptions options;

  // Loads the configuration once: --config, else the usual places, else built-in defaults.
  Result<const Config*> config();
  // Opens (creating if needed) and migrates the database once.
  Result<Database*> database();
  std::filesystem::path database_path();

  // Text for people, or the JSON document with --json.
  void print(const nlohmann::json& json, const std::function<void()>& as_text) const;

  using Handler = std::function<Result<void>()>;
  void on(CLI::App* command, Handler handler) { handlers_.emplace_back(command, std::move(handler)); }
  // Runs the handler of the subcommand that was given; nullopt when none was.
  std::optional<Result<void>> run_parsed() const;

 private:
  std::optional<Config> config_;
  std::optional<Database> db_;
  std::vector<std::pair<CLI::App*, Handler>> handlers_;
};

void add_setup_commands(CLI::App& app, CliContext& ctx);           // init, demo, import, backup, check
void add_lookup_commands(CLI::App& app, CliContext& ctx);          // warranty, return-check
void add_case_commands(CLI::App& app, CliContext& ctx);            // case ...
void add_receipt_commands(CLI::App& app, CliContext& ctx);         // receipt
void add_serve_commands(CLI::App& app, CliContext& ctx);           // serve
void add_staff_commands(CLI::App& app, CliContext& ctx);           // staff ...
void add_notify_commands(CLI::App& app, CliContext& ctx);          // notify
void add_remind_commands(CLI::App& app, CliContext& ctx);          // remind
void add_chain_commands(CLI::App& app, CliContext& ctx);           // chain ...
void add_stats_commands(CLI::App& app, CliContext& ctx);           // stats
void add_report_commands(CLI::App& app, CliContext& ctx);          // report ...
void add_parts_commands(CLI::App& app, CliContext& ctx);           // parts ...
void add_claims_commands(CLI::App& app, CliContext& ctx);          // claims ...
void add_case_payment_commands(CLI::App& cases, CliContext& ctx);  // case pay
nlohmann::json money_json(const CaseMoney& money);
void add_loaners_commands(CLI::App& app, CliContext& ctx);        // loaners ...
void add_case_loaner_commands(CLI::App& cases, CliContext& ctx);  // case lend, loaner-back, loaner-waive
nlohmann::json loan_json(const Loan& loan);
void add_case_photo_commands(CLI::App& cases, CliContext& ctx);   // case photo-add, photos, photo-export
void add_blocklist_commands(CLI::App& app, CliContext& ctx);      // blocklist ...
void add_case_return_commands(CLI::App& cases, CliContext& ctx);  // case inspect-return, decide-return
// Imports `file` ("-": standard input) as `what` and reports as `import` does: the counts, or every
// bad row with its line (then nothing was imported, and the result is an error).
Result<void> run_csv_import(CliContext& ctx, ImportKind kind, const std::string& file, std::string_view what);
// A new password or PIN from stdin (asked twice, echo off, on a terminal), checked against the rules.
Result<std::string> read_new_secret();

}  // namespace aftersales::cli
