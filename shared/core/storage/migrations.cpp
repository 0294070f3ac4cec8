#include "core/storage/migrations.h"

#include <fmt/format.h>

#include "core/base/calendar.h"
#include "core/storage/database.h"
#include "core/storage/maintenance.h"

namespace aftersales {

const std::vector<Migration>& all_migrations(Backend backend) {
  return backend == Backend::postgresql ? postgresql_migrations() : sqlite_migrations();
}

int latest_schema_version(Backend backend) {
  const auto& migrations = all_migrations(backend);
  return migrations.empty() ? 0 : migrations.back().version;
}

std::filesystem::path upgrade_backup_folder(const std::filesystem::path& database) {
  return database.parent_path() / "backups";
}

namespace {

std::filesystem::path backup_name(const Database& db, int from, int to) {
  std::string stamp = format_instant(system_now());  // 2026-03-01T09:30:00Z
  std::erase_if(stamp, [](char c) { return c == '-' || c == ':'; });
  return upgrade_backup_folder(db.path()) /
         fmt::format("{}-schema-{}-before-{}-{}.db", db.path().stem().string(), from, to, stamp);
}

}  // namespace

Result<MigrationReport> apply_migrations(Database& db, const std::vector<Migration>& migrations) {
  MigrationReport report;
  report.from = report.to = db.schema_version();
  int target = migrations.empty() ? report.from : migrations.back().version;
  if (report.from >= target) return report;
  // The copy is taken before the write lock (SQLite's backup cannot read under our own write
  // transaction); the version is checked again under the lock. PostgreSQL runs the whole upgrade
  // as one transaction of DDL, which a failure undoes entirely; its backups are pg_dump's.
  if (report.from > 0 && db.backend() == Backend::sqlite) {
    std::filesystem::path copy = backup_name(db, report.from, target);
    if (auto saved = backup_database(db, copy); !saved)
      return fail(ErrorKind::storage, fmt::format("Before an upgrade the database is backed up, and that failed: {}",
                                                  saved.error().message));
    report.backup = copy;
  }
  WriteTransaction tx(db);
  db.connection().lock_schema();
  if (db.schema_version() >= target) {  // another process upgraded it meanwhile
    std::error_code ignored;
    if (report.backup) std::filesystem::remove(*report.backup, ignored);
    report.backup.reset();
    report.to = db.schema_version();
    return report;
  }
  const Migration* current = nullptr;
  try {
    for (const Migration& migration : migrations) {
      if (migration.version <= report.from) continue;
      current = &migration;
      db.exec(migration.sql);
      db.connection().set_schema_version(migration.version);
    }
    tx.commit();
  } catch (const StorageError& e) {
    std::string restore = report.backup
                              ? fmt::format(
                                    " A copy from before the upgrade is at {}; to go back to it, stop every aftersales "
                                    "program and copy it over {}.",
                                    report.backup->string(), db.display_name())
                              : std::string();
    return fail(ErrorKind::storage,
                fmt::format("Upgrading the database to schema {} ({}) failed: {}. Nothing was changed: the database "
                            "is still at schema {}.{}",
                            current ? current->version : target, current ? current->name : "?", e.what(), report.from,
                            restore));
  }
  report.to = target;
  return report;
}

Result<MigrationReport> migrate(Database& db, int up_to) {
  std::vector<Migration> wanted;
  for (const Migration& migration : all_migrations(db.backend()))
    if (up_to < 0 || migration.version <= up_to) wanted.push_back(migration);
  return storage_guard<MigrationReport>([&] { return apply_migrations(db, wanted); });
}

}  // namespace aftersales
