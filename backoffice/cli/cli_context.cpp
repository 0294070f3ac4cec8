#include "cli_context.h"

#include <fmt/format.h>

#include <iostream>

namespace aftersales::cli {

Result<const Config*> CliContext::config() {
  if (!config_) {
    auto loaded = load_program_config(options.config_path);
    if (!loaded) return std::unexpected(loaded.error());
    config_ = std::move(*loaded);
  }
  return &*config_;
}

std::filesystem::path CliContext::database_path() {
  std::optional<std::filesystem::path> given;
  if (!options.db_path.empty()) given = options.db_path;
  auto cfg = config();
  return resolve_database_path(given, cfg ? **cfg : default_config());
}

Result<Database*> CliContext::database() {
  if (!db_) {
    auto cfg = config();
    if (!cfg) return std::unexpected(cfg.error());
    auto opened = Database::open(database_path());
    if (!opened) return std::unexpected(opened.error());
    db_ = std::move(*opened);
  }
  return &*db_;
}

void CliContext::print(const nlohmann::json& json, const std::function<void()>& as_text) const {
  if (options.json)
    std::cout << json.dump(2) << '\n';
  else
    as_text();
}

std::optional<Result<void>> CliContext::run_parsed() const {
  for (const auto& [command, handler] : handlers_)
    if (command->parsed()) return handler();
  return std::nullopt;
}

}  // namespace aftersales::cli
