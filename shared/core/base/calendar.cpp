#include "core/base/calendar.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <charconv>

namespace aftersales {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

bool read_number(std::string_view text, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > text.size()) return false;
  auto begin = text.data() + pos;
  auto [end, ec] = std::from_chars(begin, begin + width, out);
  return ec == std::errc{} && end == begin + width;
}

struct Fields {
  Date date;
  std::chrono::seconds time_of_day{0};
  std::optional<std::chrono::seconds> utc_offset;  // empty: local wall time
};

// YYYY-MM-DD[(T| )HH:MM[:SS]][Z|(+|-)HH[:]MM]
std::optional<Fields> parse_fields(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_number(text, 0, 4, y) || !read_number(text, 5, 2, m) || !read_number(text, 8, 2, d)) return std::nullopt;
  Fields fields;
  fields.date = Date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                     std::chrono::day{static_cast<unsigned>(d)}};
  if (!fields.date.ok()) return std::nullopt;
  std::size_t pos = 10;
  if (pos == text.size()) return fields;
  if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!read_number(text, pos + 1, 2, hh) || text.size() < pos + 6 || text[pos + 3] != ':' ||
      !read_number(text, pos + 4, 2, mm))
    return std::nullopt;
  pos += 6;
  if (pos < text.size() && text[pos] == ':') {
    if (!read_number(text, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  fields.time_of_day = std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
  if (pos == text.size()) return fields;
  if (text[pos] == 'Z' && pos + 1 == text.size()) {
    fields.utc_offset = std::chrono::seconds{0};
    return fields;
  }
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  int sign = text[pos] == '-' ? -1 : 1;
  int oh = 0, om = 0;
  if (!read_number(text, pos + 1, 2, oh)) return std::nullopt;
  std::size_t minutes_at = pos + 3;
  if (minutes_at < text.size() && text[minutes_at] == ':') ++minutes_at;
  if (!read_number(text, minutes_at, 2, om) || minutes_at + 2 != text.size()) return std::nullopt;
  fields.utc_offset = sign * (std::chrono::hours{oh} + std::chrono::minutes{om});
  return fields;
}

}  // namespace

Instant system_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

Date add_months(Date date, int months) {
  Date moved = date + std::chrono::months{months};
  if (moved.ok()) return moved;
  return Date{std::chrono::year_month_day_last{moved.year(), std::chrono::month_day_last{moved.month()}}};
}

Date add_days(Date date, int count) {
  return Date{sys_days{date} + days{count}};
}

int days_between(Date from, Date to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

std::string format_date(Date date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  auto fields = parse_fields(text);
  if (!fields) return std::nullopt;
  return fields->date;
}

std::string format_instant(Instant instant) {
  auto day = std::chrono::floor<days>(instant);
  std::chrono::hh_mm_ss time{instant - day};
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(Date{day}), time.hours().count(), time.minutes().count(),
                     time.seconds().count());
}

std::optional<Instant> parse_instant(std::string_view text) {
  auto fields = parse_fields(text);
  if (!fields) return std::nullopt;
  return Instant{sys_days{fields->date}} + fields->time_of_day - fields->utc_offset.value_or(std::chrono::seconds{0});
}

Result<StoreTimeZone> StoreTimeZone::named(std::string_view name) {
  try {
    return StoreTimeZone(date::locate_zone(name), std::string(name));
  } catch (const std::exception&) {
    return fail(ErrorKind::config,
                fmt::format("unknown time zone '{}': use a name like Europe/Madrid or America/New_York", name));
  }
}

StoreTimeZone StoreTimeZone::utc() {
  return StoreTimeZone(date::locate_zone("Etc/UTC"), "UTC");
}

Date StoreTimeZone::local_date(Instant instant) const {
  auto local = zone_->to_local(instant);
  return Date{sys_days{days{std::chrono::floor<days>(local).time_since_epoch().count()}}};
}

std::string StoreTimeZone::format_local(Instant instant) const {
  auto local = zone_->to_local(instant);
  auto day = std::chrono::floor<days>(local);
  std::chrono::hh_mm_ss time{local - day};
  Date date{sys_days{days{day.time_since_epoch().count()}}};
  return fmt::format("{} {:02}:{:02}", format_date(date), time.hours().count(), time.minutes().count());
}

Instant StoreTimeZone::from_local(Date date, std::chrono::seconds time_of_day) const {
  date::local_seconds local{sys_days{date}.time_since_epoch() + time_of_day};
  return zone_->to_sys(local, date::choose::earliest);
}

Instant StoreTimeZone::start_of(Date date) const {
  return from_local(date, std::chrono::seconds{0});
}

std::optional<Instant> StoreTimeZone::parse_timestamp(std::string_view text) const {
  auto fields = parse_fields(text);
  if (!fields) return std::nullopt;
  if (fields->utc_offset) return Instant{sys_days{fields->date}} + fields->time_of_day - *fields->utc_offset;
  return from_local(fields->date, fields->time_of_day);
}

}  // namespace aftersales
