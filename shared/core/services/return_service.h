#pragma once
// Checking a return at the kiosk or the counter: the receipt's lines from the sales, what was already
// returned of each, the warranty of a faulty item, and the return policy (core/domain/return_policy.h)
// for the item's category on the store's date.
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/return_policy.h"
#include "core/storage/catalog.h"

namespace aftersales {

class Database;

struct ReturnCheckLine {
  SoldLine line;
  ReturnDecision decision;
};

class ReturnService {
 public:
  ReturnService(Database& db, const Config& config) : db_(db), config_(config) {}

  // The decision for one line of a receipt, chosen by SKU (or serial, for a serialised item).
  Result<ReturnCheckLine> check(std::string_view receipt_number, std::string_view sku_or_serial, int quantity,
                                ReturnReason reason, ItemCondition condition, Instant now);
  // Whether a return needs the customer's phone or e-mail now (return_controls.h, return_needs_contact).
  Result<bool> needs_contact(Instant now);
  // Every line of a receipt, each with the decision for returning all that is left of it.
  Result<std::vector<ReturnCheckLine>> check_receipt(std::string_view receipt_number, ReturnReason reason,
                                                     ItemCondition condition, Instant now);

 private:
  ReturnDecision decide(const SoldLine& line, int quantity, ReturnReason reason, ItemCondition condition, Instant now);
  Database& db_;
  const Config& config_;
};

}  // namespace aftersales
