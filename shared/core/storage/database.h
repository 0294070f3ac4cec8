#pragma once
// The storage seam. Services talk to Database, Statement and the two transactions; behind them is
// one of two backends: SQLite (a file path: one machine, zero set-up) or PostgreSQL through libpq
// (a postgresql:// URI: several machines). No backend type or error code is visible above this.
//
// SQL is written once with ?1, ?2, ... placeholders in the subset both engines take (RETURNING,
// ON CONFLICT, IS DISTINCT FROM); where they differ, code asks db.backend(). Unexpected failures
// throw StorageError; services turn it into an Error at their boundary (storage_guard), which also
// runs the body again when PostgreSQL reports a serialization conflict.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/error.h"

namespace aftersales {

enum class Backend { sqlite, postgresql };

// True for a libpq connection URI (postgresql://… or postgres://…), false for a file path.
bool is_database_uri(std::string_view location);
// Where the database is, fit for a message or a log: a URI without its password.
std::string describe_location(std::string_view location);

class StorageError : public std::runtime_error {
 public:
  enum class Kind {
    busy,            // another writer holds the lock: try again in a moment
    conflict,        // a concurrent transaction changed what this one read: run it again
    unavailable,     // the server cannot be reached, or did not answer in time
    constraint,      // a UNIQUE, CHECK or foreign key refused the row
    disk_full,       // nothing was saved
    read_only,       // the database may not be written here
    disk_failed,     // the disk refused a read or write (EIO): nothing was saved
    damaged,         // the file is corrupt
    not_a_database,  // the file is something else
    other,
  };
  StorageError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }
  bool is_busy() const { return kind_ == Kind::busy; }

 private:
  Kind kind_;
};

// The message a clerk can act on, for an error the storage reported.
Error storage_error(const StorageError& e);

// A backend's prepared statement. Database caches one per SQL text; Statement hands it out.
class PreparedStatement {
 public:
  virtual ~PreparedStatement() = default;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
  virtual void bind_blob(int index, std::string_view bytes) = 0;  // BLOB on SQLite, bytea on PostgreSQL
  virtual bool step() = 0;
  virtual int changes() const = 0;                            // rows changed by the statement once it ran to completion
  virtual void reset() = 0;                                   // also clears bindings
  virtual int column_index(std::string_view name) const = 0;  // -1 when no column has that name
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t get_int(int column) const = 0;
  virtual double get_double(int column) const = 0;
  virtual std::string get_text(int column) const = 0;
  virtual std::string get_blob(int column) const = 0;
  bool in_use = false;
};

