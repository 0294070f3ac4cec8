#pragma once
// Dates and instants. Instants are stored in UTC; dates a person sees (purchase day, warranty end,
// promised day) are calendar dates in the store's time zone.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace date {
class time_zone;
}

namespace aftersales {

using Instant = std::chrono::sys_seconds;
using Date = std::chrono::year_month_day;
using Clock = std::function<Instant()>;

Instant system_now();

// Calendar-correct month arithmetic: the same day of the month, or the month's last day when it is
// shorter (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
Date add_months(Date date, int months);
Date add_days(Date date, int days);
int days_between(Date from, Date to);  // negative when `to` is before `from`

std::string format_date(Date date);                           // 2026-03-01
std::optional<Date> parse_date(std::string_view text);        // YYYY-MM-DD
std::string format_instant(Instant instant);                  // 2026-03-01T09:30:00Z, as stored
std::optional<Instant> parse_instant(std::string_view text);  // the stored form

class StoreTimeZone {
 public:
  // An IANA name such as "Europe/Madrid"; fails for a name the system's tz database lacks.
  static Result<StoreTimeZone> named(std::string_view name);
  static StoreTimeZone utc();

  const std::string& name() const { return name_; }
  Date local_date(Instant instant) const;
  std::string format_local(Instant instant) const;  // 2026-03-01 10:30, in the store's zone
  // The instant at which a local date begins (the earliest, on a day that starts in a DST gap).
  Instant start_of(Date date) const;
  Instant from_local(Date date, std::chrono::seconds time_of_day) const;

  // POS exports write times with "Z", an offset, or as local wall time without either.
  std::optional<Instant> parse_timestamp(std::string_view text) const;

 private:
  StoreTimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
};

}  // namespace aftersales
