#include "ui/theme.h"

namespace aftersales::ui {
namespace {

constexpr Palette kStandard = {
    IM_COL32(244, 246, 248, 255),  // background
    IM_COL32(255, 255, 255, 255),  // surface
    IM_COL32(27, 31, 36, 255),     // text
    IM_COL32(80, 88, 99, 255),     // muted (still 7:1 on the background)
    IM_COL32(0, 82, 204, 255),     // primary
    IM_COL32(255, 255, 255, 255),  // primary text
    IM_COL32(255, 255, 255, 255),  // secondary
    IM_COL32(0, 62, 160, 255),     // secondary text
    IM_COL32(160, 168, 178, 255),  // border
    IM_COL32(176, 0, 32, 255),     // danger
    IM_COL32(255, 244, 206, 255),  // warning background
    IM_COL32(16, 122, 64, 255),    // success
    IM_COL32(0, 82, 204, 255),     // focus
};

constexpr Palette kHigh = {
    IM_COL32(0, 0, 0, 255),       IM_COL32(0, 0, 0, 255),     IM_COL32(255, 255, 255, 255),
    IM_COL32(255, 255, 255, 255), IM_COL32(255, 212, 0, 255), IM_COL32(0, 0, 0, 255),
    IM_COL32(0, 0, 0, 255),       IM_COL32(255, 212, 0, 255), IM_COL32(255, 255, 255, 255),
    IM_COL32(255, 110, 110, 255), IM_COL32(0, 0, 0, 255),     IM_COL32(120, 255, 140, 255),
    IM_COL32(255, 212, 0, 255),
};

Contrast g_contrast = Contrast::standard;

ImVec4 color(ImU32 c) {
  return ImGui::ColorConvertU32ToFloat4(c);
}

}  // namespace

const Palette& palette() {
  return g_contrast == Contrast::high ? kHigh : kStandard;
}
Contrast contrast() {
  return g_contrast;
}

void apply_theme(Contrast contrast, float scale) {
  g_contrast = contrast;
  const Palette& p = palette();
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(32, 24);
  style.FramePadding = ImVec2(20, 14);
  style.ItemSpacing = ImVec2(20, 18);
  style.ItemInnerSpacing = ImVec2(14, 10);
  style.ScrollbarSize = 28;
  style.GrabMinSize = 40;
  style.WindowRounding = 0;
  style.ChildRounding = 12;
  style.FrameRounding = 12;
  style.PopupRounding = 12;
  style.ScrollbarRounding = 12;
  style.GrabRounding = 12;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = contrast == Contrast::high ? 3 : 1;
  style.FrameBorderSize = contrast == Contrast::high ? 3 : 2;
  style.PopupBorderSize = 3;
  style.TouchExtraPadding = ImVec2(4, 4);
  style.ScaleAllSizes(scale);
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = color(p.text);
  c[ImGuiCol_TextDisabled] = color(p.muted);
  c[ImGuiCol_WindowBg] = color(p.background);
  c[ImGuiCol_ChildBg] = color(p.surface);
  c[ImGuiCol_PopupBg] = color(p.surface);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
  c[ImGuiCol_Border] = color(p.border);
  c[ImGuiCol_FrameBg] = color(p.surface);
  c[ImGuiCol_ScrollbarBg] = color(p.background);
  c[ImGuiCol_ScrollbarGrab] = color(p.border);
  // Plain ImGui buttons (the back office's, a combo's arrow) are light with dark text; the kiosk's
  // touch buttons draw their own colours (widgets.cpp).
  bool high = contrast == Contrast::high;
  c[ImGuiCol_Button] = high ? color(p.surface) : ImVec4(0.87f, 0.91f, 0.98f, 1.0f);
  c[ImGuiCol_ButtonHovered] = high ? color(p.surface) : ImVec4(0.78f, 0.85f, 0.97f, 1.0f);
  c[ImGuiCol_ButtonActive] = high ? color(p.primary) : ImVec4(0.66f, 0.77f, 0.95f, 1.0f);
  c[ImGuiCol_CheckMark] = color(p.focus);
  c[ImGuiCol_Header] = high ? color(p.surface) : ImVec4(0.87f, 0.91f, 0.98f, 1.0f);
  c[ImGuiCol_HeaderHovered] = high ? color(p.surface) : ImVec4(0.78f, 0.85f, 0.97f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = color(p.surface);
  ImGui::GetStyle() = style;
}

}  // namespace aftersales::ui
