#include "ui/widgets.h"

#include <algorithm>
#include <string>
#include <vector>

#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"

namespace aftersales::ui {
namespace {

std::string s(std::string_view text) {
  return std::string(text);
}

// A tap, not the end of a drag through a scrolling list.
bool tapped(bool released_inside) {
  float slop = px(18);
  return released_inside && ImGui::GetIO().MouseDragMaxDistanceSqr[0] < slop * slop;
}

ImVec2 resolve(ImVec2 size) {
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  size.y = std::max(size.y, kMinTarget);  // real pixels: a fingertip does not shrink with the screen
  return size;
}

// The label in the largest font that fits on one line; wrapped in the small font if none does.
void draw_label(ImDrawList* draw, ImVec2 min, ImVec2 max, std::string_view text, ImU32 color, ImFont* preferred) {
  float pad = px(16);
  float room = max.x - min.x - 2 * pad;
  for (ImFont* font : {preferred, fonts().body, fonts().small}) {
    if (!font) continue;
    ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size());
    if (size.x <= room || font == fonts().small) {
      float wrap = size.x <= room ? 0.0f : room;
      if (wrap > 0) size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.data(), text.data() + text.size());
      ImVec2 at((min.x + max.x - size.x) / 2, (min.y + max.y - size.y) / 2);
      draw->AddText(font, font->FontSize, at, color, text.data(), text.data() + text.size(), wrap);
      return;
    }
  }
}

}  // namespace

float scale() {
  return fonts().body_px > 0 ? fonts().body_px / 34.0f : 1.0f;
}
float px(float at_1080p) {
  return at_1080p * scale();
}

void center_next(float width) {
  float avail = ImGui::GetContentRegionAvail().x;
  if (avail > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - width) / 2);
}

bool button(std::string_view label, ImVec2 size, ButtonKind kind, std::string_view test_name) {
  size = resolve(size);
  std::string_view name = test_name.empty() ? label : test_name;
  ImGui::PushID(name.data(), name.data() + name.size());
  bool released = ImGui::InvisibleButton("##button", size);
  bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  hit_map().target(name, min, max);
  const Palette& p = palette();
  ImU32 fill = p.primary, text = p.primary_text, border = p.primary;
  switch (kind) {
    case ButtonKind::primary: break;
    case ButtonKind::secondary: fill = p.secondary, text = p.secondary_text, border = p.secondary_text; break;
    case ButtonKind::danger: fill = p.secondary, text = p.danger, border = p.danger; break;
    case ButtonKind::quiet: fill = p.background, text = p.secondary_text, border = p.border; break;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  float rounding = px(14);
  if (held) fill = kind == ButtonKind::primary ? p.focus : p.border;
  draw->AddRectFilled(min, max, fill, rounding);
  draw->AddRect(min, max, border, rounding, 0, px(contrast() == Contrast::high ? 4 : 2.5f));
  draw_label(draw, min, max, label, text, fonts().bold);
  return tapped(released);
}

bool tile(std::string_view title, std::string_view subtitle, std::string_view symbol, ImVec2 size) {
  ImGui::PushID(title.data(), title.data() + title.size());
  bool released = ImGui::InvisibleButton("##tile", size);
  bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  hit_map().target(title, min, max);
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, held ? p.focus : p.primary, px(22));
  if (contrast() == Contrast::high) draw->AddRect(min, max, p.text, px(22), 0, px(4));
  const Fonts& f = fonts();
  float wrap = max.x - min.x - px(64);
  float words =
      f.title->CalcTextSizeA(f.title->FontSize, FLT_MAX, wrap, title.data(), title.data() + title.size()).y + px(10) +
      f.body->CalcTextSizeA(f.body->FontSize, FLT_MAX, wrap, subtitle.data(), subtitle.data() + subtitle.size()).y;
  float y = min.y + px(28);
  if (max.y - min.y >= words + f.title->FontSize + px(18) + px(56)) {  // the symbol only where there is room
    draw->AddText(f.title, f.title->FontSize, ImVec2(min.x + px(32), y), p.primary_text, symbol.data(),
                  symbol.data() + symbol.size());
    y += f.title->FontSize + px(18);
  } else {
    y = std::max(min.y + px(12), (min.y + max.y - words) / 2);
  }
  draw->AddText(f.title, f.title->FontSize, ImVec2(min.x + px(32), y), p.primary_text, title.data(),
                title.data() + title.size(), wrap);
  y += f.title->CalcTextSizeA(f.title->FontSize, FLT_MAX, wrap, title.data(), title.data() + title.size()).y + px(10);
  draw->AddText(f.body, f.body->FontSize, ImVec2(min.x + px(32), y), p.primary_text, subtitle.data(),
                subtitle.data() + subtitle.size(), wrap);
  return tapped(released);
}

