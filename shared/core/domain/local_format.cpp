#include "core/domain/local_format.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "core/base/text.h"

namespace aftersales {
namespace {

using Names = std::array<std::string_view, 12>;
using Days = std::array<std::string_view, 7>;

// The abbreviations each language's own style guides use (CLDR's "abbreviated" names).
constexpr Names kEnglishMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr Names kSpanishMonths = {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"};
constexpr Names kFrenchMonths = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                 "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
constexpr Days kEnglishDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr Days kSpanishDays = {"lun", "mar", "mié", "jue", "vie", "sáb", "dom"};
constexpr Days kFrenchDays = {"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."};
constexpr Days kEnglishWeekdays = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr Days kSpanishWeekdays = {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"};
constexpr Days kFrenchWeekdays = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};

template <typename T>
const T& pick(Language language, const T& en, const T& es, const T& fr) {
  return language == Language::es ? es : language == Language::fr ? fr : en;
}

std::string format_spans(const DayHours& spans, Language language) {
  if (spans.empty()) return std::string(tr(language, "closed"));
  std::string out;
  for (const OpenSpan& s : spans) {
    if (!out.empty()) out += ", ";
    out += format_clock(s.opens, language) + "\u2013" + format_clock(s.closes, language);
  }
  return out;
}

}  // namespace

std::string format_date(Date date, Language language) {
  if (!date.ok()) return "—";
  auto month = static_cast<unsigned>(date.month()) - 1;
  const Names& names = pick(language, kEnglishMonths, kSpanishMonths, kFrenchMonths);
  return fmt::format("{} {} {}", static_cast<unsigned>(date.day()), names[month], static_cast<int>(date.year()));
}

std::string customer_price(std::int64_t cents, const std::string& currency) {
  std::string shown = format_price(cents);
  if (shown == format_money(cents) && !currency.empty()) return shown + " " + currency;
  return shown;
}

std::string format_clock(int minute_of_day, Language language) {
  int h = minute_of_day / 60, m = minute_of_day % 60;
  return language == Language::fr ? fmt::format("{:02}:{:02}", h, m) : fmt::format("{}:{:02}", h, m);
}

std::string format_date_time(const StoreTimeZone& zone, Instant instant, Language language) {
  Date day = zone.local_date(instant);
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(instant - zone.start_of(day)).count();
  std::string date = format_date(day, language), time = format_clock(static_cast<int>(minutes), language);
  return language == Language::fr ? fmt::format("{} à {}", date, time) : fmt::format("{}, {}", date, time);
}

std::vector<std::string> format_week(const OpeningHours& hours, Date today, Language language, int exception_days) {
  const Days& days = pick(language, kEnglishDays, kSpanishDays, kFrenchDays);
  std::vector<std::string> lines;
  for (std::size_t first = 0; first < 7;) {
    std::size_t last = first;
    while (last + 1 < 7 && hours.week[last + 1] == hours.week[first]) ++last;
    std::string span = last == first ? std::string(days[first]) : fmt::format("{}\u2013{}", days[first], days[last]);
    lines.push_back(span + " " + format_spans(hours.week[first], language));
    first = last + 1;
  }
  Date until = add_days(today, exception_days);
  for (const auto& [day, spans] : hours.exceptions)
    if (day >= today && day <= until) lines.push_back(format_date(day, language) + " " + format_spans(spans, language));
  return lines;
}

std::string format_open_state(const OpenState& state, Date today, Language language) {
  if (state.open) return trf(language, "Open now, until {}", format_clock(state.until, language));
  if (!state.next_day) return std::string(tr(language, "Closed now"));
  std::string at = format_clock(state.next_opens, language);
  int ahead = days_between(today, *state.next_day);
  if (ahead == 0) return trf(language, "Closed now: opens today at {}", at);
  if (ahead == 1) return trf(language, "Closed now: opens tomorrow at {}", at);
  if (ahead < 7) {
    const Days& names = pick(language, kEnglishWeekdays, kSpanishWeekdays, kFrenchWeekdays);
    return trf(language, "Closed now: opens {} at {}", names[static_cast<std::size_t>(weekday_index(*state.next_day))],
               at);
  }
  return trf(language, "Closed now: opens on {} at {}", format_date(*state.next_day, language), at);
}

}  // namespace aftersales
