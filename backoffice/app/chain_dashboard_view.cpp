// Headquarters' dashboard: every store side by side (a table that sorts by any column, the chain's
// total pinned under its header while the stores scroll), and below it what comes back most across
// the chain, each with the stores it comes back to most.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "dashboard_parts.h"
#include "store_table.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

ImU32 promise_colour(const StoreRow& row) {
  if (!row.has_promises) return ui::palette().text;
  switch (row.promise_tone) {
    case TurnaroundBar::Tone::good: return ui::palette().success;
    case TurnaroundBar::Tone::poor: return ui::palette().danger;
    case TurnaroundBar::Tone::fair: break;
  }
  return ui::palette().text;
}

void coloured(const std::string& text, ImU32 colour) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

void store_row(const StoreRow& row) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.store.c_str());
  ui::mark("store " + row.store);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.volume.c_str());
  ImGui::TableNextColumn();
  coloured(row.backlog, row.overdue ? ui::palette().danger : ui::palette().text);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.turnaround.c_str());
  ImGui::TableNextColumn();
  coloured(row.promises, promise_colour(row));
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.rating.c_str());
}

// Tall enough to tap: each header sorts by its column.
float header_height() {
  return std::max(ImGui::GetFrameHeight(), ui::px(56));
}

void header_row() {
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers, header_height());
  for (int c = 0; c < ImGui::TableGetColumnCount(); ++c) {
    ImGui::TableSetColumnIndex(c);
    ImGui::TableHeader(ImGui::TableGetColumnName(c));
    ui::mark(fmt::format("sort by {}", ImGui::TableGetColumnName(c)));
  }
}

// Read every frame, not only when it changes: the table keeps its sort across a refresh.
void sort_as_the_headers_say(std::vector<StoreRow>& rows) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (!specs || specs->SpecsCount == 0) return;
  sort_rows(rows, static_cast<StoreColumn>(specs->Specs[0].ColumnUserID),
            specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
  specs->SpecsDirty = false;
}

void stores_side_by_side(StoreTable& table, float height) {
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("stores", 6, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 2);  // the header and the chain's total stay while the stores scroll
  auto column = [](const char* name, StoreColumn id, ImGuiTableColumnFlags extra = 0) {
    ImGui::TableSetupColumn(name, extra, 0, static_cast<ImGuiID>(id));
  };
  column("Store", StoreColumn::store, ImGuiTableColumnFlags_DefaultSort);
  column("Cases opened", StoreColumn::volume, ImGuiTableColumnFlags_PreferSortDescending);
  column("Backlog", StoreColumn::backlog, ImGuiTableColumnFlags_PreferSortDescending);
  column("Median repair", StoreColumn::turnaround);
  column("Promises kept", StoreColumn::promises);
  column("Customer rating", StoreColumn::rating, ImGuiTableColumnFlags_PreferSortDescending);
  header_row();
  sort_as_the_headers_say(table.stores);
  ImGui::PushFont(ui::fonts().bold);
  store_row(table.total);
  ImGui::PopFont();
  // The stores scroll under the header and the total: what is cut at the edges is there to scroll to.
  const ImRect& inner = ImGui::GetCurrentWindow()->InnerClipRect;
  ui::hit_map().enter_scroll(ImVec2(inner.Min.x, ImGui::GetItemRectMax().y), inner.Max);
  for (const StoreRow& row : table.stores) store_row(row);
  ui::hit_map().leave_scroll();
  ImGui::EndTable();
}

// Each thing on a bar as long as its count (a light tint, so the label on it reads), and under it
// the stores it comes back to most: two lines a thing, so five fit beside a long list of stores.
void repeats(const ChainRepeatList& list, float width, const char* mark_prefix) {
  if (list.rows.empty()) {
    ImGui::TextDisabled("%s", list.empty_text.c_str());
    return;
  }
  int top = 1;
  for (const ChainRepeat& r : list.rows) top = std::max(top, r.cases);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  ImU32 tint = (p.danger & ~IM_COL32_A_MASK) | (ImU32{46} << IM_COL32_A_SHIFT);
  float line = ImGui::GetTextLineHeight();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, ui::px(4)));
  for (std::size_t i = 0; i < list.rows.size(); ++i) {
    const ChainRepeat& r = list.rows[i];
    ImGui::BeginGroup();
    ImVec2 at = ImGui::GetCursorScreenPos();
    float bar_w = std::max(ui::px(4), width * static_cast<float>(r.cases) / static_cast<float>(top));
    draw->AddRectFilled(at, ImVec2(at.x + bar_w, at.y + line), tint);
    std::string count = std::to_string(r.cases);
    float count_x = at.x + width - ImGui::CalcTextSize(count.c_str()).x - ui::px(6);
    ImGui::PushClipRect(at, ImVec2(count_x - ui::px(10), at.y + line), true);
    draw->AddText(ImVec2(at.x + ui::px(6), at.y), p.text, r.label.c_str());
    ImGui::PopClipRect();
    draw->AddText(ImVec2(count_x, at.y), p.text, count.c_str());
    ImGui::Dummy(ImVec2(width, line));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled("%s", r.stores.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ui::mark(fmt::format("{} {}", mark_prefix, i + 1));
    ImGui::Dummy(ImVec2(0, ui::px(8)));
  }
  ImGui::PopStyleVar();
}

}  // namespace

void draw_chain_dashboard(const StatsByStore& chain) {
  StoreTable table = store_table(chain);
  ImGui::TextDisabled("%s", fmt::format("Last {} days, {} {}; backlog as of now. Sort by any column.", table.days,
                                        table.stores.size(), table.stores.size() == 1 ? "store" : "stores")
                                .c_str());
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float row_h = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
  float rows_h = header_height() + static_cast<float>(table.stores.size() + 1) * row_h + ui::px(8);
  float table_h = std::min(rows_h, (avail.y - ImGui::GetStyle().ItemSpacing.y) * 0.45f);
  stores_side_by_side(table, table_h);

  std::vector<ChainRepeatList> lists = chain_repeats(chain);
  static constexpr const char* kIds[] = {"repaired", "returned", "faults", "reasons"};
  float quarter = (avail.x - 3 * gap) / 4;
  for (std::size_t i = 0; i < lists.size() && i < std::size(kIds); ++i) {
    if (i > 0) ImGui::SameLine();
    panel(kIds[i], lists[i].heading.c_str(), ImVec2(quarter, 0), [&](float w) { repeats(lists[i], w, kIds[i]); });
  }
}

}  // namespace aftersales::backoffice