bool chip(std::string_view label, bool on, ImVec2 size, std::string_view test_name) {
  size = resolve(size);
  std::string_view name = test_name.empty() ? label : test_name;
  ImGui::PushID(name.data(), name.data() + name.size());
  bool released = ImGui::InvisibleButton("##chip", size);
  ImGui::PopID();
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  hit_map().target(name, min, max);
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, on ? p.primary : p.surface, px(14));
  draw->AddRect(min, max, on ? p.primary : p.border, px(14), 0, px(on ? 3 : 2));
  std::string text = (on ? "✓ " : "") + s(label);
  draw_label(draw, min, max, text, on ? p.primary_text : p.text, on ? fonts().bold : fonts().body);
  return tapped(released);
}

namespace {

// The text as the lines it wraps into at `width`.
std::vector<std::string_view> wrap_lines(ImFont* font, std::string_view text, float width) {
  std::vector<std::string_view> lines;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end) {
    const char* cut = font->CalcWordWrapPositionA(1.0f, at, end, width);
    if (cut == at) cut = at + 1;  // a single character wider than the box
    lines.emplace_back(at, static_cast<std::size_t>(cut - at));
    at = cut;
    while (at < end && *at == ' ') ++at;
  }
  if (lines.empty()) lines.emplace_back(text.data(), 0);
  return lines;
}

void draw_one_line(ImDrawList* draw, ImFont* font, ImVec2 min, ImVec2 max, std::string_view value, bool focused) {
  const Palette& p = palette();
  ImVec2 at(min.x + px(20), (min.y + max.y - font->FontSize) / 2);
  // Long values show their end, where the typing is.
  float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, value.data(), value.data() + value.size()).x;
  float room = max.x - min.x - px(48);
  if (w > room) at.x -= w - room;
  draw->AddText(font, font->FontSize, at, p.text, value.data(), value.data() + value.size());
  at.x += w;
  if (focused) draw->AddRectFilled(ImVec2(at.x + px(3), at.y), ImVec2(at.x + px(6), at.y + font->FontSize), p.focus);
}

void draw_wrapped(ImDrawList* draw, ImFont* font, ImVec2 min, ImVec2 max, std::string_view value, bool focused) {
  const Palette& p = palette();
  float pad = px(16);
  auto lines = wrap_lines(font, value, max.x - min.x - 2 * px(20) - px(8));
  float line_h = font->FontSize * 1.15f;
  int room = std::max(1, static_cast<int>((max.y - min.y - 2 * pad) / line_h));
  std::size_t first = lines.size() > static_cast<std::size_t>(room) ? lines.size() - static_cast<std::size_t>(room) : 0;
  ImVec2 at(min.x + px(20), min.y + pad);
  for (std::size_t i = first; i < lines.size(); ++i) {
    draw->AddText(font, font->FontSize, at, p.text, lines[i].data(), lines[i].data() + lines[i].size());
    if (i + 1 < lines.size()) at.y += line_h;
  }
  float w =
      font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, lines.back().data(), lines.back().data() + lines.back().size()).x;
  if (focused)
    draw->AddRectFilled(ImVec2(at.x + w + px(3), at.y), ImVec2(at.x + w + px(6), at.y + font->FontSize), p.focus);
}

}  // namespace

