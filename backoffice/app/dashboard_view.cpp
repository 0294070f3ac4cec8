// How the service is doing, drawn as charts: cases opened per day, the backlog by status, turnaround
// against the promise, what comes back most often, and what customers said; or, at "Bench figures",
// the bench (bench_view.cpp). Esc goes back.
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <functional>

#include "backoffice_app.h"
#include "core/domain/local_format.h"
#include "dashboard_model.h"
#include "dashboard_parts.h"
#include "shortcuts.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

// Thirty columns, one a day, with the count over each non-empty one and a date under every seventh.
void opened_per_day(const std::vector<DayCount>& days, ImVec2 size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  float label_h = ImGui::GetTextLineHeight();
  float chart_h = size.y - 2 * label_h;
  int top = 1;
  for (const DayCount& d : days) top = std::max(top, d.cases);
  float slot = size.x / static_cast<float>(std::max<std::size_t>(days.size(), 1));
  float base = origin.y + label_h + chart_h;
  draw->AddLine(ImVec2(origin.x, base), ImVec2(origin.x + size.x, base), ui::palette().border);
  for (std::size_t i = 0; i < days.size(); ++i) {
    float x = origin.x + slot * static_cast<float>(i);
    float h = chart_h * static_cast<float>(days[i].cases) / static_cast<float>(top);
    ImVec2 a(x + slot * 0.15f, base - h), b(x + slot * 0.85f, base);
    draw->AddRectFilled(a, b, i + 1 == days.size() ? ui::palette().success : ui::palette().primary);
    if (days[i].cases > 0) {
      std::string n = std::to_string(days[i].cases);
      float w = ImGui::CalcTextSize(n.c_str()).x;
      draw->AddText(ImVec2(x + (slot - w) / 2, a.y - label_h), ui::palette().text, n.c_str());
    }
    if ((days.size() - 1 - i) % 7 == 0) {
      unsigned month = static_cast<unsigned>(days[i].day.month()), day = static_cast<unsigned>(days[i].day.day());
      std::string label = i + 1 == days.size() ? "today" : fmt::format("{}/{}", day, month);
      float w = ImGui::CalcTextSize(label.c_str()).x;
      float left = std::min(x + (slot - w) / 2, origin.x + size.x - w);  // the last one stays inside
      draw->AddText(ImVec2(left, base + 2), ui::palette().muted, label.c_str());
    }
    if (ImGui::IsMouseHoveringRect(ImVec2(x, origin.y), ImVec2(x + slot, base)))
      ImGui::SetTooltip("%s: %d opened", format_date(days[i].day, Language::en).c_str(), days[i].cases);
  }
  ImGui::Dummy(size);
}

// Labelled horizontal bars, longest first as given.
void bars(const std::vector<std::pair<std::string, int>>& rows, float width, ImU32 color,
          const std::string& empty_text = "Nothing yet.") {
  if (rows.empty()) {
    ImGui::TextDisabled("%s", empty_text.c_str());
    return;
  }
  int top = 1;
  float label_w = 0;
  for (const auto& [label, n] : rows) {
    top = std::max(top, n);
    label_w = std::max(label_w, ImGui::CalcTextSize(label.c_str()).x + ui::px(20));
  }
  label_w = std::min(label_w, width * 0.7f);
  float bar_w = width - label_w - ui::px(80);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const auto& [label, n] : rows) {
    ImVec2 at = ImGui::GetCursorScreenPos();
    float line = ImGui::GetTextLineHeight();
    ImGui::PushClipRect(at, ImVec2(at.x + label_w - ui::px(10), at.y + line), true);
    draw->AddText(at, ui::palette().text, label.c_str());
    ImGui::PopClipRect();
    float w = std::max(2.0f, bar_w * static_cast<float>(n) / static_cast<float>(top));
    draw->AddRectFilled(ImVec2(at.x + label_w, at.y + line * 0.15f), ImVec2(at.x + label_w + w, at.y + line * 0.85f),
                        color);
    std::string count = std::to_string(n);
    draw->AddText(ImVec2(at.x + label_w + w + ui::px(10), at.y), ui::palette().text, count.c_str());
    ImGui::Dummy(ImVec2(width, line));
  }
}

