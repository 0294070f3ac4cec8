// The dashboard's numbers (compute_service_stats) on a store with a known history.
#include "core/services/service_stats.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::day;

class Stats : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("5001", at("2026-01-10T10:00:00Z"), {{"PHONE-1", "SN-A"}, {"PHONE-1", "SN-B"}, {"PHONE-1", "SN-C"}});
    add_sale("5003", at("2026-02-25T10:00:00Z"), {{"TV-1", "SN-TV", 1, 80000}, {"CABLE-1", "", 2, 1000}});
  }

  Case repair(const std::string& serial, const std::string& category) {
    auto draft = repair_draft(serial);
    draft.problem_category = category;
    auto opened = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    return *opened;
  }

  void move(const Case& c, std::initializer_list<CaseStatus> path) {
    for (CaseStatus s : path) ASSERT_TRUE(cases->advance(c.code, s, {"tech", "", true})) << to_string(s);
  }

  ServiceStats stats() {
    auto computed = compute_service_stats(*db, config, now);
    EXPECT_TRUE(computed) << computed.error().message;
    return computed.value_or(ServiceStats{});
  }
};

TEST_F(Stats, AnEmptyStoreHasThirtyZeroDaysAndNoAverages) {
  ServiceStats s = stats();
  ASSERT_EQ(s.opened_per_day.size(), 30u);
  EXPECT_EQ(s.opened_per_day.back().day, day(2026, 3, 1));
  EXPECT_EQ(s.opened_per_day.front().day, day(2026, 1, 31));
  for (const DayCount& d : s.opened_per_day) EXPECT_EQ(d.cases, 0);
  EXPECT_TRUE(s.backlog.empty());
  EXPECT_FALSE(s.average_rating);
  ASSERT_EQ(s.turnaround.size(), 2u);
  EXPECT_EQ(s.turnaround[0].closed, 0);
  EXPECT_EQ(s.turnaround[0].share_within_promise(), 0.0);
}

TEST_F(Stats, CountsOpenedPerDayTheBacklogAndWhatComesBack) {
  Case a = repair("SN-A", "battery");
  Case b = repair("SN-B", "battery");
  now += std::chrono::days{2};
  Case c = repair("SN-C", "screen");
  auto ret =
      cases->open_return({"5003", "CABLE-1", 1, ReturnReason::defective, ItemCondition::opened, "", {}}, "kiosk");
  ASSERT_TRUE(ret) << ret.error().message;
  move(a, {CaseStatus::diagnosing, CaseStatus::awaiting_parts});
  move(b, {CaseStatus::diagnosing});

  ServiceStats s = stats();
  EXPECT_EQ(s.opened_per_day.back().day, day(2026, 3, 3));
  EXPECT_EQ(s.opened_per_day.back().cases, 2);
  EXPECT_EQ(s.opened_per_day[27].cases, 2);  // March 1st
  EXPECT_EQ(s.opened_per_day[28].cases, 0);
  EXPECT_EQ(s.open_cases, 4);
  ASSERT_EQ(s.backlog.size(), 4u);
  EXPECT_EQ(s.backlog[0].status, CaseStatus::checked_in);
  EXPECT_EQ(s.backlog[0].cases, 1);
  EXPECT_EQ(s.backlog[1].status, CaseStatus::diagnosing);
  EXPECT_EQ(s.backlog[2].status, CaseStatus::awaiting_parts);
  EXPECT_EQ(s.backlog[3].status, CaseStatus::requested);
  ASSERT_GE(s.top_products.size(), 2u);
  EXPECT_EQ(s.top_products[0].label, "Acme Model PHONE-1");
  EXPECT_EQ(s.top_products[0].cases, 3);
  ASSERT_EQ(s.top_problems.size(), 3u);
  EXPECT_EQ(s.top_problems[0].label, "Repair: battery");
  EXPECT_EQ(s.top_problems[0].cases, 2);
  EXPECT_EQ(s.top_problems[1].label, "Return: Faulty");
  EXPECT_EQ(s.top_problems[2].label, "Repair: screen");

  ASSERT_EQ(s.top_repair_problems.size(), 2u) << "repairs and returns are kept apart";
  EXPECT_EQ(s.top_repair_problems[0].label, "Battery or charging") << "in the kiosk's words";
  EXPECT_EQ(s.top_repair_problems[0].cases, 2);
  EXPECT_EQ(s.top_repair_problems[1].label, "Screen");
  ASSERT_EQ(s.top_return_reasons.size(), 1u);
  EXPECT_EQ(s.top_return_reasons[0].label, "Faulty");
  EXPECT_EQ(s.top_return_reasons[0].cases, 1);

  // A month later the early cases have left the window, and only the paused one is not overdue.
  now += std::chrono::days{40};
  s = stats();
  for (const DayCount& d : s.opened_per_day) EXPECT_EQ(d.cases, 0);
  EXPECT_TRUE(s.top_products.empty());
  EXPECT_EQ(s.overdue_cases, 3);
}

