#pragma once
// DejaVu Sans from Debian's fonts-dejavu-core, at sizes for a touchscreen, with the glyphs English,
// Spanish and French need plus the few symbols the screens draw (arrows, check marks, euro).
#include <imgui.h>

namespace aftersales::ui {

struct Fonts {
  ImFont* body = nullptr;  // default font
  ImFont* bold = nullptr;
  ImFont* title = nullptr;  // one question per screen, in this size
  ImFont* small = nullptr;
  ImFont* huge = nullptr;  // case codes only: digits, capitals and '-'
  float body_px = 0;
};

// Clears the atlas and loads the fonts at `body_px`; falls back to ImGui's built-in font (with a
// message on stderr) when the DejaVu files are missing, so the app still starts.
Fonts load_fonts(float body_px);
const Fonts& fonts();

}  // namespace aftersales::ui
