#include "queue_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "core/present/case_export.h"

namespace aftersales::backoffice {

std::filesystem::path export_directory(const Config& config) {
  if (!config.backoffice.export_directory.empty()) return config.backoffice.export_directory;
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  return std::filesystem::current_path();
}

Result<std::filesystem::path> export_queue(const std::vector<Case>& rows, const Config& config, Instant now,
                                           const std::filesystem::path& directory) {
  return export_csv("cases", cases_csv(rows, config.time_zone, now), config, now, directory);
}

Result<std::filesystem::path> export_csv(std::string_view what, const std::string& csv, const Config& config,
                                         Instant now, const std::filesystem::path& directory) {
  std::string stamp = config.time_zone.format_local(now);  // 2026-03-01 10:30
  std::erase(stamp, ':');
  std::ranges::replace(stamp, ' ', '-');
  std::filesystem::path target = directory / fmt::format("aftersales-{}-{}.csv", what, stamp);
  for (int n = 2; std::filesystem::exists(target); ++n)
    target = directory / fmt::format("aftersales-{}-{}-{}.csv", what, stamp, n);
  std::filesystem::path partial = target;
  partial += ".part";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (out) out.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    if (!out || !out.flush()) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      return fail(ErrorKind::io,
                  fmt::format("Could not save the export in {}. Check that the folder exists and that you may write "
                              "there (backoffice.export_directory in the config).",
                              directory.string()),
                  "export_directory");
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, target, error);
  if (error) {
    std::filesystem::remove(partial, error);
    return fail(ErrorKind::io, fmt::format("Could not save the export as {}.", target.string()), "export_directory");
  }
  return target;
}

}  // namespace aftersales::backoffice
