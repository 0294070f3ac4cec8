// aftersales: the admin command-line tool for the store's database.
// Exit status: 0 success, 1 a user error (one line on stderr), 2 bad usage.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli_context.h"

namespace {

// `aftersales case list --json` as well as `aftersales --json case list`.
void allow_global_options_anywhere(CLI::App& app) {
  app.fallthrough();
  for (CLI::App* sub : app.get_subcommands({})) allow_global_options_anywhere(*sub);
}

}  // namespace

// NOLINTNEXTLINE(bugprone-exception-escape): an exception here is a bug or a failed start; std::terminate says so
int main(int argc, char** argv) {
  using namespace aftersales::cli;
  CLI::App app{"aftersales: the admin tool of the after-sales service system"};
  app.set_version_flag("--version", std::string("aftersales ") + AFTERSALES_VERSION);
  app.require_subcommand(1);
  CliContext ctx;
  app.add_option("--db", ctx.options.db_path,
                 "Database: a file, or a postgresql:// URI (default: config, $AFTERSALES_DB, or per-user data file)");
  app.add_option("--config", ctx.options.config_path,
                 "Configuration file (default: $AFTERSALES_CONFIG, "
                 "~/.config/aftersales/aftersales.toml, /etc/aftersales/aftersales.toml)");
  app.add_flag("--json", ctx.options.json, "Machine-readable output");
  add_setup_commands(app, ctx);
  add_lookup_commands(app, ctx);
  add_case_commands(app, ctx);
  add_receipt_commands(app, ctx);
  add_serve_commands(app, ctx);
  add_staff_commands(app, ctx);
  add_notify_commands(app, ctx);
  add_remind_commands(app, ctx);
  add_chain_commands(app, ctx);
  add_stats_commands(app, ctx);
  add_report_commands(app, ctx);
  add_parts_commands(app, ctx);
  add_loaners_commands(app, ctx);
  add_blocklist_commands(app, ctx);
  add_claims_commands(app, ctx);
  allow_global_options_anywhere(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  try {
    auto result = ctx.run_parsed();
    if (!result) {
      std::cerr << app.help();
      return 2;
    }
    if (!*result) {
      std::cerr << "aftersales: " << result->error().message << '\n';
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    // A bug, not a user error: say so plainly rather than crash without a word.
    std::cerr << "aftersales: internal error: " << e.what() << '\n';
    return 3;
  }
}
