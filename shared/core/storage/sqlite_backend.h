#pragma once
// The SQLite backend: one file, WAL mode, foreign keys on, synchronous=FULL, BEGIN IMMEDIATE for
// every write. Only storage code includes this.
#include <filesystem>
#include <memory>

#include "core/storage/database.h"

struct sqlite3;

namespace aftersales {

Result<std::unique_ptr<Connection>> open_sqlite_connection(const std::filesystem::path& path, OpenMode mode);

// The raw handle, for SQLite's online backup; nullptr on another backend.
sqlite3* sqlite_handle(Database& db);
bool sqlite_has_active_statements(Connection& connection);

// What SQLite's result code (and the errno behind an I/O error) means for the person at the counter.
StorageError::Kind sqlite_error_kind(int code, int system_errno);

}  // namespace aftersales
