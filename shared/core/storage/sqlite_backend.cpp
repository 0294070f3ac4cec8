#include "core/storage/sqlite_backend.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace aftersales {

StorageError::Kind sqlite_error_kind(int code, int system_errno) {
  using Kind = StorageError::Kind;
  int primary = code & 0xff;
  // A full disk or a read-only remount often reaches SQLite as an I/O or open error (the -shm
  // file cannot grow, the journal cannot be made): the errno says which.
  bool io = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Kind::busy;
  // Growing the -shm file failed: SQLite keeps no errno for it, and it is a lack of space.
  if (code == SQLITE_IOERR_SHMSIZE && system_errno != EROFS) return Kind::disk_full;
  if (primary == SQLITE_FULL || (io && (system_errno == ENOSPC || system_errno == EDQUOT))) return Kind::disk_full;
  if (primary == SQLITE_READONLY || (io && system_errno == EROFS)) return Kind::read_only;
  if (primary == SQLITE_CORRUPT) return Kind::damaged;
  if (primary == SQLITE_IOERR) return Kind::disk_failed;
  if (primary == SQLITE_NOTADB) return Kind::not_a_database;
  if (primary == SQLITE_CONSTRAINT) return Kind::constraint;
  return Kind::other;
}

namespace {

constexpr int kBusyTimeoutMs = 10000;

// What failed, from the connection's extended code and the errno SQLite kept; where it kept none
// (not every VFS path does), the errno the failing call left behind (read before anything else).
StorageError::Kind failure_kind(sqlite3* db, int code, int errno_after) {
  int extended = db ? sqlite3_extended_errcode(db) : code;
  int system_errno = db ? sqlite3_system_errno(db) : 0;
  return sqlite_error_kind(extended, system_errno != 0 ? system_errno : errno_after);
}

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context) {
  int errno_after = errno;
  const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw StorageError(failure_kind(db, code, errno_after), fmt::format("{}: {}", context, detail));
}

class SqliteStatement final : public PreparedStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) throw_error(db, rc, fmt::format("preparing \"{}\"", sql.substr(0, 60)));
  }

  void bind_int(int index, std::int64_t value) override { check(sqlite3_bind_int64(stmt_.get(), index, value)); }
  void bind_double(int index, double value) override { check(sqlite3_bind_double(stmt_.get(), index, value)); }
  void bind_text(int index, std::string_view value) override {
    check(sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC));
  }
  void bind_null(int index) override { check(sqlite3_bind_null(stmt_.get(), index)); }
  void bind_blob(int index, std::string_view bytes) override {
    check(sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_STATIC));
  }

  bool step() override {
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db_);
      return false;
    }
    int errno_after = errno;  // before sqlite3_reset, which may change what the connection reports
    StorageError::Kind kind = failure_kind(db_, rc, errno_after);
    std::string detail = sqlite3_errmsg(db_);
    std::string sql = sqlite3_sql(stmt_.get());
    sqlite3_reset(stmt_.get());
    throw StorageError(kind, fmt::format("running \"{}\": {}", sql.substr(0, 60), detail));
  }
  int changes() const override { return changes_; }
  void reset() override {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
    changes_ = 0;
  }

  int column_index(std::string_view name) const override {
    int n = sqlite3_column_count(stmt_.get());
    for (int i = 0; i < n; ++i)
      if (name == sqlite3_column_name(stmt_.get(), i)) return i;
    return -1;
  }
  bool is_null(int column) const override { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }
  std::int64_t get_int(int column) const override { return sqlite3_column_int64(stmt_.get(), column); }
  double get_double(int column) const override { return sqlite3_column_double(stmt_.get(), column); }
  std::string get_text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
    if (!text) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)));
  }
  std::string get_blob(int column) const override {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), column));
    if (!bytes) return {};
    return std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)));
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
  }
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  int changes_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* handle() const { return db_.get(); }
  Backend backend() const override { return Backend::sqlite; }

  void exec(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      int errno_after = errno;
      std::string detail = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      throw StorageError(failure_kind(db_.get(), rc, errno_after), detail);
    }
  }
  std::unique_ptr<PreparedStatement> prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(db_.get(), sql);
  }
  void begin_write(WriteIsolation) override { exec("BEGIN IMMEDIATE"); }  // one writer at a time keeps every rule
  void begin_read() override { exec("BEGIN DEFERRED"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override {
    if (sqlite3_get_autocommit(db_.get())) return;  // SQLite already rolled back (e.g. after an I/O error)
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  int schema_version() override { return static_cast<int>(single_int("PRAGMA user_version")); }
  void set_schema_version(int version) override { exec(fmt::format("PRAGMA user_version = {}", version)); }
  void lock_schema() override {}  // BEGIN IMMEDIATE already holds the only write lock
  std::int64_t data_version() override { return single_int("PRAGMA data_version"); }

 private:
  std::int64_t single_int(const char* sql) {
    SqliteStatement stmt(db_.get(), sql);
    return stmt.step() ? stmt.get_int(0) : -1;
  }
  struct Closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

// Switching to WAL needs a moment of exclusive access; when several processes create the database
// at the same time one of them may briefly see SQLITE_BUSY here, which the busy handler does not
// cover, so retry for a while.
void enable_wal(Connection& db) {
  for (int attempt = 0;; ++attempt) {
    try {
      db.exec("PRAGMA journal_mode=WAL");
      return;
    } catch (const StorageError& e) {
      if (!e.is_busy() || attempt > 200) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
}

}  // namespace

sqlite3* sqlite_handle(Database& db) {
  auto* sqlite = dynamic_cast<SqliteConnection*>(&db.connection());
  return sqlite ? sqlite->handle() : nullptr;
}

bool sqlite_has_active_statements(Connection& connection) {
  auto* sqlite = dynamic_cast<SqliteConnection*>(&connection);
  if (!sqlite) return false;
  sqlite3* db = sqlite->handle();
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(db, nullptr); stmt; stmt = sqlite3_next_stmt(db, stmt))
    if (sqlite3_stmt_busy(stmt)) return true;
  return false;
}

Result<std::unique_ptr<Connection>> open_sqlite_connection(const std::filesystem::path& path, OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode) {
    case OpenMode::read_write_create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::read_write: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::read_only: flags |= SQLITE_OPEN_READONLY; break;
  }
  if (mode == OpenMode::read_write_create && path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
      return fail(ErrorKind::io, fmt::format("Cannot create the folder {} for the database: {}",
                                             path.parent_path().string(), ec.message()));
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  auto connection = std::make_unique<SqliteConnection>(raw);
  if (rc != SQLITE_OK) {
    std::string detail = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return fail(ErrorKind::storage, fmt::format("Cannot open the database {}: {}", path.string(), detail));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  try {
    connection->exec("PRAGMA foreign_keys=ON");
    if (mode != OpenMode::read_only) {
      enable_wal(*connection);
      // A printed receipt must never point at a case that a power cut erased.
      connection->exec("PRAGMA synchronous=FULL");
    }
  } catch (const StorageError& e) {
    if (e.kind() == StorageError::Kind::not_a_database)
      return fail(ErrorKind::storage, fmt::format("{} is not an aftersales database.", path.string()));
    return std::unexpected(storage_error(e));
  }
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace aftersales