// A prepared statement in use: it resets itself (bindings, cursor) when it goes out of scope, so a
// statement stepped but not finished never pins an old snapshot. Columns are read by position or
// by name.
class Statement {
 public:
  explicit Statement(PreparedStatement& prepared);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQL (?1, ?2, ...). Text is bound without a copy (SQLite), so it
  // must outlive the step: binding a temporary std::string is refused at compile time.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::string&&) = delete;
  Statement& bind(int index, std::nullopt_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  Statement& bind(int index, std::optional<std::string>&&) = delete;
  // Bytes (a picture), kept as they are: a BLOB on SQLite, bytea on PostgreSQL. Not copied on
  // SQLite either, so the bytes must outlive the step.
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_blob(int index, std::string&&) = delete;
  // Arguments are forwarded, so a temporary string reaches the deleted overloads above and fails
  // to compile instead of dangling by the time the statement runs.
  template <class... Args>
  Statement& bind_all(Args&&... args) {
    int index = 0;
    (bind(++index, std::forward<Args>(args)), ...);
    return *this;
  }

  bool step();  // true while a row is available
  int run();    // steps to completion and resets, ready to bind again; the number of rows changed
  // For an INSERT … RETURNING id: runs it and gives the new row's id.
  std::int64_t insert_returning_id();

  bool is_null(int column) const { return prepared_->is_null(column); }
  std::int64_t get_int(int column) const { return prepared_->get_int(column); }
  double get_double(int column) const { return prepared_->get_double(column); }
  std::string get_text(int column) const { return prepared_->get_text(column); }
  std::string get_blob(int column) const { return prepared_->get_blob(column); }
  std::optional<std::string> get_optional_text(int column) const;
  std::optional<std::int64_t> get_optional_int(int column) const;

  // By column name (the SELECT's name or alias); an unknown name is a programming error and throws.
  int column(std::string_view name) const;
  bool is_null(std::string_view name) const { return is_null(column(name)); }
  std::int64_t integer(std::string_view name) const { return get_int(column(name)); }
  double real(std::string_view name) const { return get_double(column(name)); }
  std::string text(std::string_view name) const { return get_text(column(name)); }
  std::optional<std::string> optional_text(std::string_view name) const { return get_optional_text(column(name)); }
  std::optional<std::int64_t> optional_integer(std::string_view name) const { return get_optional_int(column(name)); }

 private:
  PreparedStatement* prepared_;
};

// A backend's bulk load into one table (BulkInsert below): a row's values in column order, then
// end_row(); after flush() every row added so far is in the table.
class RowLoader {
 public:
  virtual ~RowLoader() = default;
  virtual void add_int(std::int64_t value) = 0;
  virtual void add_text(std::string_view value) = 0;  // the text need live only until end_row()
  virtual void add_null() = 0;
  virtual void end_row() = 0;
  virtual void flush() = 0;
};

enum class OpenMode { read_write_create, read_write, read_only };

// What keeps a write transaction's rules when several writers run at once.
enum class WriteIsolation {
  // Every rule that reads, then writes holds as if the writers had run one after another: SQLite's
  // BEGIN IMMEDIATE (one writer at a time); PostgreSQL's SERIALIZABLE (a conflict is run again by
  // storage_guard). What every write uses unless it says otherwise.
  serializable,
  // The transaction keeps its rule itself, with the row locks it takes (SELECT … FOR UPDATE SKIP
  // LOCKED) and UPDATEs whose WHERE checks again what they decided on: PostgreSQL's READ COMMITTED,
  // where several workers taking rows from a queue each get different rows and nothing to retry.
  // SQLite: BEGIN IMMEDIATE, as always.
  row_locks,
};

// A backend's connection.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;
  virtual void exec(std::string_view sql) = 0;  // one or more statements, no parameters, no rows
  virtual std::unique_ptr<PreparedStatement> prepare(std::string_view sql) = 0;
  virtual void begin_write(WriteIsolation isolation) = 0;
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  virtual int schema_version() = 0;
  virtual void set_schema_version(int version) = 0;  // inside a write transaction
  // Held until the end of the write transaction: the one migrating the schema waits for no one.
  virtual void lock_schema() = 0;
  // Changes whenever another connection commits (the status server's page cache keys on it).
  virtual std::int64_t data_version() = 0;
  // Rows into `table`: by default a prepared INSERT a row (in process, as SQLite is, that costs
  // little); a server engine sends them in batches instead.
  virtual std::unique_ptr<RowLoader> load_rows(std::string_view table, const std::vector<std::string>& columns);
};

class Database {
 public:
  // Opens (or creates) the database at `location` (a file path or a postgresql:// URI), applies
  // the connection settings and brings the schema up to date. Fails with a clear message for a
  // database made by a newer version of aftersales.
  static Result<Database> open(const std::filesystem::path& location, OpenMode mode = OpenMode::read_write_create);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  Backend backend() const { return connection_->backend(); }
  Connection& connection() { return *connection_; }
  // The file path, or the URI (as given; it may hold a password, so never log it).
  const std::filesystem::path& path() const { return path_; }
  // Where the database is, fit for a message or a log: a URI without its password.
  std::string display_name() const;
  void exec(std::string_view sql);
  // A cached prepared statement, ready to bind; it resets when the returned Statement goes.
  // Using the same SQL twice at once is a programming error and throws.
  Statement prepare(std::string_view sql);
  int schema_version() { return connection_->schema_version(); }
  std::int64_t data_version() { return connection_->data_version(); }
  // True while some statement is stepped but not reset: it would pin an old read snapshot, so a
  // long-running app would stop seeing other processes' writes. Tests assert this stays false.
  bool has_active_statements() const;
  // What opening did to the schema: the version it found, and the copy taken before upgrading it.
  int schema_found() const { return schema_found_; }
  const std::optional<std::filesystem::path>& upgrade_backup() const { return upgrade_backup_; }

