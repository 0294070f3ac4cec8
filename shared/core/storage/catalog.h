#pragma once
// What the store sells and sold: products, protection plans, and the lines of past sales.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"

namespace aftersales {

struct Product {
  std::int64_t id = 0;
  std::string sku;
  std::string name;
  std::string brand;
  std::string category;
  int warranty_months = 0;
  bool warranty_lifetime = false;
  std::optional<int> return_days;  // empty: the category's window
  bool returnable = true;

  std::string display_name() const { return brand.empty() ? name : brand + " " + name; }
};

struct ProtectionPlan {
  std::int64_t id = 0;
  std::string sku;
  std::string name;
  int months = 0;
  bool lifetime = false;
  std::string covers;
};

struct SoldLine {
  std::int64_t sale_line_id = 0;
  std::string receipt_number;
  int line_no = 0;
  Instant sold_at;
  Product product;
  std::optional<std::string> serial;
  int quantity = 0;
  std::int64_t price_cents = 0;
  std::optional<ProtectionPlan> plan;
  std::string store;  // where it was sold, as the point of sale named the store ("" when it did not)
};

// Serials are compared trimmed and in upper case: scanners and people differ in both.
std::string normalize_serial(std::string_view serial);

}  // namespace aftersales

namespace aftersales {

class Database;

// Storage queries over the catalog and sales. They throw StorageError; services guard them.
std::optional<SoldLine> find_sold_line_by_serial(Database& db, std::string_view normalized_serial);
std::optional<SoldLine> find_sold_line(Database& db, std::int64_t sale_line_id);
std::vector<SoldLine> find_receipt_lines(Database& db, std::string_view receipt_number);
std::optional<Product> find_product_by_sku(Database& db, std::string_view sku);
// Units of a sale line already returned or on their way back (open or completed return cases).
int quantity_already_returned(Database& db, std::int64_t sale_line_id);

}  // namespace aftersales