void headline(const ServiceStats& s) {
  auto figure = [](const std::string& value, const char* caption, ImU32 color) {
    ImGui::BeginGroup();
    ImGui::PushFont(ui::fonts().title);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::TextDisabled("%s", caption);
    ImGui::EndGroup();
    ImGui::SameLine(0, ui::px(90));
  };
  const ui::Palette& p = ui::palette();
  figure(std::to_string(s.open_cases), "open cases", p.text);
  figure(std::to_string(s.overdue_cases), "overdue", s.overdue_cases > 0 ? p.danger : p.success);
  int opened = 0;
  for (const DayCount& d : s.opened_per_day) opened += d.cases;
  figure(std::to_string(opened), fmt::format("opened in {} days", s.days).c_str(), p.text);
  ImU32 rating_color = !s.average_rating ? p.muted : *s.average_rating >= 4.0 ? p.success : p.danger;
  figure(s.average_rating ? fmt::format("{:.1f} / 5", *s.average_rating) : "no ratings",
         fmt::format("customer rating ({} in {} days)", s.ratings, s.days).c_str(), rating_color);
  ImGui::NewLine();
}

Rgb rgb(ImU32 c) {
  return {static_cast<std::uint8_t>(c >> IM_COL32_R_SHIFT), static_cast<std::uint8_t>(c >> IM_COL32_G_SHIFT),
          static_cast<std::uint8_t>(c >> IM_COL32_B_SHIFT)};
}

ImU32 im(Rgb c) {
  return IM_COL32(c.r, c.g, c.b, 255);
}

