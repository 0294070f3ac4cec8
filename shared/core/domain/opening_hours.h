#pragma once
// When the store is open: a week of opening times (split shifts allowed) and dated exceptions
// (holidays closed, a short Christmas Eve), in the store's local time. Pure rules: the words for a
// reader are in local_format.h.
#include <array>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"

namespace aftersales {

struct OpenSpan {
  int opens = 0;   // minutes after midnight
  int closes = 0;  // later than opens, at most 24:00
  bool operator==(const OpenSpan&) const = default;
};
using DayHours = std::vector<OpenSpan>;  // empty: closed all day

struct OpeningHours {
  std::array<DayHours, 7> week;         // Monday first
  std::map<Date, DayHours> exceptions;  // a date listed here replaces its weekday
  bool operator==(const OpeningHours&) const = default;

  const DayHours& on(Date date) const;
};

// Monday 0 … Sunday 6.
int weekday_index(Date date);

// "9:00-19:00", "9:00-14:00, 16:30-20:00" or "closed"; the error says what is wrong and shows the form.
Result<DayHours> parse_day_hours(std::string_view text);

struct OpenState {
  bool open = false;
  int until = 0;                 // when open: the minute it closes today
  std::optional<Date> next_day;  // when closed: the day it opens next (within two weeks)
  int next_opens = 0;            // that day's opening minute
};
OpenState open_state(const OpeningHours& hours, Date today, int minute_of_day);

}  // namespace aftersales
