// aftersales-backoffice: the service counter's desktop app (queue, cases) on the shared database.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "backoffice_app.h"
#include "gallery.h"
#include "ui/theme.h"

// NOLINTNEXTLINE(bugprone-exception-escape): an exception here is a bug or a failed start; std::terminate says so
int main(int argc, char** argv) {
  using namespace aftersales;
  CLI::App cli{"aftersales-backoffice: the service counter's queue and cases"};
  cli.set_version_flag("--version", std::string("aftersales-backoffice ") + AFTERSALES_VERSION);
  std::string db_path, config_path, size = "1366x768", gallery;
  cli.add_option("--db", db_path,
                 "Database: a file, or a postgresql:// URI (default: config, $AFTERSALES_DB, or per-user data file)");
  cli.add_option("--config", config_path, "Configuration file");
  cli.add_option("--size,--windowed", size, "Window size, like 1366x768");
  cli.add_option("--gallery", gallery,
                 "Render every view on a demo store of its own into this folder (PNG and target map), check their "
                 "layout, and exit (status 1 if a view has a problem)");
  CLI11_PARSE(cli, argc, argv);

  Result<Config> config = load_program_config(config_path);
  if (!config) {
    std::fprintf(stderr, "aftersales-backoffice: %s\n", config.error().message.c_str());
    return 1;
  }

  // The gallery makes a demo store of its own; otherwise the database comes first (no window without it).
  std::optional<Database> db;
  if (gallery.empty()) {
    std::optional<std::filesystem::path> db_arg;
    if (!db_path.empty()) db_arg = db_path;
    auto opened = Database::open(resolve_database_path(db_arg, *config), OpenMode::read_write);
    if (!opened) {
      std::fprintf(stderr, "aftersales-backoffice: %s\n", opened.error().message.c_str());
      return 1;
    }
    db.emplace(std::move(*opened));
  }

  ui::ShellOptions options;
  options.title = "aftersales back office";
  options.font_scale = 0.62f;  // a desktop read from arm's length, not a kiosk
  if (std::sscanf(size.c_str(), "%dx%d", &options.width, &options.height) != 2) {
    std::fprintf(stderr, "aftersales-backoffice: --size wants a size like 1366x768\n");
    return 2;
  }
  auto shell = ui::Shell::open(options);
  if (!shell) {
    std::fprintf(stderr, "aftersales-backoffice: %s\n", shell.error().message.c_str());
    return 1;
  }
  ui::apply_theme(ui::Contrast::standard, 0.6f);
  if (!gallery.empty()) return backoffice::run_gallery(*config, **shell, {gallery}) == 0 ? 0 : 1;
  backoffice::BackofficeApp app(*config, std::make_unique<backoffice::Services>(std::move(*db), *config), **shell);
  ui::ShellHooks hooks;
  hooks.on_event = [&](const SDL_Event& e) { return app.on_event(e); };
  hooks.draw = [&] { app.draw(); };
  hooks.next_wake = [&] { return app.next_wake(); };
  hooks.on_timer = [&] { return app.on_timer(); };
  (*shell)->run(hooks);
  return 0;
}