 private:
  Database(std::unique_ptr<Connection> connection, std::filesystem::path path);

  std::unique_ptr<Connection> connection_;
  std::filesystem::path path_;
  std::unordered_map<std::string, std::unique_ptr<PreparedStatement>> statements_;
  int schema_found_ = 0;
  std::optional<std::filesystem::path> upgrade_backup_;
};

// Many rows into one table, as fast as the engine takes them: on PostgreSQL COPY … FROM STDIN in
// batches of a few megabytes, instead of a round trip a row; on SQLite a prepared INSERT a row.
// Used inside a write transaction, typically to fill a TEMP table that an INSERT … SELECT then
// merges. The rows are in the table after flush() (on PostgreSQL some may arrive earlier, a batch
// at a time); other statements may run between rows. A row the table refuses fails the flush or
// the row that sent its batch, so the transaction must then roll back.
class BulkInsert {
 public:
  BulkInsert(Database& db, std::string_view table, const std::vector<std::string>& columns);
  // One row, a value per column in order: integers, text, std::nullopt or an optional of either.
  template <class... Args>
  void row(const Args&... values) {
    (add(values), ...);
    loader_->end_row();
  }
  void flush() { loader_->flush(); }

 private:
  void add(std::int64_t value) { loader_->add_int(value); }
  void add(int value) { loader_->add_int(value); }
  void add(bool value) { loader_->add_int(value ? 1 : 0); }
  void add(std::string_view value) { loader_->add_text(value); }
  void add(const std::string& value) { loader_->add_text(value); }
  void add(const char* value) { loader_->add_text(value); }
  void add(std::nullopt_t) { loader_->add_null(); }
  template <class T>
  void add(const std::optional<T>& value) {
    if (value)
      add(*value);
    else
      loader_->add_null();
  }

  std::unique_ptr<RowLoader> loader_;
};

// A write transaction: on SQLite BEGIN IMMEDIATE (the write lock up front, so two processes never
// deadlock upgrading a read lock); on PostgreSQL SERIALIZABLE, so every rule that reads before it
// writes (the last manager, the quantity left to return, a serial in use) holds as if the writers
// ran one after another; a conflict throws StorageError::Kind::conflict and storage_guard runs the
// whole body again. Rolls back in the destructor unless commit() was called. A short transaction
// that locks the rows it works on itself may ask for WriteIsolation::row_locks instead.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db, WriteIsolation isolation = WriteIsolation::serializable);
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction();
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

// A read transaction: every query inside it sees the same snapshot.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db);
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction();

 private:
  Database& db_;
};

// How many transactions this thread has open: storage_guard runs a body again only at the outermost
// level, where the conflicting transaction has been rolled back whole.
int open_transactions();

// Runs body and turns a StorageError into an Error with a message a clerk can act on. A
// serialization conflict (PostgreSQL) runs the body again, a few times, when no transaction is open
// around it. A lost link is not retried here (a COMMIT whose answer was lost may have landed); the
// connection reconnects at its next use.
template <class T>
Result<T> storage_guard(const std::function<Result<T>()>& body);

namespace detail {
bool should_retry(const StorageError& e, int attempt);
}

template <class T>
Result<T> storage_guard(const std::function<Result<T>()>& body) {
  for (int attempt = 1;; ++attempt) {
    try {
      return body();
    } catch (const StorageError& e) {
      if (open_transactions() > 0 && e.kind() == StorageError::Kind::conflict) throw;  // the outer one retries
      if (!detail::should_retry(e, attempt)) return std::unexpected(storage_error(e));
    }
  }
}

}  // namespace aftersales