TEST_F(Stats, TurnaroundIsTheMedianAndTheShareKeptWithinThePromise) {
  // In-warranty repairs are promised in config.turnaround.repair_in_warranty_days.
  int promise = config.turnaround.repair_in_warranty_days;
  std::vector<Case> opened{repair("SN-A", "battery"), repair("SN-B", "battery"), repair("SN-C", "screen")};
  for (std::size_t i = 0; i < opened.size(); ++i) {
    // Closed after 1 day, 2 days, and promise + 2 days (late).
    Instant closing = at("2026-03-01T10:00:00Z") + std::chrono::days{i < 2 ? int(i) + 1 : promise + 2};
    now = closing;
    move(opened[i],
         {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup, CaseStatus::completed});
  }
  ServiceStats s = stats();
  ASSERT_EQ(s.turnaround[0].kind, CaseKind::repair);
  EXPECT_EQ(s.turnaround[0].closed, 3);
  EXPECT_DOUBLE_EQ(s.turnaround[0].median_days, 2.0);
  EXPECT_EQ(s.turnaround[0].within_promise, 2);
  EXPECT_NEAR(s.turnaround[0].share_within_promise(), 2.0 / 3, 1e-9);
  EXPECT_EQ(s.turnaround[1].closed, 0);
}

TEST_F(Stats, FeedbackAverageAndRecentCommentsNewestFirst) {
  std::vector<Case> done{repair("SN-A", "battery"), repair("SN-B", "battery")};
  for (const Case& c : done)
    move(c, {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup, CaseStatus::completed});
  ASSERT_TRUE(cases->record_feedback(done[0].token, 5, "Fast and friendly"));
  now += std::chrono::hours{1};
  ASSERT_TRUE(cases->record_feedback(done[1].token, 2, ""));
  ServiceStats s = stats();
  ASSERT_TRUE(s.average_rating);
  EXPECT_DOUBLE_EQ(*s.average_rating, 3.5);
  EXPECT_EQ(s.ratings, 2);
  ASSERT_EQ(s.recent_comments.size(), 1u);  // a rating without words is not a comment
  EXPECT_EQ(s.recent_comments[0].comment, "Fast and friendly");
  EXPECT_EQ(s.recent_comments[0].case_code, done[0].code);
  EXPECT_EQ(s.recent_comments[0].rating, 5);
}

TEST_F(Stats, AFeedbackCommentIsCountedInCharactersAndStoredAsCleanText) {
  std::vector<Case> done{repair("SN-A", "battery"), repair("SN-B", "battery"), repair("SN-C", "battery")};
  for (const Case& c : done)
    move(c, {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup, CaseStatus::completed});
  std::string accents;
  for (int i = 0; i < 600; ++i) accents += "é";  // 600 characters, 1200 bytes: within the form's 1000
  ASSERT_TRUE(cases->record_feedback(done[0].token, 5, accents));
  now += std::chrono::hours{1};
  std::string too_long;
  for (int i = 0; i < 1001; ++i) too_long += "é";
  auto refused = cases->record_feedback(done[1].token, 4, too_long);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "comment");
  // NUL and invalid bytes from a crafted POST: kept as readable text, never as raw bytes.
  ASSERT_TRUE(cases->record_feedback(done[2].token, 3, std::string("ab\0cd\xff\xfe ok\nthanks", 17)));
  ServiceStats s = stats();
  ASSERT_EQ(s.recent_comments.size(), 2u);
  EXPECT_EQ(s.recent_comments[0].comment, "abcd\uFFFD\uFFFD ok\nthanks");
  EXPECT_EQ(s.recent_comments[1].comment, accents);
}

TEST_F(Stats, RepairProblemsUseTheKiosksWordsWhateverSpellingWasStored) {
  // The kiosk stores its own words; the CLI and the demo store short codes. They count together.
  repair("SN-A", "Battery or charging");
  repair("SN-B", "charging");
  repair("SN-C", "power");
  ServiceStats s = stats();
  ASSERT_EQ(s.top_repair_problems.size(), 2u);
  EXPECT_EQ(s.top_repair_problems[0].label, "Battery or charging");
  EXPECT_EQ(s.top_repair_problems[0].cases, 2);
  EXPECT_EQ(s.top_repair_problems[1].label, "Does not turn on");
  EXPECT_TRUE(s.top_return_reasons.empty());
  EXPECT_EQ(problem_category_words("audio"), "Sound");
  EXPECT_EQ(problem_category_words("Something else"), "Something else") << "unknown words stay as stored";
}

// The kiosk's list (kiosk/flows/repair_flow.cpp, which core cannot include) and core's are one list.
TEST(ProblemWords, AreTheKiosksProblemCategories) {
  std::ifstream in(std::string(AFTERSALES_SOURCE_DIR) + "/kiosk/flows/repair_flow.cpp");
  std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto at = source.find("problem_categories() {");
  ASSERT_NE(at, std::string::npos);
  auto open = source.find('{', source.find("return", at));
  auto close = source.find('}', open);
  std::vector<std::string> kiosk;
  for (auto q = source.find('"', open); q != std::string::npos && q < close; q = source.find('"', q + 1)) {
    auto end = source.find('"', q + 1);
    kiosk.push_back(source.substr(q + 1, end - q - 1));
    q = end;
  }
  std::vector<std::string> core(repair_problem_words().begin(), repair_problem_words().end());
  EXPECT_EQ(core, kiosk);
  for (const std::string& words : kiosk) EXPECT_EQ(problem_category_words(words), words);
}

}  // namespace
}  // namespace aftersales
