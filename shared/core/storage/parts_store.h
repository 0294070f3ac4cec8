#pragma once
// Storage of the store's parts list, what repairs used of it and the special orders (schema 20).
// Plain functions over a Database; they throw StorageError and expect the caller to hold the
// transaction it needs. The rules are in core/domain/part.h; CaseService applies them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/part.h"
#include "core/storage/database.h"

namespace aftersales {

std::optional<Part> find_part_by_sku(Database& db, std::string_view sku);
// The parts list by SKU; low_only: those at or below their low mark.
std::vector<Part> list_parts(Database& db, bool low_only);

// Takes `quantity` from the part's stock in one conditional UPDATE: true when it was there, false
// (nothing changed) when the stock is short. Stock never goes below zero, whatever runs beside it.
bool take_from_stock(Database& db, std::int64_t part_id, std::int64_t quantity);
void add_to_stock(Database& db, std::int64_t part_id, std::int64_t quantity);

struct PartUse {
  std::int64_t case_id = 0;
  const Part* part = nullptr;
  std::int64_t quantity = 0;
  Instant at;
  std::string_view actor;
};
// A use; a negative quantity records parts put back on the shelf.
void insert_part_use(Database& db, const PartUse& use);
// How many of the part this case has used, less what it put back.
std::int64_t net_part_used(Database& db, std::int64_t case_id, std::int64_t part_id);
// What each use on this case took (negative: put back), in order (for the case view).
struct UsedPart {
  std::string sku;
  std::string name;
  std::int64_t quantity = 0;
  std::int64_t unit_price_cents = 0;
};
std::vector<UsedPart> load_parts_used(Database& db, std::int64_t case_id);

bool order_reference_taken(Database& db, std::string_view reference);
void insert_part_order(Database& db, const PartOrder& order, std::int64_t part_id, std::string_view actor);
std::optional<PartOrder> find_order_by_reference(Database& db, std::string_view reference);
// The orders of a part still on their way (neither arrived nor cancelled), oldest first.
std::vector<PartOrder> waiting_orders_for_part(Database& db, std::int64_t part_id);
void mark_order_arrived(Database& db, std::int64_t order_id, Instant at);
void mark_order_cancelled(Database& db, std::int64_t order_id, Instant at, std::string_view reason);
// Part of the order arrived: it waits for `still_to_come`.
void reduce_order_to(Database& db, std::int64_t order_id, std::int64_t still_to_come);
// The latest day a part still on its way to this case is expected; nullopt when none is.
std::optional<Date> part_expected_on(Database& db, std::int64_t case_id);
// The latest day any part ordered for this case was expected, arrived or not (cancelled orders
// aside): what its promise was set from (CaseService::order_part).
std::optional<Date> latest_part_expected_on(Database& db, std::int64_t case_id);
// The case's orders, oldest first.
std::vector<PartOrder> load_part_orders(Database& db, std::int64_t case_id);

}  // namespace aftersales
