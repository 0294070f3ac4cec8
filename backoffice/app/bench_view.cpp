// The dashboard's Bench section: repairs finished per week stacked by technician, each technician's
// output, the time repairs spend in each status and the parts that cost most, each report with its
// "Export CSV" button.
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <functional>

#include "backoffice_app.h"
#include "bench_model.h"
#include "core/base/text.h"
#include "dashboard_parts.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

// Told apart by people with the common colour-vision deficiencies (Okabe and Ito); grey for "Others".
ImU32 series_color(std::size_t i, std::size_t count, bool has_others) {
  static const ImU32 kColors[] = {IM_COL32(0, 114, 178, 255), IM_COL32(230, 159, 0, 255), IM_COL32(0, 158, 115, 255),
                                  IM_COL32(213, 94, 0, 255), IM_COL32(204, 121, 167, 255)};
  if (has_others && i + 1 == count) return IM_COL32(140, 140, 140, 255);
  return kColors[i % std::size(kColors)];
}

// A square of each technician's colour and their name, on as many lines as they need.
void legend(const WeeklyChart& chart, bool has_others) {
  float square = ImGui::GetTextLineHeight() * 0.8f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    float w = square + ui::px(6) + ImGui::CalcTextSize(chart.series[i].c_str()).x;
    if (i > 0) {
      ImGui::SameLine(0, ui::px(18));
      if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    }
    ImVec2 at = ImGui::GetCursorScreenPos();
    float inset = (ImGui::GetTextLineHeight() - square) / 2;
    draw->AddRectFilled(ImVec2(at.x, at.y + inset), ImVec2(at.x + square, at.y + inset + square),
                        series_color(i, chart.series.size(), has_others));
    ImGui::Dummy(ImVec2(square + ui::px(6), ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(chart.series[i].c_str());
  }
}

// A column a week, stacked by technician, with the week's total over it and its name under it.
void weekly_columns(const WeeklyChart& chart, bool has_others, ImVec2 size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  float label_h = ImGui::GetTextLineHeight();
  float chart_h = std::max(size.y - 2 * label_h - ui::px(4), label_h);
  float slot = size.x / static_cast<float>(std::max<std::size_t>(chart.weeks.size(), 1));
  float base = origin.y + label_h + chart_h;
  int top = std::max(chart.top, 1);
  draw->AddLine(ImVec2(origin.x, base), ImVec2(origin.x + size.x, base), ui::palette().border);
  for (std::size_t w = 0; w < chart.weeks.size(); ++w) {
    const WeekColumn& column = chart.weeks[w];
    float x = origin.x + slot * static_cast<float>(w);
    float y = base;
    for (std::size_t s = 0; s < column.stack.size(); ++s) {
      float h = chart_h * static_cast<float>(column.stack[s]) / static_cast<float>(top);
      if (h <= 0) continue;
      draw->AddRectFilled(ImVec2(x + slot * 0.2f, y - h), ImVec2(x + slot * 0.8f, y),
                          series_color(s, column.stack.size(), has_others));
      y -= h;
    }
    std::string total = std::to_string(column.total);
    float tw = ImGui::CalcTextSize(total.c_str()).x;
    draw->AddText(ImVec2(x + (slot - tw) / 2, y - label_h), ui::palette().text, total.c_str());
    float lw = ImGui::CalcTextSize(column.label.c_str()).x;
    draw->AddText(ImVec2(x + (slot - lw) / 2, base + ui::px(2)), ui::palette().muted, column.label.c_str());
    if (ImGui::IsMouseHoveringRect(ImVec2(x, origin.y), ImVec2(x + slot, base)))
      ImGui::SetTooltip("Week from %s: %d finished", column.starts.c_str(), column.total);
  }
  ImGui::Dummy(size);
}

// `text` cut to `width` with "..." at its end (never inside a UTF-8 character); the whole of it
// shows in the row's tooltip.
std::string fitted(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string cut = text;
  while (!cut.empty()) {
    cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
    if (ImGui::CalcTextSize((cut + "...").c_str()).x <= width) return cut + "...";
  }
  return "...";
}

// Labelled bars, each as long as its value against the longest, its words beside it; a label takes
// at most half the width.
void value_bars(const std::vector<ValueBar>& rows, float width, ImU32 color, const char* empty_text) {
  if (rows.empty()) {
    ImGui::TextDisabled("%s", empty_text);
    return;
  }
  double top = 0;
  float label_w = 0, text_w = 0;
  for (const ValueBar& r : rows) {
    top = std::max(top, r.value);
    label_w = std::max(label_w, ImGui::CalcTextSize(r.label.c_str()).x + ui::px(16));
    text_w = std::max(text_w, ImGui::CalcTextSize(r.text.c_str()).x + ui::px(10));
  }
  label_w = std::min(label_w, width * 0.5f);
  float bar_w = std::max(width - label_w - text_w, ui::px(20));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  float line = ImGui::GetTextLineHeight();
  for (const ValueBar& r : rows) {
    ImVec2 at = ImGui::GetCursorScreenPos();
    draw->AddText(at, ui::palette().text, fitted(r.label, label_w - ui::px(8)).c_str());
    float w = top <= 0 ? 2.0f : std::max(2.0f, bar_w * static_cast<float>(r.value / top));
    draw->AddRectFilled(ImVec2(at.x + label_w, at.y + line * 0.15f), ImVec2(at.x + label_w + w, at.y + line * 0.85f),
                        color);
    draw->AddText(ImVec2(at.x + label_w + w + ui::px(8), at.y), ui::palette().text, r.text.c_str());
    ImGui::Dummy(ImVec2(width, line));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", r.label.c_str(), r.text.c_str());
  }
}

// Each technician's figures for the period, busiest first.
void technician_table(const TechnicianReport& report) {
  if (report.technicians.empty()) {
    ImGui::TextDisabled("No repair was finished in these %d weeks.", report.weeks);
    return;
  }
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("technicians", 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Technician", ImGuiTableColumnFlags_WidthStretch);
  for (const char* figure : {"Finished", "Repaired", "Median days"})
    ImGui::TableSetupColumn(figure, ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize(figure).x + ui::px(24));
  ImGui::TableHeadersRow();
  auto row = [](const std::string& name, int finished, const std::string& repaired, double median) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", finished);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(repaired.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", median);
  };
  for (const TechnicianOutput& t : report.technicians)
    row(t.technician, t.finished, std::to_string(t.repaired), t.median_days);
  row("Everyone", report.finished, "", report.median_days);
  ImGui::EndTable();
}

