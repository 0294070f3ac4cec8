#include "core/storage/maintenance.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "core/storage/database.h"
#include "core/storage/postgres_backend.h"
#include "core/storage/sqlite_backend.h"

namespace aftersales {
namespace {

struct BackupFinisher {
  void operator()(sqlite3_backup* backup) const noexcept { sqlite3_backup_finish(backup); }
};
struct Closer {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

long long count(Database& db, std::string_view sql) {
  Statement stmt = db.prepare(sql);
  stmt.step();
  long long n = stmt.get_int(0);
  return n;
}

// PostgreSQL's own tool makes the copy: pg_dump's custom format, one consistent snapshot while the
// store keeps working; `pg_restore` puts it back.
Result<void> dump_postgres(const Database& db, const std::filesystem::path& temporary) {
  // The password goes to pg_dump in its environment, never on its command line (`ps` shows that).
  PostgresTarget target = postgres_target(db.path().native());
  std::string file = temporary.string();
  const char* argv[] = {"pg_dump",  "--format=custom",       "--no-owner", "--file", file.c_str(),
                        "--dbname", target.conninfo.c_str(), nullptr};
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e)
    if (!std::string_view(*e).starts_with("PGPASSWORD=")) env_text.emplace_back(*e);
  if (target.password) env_text.push_back("PGPASSWORD=" + *target.password);
  std::vector<char*> env;
  for (auto& e : env_text) env.push_back(e.data());
  env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "pg_dump", &actions, nullptr, const_cast<char* const*>(argv), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return fail(ErrorKind::io,
                fmt::format("Cannot run pg_dump ({}): install the postgresql-client package.", std::strerror(rc)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail(ErrorKind::io, fmt::format("pg_dump could not back up {} (see its message above). The database "
                                           "itself is unchanged.",
                                           db.display_name()));
  return {};
}

// Why writing the copy failed, in words that say what to do: a full or read-only disk is where the
// backup goes, not the database.
Error backup_failure(sqlite3* target, int rc, const std::filesystem::path& destination, std::string_view step,
                     int saved_errno) {
  int extended = target ? sqlite3_extended_errcode(target) : rc;
  int system_errno = target ? sqlite3_system_errno(target) : 0;
  std::string where = destination.parent_path().empty() ? std::string(".") : destination.parent_path().string();
  switch (sqlite_error_kind(extended, system_errno != 0 ? system_errno : saved_errno)) {
    case StorageError::Kind::disk_full:
      return Error{ErrorKind::io, fmt::format("The backup failed: the disk where it goes ({}) is full. Free some "
                                              "space there and try again. The database itself is unchanged.",
                                              where)};
    case StorageError::Kind::read_only:
      return Error{ErrorKind::io, fmt::format("The backup failed: where it goes ({}) is read-only. Choose another "
                                              "place. The database itself is unchanged.",
                                              where)};
    default:
      return Error{ErrorKind::io, fmt::format("The backup failed {}: {}. The database itself is unchanged.", step,
                                              target ? sqlite3_errmsg(target) : sqlite3_errstr(rc))};
  }
}

Result<void> copy_sqlite(Database& db, const std::filesystem::path& temporary,
                         const std::filesystem::path& destination) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(temporary.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, Closer> target(raw);
  if (rc != SQLITE_OK) return std::unexpected(backup_failure(raw, rc, destination, "creating its file", errno));
  {
    std::unique_ptr<sqlite3_backup, BackupFinisher> backup(
        sqlite3_backup_init(target.get(), "main", sqlite_handle(db), "main"));
    if (!backup) return std::unexpected(backup_failure(target.get(), SQLITE_ERROR, destination, "starting", errno));
    // One step copies everything under one read snapshot, so the copy is consistent; in WAL mode
    // writers carry on meanwhile.
    rc = sqlite3_backup_step(backup.get(), -1);
    if (rc != SQLITE_DONE) {
      int step_errno = errno;
      backup.reset();  // finishing it is what puts the step's error on the target connection
      Error failure = backup_failure(target.get(), rc, destination, "copying", step_errno);
      target.reset();
      return std::unexpected(failure);
    }
  }
  // The copy is a self-contained file: no WAL beside it.
  rc = sqlite3_exec(target.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(backup_failure(target.get(), rc, destination, "finishing", errno));
  return {};
}

}  // namespace

Result<void> backup_database(Database& db, const std::filesystem::path& destination) {
  std::filesystem::path temporary = destination;
  temporary += ".partial";
  std::error_code ec;
  if (destination.has_parent_path()) std::filesystem::create_directories(destination.parent_path(), ec);
  // Whatever goes wrong, no half-made copy (nor its journal) stays behind to be taken for a backup.
  auto remove_partial = [&] {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::filesystem::path file = temporary;
      file += suffix;
      std::filesystem::remove(file, ec);
    }
  };
  struct Cleanup {
    std::function<void()> run;
    bool done = false;
    ~Cleanup() {
      if (!done) run();
    }
  } cleanup{remove_partial};
  remove_partial();

  auto copied =
      db.backend() == Backend::postgresql ? dump_postgres(db, temporary) : copy_sqlite(db, temporary, destination);
  if (!copied) return copied;
  std::filesystem::rename(temporary, destination, ec);
  cleanup.done = !ec;
  if (ec)
    return fail(ErrorKind::io,
                fmt::format("Cannot move the backup into place at {}: {}", destination.string(), ec.message()));
  return {};
}

Result<RotatedBackup> rotate_backup(Database& db, const std::filesystem::path& folder, int keep, Instant now) {
  std::string stamp = format_instant(now);  // 2026-03-01T09:30:00Z -> 20260301-093000
  std::erase_if(stamp, [](char c) { return c == '-' || c == ':' || c == 'Z'; });
  std::ranges::replace(stamp, 'T', '-');
  RotatedBackup result;
  result.written = folder / fmt::format("aftersales-{}.db", stamp);
  if (auto saved = backup_database(db, result.written); !saved) return std::unexpected(saved.error());
  std::vector<std::filesystem::path> nightly;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    std::string name = entry.path().filename().string();
    // aftersales-20260301-093000.db: 11 + 15 + 3 characters, digits where the date is.
    bool ours =
        name.size() == 29 && name.starts_with("aftersales-") && name.ends_with(".db") &&
        std::all_of(name.begin() + 11, name.begin() + 19, [](unsigned char c) { return std::isdigit(c) != 0; }) &&
        name[19] == '-';
    if (ours) nightly.push_back(entry.path());
  }
  std::ranges::sort(nightly);  // the names sort by time
  for (std::size_t i = 0; i + static_cast<std::size_t>(std::max(keep, 1)) < nightly.size(); ++i) {
    if (std::filesystem::remove(nightly[i], ec)) result.removed.push_back(nightly[i]);
  }
  return result;
}

Result<HealthReport> check_database(Database& db) {
  return storage_guard<HealthReport>([&]() -> Result<HealthReport> {
    HealthReport report;
    report.schema_version = db.schema_version();
    if (db.backend() == Backend::sqlite) {  // PostgreSQL checks pages and keys as it goes
      Statement integrity = db.prepare("PRAGMA integrity_check");
      while (integrity.step())
        if (auto line = integrity.get_text(0); line != "ok") report.problems.push_back("integrity: " + line);
      Statement stmt = db.prepare("PRAGMA foreign_key_check");
      while (stmt.step())
        report.problems.push_back(fmt::format("foreign key: row {} of {} points at a missing {} row", stmt.get_int(1),
                                              stmt.get_text(0), stmt.get_text(2)));
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
