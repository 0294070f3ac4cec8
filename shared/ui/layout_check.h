#pragma once
// Reads a screen's target map (ui/hit_map.h) and says what a person would trip over: targets that
// overlap (a tap meant for one lands on the other), targets outside the window or cut off where
// nothing scrolls, a field being typed in that is not wholly in view or sits under the on-screen
// keyboard, an error message out of sight. The gallery test runs it on every screen.
#include <string>
#include <string_view>
#include <vector>

namespace aftersales::ui {

// One sentence per problem, naming the targets; empty when the screen is sound.
std::vector<std::string> check_layout(std::string_view map);

}  // namespace aftersales::ui
