#pragma once
// Dates, times and opening hours as a person reads them in their language: "12 Dec 2026",
// "12 dic 2026", "12 déc. 2026". Machine output (CSV, JSON, the database) keeps ISO dates (calendar.h).
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/translation.h"
#include "core/domain/opening_hours.h"

namespace aftersales {

std::string format_date(Date date, Language language);
// An amount as the customer reads it: the store's price_format, with the currency code after it
// when the format names no currency (the default "{}").
std::string customer_price(std::int64_t cents, const std::string& currency);
std::string format_clock(int minute_of_day, Language language);  // 9:00 (en, es), 09:00 (fr)
// "2 Dec 2026, 16:05" in the store's time zone.
std::string format_date_time(const StoreTimeZone& zone, Instant instant, Language language);

// The week in a few lines, days with the same times together: "Mon–Fri 9:00–19:00", "Sun closed";
// then the exceptions from `today` on for the next `exception_days` ("25 Dec 2026 closed").
std::vector<std::string> format_week(const OpeningHours& hours, Date today, Language language, int exception_days = 31);
// "Open now, until 19:00", "Closed now: opens tomorrow at 9:00", "Closed now: opens Monday at 9:00".
std::string format_open_state(const OpenState& state, Date today, Language language);

}  // namespace aftersales
