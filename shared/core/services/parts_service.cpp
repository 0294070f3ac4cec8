#include "core/services/parts_service.h"

#include <fmt/format.h>

#include "core/base/text.h"
#include "core/storage/database.h"

namespace aftersales {

Result<std::vector<Part>> PartsService::list(bool low_only) {
  return storage_guard<std::vector<Part>>([&]() -> Result<std::vector<Part>> { return list_parts(db_, low_only); });
}

Result<Part> PartsService::find(std::string_view sku) {
  std::string wanted = trim(sku);
  return storage_guard<Part>([&]() -> Result<Part> {
    if (auto part = find_part_by_sku(db_, wanted)) return *part;
    return fail(
        ErrorKind::not_found,
        fmt::format("There is no part {} in the parts list. Check the SKU, or import it with `parts import`.", wanted),
        "sku");
  });
}

Result<std::vector<UsedPart>> PartsService::used_on(std::int64_t case_id) {
  return storage_guard<std::vector<UsedPart>>(
      [&]() -> Result<std::vector<UsedPart>> { return load_parts_used(db_, case_id); });
}

Result<std::vector<PartOrder>> PartsService::orders_for(std::int64_t case_id) {
  return storage_guard<std::vector<PartOrder>>(
      [&]() -> Result<std::vector<PartOrder>> { return load_part_orders(db_, case_id); });
}

}  // namespace aftersales
