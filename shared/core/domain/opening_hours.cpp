#include "core/domain/opening_hours.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/base/text.h"

namespace aftersales {
namespace {

constexpr std::string_view kForm = "use \"9:00-19:00\", \"9:00-14:00, 16:30-20:00\" or \"closed\"";

std::optional<int> parse_clock(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() - colon != 3) return std::nullopt;
  int h = 0, m = 0;
  auto [hp, he] = std::from_chars(text.data(), text.data() + colon, h);
  auto [mp, me] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), m);
  if (he != std::errc{} || me != std::errc{} || hp != text.data() + colon || mp != text.data() + text.size())
    return std::nullopt;
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

}  // namespace

int weekday_index(Date date) {
  unsigned iso = std::chrono::weekday{std::chrono::sys_days{date}}.iso_encoding();  // Monday 1 … Sunday 7
  return static_cast<int>(iso) - 1;
}

const DayHours& OpeningHours::on(Date date) const {
  if (auto it = exceptions.find(date); it != exceptions.end()) return it->second;
  return week[static_cast<std::size_t>(weekday_index(date))];
}

Result<DayHours> parse_day_hours(std::string_view text) {
  std::string_view all = trim_view(text);
  if (to_lower_ascii(std::string(all)) == "closed") return DayHours{};
  DayHours spans;
  std::size_t start = 0;
  while (start <= all.size()) {
    std::size_t comma = all.find(',', start);
    std::string_view part =
        trim_view(all.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    auto dash = part.find('-');
    std::optional<int> opens, closes;
    if (dash != std::string_view::npos) {
      opens = parse_clock(trim_view(part.substr(0, dash)));
      closes = parse_clock(trim_view(part.substr(dash + 1)));
    }
    if (!opens || !closes)
      return fail(ErrorKind::invalid_input, fmt::format("'{}' is not an opening time: {}", part, kForm));
    if (*closes <= *opens)
      return fail(ErrorKind::invalid_input, fmt::format("'{}' closes before it opens: {}", part, kForm));
    if (!spans.empty() && *opens < spans.back().closes)
      return fail(
          ErrorKind::invalid_input,
          fmt::format("'{}' overlaps the time before it: list the times in order, like \"9:00-14:00, 16:30-20:00\"",
                      part));
    spans.push_back({*opens, *closes});
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return spans;
}

OpenState open_state(const OpeningHours& hours, Date today, int minute_of_day) {
  OpenState state;
  for (const OpenSpan& span : hours.on(today)) {
    if (minute_of_day >= span.opens && minute_of_day < span.closes) {
      state.open = true;
      state.until = span.closes;
      return state;
    }
    if (minute_of_day < span.opens) {
      state.next_day = today;
      state.next_opens = span.opens;
      return state;
    }
  }
  for (int ahead = 1; ahead <= 14; ++ahead) {
    Date day = add_days(today, ahead);
    const DayHours& spans = hours.on(day);
    if (spans.empty()) continue;
    state.next_day = day;
    state.next_opens = spans.front().opens;
    return state;
  }
  return state;
}

}  // namespace aftersales
