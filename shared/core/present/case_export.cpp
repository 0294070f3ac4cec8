#include "core/present/case_export.h"

#include <fmt/format.h>

namespace aftersales {
namespace {

// A spreadsheet runs a cell starting with = + - @ (or a tab or CR before one) as a formula. A leading
// apostrophe makes it text. Phone numbers ("+34 600...") and negative numbers stay as they are.
bool looks_like_formula(std::string_view text) {
  if (text.empty()) return false;
  char first = text.front();
  if (first == '=' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '+' && first != '-') return false;
  return text.find_first_not_of("+-0123456789 ()./") != std::string_view::npos;
}

constexpr std::string_view kHeader =
    "code,kind,status,product,serial,customer,phone,email,opened,promised,overdue,assigned_to,resolution";

}  // namespace

std::string csv_cell(std::string_view text) {
  std::string value = looks_like_formula(text) ? "'" + std::string(text) : std::string(text);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char ch : value) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + '"';
}

std::string cases_csv(const std::vector<Case>& cases, const StoreTimeZone& zone, Instant now) {
  std::string out(kHeader);
  out += "\r\n";
  for (const Case& c : cases) {
    const std::string fields[] = {
        c.code,
        std::string(to_string(c.kind)),
        std::string(to_string(c.status)),
        c.product_name,
        c.serial.value_or(""),
        c.customer_name,
        c.customer_phone,
        c.customer_email,
        zone.format_local(c.created_at),
        format_date(zone.local_date(c.promised_at(now))),
        c.overdue(now) ? "yes" : "no",
        c.assigned_to.value_or(""),
        c.resolution,
    };
    for (std::size_t i = 0; i < std::size(fields); ++i) {
      if (i > 0) out += ',';
      out += csv_cell(fields[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace aftersales
