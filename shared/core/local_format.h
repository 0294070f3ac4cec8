#pragma once
// Dates as a person reads them in their language: "12 Dec 2026", "12 dic 2026", "12 déc. 2026".
// Machine output (CSV, JSON, the database) keeps ISO dates (calendar.h).
#include <string>

#include "core/calendar.h"
#include "core/translation.h"

namespace aftersales {

std::string format_date(Date date, Language language);

}  // namespace aftersales