// A bar with its label on it: over the filled part the label takes the colour that reads on the
// fill, over the rest the one that reads on the track (each at least 4.5:1 with the palette).
void labelled_bar(float share, const std::string& label, ImU32 fill, float width) {
  const ui::Palette& p = ui::palette();
  Rgb dark = rgb(p.text), light{255, 255, 255};
  ImU32 track = ImGui::GetColorU32(ImGuiCol_FrameBg);
  ImVec2 a = ImGui::GetCursorScreenPos();
  float h = ImGui::GetTextLineHeight() * 1.3f;
  ImVec2 b(a.x + width, a.y + h);
  float split = a.x + width * std::clamp(share, 0.0f, 1.0f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(a, b, track);
  draw->AddRectFilled(a, ImVec2(split, b.y), fill);
  ImVec2 size = ImGui::CalcTextSize(label.c_str());
  ImVec2 text(a.x + (width - size.x) / 2, a.y + (h - size.y) / 2);
  draw->PushClipRect(a, ImVec2(split, b.y), true);
  draw->AddText(text, im(readable_text_on(rgb(fill), dark, light)), label.c_str());
  draw->PopClipRect();
  draw->PushClipRect(ImVec2(split, a.y), b, true);
  draw->AddText(text, im(readable_text_on(rgb(track), dark, light)), label.c_str());
  draw->PopClipRect();
  ImGui::Dummy(ImVec2(width, h));
}

void turnaround(const ServiceStats& s, float width) {
  const ui::Palette& p = ui::palette();
  for (const TurnaroundBar& bar : turnaround_bars(s)) {
    if (bar.empty) {
      ImGui::TextDisabled("%s", bar.heading.c_str());
      continue;
    }
    ImGui::TextUnformatted(bar.heading.c_str());
    ImU32 fill = bar.tone == TurnaroundBar::Tone::good   ? p.success
                 : bar.tone == TurnaroundBar::Tone::fair ? p.primary
                                                         : p.danger;
    labelled_bar(bar.share, bar.label, fill, width);
    ui::mark(bar.heading.substr(0, bar.heading.find(':')) + " turnaround");
  }
}

void comments(BackofficeApp& app, const ServiceStats& s) {
  if (s.recent_comments.empty()) ImGui::TextDisabled("No comments yet.");
  for (const FeedbackComment& c : s.recent_comments) {
    ImGui::TextDisabled("%s", fmt::format("{}/5  {}  {}", c.rating, c.case_code,
                                          format_date_time(app.config.time_zone, c.at, Language::en))
                                  .c_str());
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(c.comment.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void panel(const char* id, const char* heading, ImVec2 size, const std::function<void(float)>& body) {
  ImGui::BeginChild(id, size, true);
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(heading);
  ImGui::PopFont();
  body(ImGui::GetContentRegionAvail().x);
  ImGui::EndChild();
}

void draw_dashboard(BackofficeApp& app) {
  ui::hit_map().screen("dashboard");
  if (ImGui::Button("<- Queue (Esc)") || key_pressed(SDL_SCANCODE_ESCAPE)) {
    app.close_dashboard();
    return;
  }
  ui::mark("Queue");
  ImGui::SameLine();
  if (ImGui::Button("Refresh")) app.open_dashboard();
  ui::mark("Refresh");
  ImGui::SameLine();
  DashboardScreen& d = *app.dashboard;
  if (d.stats) {  // a store's: its bench, or its service
    if (ImGui::Button(d.show_bench ? "Service figures" : "Bench figures")) d.show_bench = !d.show_bench;
    ui::mark(d.show_bench ? "Service figures" : "Bench figures");
    ImGui::SameLine();
  }
  ImGui::PushFont(ui::fonts().title);
  ImGui::TextUnformatted(d.chain        ? "How the chain's stores are doing"
                         : d.show_bench ? "How the bench is doing"
                                        : "How the service is doing");
  ImGui::PopFont();
  if (d.chain) {
    draw_chain_dashboard(*d.chain);
    return;
  }
  if (!d.stats) {
    ImGui::TextUnformatted(d.message.c_str());
    return;
  }
  if (d.show_bench) {
    if (d.bench)
      draw_bench(app, *d.bench);
    else
      ImGui::TextUnformatted(d.bench_message.c_str());
    return;
  }
  const ServiceStats& s = *d.stats;
  headline(s);

  ImVec2 avail = ImGui::GetContentRegionAvail();
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float wide = avail.x * 0.62f, narrow = avail.x - wide - gap;
  float usable = avail.y - ImGui::GetStyle().ItemSpacing.y * 2;
  float top_h = usable * 0.42f, middle_h = usable * 0.30f;  // the comments get the rest
  std::vector<std::pair<std::string, int>> backlog, products;
  for (const StatusCount& b : s.backlog) backlog.emplace_back(staff_status_label(b.status), b.cases);
  for (const RepeatCount& r : s.top_products) products.emplace_back(r.label, r.cases);
  auto [faults, reasons] = comes_back_most(s);

  ImGui::BeginGroup();
  panel("opened", fmt::format("Cases opened per day, last {} days", s.days).c_str(), ImVec2(wide, top_h),
        [&](float w) { opened_per_day(s.opened_per_day, ImVec2(w, ImGui::GetContentRegionAvail().y - ui::px(6))); });
  float third = (wide - 2 * gap) / 3;
  panel("products", "Products that come back most", ImVec2(third, middle_h),
        [&](float w) { bars(products, w, ui::palette().danger); });
  ImGui::SameLine();
  panel("faults", faults.heading.c_str(), ImVec2(third, middle_h),
        [&](float w) { bars(faults.rows, w, ui::palette().danger, faults.empty_text); });
  ImGui::SameLine();
  panel("reasons", reasons.heading.c_str(), ImVec2(third, middle_h),
        [&](float w) { bars(reasons.rows, w, ui::palette().danger, reasons.empty_text); });
  ImGui::EndGroup();
  ImGui::SameLine();
  panel("backlog", "Open cases by status", ImVec2(narrow, ImGui::GetItemRectSize().y),
        [&](float w) { bars(backlog, w, ui::palette().primary); });
  panel("comments", "What customers said (newest first)", ImVec2(wide, 0), [&](float) { comments(app, s); });
  ImGui::SameLine();
  panel("turnaround", "Turnaround (median, and kept promises)", ImVec2(narrow, 0), [&](float w) { turnaround(s, w); });
}

}  // namespace aftersales::backoffice
