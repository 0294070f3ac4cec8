#include "core/sqlite.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "core/migrations.h"

namespace aftersales {
namespace {

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context) {
  const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw SqliteError(code, fmt::format("{}: {}", context, detail), db ? sqlite3_system_errno(db) : 0);
}

constexpr int kBusyTimeoutMs = 10000;

}  // namespace

bool SqliteError::is_busy() const {
  int primary = code_ & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

Error storage_error(const SqliteError& e) {
  if (e.is_busy()) return Error{ErrorKind::storage, "The database is busy. Please try again in a moment."};
  int primary = e.code() & 0xff;
  // A full disk or a read-only remount often reaches SQLite as an I/O or open error (the -shm
  // file cannot grow, the journal cannot be made): the errno says which.
  bool io = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
  if (primary == SQLITE_FULL || (io && (e.system_errno() == ENOSPC || e.system_errno() == EDQUOT)))
    return Error{ErrorKind::storage, "The disk is full: nothing was saved. Free some space and try again."};
  if (primary == SQLITE_READONLY || (io && e.system_errno() == EROFS))
    return Error{ErrorKind::storage, "The database is read-only here: nothing was saved."};
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    return Error{ErrorKind::storage,
                 fmt::format("The database file is damaged ({}). Restore the last backup.", e.what())};
  return Error{ErrorKind::storage, fmt::format("Database error: {}", e.what())};
}

// ---- Statement ----

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
  sqlite3_finalize(stmt);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) throw_error(db, rc, fmt::format("preparing \"{}\"", sql.substr(0, 60)));
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_.get(), index, value); rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (int rc = sqlite3_bind_double(stmt_.get(), index, value); rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  int rc = sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  if (int rc = sqlite3_bind_null(stmt_.get(), index); rc != SQLITE_OK) throw_error(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_.get());
  sqlite3_reset(stmt_.get());
  throw_error(db_, rc, fmt::format("running \"{}\"", sql.substr(0, 60)));
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}
std::int64_t Statement::get_int(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}
double Statement::get_double(int column) const {
  return sqlite3_column_double(stmt_.get(), column);
}

std::string Statement::get_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  if (!text) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)));
}

std::optional<std::string> Statement::get_optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return get_text(column);
}

std::optional<std::int64_t> Statement::get_optional_int(int column) const {
  if (is_null(column)) return std::nullopt;
  return get_int(column);
}

// ---- Database ----

void Database::Closer::operator()(sqlite3* db) const noexcept {
  sqlite3_close_v2(db);
}

Database::Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path path)
    : db_(std::move(db)), path_(std::move(path)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() {
  statements_.clear();  // statements must be finalized before the connection closes
}

void Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw SqliteError(rc, detail, sqlite3_system_errno(db_.get()));
  }
}

Statement& Database::prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end())
    it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_.get(), sql)).first;
  it->second->reset();
  return *it->second;
}

std::int64_t Database::last_insert_id() const {
  return sqlite3_last_insert_rowid(db_.get());
}

bool Database::has_active_statements() const {
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(db_.get(), nullptr); stmt; stmt = sqlite3_next_stmt(db_.get(), stmt))
    if (sqlite3_stmt_busy(stmt)) return true;
  return false;
}

int Database::changes() const {
  return sqlite3_changes(db_.get());
}

int Database::schema_version() {
  Statement& stmt = prepare("PRAGMA user_version");
  stmt.step();
  auto version = static_cast<int>(stmt.get_int(0));
  stmt.reset();
  return version;
}

namespace {

// Switching to WAL needs a moment of exclusive access; when several processes create the database
// at the same time one of them may briefly see SQLITE_BUSY here, which the busy handler does not
// cover, so retry for a while.
void enable_wal(Database& db) {
  for (int attempt = 0;; ++attempt) {
    try {
      db.exec("PRAGMA journal_mode=WAL");
      return;
    } catch (const SqliteError& e) {
      if (!e.is_busy() || attempt > 200) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& path, OpenMode mode) {
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
  std::unique_ptr<sqlite3, Closer> handle(raw);
  if (rc != SQLITE_OK) {
    std::string detail = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return fail(ErrorKind::storage, fmt::format("Cannot open the database {}: {}", path.string(), detail));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  Database db(std::move(handle), path);
  try {
    db.exec("PRAGMA foreign_keys=ON");
    if (mode != OpenMode::read_only) {
      enable_wal(db);
      // A printed receipt must never point at a case that a power cut erased.
      db.exec("PRAGMA synchronous=FULL");
    }
    int version = db.schema_version();
    db.schema_found_ = version;
    int latest = latest_schema_version();
    if (version > latest)
      return fail(ErrorKind::storage,
                  fmt::format("The database {} was made by a newer version of aftersales (schema {}, this "
                              "program knows up to {}). Upgrade aftersales on this machine, or restore a "
                              "backup made by this version.",
                              path.string(), version, latest));
    if (version < latest) {
      if (mode == OpenMode::read_only)
        return fail(ErrorKind::storage,
                    fmt::format("The database {} needs an upgrade (schema {} of {}): run `aftersales check` "
                                "or start the back office once to bring it up to date.",
                                path.string(), version, latest));
      auto migrated = migrate(db);
      if (!migrated) return std::unexpected(migrated.error());
      db.upgrade_backup_ = migrated->backup;
    }
  } catch (const SqliteError& e) {
    if ((e.code() & 0xff) == SQLITE_NOTADB)
      return fail(ErrorKind::storage, fmt::format("{} is not an aftersales database.", path.string()));
    return std::unexpected(storage_error(e));
  }
  return db;
}

// ---- Transactions ----

WriteTransaction::WriteTransaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (const SqliteError&) {
    // SQLite already rolled back (e.g. after an I/O error); nothing else can be done here.
  }
}

void WriteTransaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
  db_.exec("BEGIN DEFERRED");
}

ReadTransaction::~ReadTransaction() {
  try {
    db_.exec("COMMIT");
  } catch (const SqliteError&) {
  }
}

}  // namespace aftersales
