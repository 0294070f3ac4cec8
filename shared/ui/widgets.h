#pragma once
// Touch widgets: big buttons and tiles, toggle chips, read-only text boxes that an on-screen keyboard
// fills, a step indicator and lists that scroll by dragging. Sizes are in pixels at 1080p and scale
// with the screen; every target is at least kMinTarget high. No hover-only looks: a finger has no hover.
#include <imgui.h>

#include <string>
#include <string_view>

namespace aftersales::ui {

inline constexpr float kMinTarget = 64.0f;

enum class ButtonKind { primary, secondary, danger, quiet };

float scale();             // the shell's UI scale (1.0 at 1080 pixels on the short side)
float px(float at_1080p);  // a size at 1080p, scaled

// A button the size given (width 0: the space left on the line). The test name is the label unless
// `test_name` is set. Returns true on a tap (press and release without dragging away).
bool button(std::string_view label, ImVec2 size, ButtonKind kind = ButtonKind::primary,
            std::string_view test_name = {});
bool tile(std::string_view title, std::string_view subtitle, std::string_view symbol, ImVec2 size);
bool chip(std::string_view label, bool on, ImVec2 size, std::string_view test_name = {});
// A text box showing `value` (or the placeholder, greyed). Returns true when tapped (to focus it).
// With `lines` > 1 the text wraps in a box that tall, showing its end when it is longer.
bool text_box(std::string_view label, std::string_view value, bool focused, std::string_view placeholder, float width,
              std::string_view test_name = {}, int lines = 1);

void step_indicator(int step, int total, std::string_view caption);
void heading(std::string_view text);       // the one question of the screen
void paragraph(std::string_view text);     // wrapped body text
void muted(std::string_view text);         // wrapped, secondary
void error_banner(std::string_view text);  // what went wrong and what to do
void label_value(std::string_view label, std::string_view value);

// A child region that scrolls when dragged with a finger (and shows a wide scroll bar).
void scroll_begin(std::string_view id, ImVec2 size);
void scroll_end();
// The same for a child window already begun (a modal card taller than a short screen); end it
// with hit_map().leave_scroll() before EndChild.
void scroll_by_drag();

// Centre the next item of width `width` on the current line.
void center_next(float width);

}  // namespace aftersales::ui