// A panel whose heading has the report's "Export CSV" button at its right.
void report_panel(BackofficeApp& app, const char* id, const std::string& heading, ImVec2 size, BenchReport which,
                  const std::function<void(float)>& body) {
  ImGui::BeginChild(id, size, true);
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(heading.c_str());
  ImGui::PopFont();
  std::string label = fmt::format("Export CSV##{}", id);
  float button = ImGui::CalcTextSize("Export CSV").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - button));
  if (ImGui::SmallButton(label.c_str())) app.export_bench(which);
  ui::mark(fmt::format("Export {} CSV", bench_file_word(which)));
  body(ImGui::GetContentRegionAvail().x);
  ImGui::EndChild();
}

}  // namespace

void draw_bench(BackofficeApp& app, const BenchFigures& bench) {
  DashboardScreen& d = *app.dashboard;
  if (!d.bench_message.empty()) {
    if (d.bench_message_is_error)
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui::palette().danger), "%s", d.bench_message.c_str());
    else
      ImGui::TextUnformatted(d.bench_message.c_str());
    if (d.bench_message_is_error) mark_error();
  }
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float wide = avail.x * 0.58f, narrow = avail.x - wide - gap;
  float usable = avail.y - ImGui::GetStyle().ItemSpacing.y;
  float top_h = usable * 0.5f;
  WeeklyChart chart = weekly_chart(bench.technicians);
  bool has_others = chart.others;

  report_panel(app, "weekly", fmt::format("Repairs finished per week, last {} weeks", bench.technicians.weeks),
               ImVec2(wide, top_h), BenchReport::technicians, [&](float w) {
                 if (chart.series.empty()) {
                   ImGui::TextDisabled("No repair was finished in these weeks.");
                   return;
                 }
                 legend(chart, has_others);
                 weekly_columns(chart, has_others, ImVec2(w, ImGui::GetContentRegionAvail().y - ui::px(6)));
               });
  ImGui::SameLine();
  panel("output", "Output per technician (days: check-in to ready)", ImVec2(narrow, top_h),
        [&](float) { technician_table(bench.technicians); });
  float half = (avail.x - gap) / 2;
  report_panel(app, "statuses",
               fmt::format("Time in each status (stays ended in {} days; bar: median)", bench.statuses.days),
               ImVec2(half, 0), BenchReport::status_times, [&](float w) {
                 value_bars(status_time_bars(bench.statuses), w, ui::palette().primary,
                            "No repair moved on from a status in this period.");
               });
  ImGui::SameLine();
  report_panel(app, "parts", fmt::format("Parts used in {} days, by cost", bench.parts.days), ImVec2(half, 0),
               BenchReport::parts, [&](float w) {
                 value_bars(top_parts_bars(bench.parts), w, ui::palette().danger, "No part was used in this period.");
                 if (!bench.parts.parts.empty())
                   ImGui::TextDisabled(
                       "%s", fmt::format("All parts: {} used, cost {}, charged {}", bench.parts.quantity,
                                         format_price(bench.parts.cost_cents), format_price(bench.parts.price_cents))
                                 .c_str());
               });
}

}  // namespace aftersales::backoffice
