#pragma once
// The PostgreSQL backend (libpq): for a store on several machines. One connection per Database
// (so one per thread where a server needs several), prepared statements, SERIALIZABLE writes,
// timeouts and TCP keepalives so a dead link is a clear message within seconds, and a new
// connection at the next use after one was lost. Only storage code includes this.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/storage/database.h"

namespace aftersales {

Result<std::unique_ptr<Connection>> open_postgres_connection(const std::string& uri, OpenMode mode);

// The URI with its password (user:password@ or ?password=) replaced by ***, for messages and logs.
std::string redact_uri_password(std::string_view uri);

// A URI taken apart for a tool of PostgreSQL's own (pg_dump): a conninfo string without the
// password, and the password, which goes to the tool's environment instead of its command line.
struct PostgresTarget {
  std::string conninfo;
  std::optional<std::string> password;
};
PostgresTarget postgres_target(const std::string& uri);

// libpq's message on one line: its newlines and tabs folded into spaces.
std::string one_line(const std::string& message);

// ?1, ?2 … (outside quotes) as $1, $2 …: the SQL is written once for both engines.
std::string postgres_placeholders(std::string_view sql);

// What a PostgreSQL SQLSTATE means for the person at the counter.
StorageError::Kind postgres_error_kind(std::string_view sqlstate);

}  // namespace aftersales
