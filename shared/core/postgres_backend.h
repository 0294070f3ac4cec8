#pragma once
// The PostgreSQL backend (libpq): for a store on several machines. One connection per Database
// (so one per thread where a server needs several), prepared statements, SERIALIZABLE writes,
// timeouts and TCP keepalives so a dead link is a clear message within seconds, and a new
// connection at the next use after one was lost. Only storage code includes this.
#include <memory>
#include <string>
#include <string_view>

#include "core/database.h"

namespace aftersales {

Result<std::unique_ptr<Connection>> open_postgres_connection(const std::string& uri, OpenMode mode);

// The URI with its password (user:password@ or ?password=) replaced by ***, for messages and logs.
std::string redact_uri_password(std::string_view uri);

// ?1, ?2 … (outside quotes) as $1, $2 …: the SQL is written once for both engines.
std::string postgres_placeholders(std::string_view sql);

// What a PostgreSQL SQLSTATE means for the person at the counter.
StorageError::Kind postgres_error_kind(std::string_view sqlstate);

}  // namespace aftersales