bool text_box(std::string_view label, std::string_view value, bool focused, std::string_view placeholder, float width,
              std::string_view test_name, int lines) {
  const Palette& p = palette();
  // The label sits left of the box when there is room, so a form of three fields stays short.
  ImFont* label_font = fonts().bold;
  float label_w =
      label_font->CalcTextSizeA(label_font->FontSize, FLT_MAX, 0, label.data(), label.data() + label.size()).x;
  bool beside = lines == 1 && !label.empty() && ImGui::GetContentRegionAvail().x > px(1000) && label_w < px(310);
  if (!label.empty()) {
    ImGui::PushFont(fonts().bold);
    if (beside)
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (std::max(kMinTarget, px(80)) - ImGui::GetFontSize()) / 2);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(label.data(), label.data() + label.size());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (beside) {
      ImGui::SameLine(px(330));
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() - (std::max(kMinTarget, px(80)) - ImGui::GetFontSize()) / 2);
    }
  }
  ImFont* font = fonts().body;
  float extra_lines = static_cast<float>(std::max(lines, 1) - 1) * font->FontSize * 1.15f;
  ImVec2 size = resolve(ImVec2(width, px(80) + extra_lines));
  std::string_view name = test_name.empty() ? label : test_name;
  ImGui::PushID(name.data(), name.data() + name.size());
  bool released = ImGui::InvisibleButton("##field", size);
  ImGui::PopID();
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  hit_map().target(name, min, max);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, p.surface, px(12));
  draw->AddRect(min, max, focused ? p.focus : p.border, px(12), 0, px(focused ? 5 : 2));
  draw->PushClipRect(min, max, true);
  if (value.empty()) {
    ImVec2 at(min.x + px(20), lines > 1 ? min.y + px(16) : (min.y + max.y - font->FontSize) / 2);
    draw->AddText(font, font->FontSize, at, p.muted, placeholder.data(), placeholder.data() + placeholder.size());
    if (focused) draw->AddRectFilled(ImVec2(at.x + px(3), at.y), ImVec2(at.x + px(6), at.y + font->FontSize), p.focus);
  } else if (lines > 1) {
    draw_wrapped(draw, font, min, max, value, focused);
  } else {
    draw_one_line(draw, font, min, max, value, focused);
  }
  draw->PopClipRect();
  return tapped(released);
}

void step_indicator(int step, int total, std::string_view caption) {
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 at = ImGui::GetCursorScreenPos();
  float r = px(10), gap = px(34);
  for (int i = 1; i <= total; ++i) {
    ImVec2 c(at.x + r + static_cast<float>(i - 1) * gap, at.y + px(20));
    if (i <= step)
      draw->AddCircleFilled(c, r, p.primary);
    else
      draw->AddCircle(c, r, p.muted, 0, px(2.5f));
  }
  ImGui::Dummy(ImVec2(static_cast<float>(total) * gap, px(40)));
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.muted));
  ImGui::TextUnformatted(caption.data(), caption.data() + caption.size());
  ImGui::PopStyleColor();
}

void heading(std::string_view text) {
  ImGui::PushFont(fonts().title);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(1, px(8)));
}

void paragraph(std::string_view text) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
}

void muted(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().muted));
  paragraph(text);
  ImGui::PopStyleColor();
}

void error_banner(std::string_view text) {
  const Palette& p = palette();
  ImVec2 at = ImGui::GetCursorScreenPos();
  float width = ImGui::GetContentRegionAvail().x;
  float wrap = width - px(48);
  ImVec2 size =
      fonts().bold->CalcTextSizeA(fonts().bold->FontSize, FLT_MAX, wrap, text.data(), text.data() + text.size());
  ImVec2 max(at.x + width, at.y + size.y + px(32));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, max, p.warning_bg, px(12));
  draw->AddRect(at, max, p.danger, px(12), 0, px(3));
  draw->AddText(fonts().bold, fonts().bold->FontSize, ImVec2(at.x + px(24), at.y + px(16)), p.text, text.data(),
                text.data() + text.size(), wrap);
  ImGui::Dummy(ImVec2(width, max.y - at.y));
  hit_map().error(at, max);
}

void label_value(std::string_view label, std::string_view value) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().muted));
  ImGui::TextUnformatted(label.data(), label.data() + label.size());
  ImGui::PopStyleColor();
  // Values line up in a second column; a label too long for the first puts its value underneath.
  float column = px(560);
  bool indented = ImGui::GetItemRectSize().x + px(24) > column;
  if (indented)
    ImGui::Indent(px(40));
  else
    ImGui::SameLine(column);
  ImGui::PushFont(fonts().bold);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(value.data(), value.data() + value.size());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (indented) ImGui::Unindent(px(40));
}

void scroll_begin(std::string_view id, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
  ImGui::BeginChild(s(id).c_str(), size, false);
  scroll_by_drag();
}

void scroll_by_drag() {
  // What is seen of the region: its clip rectangle (inside any padding).
  hit_map().enter_scroll(ImGui::GetWindowDrawList()->GetClipRectMin(), ImGui::GetWindowDrawList()->GetClipRectMax());
  // Drag with a finger anywhere in the list to scroll it; buttons ignore a press that became a drag.
  ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem | ImGuiHoveredFlags_ChildWindows) &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left, px(18)))
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

void scroll_end() {
  hit_map().leave_scroll();
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace aftersales::ui
