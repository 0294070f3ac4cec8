#include "ui/layout_check.h"

#include <gtest/gtest.h>

#include <string>

namespace aftersales::ui {
namespace {

// A 1366x768 flow screen: content that scrolls, a footer of three buttons.
const std::string kSound =
    "window\t1366\t768\n"
    "screen\trepair_contact\n"
    "scroll\t32\t90\t1300\t300\n"
    "rect\tNotify me\t32\t100\t640\t60\n"
    "rect\tNo messages\t690\t100\t640\t60\n"
    "rect\tName\t32\t360\t1300\t30\tcut\n"
    "rect\tBack\t24\t680\t300\t64\n"
    "rect\tCancel\t350\t680\t300\t64\n"
    "rect\tNext\t1040\t680\t300\t64\n";

bool mentions(const std::vector<std::string>& problems, std::string_view words) {
  for (const auto& p : problems)
    if (p.find(words) != std::string::npos) return true;
  return false;
}

TEST(LayoutCheck, ASoundScreenHasNoProblems) {
  EXPECT_TRUE(check_layout(kSound).empty()) << check_layout(kSound).front();
}

TEST(LayoutCheck, OverlappingFooterButtonsAreFound) {
  // The portrait defect: "Next" drawn over the right half of "Cancel".
  auto problems = check_layout(kSound + "rect\tNext\t500\t680\t300\t64\n");
  ASSERT_FALSE(problems.empty());
  EXPECT_TRUE(mentions(problems, "'Cancel'")) << problems.front();
  EXPECT_TRUE(mentions(problems, "overlap"));
  // Neighbours that only touch are fine.
  EXPECT_TRUE(check_layout(kSound + "rect\tHelp\t650\t680\t40\t64\n").empty());
}

TEST(LayoutCheck, TargetsOutsideTheWindowOrCutOffOrHiddenAreFound) {
  EXPECT_TRUE(mentions(check_layout(kSound + "rect\tDone\t24\t740\t300\t64\n"), "outside the window"));
  EXPECT_TRUE(mentions(check_layout(kSound + "rect\tDone\t24\t600\t300\t40\tcut\n"), "cut off"));
  EXPECT_TRUE(mentions(check_layout(kSound + "rect\tDone\t24\t900\t300\t64\thidden\n"), "out of sight"));
}

TEST(LayoutCheck, TheFieldBeingTypedInMustBeInViewAndClearOfTheKeyboard) {
  std::string with_keyboard = kSound + "keyboard\t32\t400\t1300\t260\n";
  EXPECT_TRUE(check_layout(with_keyboard + "focus\tName\t32\t200\t1300\t80\n").empty());
  EXPECT_TRUE(mentions(check_layout(with_keyboard + "focus\tE-mail\t32\t380\t1300\t80\n"), "under the keyboard"));
  EXPECT_TRUE(mentions(check_layout(with_keyboard + "focus\tE-mail\t32\t360\t1300\t80\n"), "not wholly in view"));
  // A field outside every scrolling region (a search box above a table) is in view on its own.
  EXPECT_TRUE(check_layout(kSound + "focus\tsearch\t32\t20\t600\t60\n").empty());
  EXPECT_TRUE(mentions(check_layout(kSound + "focus\tsearch\t32\t-20\t600\t60\n"), "not wholly in view"));
}

TEST(LayoutCheck, AnErrorMessageMustBeSeen) {
  EXPECT_TRUE(check_layout(kSound + "error\t32\t100\t1300\t50\n").empty());
  EXPECT_TRUE(mentions(check_layout(kSound + "error\t32\t90\t1300\t20\tcut\n"), "error message is cut"));
  EXPECT_TRUE(mentions(check_layout(kSound + "error\t32\t-80\t1300\t50\thidden\n"), "error message is hidden"));
  EXPECT_TRUE(mentions(check_layout(kSound + "keyboard\t32\t400\t1300\t260\nerror\t32\t420\t1300\t50\n"),
                       "under the keyboard"));
}

TEST(LayoutCheck, AMalformedMapIsAProblemNotACrash) {
  EXPECT_TRUE(mentions(check_layout(""), "no window size"));
  EXPECT_TRUE(mentions(check_layout("window\t1366\t768\nrect\tNext\tx\t1\n"), "unreadable"));
  EXPECT_TRUE(mentions(check_layout("window\t1366\nrect\tNext\n"), "unreadable"));
}

}  // namespace
}  // namespace aftersales::ui
