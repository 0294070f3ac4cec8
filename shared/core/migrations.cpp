#include "core/migrations.h"

#include <fmt/format.h>

#include "core/sqlite.h"

namespace aftersales {

int latest_schema_version() { return all_migrations().empty() ? 0 : all_migrations().back().version; }

Result<void> migrate(Database& db, int up_to) {
  for (const Migration& migration : all_migrations()) {
    if (up_to >= 0 && migration.version > up_to) break;
    WriteTransaction tx(db);
    // Another process may have migrated while we waited for the write lock.
    if (db.schema_version() >= migration.version) continue;
    try {
      db.exec(migration.sql);
      db.exec(fmt::format("PRAGMA user_version = {}", migration.version));
      tx.commit();
    } catch (const SqliteError& e) {
      return fail(ErrorKind::storage,
                  fmt::format("Upgrading the database to schema {} ({}) failed: {}. The database was left "
                              "as it was.",
                              migration.version, migration.name, e.what()));
    }
  }
  return {};
}

}  // namespace aftersales
