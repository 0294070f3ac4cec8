// aftersales-kiosk: the shoppers' touchscreen app. Fullscreen and locked down by default; staff
// leave it with a long press in the top-left corner and the staff PIN.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>

#include "core/config/config.h"
#include "gallery.h"
#include "kiosk_app.h"
#include "ui/shell.h"

namespace {

struct Options {
  std::string db_path;
  std::string config_path;
  std::string windowed;  // "1366x768": a window of that size instead of fullscreen
  std::string gallery;   // a folder: render every screen there and check its layout, then exit
  std::string text_scale;
};

}  // namespace

// NOLINTNEXTLINE(bugprone-exception-escape): an exception here is a bug or a failed start; std::terminate says so
int main(int argc, char** argv) {
  using namespace aftersales;
  CLI::App cli{"aftersales-kiosk: the shoppers' after-sales touchscreen"};
  cli.set_version_flag("--version", std::string("aftersales-kiosk ") + AFTERSALES_VERSION);
  Options options;
  cli.add_option("--db", options.db_path,
                 "Database: a file, or a postgresql:// URI (default: config, $AFTERSALES_DB, or per-user data file)");
  cli.add_option("--config", options.config_path, "Configuration file");
  cli.add_option("--windowed", options.windowed, "Run in a window of this size, like 1366x768 (for trying it out)");
  cli.add_option("--gallery", options.gallery,
                 "Render every screen of every flow, in each language, into this folder (PNG and target map), "
                 "check their layout, and exit (status 1 if a screen has a problem)");
  cli.add_option("--text-scale", options.text_scale, "With --gallery: 'large' for large text, high contrast")
      ->check(CLI::IsMember({"standard", "large"}));
  CLI11_PARSE(cli, argc, argv);

  Result<Config> config = load_program_config(options.config_path);
  if (!config) {
    std::fprintf(stderr, "aftersales-kiosk: %s\n", config.error().message.c_str());
    return 1;
  }
  // Receipts sent with no paper wait in the outbox for a sender: on another machine of the store, or
  // on none at all. Said once at start, for whoever sets the kiosk up.
  for (const std::string& channel : config->kiosk.send_receipts_by) {
    const std::string& command =
        channel == "email" ? config->notifications.email_command : config->notifications.sms_command;
    if (command.empty())
      std::fprintf(stderr,
                   "aftersales-kiosk: receipts may be sent by %s, but this config has no [notifications] %s_command: "
                   "they wait until `aftersales notify` runs where one is set\n",
                   channel.c_str(), channel.c_str());
  }

  std::optional<std::filesystem::path> db_arg;
  if (!options.db_path.empty()) db_arg = options.db_path;
  std::filesystem::path database = resolve_database_path(db_arg, *config);

  ui::ShellOptions shell_options;
  shell_options.title = "aftersales kiosk";
  shell_options.fullscreen = config->kiosk.fullscreen && options.windowed.empty() && options.gallery.empty();
  shell_options.locked = shell_options.fullscreen;  // a window for trying it out can be closed
  shell_options.font_scale = static_cast<float>(config->kiosk.text_scale);
  shell_options.renderer = config->kiosk.renderer == "opengl" ? ui::Renderer::opengl : ui::Renderer::software;
  if (!options.windowed.empty() &&
      std::sscanf(options.windowed.c_str(), "%dx%d", &shell_options.width, &shell_options.height) != 2) {
    std::fprintf(stderr, "aftersales-kiosk: --windowed wants a size like 1366x768\n");
    return 2;
  }
  auto shell = ui::Shell::open(shell_options);
  if (!shell) {
    std::fprintf(stderr, "aftersales-kiosk: %s\n", shell.error().message.c_str());
    return 1;
  }
  if (!options.gallery.empty()) {
    kiosk::GalleryOptions gallery{options.gallery, options.text_scale == "large"};
    return kiosk::run_gallery(*config, **shell, gallery) == 0 ? 0 : 1;
  }
  kiosk::KioskApp app(*config, database, **shell);
  ui::ShellHooks hooks;
  hooks.on_event = [&](const SDL_Event& e) { return app.on_event(e); };
  hooks.draw = [&] {
    app.draw();
    if ((*shell)->frames_drawn() == 0)
      std::fprintf(
          stderr, "aftersales-kiosk: first frame %lld ms after start\n",
          static_cast<long long>(
              std::chrono::duration_cast<std::chrono::milliseconds>(ui::Clock::now() - ui::process_start()).count()));
  };
  hooks.next_wake = [&] { return app.next_wake(); };
  (*shell)->run(hooks);
  return 0;
}
