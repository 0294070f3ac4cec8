#pragma once
// "Export CSV": the queue as the user filtered it, or one of the dashboard's reports, saved to a new
// file named for what it holds and the moment (aftersales-cases-2026-03-01-1030.csv) in the
// configured folder, or the user's home folder.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/case.h"

namespace aftersales::backoffice {

std::filesystem::path export_directory(const Config& config);
// Written to a temporary name and renamed, so a half-written file never carries the final name.
Result<std::filesystem::path> export_queue(const std::vector<Case>& rows, const Config& config, Instant now,
                                           const std::filesystem::path& directory);
// Any CSV, as aftersales-<what>-<moment>.csv.
Result<std::filesystem::path> export_csv(std::string_view what, const std::string& csv, const Config& config,
                                         Instant now, const std::filesystem::path& directory);

}  // namespace aftersales::backoffice
