#pragma once
// Colours and spacing for a touchscreen: calm and legible by default, and a high-contrast mode
// (white on black, yellow actions, thicker borders) for shoppers who need it.
#include <imgui.h>

namespace aftersales::ui {

enum class Contrast { standard, high };

struct Palette {
  ImU32 background, surface, text, muted, primary, primary_text, secondary, secondary_text, border, danger, warning_bg,
      success, focus;
};

void apply_theme(Contrast contrast, float scale);
const Palette& palette();
Contrast contrast();

}  // namespace aftersales::ui
