#pragma once
// Moves a whole store from one database to another, all or nothing: SQLite to PostgreSQL when a
// store outgrows one machine, and back (tests, a store going back to one PC). Both are brought to
// the same schema version when they open; the target must hold no store yet.
#include <map>
#include <string>

#include "core/base/error.h"

namespace aftersales {

class Database;

struct CopyReport {
  std::map<std::string, long long> rows;  // per table, the same on both sides (checked)
};

// Copies every table in one write transaction on the target, ids kept (so codes, tokens, receipt
// links and QR codes keep working), then rebuilds the target's search index and checks the counts
// on both sides. Anything wrong leaves the target as it was.
Result<CopyReport> copy_store(Database& from, Database& to);

}  // namespace aftersales
