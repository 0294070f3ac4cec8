#pragma once
// The store's parts list as the counter reads it: every part, the low ones, one by SKU, and what a
// repair used and ordered. What changes a repair (using, ordering, receiving a part) is
// CaseService's (case_parts.cpp); the list itself is imported by CSV (csv_import.h).
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/domain/part.h"
#include "core/storage/parts_store.h"

namespace aftersales {

class Database;

class PartsService {
 public:
  explicit PartsService(Database& db) : db_(db) {}
  // By SKU; low_only: the parts at or below their low mark.
  Result<std::vector<Part>> list(bool low_only);
  Result<Part> find(std::string_view sku);
  Result<std::vector<UsedPart>> used_on(std::int64_t case_id);
  Result<std::vector<PartOrder>> orders_for(std::int64_t case_id);

 private:
  Database& db_;
};

}  // namespace aftersales
