#pragma once
// Keeping the database healthy: online backups and integrity checks.
#include <filesystem>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"

namespace aftersales {

class Database;

// Copies the database with SQLite's online backup API: a consistent snapshot even while kiosks
// and the back office keep writing. Written to a temporary file first, then renamed into place.
Result<void> backup_database(Database& db, const std::filesystem::path& destination);

struct RotatedBackup {
  std::filesystem::path written;
  std::vector<std::filesystem::path> removed;  // the oldest, beyond `keep`
};

// The nightly backup: aftersales-YYYYMMDD-HHMMSS.db in `folder`, keeping the newest `keep` of
// them. Copies taken before schema upgrades (…-schema-N-before-M-….db) are never removed here.
Result<RotatedBackup> rotate_backup(Database& db, const std::filesystem::path& folder, int keep, Instant now);

struct HealthReport {
  bool ok = true;
  int schema_version = 0;
  std::vector<std::string> problems;  // integrity and foreign-key findings, in SQLite's words
  long long cases = 0;
  long long open_cases = 0;
  long long products = 0;
  long long sale_lines = 0;
};

Result<HealthReport> check_database(Database& db);

}  // namespace aftersales
