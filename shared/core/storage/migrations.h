#pragma once
// Numbered schema migrations per backend, embedded from assets/migrations/<backend>/NNNN_*.sql at
// build time. SQLite records the last one applied in PRAGMA user_version, PostgreSQL in the table
// schema_version. Both backends reach the same schema version with the same meaning; PostgreSQL's
// first file (0008) is the whole schema of that version.
#include <filesystem>
#include <optional>
#include <vector>

#include "core/base/error.h"
#include "core/storage/database.h"

namespace aftersales {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgresql_migrations();
const std::vector<Migration>& all_migrations(Backend backend);
int latest_schema_version(Backend backend = Backend::sqlite);

struct MigrationReport {
  int from = 0;
  int to = 0;
  std::optional<std::filesystem::path> backup;  // the copy taken before upgrading a database with data
};

// Where the copy taken before an upgrade goes: a `backups` folder beside the database.
std::filesystem::path upgrade_backup_folder(const std::filesystem::path& database);

// Brings the schema up to date in one write transaction: a second process opening the database
// meanwhile waits for the lock and then finds the work done. A SQLite database that already has a
// schema is first copied (online backup) into upgrade_backup_folder(); if a migration fails,
// everything rolls back, the database stays exactly as it was, and the message says where the copy
// is. `up_to` stops early (tests use it to build databases of earlier versions).
Result<MigrationReport> migrate(Database& db, int up_to = -1);
Result<MigrationReport> apply_migrations(Database& db, const std::vector<Migration>& migrations);

}  // namespace aftersales
