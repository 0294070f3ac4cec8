#pragma once
// Numbered schema migrations, embedded from assets/migrations/NNNN_*.sql at build time.
// PRAGMA user_version records the last one applied.
#include <filesystem>
#include <optional>
#include <vector>

#include "core/error.h"

namespace aftersales {

class Database;

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& all_migrations();
int latest_schema_version();

struct MigrationReport {
  int from = 0;
  int to = 0;
  std::optional<std::filesystem::path> backup;  // the copy taken before upgrading a database with data
};

// Where the copy taken before an upgrade goes: a `backups` folder beside the database.
std::filesystem::path upgrade_backup_folder(const std::filesystem::path& database);

// Brings the schema up to date in one BEGIN IMMEDIATE transaction: a second process opening the
// database meanwhile waits for the lock and then finds the work done. A database that already has a
// schema is first copied (online backup) into upgrade_backup_folder(); if a migration fails,
// everything rolls back, the database stays exactly as it was, and the message says where the copy
// is. `up_to` stops early (tests use it to build databases of earlier versions).
Result<MigrationReport> migrate(Database& db, int up_to = -1);
Result<MigrationReport> apply_migrations(Database& db, const std::vector<Migration>& migrations);

}  // namespace aftersales
