#pragma once
// Numbered schema migrations, embedded from assets/migrations/NNNN_*.sql at build time.
// PRAGMA user_version records the last one applied.
#include <vector>

#include "core/error.h"

namespace aftersales {

class Database;

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& all_migrations();
int latest_schema_version();

// Applies the missing migrations, each in its own BEGIN IMMEDIATE transaction, so concurrent
// openers serialise and a failed migration leaves the previous schema as it was.
// `up_to` stops early (tests use it to build databases of earlier versions).
Result<void> migrate(Database& db, int up_to = -1);

}  // namespace aftersales
