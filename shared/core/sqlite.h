#pragma once
// Thin RAII layer over the SQLite C API: Database owns the connection, Statement a prepared
// statement, WriteTransaction a BEGIN IMMEDIATE ... COMMIT that rolls back unless committed.
// Unexpected SQLite failures throw SqliteError; services turn that into an Error at their boundary
// (see storage_guard), so callers always get a Result.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace aftersales {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what, int system_errno = 0)
      : std::runtime_error(what), code_(code), system_errno_(system_errno) {}
  int code() const { return code_; }
  // The operating system's errno behind an I/O or open failure (ENOSPC, EROFS…), 0 when none.
  int system_errno() const { return system_errno_; }
  bool is_busy() const;

 private:
  int code_;
  int system_errno_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  // Parameters are 1-based, as in SQL (?1, ?2, ...). Text is bound without a copy, so it must
  // outlive the step: binding a temporary std::string is refused at compile time.
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
  // Arguments are forwarded, so a temporary string reaches the deleted overloads above and fails
  // to compile instead of dangling by the time the statement runs.
  template <class... Args>
  Statement& bind_all(Args&&... args) {
    int index = 0;
    (bind(++index, std::forward<Args>(args)), ...);
    return *this;
  }

  bool step();   // true while a row is available
  void run();    // step to completion, for statements that return no rows
  void reset();  // also clears bindings

  bool is_null(int column) const;
  std::int64_t get_int(int column) const;
  double get_double(int column) const;
  std::string get_text(int column) const;
  std::optional<std::string> get_optional_text(int column) const;
  std::optional<std::int64_t> get_optional_int(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept;
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

enum class OpenMode { read_write_create, read_write, read_only };

class Database {
 public:
  // Opens (or creates) the file, applies the connection settings and brings the schema up to date.
  // Fails with a clear message for a database made by a newer version of aftersales.
  static Result<Database> open(const std::filesystem::path& path, OpenMode mode = OpenMode::read_write_create);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  sqlite3* handle() const { return db_.get(); }
  const std::filesystem::path& path() const { return path_; }
  void exec(std::string_view sql);
  // A cached prepared statement, reset and ready to bind. Valid until the Database is destroyed;
  // do not hold two uses of the same SQL at once.
  Statement& prepare(std::string_view sql);
  std::int64_t last_insert_id() const;
  int changes() const;  // rows changed by the last INSERT, UPDATE or DELETE
  int schema_version();
  // True while some statement is stepped but not reset: it would pin an old read snapshot, so a
  // long-running app would stop seeing other processes' writes. Tests assert this stays false.
  bool has_active_statements() const;
  // What opening did to the schema: the version it found, and the copy taken before upgrading it.
  int schema_found() const { return schema_found_; }
  const std::optional<std::filesystem::path>& upgrade_backup() const { return upgrade_backup_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept;
  };
  Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path path);

  std::unique_ptr<sqlite3, Closer> db_;
  std::filesystem::path path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  int schema_found_ = 0;
  std::optional<std::filesystem::path> upgrade_backup_;
};

// BEGIN IMMEDIATE takes the write lock up front, so two processes never deadlock trying to upgrade
// a read lock. Rolls back in the destructor unless commit() was called.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db);
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

// Runs body and turns a SqliteError into a storage Error with a message a clerk can act on.
template <class T>
Result<T> storage_guard(const std::function<Result<T>()>& body);
Error storage_error(const SqliteError& e);

template <class T>
Result<T> storage_guard(const std::function<Result<T>()>& body) {
  try {
    return body();
  } catch (const SqliteError& e) {
    return std::unexpected(storage_error(e));
  }
}

}  // namespace aftersales
