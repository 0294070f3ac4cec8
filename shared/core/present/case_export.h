#pragma once
// A list of cases as CSV (RFC 4180, UTF-8, CRLF line ends), for the back office's "Export" of the
// filtered queue. Cells a spreadsheet would run as a formula are written as text.
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/domain/case.h"

namespace aftersales {

std::string cases_csv(const std::vector<Case>& cases, const StoreTimeZone& zone, Instant now);
std::string csv_cell(std::string_view text);

}  // namespace aftersales
