#include "core/storage/database.h"

#include <fmt/format.h>

#include <chrono>
#include <random>
#include <thread>

#include "core/storage/migrations.h"
#include "core/storage/postgres_backend.h"
#include "core/storage/sqlite_backend.h"

namespace aftersales {
namespace {

thread_local int t_open_transactions = 0;

constexpr int kConflictAttempts = 12;

}  // namespace

bool is_database_uri(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string describe_location(std::string_view location) {
  return is_database_uri(location) ? redact_uri_password(location) : std::string(location);
}

Error storage_error(const StorageError& e) {
  using Kind = StorageError::Kind;
  switch (e.kind()) {
    case Kind::busy: return Error{ErrorKind::storage, "The database is busy. Please try again in a moment."};
    case Kind::conflict:
      return Error{ErrorKind::storage, "Others were changing the same records. Please try again in a moment."};
    case Kind::unavailable:
      return Error{ErrorKind::storage,
                   fmt::format("The database server cannot be reached: {}. What was being saved may not have "
                               "been: check once the network is back, then try again.",
                               e.what())};
    case Kind::disk_full:
      return Error{ErrorKind::storage, "The disk is full: nothing was saved. Free some space and try again."};
    case Kind::read_only: return Error{ErrorKind::storage, "The database is read-only here: nothing was saved."};
    case Kind::disk_failed:
      return Error{ErrorKind::storage,
                   "The disk could not be read or written: nothing was saved. Try again; if it happens again, "
                   "the computer's disk needs checking."};
    case Kind::damaged:
      return Error{ErrorKind::storage,
                   fmt::format("The database file is damaged ({}). Restore the last backup.", e.what())};
    case Kind::not_a_database:
      return Error{ErrorKind::storage, fmt::format("Not an aftersales database: {}", e.what())};
    case Kind::constraint:
    case Kind::other: break;
  }
  return Error{ErrorKind::storage, fmt::format("Database error: {}", e.what())};
}

namespace detail {
bool should_retry(const StorageError& e, int attempt) {
  if (e.kind() != StorageError::Kind::conflict || attempt >= kConflictAttempts) return false;
  // Back off a little, with jitter, so the writers that collided do not collide again.
  thread_local std::minstd_rand jitter{std::random_device{}()};
  int cap = 2 << std::min(attempt, 6);  // 4 ms … 128 ms
  std::this_thread::sleep_for(std::chrono::milliseconds(1 + static_cast<int>(jitter() % static_cast<unsigned>(cap))));
  return true;
}
}  // namespace detail

int open_transactions() {
  return t_open_transactions;
}

// ---- Statement ----

Statement::Statement(PreparedStatement& prepared) : prepared_(&prepared) {
  prepared_->in_use = true;
}

Statement::Statement(Statement&& other) noexcept : prepared_(other.prepared_) {
  other.prepared_ = nullptr;
}

Statement::~Statement() {
  if (!prepared_) return;
  prepared_->reset();
  prepared_->in_use = false;
}

Statement& Statement::bind(int index, std::int64_t value) {
  prepared_->bind_int(index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  prepared_->bind_double(index, value);
  return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
  prepared_->bind_text(index, value);
  return *this;
}
Statement& Statement::bind(int index, std::nullopt_t) {
  prepared_->bind_null(index);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  prepared_->bind_blob(index, bytes);
  return *this;
}

bool Statement::step() {
  return prepared_->step();
}

int Statement::run() {
  while (prepared_->step()) {
  }
  int changed = prepared_->changes();
  prepared_->reset();  // ready to bind and run again (SQLite refuses a bind before a reset)
  return changed;
}

std::int64_t Statement::insert_returning_id() {
  if (!prepared_->step()) throw StorageError(StorageError::Kind::other, "INSERT … RETURNING gave no row");
  std::int64_t id = prepared_->get_int(0);
  while (prepared_->step()) {
  }
  return id;
}

std::optional<std::string> Statement::get_optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return get_text(column);
}

std::optional<std::int64_t> Statement::get_optional_int(int column) const {
  if (is_null(column)) return std::nullopt;
  return get_int(column);
}

int Statement::column(std::string_view name) const {
  int index = prepared_->column_index(name);
  if (index < 0) throw std::logic_error(fmt::format("no column named {} in this query", name));
  return index;
}

// ---- Database ----

Database::Database(std::unique_ptr<Connection> connection, std::filesystem::path path)
    : connection_(std::move(connection)), path_(std::move(path)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() {
  statements_.clear();  // statements go before the connection closes
}

std::string Database::display_name() const {
  return describe_location(path_.native());
}

void Database::exec(std::string_view sql) {
  connection_->exec(sql);
}

Statement Database::prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) it = statements_.emplace(std::string(sql), connection_->prepare(sql)).first;
  if (it->second->in_use)
    throw std::logic_error(fmt::format("the statement \"{}\" is already in use", sql.substr(0, 60)));
  it->second->reset();
  return Statement(*it->second);
}

bool Database::has_active_statements() const {
  for (const auto& [sql, statement] : statements_)
    if (statement->in_use) return true;
  return backend() == Backend::sqlite && sqlite_has_active_statements(*connection_);
}

Result<Database> Database::open(const std::filesystem::path& location, OpenMode mode) {
  bool remote = is_database_uri(location.native());
  auto connection = remote ? open_postgres_connection(location.native(), mode) : open_sqlite_connection(location, mode);
  if (!connection) return std::unexpected(connection.error());
  Database db(std::move(*connection), location);
  std::string where = db.display_name();
  try {
    int version = db.schema_version();
    db.schema_found_ = version;
    int latest = latest_schema_version(db.backend());
    if (version > latest)
      return fail(ErrorKind::storage,
                  fmt::format("The database {} was made by a newer version of aftersales (schema {}, this "
                              "program knows up to {}). Upgrade aftersales on this machine, or restore a "
                              "backup made by this version.",
                              where, version, latest));
    if (version < latest) {
      if (mode == OpenMode::read_only)
        return fail(ErrorKind::storage,
                    fmt::format("The database {} needs an upgrade (schema {} of {}): run `aftersales check` "
                                "or start the back office once to bring it up to date.",
                                where, version, latest));
      auto migrated = migrate(db);
      if (!migrated) return std::unexpected(migrated.error());
      db.upgrade_backup_ = migrated->backup;
    }
  } catch (const StorageError& e) {
    if (e.kind() == StorageError::Kind::not_a_database)
      return fail(ErrorKind::storage, fmt::format("{} is not an aftersales database.", where));
    return std::unexpected(storage_error(e));
  }
  return db;
}

// ---- Bulk loads ----

namespace {

// The plain way, for an engine in the same process: a prepared INSERT, run once a row.
class StatementRowLoader final : public RowLoader {
 public:
  StatementRowLoader(Connection& connection, std::string_view table, const std::vector<std::string>& columns) {
    std::string placeholders;
    for (std::size_t i = 1; i <= columns.size(); ++i) placeholders += fmt::format("{}?{}", i > 1 ? ", " : "", i);
    insert_ = connection.prepare(
        fmt::format("INSERT INTO {} ({}) VALUES ({})", table, fmt::join(columns, ", "), placeholders));
  }
  void add_int(std::int64_t value) override { insert_->bind_int(++column_, value); }
  void add_text(std::string_view value) override { insert_->bind_text(++column_, value); }
  void add_null() override { insert_->bind_null(++column_); }
  void end_row() override {
    column_ = 0;
    try {
      while (insert_->step()) {
      }
    } catch (...) {
      insert_->reset();
      throw;
    }
    insert_->reset();
  }
  void flush() override {}

 private:
  std::unique_ptr<PreparedStatement> insert_;
  int column_ = 0;
};

}  // namespace

std::unique_ptr<RowLoader> Connection::load_rows(std::string_view table, const std::vector<std::string>& columns) {
  return std::make_unique<StatementRowLoader>(*this, table, columns);
}

BulkInsert::BulkInsert(Database& db, std::string_view table, const std::vector<std::string>& columns)
    : loader_(db.connection().load_rows(table, columns)) {}

// ---- Transactions ----

WriteTransaction::WriteTransaction(Database& db, WriteIsolation isolation) : db_(db) {
  db_.connection().begin_write(isolation);
  ++t_open_transactions;
}

WriteTransaction::~WriteTransaction() {
  --t_open_transactions;
  if (open_) db_.connection().rollback();
}

void WriteTransaction::commit() {
  db_.connection().commit();
  open_ = false;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
  db_.connection().begin_read();
  ++t_open_transactions;
}

ReadTransaction::~ReadTransaction() {
  --t_open_transactions;
  try {
    db_.connection().commit();
  } catch (const StorageError&) {
    db_.connection().rollback();
  }
}

}  // namespace aftersales
