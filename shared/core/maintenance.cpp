#include "core/maintenance.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <memory>

#include "core/sqlite.h"

namespace aftersales {
namespace {

struct BackupFinisher {
  void operator()(sqlite3_backup* backup) const noexcept { sqlite3_backup_finish(backup); }
};
struct Closer {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

long long count(Database& db, std::string_view sql) {
  Statement& stmt = db.prepare(sql);
  stmt.step();
  long long n = stmt.get_int(0);
  stmt.reset();
  return n;
}

}  // namespace

Result<void> backup_database(Database& db, const std::filesystem::path& destination) {
  std::filesystem::path temporary = destination;
  temporary += ".partial";
  std::error_code ec;
  if (destination.has_parent_path()) std::filesystem::create_directories(destination.parent_path(), ec);
  std::filesystem::remove(temporary, ec);

  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(temporary.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, Closer> target(raw);
  if (rc != SQLITE_OK)
    return fail(ErrorKind::io, fmt::format("Cannot create the backup file {}: {}", temporary.string(),
                                           raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  {
    std::unique_ptr<sqlite3_backup, BackupFinisher> backup(sqlite3_backup_init(target.get(), "main", db.handle(), "main"));
    if (!backup) return fail(ErrorKind::io, fmt::format("Cannot start the backup: {}", sqlite3_errmsg(target.get())));
    // One step copies everything under one read snapshot, so the copy is consistent; in WAL mode
    // writers carry on meanwhile.
    rc = sqlite3_backup_step(backup.get(), -1);
    if (rc != SQLITE_DONE) {
      std::string detail = sqlite3_errstr(rc);
      backup.reset();
      target.reset();
      std::filesystem::remove(temporary, ec);
      return fail(ErrorKind::io, fmt::format("The backup failed: {}. The database itself is unchanged.", detail));
    }
  }
  // The copy is a self-contained file: no WAL beside it.
  if (sqlite3_exec(target.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return fail(ErrorKind::io, fmt::format("The backup could not be finished: {}", sqlite3_errmsg(target.get())));
  }
  target.reset();
  std::filesystem::rename(temporary, destination, ec);
  if (ec) return fail(ErrorKind::io, fmt::format("Cannot move the backup into place at {}: {}", destination.string(), ec.message()));
  return {};
}

Result<HealthReport> check_database(Database& db) {
  return storage_guard<HealthReport>([&]() -> Result<HealthReport> {
    HealthReport report;
    report.schema_version = db.schema_version();
    {
      Statement& stmt = db.prepare("PRAGMA integrity_check");
      while (stmt.step())
        if (auto line = stmt.get_text(0); line != "ok") report.problems.push_back("integrity: " + line);
      stmt.reset();
    }
    {
      Statement& stmt = db.prepare("PRAGMA foreign_key_check");
      while (stmt.step())
        report.problems.push_back(fmt::format("foreign key: row {} of {} points at a missing {} row",
                                              stmt.get_int(1), stmt.get_text(0), stmt.get_text(2)));
      stmt.reset();
    }
    report.ok = report.problems.empty();
    report.cases = count(db, "SELECT count(*) FROM cases");
    report.open_cases = count(db, "SELECT count(*) FROM cases WHERE closed_at IS NULL");
    report.products = count(db, "SELECT count(*) FROM products");
    report.sale_lines = count(db, "SELECT count(*) FROM sale_lines");
    return report;
  });
}

}  // namespace aftersales
