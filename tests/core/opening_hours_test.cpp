#include "core/domain/opening_hours.h"

#include <gtest/gtest.h>

#include "core/config/config.h"
#include "core/domain/local_format.h"

namespace aftersales {
namespace {

using namespace std::chrono;

constexpr Date kSaturday = 2026y / 12 / 5;  // Mon 30 Nov … Sun 6 Dec 2026

OpeningHours shop() {
  OpeningHours h = default_opening_hours();                 // Mon-Fri 9-19, Sat 10-18, Sun closed
  h.week[2] = *parse_day_hours("9:00-14:00, 16:30-20:00");  // Wednesday: a split shift
  h.exceptions[2026y / 12 / 7] = {};                        // Monday 7 Dec: closed
  return h;
}

int at(int h, int m = 0) {
  return h * 60 + m;
}

TEST(OpeningHours, DayTimesParseOrSayWhatIsWrong) {
  EXPECT_EQ(*parse_day_hours(" Closed "), DayHours{});
  EXPECT_EQ(*parse_day_hours("9:00-14:00, 16:30-24:00"), (DayHours{{at(9), at(14)}, {at(16, 30), at(24)}}));
  for (const char* bad :
       {"9-19", "9:00", "9:00-25:00", "9:60-10:00", "10:00-9:00", "9:00-14:00, 13:00-15:00", "", "9:00-x"}) {
    auto r = parse_day_hours(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("9:00-14:00, 16:30-20:00"), std::string::npos)
        << "shows the form: " << r.error().message;
  }
}

TEST(OpeningHours, OpenNowUntilOrWhenItOpensNext) {
  OpeningHours h = shop();
  OpenState open = open_state(h, kSaturday, at(12));
  EXPECT_TRUE(open.open);
  EXPECT_EQ(open.until, at(18));
  OpenState early = open_state(h, kSaturday, at(9, 59));
  EXPECT_FALSE(early.open);
  EXPECT_EQ(early.next_day, kSaturday);
  EXPECT_EQ(early.next_opens, at(10));
  EXPECT_FALSE(open_state(h, kSaturday, at(18)).open) << "closing time is closed";
  // Saturday evening: Sunday closed, Monday 7th an exception: Tuesday 8th.
  OpenState late = open_state(h, kSaturday, at(19));
  EXPECT_EQ(late.next_day, Date{2026y / 12 / 8});
  EXPECT_EQ(late.next_opens, at(9));
  // Wednesday's lunch break.
  OpenState lunch = open_state(h, 2026y / 12 / 2, at(15));
  EXPECT_FALSE(lunch.open);
  EXPECT_EQ(lunch.next_opens, at(16, 30));
  EXPECT_TRUE(open_state(h, 2026y / 12 / 2, at(19, 59)).open);
  OpeningHours never;
  EXPECT_FALSE(open_state(never, kSaturday, at(12)).next_day) << "closed for two weeks: no next day";
}

TEST(OpeningHours, TheWeekReadsInEachLanguageWithSameDaysTogether) {
  OpeningHours h = shop();
  EXPECT_EQ(format_week(h, kSaturday, Language::en),
            (std::vector<std::string>{"Mon\u2013Tue 9:00\u201319:00", "Wed 9:00\u201314:00, 16:30\u201320:00",
                                      "Thu\u2013Fri 9:00\u201319:00", "Sat 10:00\u201318:00", "Sun closed",
                                      "7 Dec 2026 closed"}));
  auto es = format_week(default_opening_hours(), kSaturday, Language::es);
  EXPECT_EQ(es.front(), "lun\u2013vie 9:00\u201319:00");
  EXPECT_EQ(es.back(), "dom cerrado");
  auto fr = format_week(default_opening_hours(), kSaturday, Language::fr);
  EXPECT_EQ(fr.front(), "lun.\u2013ven. 09:00\u201319:00");
  EXPECT_EQ(fr.back(), "dim. fermé");
  // Exceptions already past, or more than a month away, are not listed.
  OpeningHours h2 = default_opening_hours();
  h2.exceptions[2026y / 11 / 1] = {};
  h2.exceptions[2027y / 6 / 1] = {};
  EXPECT_EQ(format_week(h2, kSaturday, Language::en).size(), 3u);
}

TEST(OpeningHours, OpenStateInPlainWords) {
  OpeningHours h = shop();
  auto say = [&](Date day, int minute, Language l) { return format_open_state(open_state(h, day, minute), day, l); };
  EXPECT_EQ(say(kSaturday, at(12), Language::en), "Open now, until 18:00");
  EXPECT_EQ(say(kSaturday, at(8), Language::en), "Closed now: opens today at 10:00");
  EXPECT_EQ(say(2026y / 12 / 4, at(20), Language::en), "Closed now: opens tomorrow at 10:00");
  EXPECT_EQ(say(kSaturday, at(19), Language::en), "Closed now: opens Tuesday at 9:00");
  EXPECT_EQ(say(kSaturday, at(19), Language::es), "Cerrado ahora: abre el martes a las 9:00");
  EXPECT_EQ(say(kSaturday, at(19), Language::fr), "Fermé en ce moment : ouvre mardi à 09:00");
  EXPECT_EQ(say(kSaturday, at(12), Language::fr), "Ouvert en ce moment, jusqu'à 18:00");
}

TEST(LocalFormat, DateAndTimeInTheStoreZone) {
  auto madrid = *StoreTimeZone::named("Europe/Madrid");
  Instant noon_utc = sys_days{2026y / 12 / 2} + hours{12} + minutes{5};
  EXPECT_EQ(format_date_time(madrid, noon_utc, Language::en), "2 Dec 2026, 13:05");
  EXPECT_EQ(format_date_time(madrid, noon_utc, Language::es), "2 dic 2026, 13:05");
  EXPECT_EQ(format_date_time(madrid, noon_utc, Language::fr), "2 déc. 2026 à 13:05");
}

TEST(OpeningHours, ConfigReadsTheWeekExceptionsAndAnOlderFreeText) {
  auto c = parse_config(R"([store.hours]
sat = "closed"
wed = "9:00-14:00, 16:30-20:00"
closed_on = ["2026-12-25"]
[store.hours.special]
"2026-12-24" = "9:00-14:00"
)",
                        "t.toml");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_TRUE(c->store.hours);
  EXPECT_EQ(c->store.hours->week[5], DayHours{});
  EXPECT_EQ(c->store.hours->week[0], default_opening_hours().week[0]) << "an unnamed day keeps the default";
  EXPECT_EQ(c->store.hours->week[2].size(), 2u);
  EXPECT_EQ(c->store.hours->on(2026y / 12 / 25), DayHours{});
  EXPECT_EQ(c->store.hours->on(2026y / 12 / 24), (DayHours{{at(9), at(14)}}));
  auto legacy = parse_config("[store]\nopening_hours = [\"L-V 10:00-21:00\"]\n", "t.toml");
  ASSERT_TRUE(legacy);
  EXPECT_FALSE(legacy->store.hours) << "an older config's own words are shown as written";
}

}  // namespace
}  // namespace aftersales
