// The queue: filters, search as you type (a scanned case code or receipt QR opens the case),
// a sortable table with an overdue badge on late rows, and a notice when kiosk cases arrive.
// Keys: Ctrl+F search, Up/Down choose a row, Enter open it, Ctrl+D dashboard, Ctrl+E export.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "backoffice_app.h"
#include "core/base/text.h"
#include "shortcuts.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

// A small filled tag in the promised column: the row keeps its normal colours.
void badge(const std::string& text) {
  ImVec2 at = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::CalcTextSize(text.c_str());
  float pad = ui::px(8);
  ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x + 2 * pad, at.y + size.y), ui::palette().danger,
                                            ui::px(6));
  ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + pad, at.y), IM_COL32(255, 255, 255, 255), text.c_str());
  ImGui::Dummy(ImVec2(size.x + 2 * pad, size.y));
}

void top_bar(BackofficeApp& app) {
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(app.config.store.name.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  const StaffMember& u = *app.user();
  ImGui::TextDisabled("%s", fmt::format("  {} ({})", u.display_name, to_string(u.role)).c_str());
  float right = ImGui::GetContentRegionMax().x;
  ImGui::SameLine(right - ui::px(220 + 300 + 340) - 2 * ImGui::GetStyle().ItemSpacing.x);
  if (ImGui::Button("Dashboard (Ctrl+D)", ImVec2(ui::px(340), 0)) || ctrl_pressed(SDL_SCANCODE_D)) app.open_dashboard();
  ui::mark("Dashboard");
  ImGui::SameLine();
  if (ImGui::Button("Export CSV", ImVec2(ui::px(300), 0)) || ctrl_pressed(SDL_SCANCODE_E)) app.export_queue();
  ui::mark("Export CSV");
  ImGui::SameLine();
  if (ImGui::Button("Sign out", ImVec2(ui::px(220), 0))) app.sign_out();
  ui::mark("Sign out");
}

// Up and Down move the chosen row (it follows the list as it refreshes); Enter opens it.
void keyboard_selection(BackofficeApp& app) {
  std::size_t n = app.queue->rows().size();
  auto& row = app.selected_row;
  if (n == 0) {
    row.reset();
    return;
  }
  if (key_pressed(SDL_SCANCODE_DOWN)) row = row ? std::min(*row + 1, n - 1) : 0;
  if (key_pressed(SDL_SCANCODE_UP)) row = row && *row > 0 ? *row - 1 : 0;
  if (row && *row >= n) row = n - 1;
}

bool filters(BackofficeApp& app) {
  QueueFilters& f = app.queue->filters;
  bool changed = false;
  ImGui::SetNextItemWidth(ui::px(900));
  if (ImGui::IsWindowAppearing() || app.focus_search || ctrl_pressed(SDL_SCANCODE_F)) {
    ImGui::SetKeyboardFocusHere();
    app.focus_search = false;
  }
  take_focus_if_asked(app, "search");
  bool enter = ImGui::InputTextWithHint("##search", "Search or scan: code, name, phone, serial, product", &f.search,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  mark_field("search");
  changed |= ImGui::IsItemEdited();
  bool search_focused = ImGui::IsItemActive();
  if (!enter && !search_focused && enter_pressed() && app.selected_row) {
    app.open_case(app.queue->rows()[*app.selected_row].code);
    return true;
  }
  if (enter) {
    // A scanned label or receipt: its case code (or status link) opens the case directly.
    std::string scanned = trim(f.search);
    auto by_code = app.services().cases.find_by_code(scanned);
    std::size_t slash = scanned.rfind('/');
    auto by_token =
        slash == std::string::npos ? by_code : app.services().cases.find_by_token(scanned.substr(slash + 1));
    if (by_code || by_token) {
      app.open_case(by_code ? by_code->code : by_token->code);
      f.search.clear();
      return true;
    }
    if (app.selected_row) {
      app.open_case(app.queue->rows()[*app.selected_row].code);
      return true;
    }
    if (app.queue->rows().size() == 1) {
      app.open_case(app.queue->rows().front().code);
      return true;
    }
  }
  ImGui::SameLine();
  const char* kinds[] = {"Repairs and returns", "Repairs", "Returns"};
  int kind = !f.kind ? 0 : (*f.kind == CaseKind::repair ? 1 : 2);
  ImGui::SetNextItemWidth(ui::px(420));
  if (ImGui::Combo("##kind", &kind, kinds, 3)) {
    f.kind = kind == 0 ? std::nullopt : std::optional(kind == 1 ? CaseKind::repair : CaseKind::return_item);
    changed = true;
  }
  ui::mark("kind filter");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ui::px(460));
  std::string current = f.status ? std::string(staff_status_label(*f.status)) : "Every open case";
  if (ImGui::BeginCombo("##status", current.c_str())) {
    if (ImGui::Selectable("Every open case", !f.status)) f.status.reset(), changed = true;
    for (CaseStatus s : kAllStatuses)
      if (ImGui::Selectable(std::string(staff_status_label(s)).c_str(), f.status == s)) f.status = s, changed = true;
    ImGui::EndCombo();
  }
  ui::mark("status filter");
  ImGui::SameLine();
  changed |= ImGui::Checkbox("Mine", &f.mine);
  ui::mark("Mine");
  ImGui::SameLine();
  changed |= ImGui::Checkbox("Overdue", &f.overdue);
  ui::mark("Overdue");
  return changed;
}

void arrivals(BackofficeApp& app) {
  if (app.recent_arrivals.empty() || SteadyClock::now() > app.arrivals_until) return;
  std::string text = "New from the kiosk:";
  for (const Case& c : app.recent_arrivals)
    text += fmt::format("  {} ({}, {})", c.code, c.product_name, to_string(c.kind));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().success));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ui::mark("arrivals");
}

void table(BackofficeApp& app) {
  CaseQueue& q = *app.queue;
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("queue", 7, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Code", ImGuiTableColumnFlags_WidthFixed, ui::px(300),
                          static_cast<ImGuiID>(QueueColumn::code));
  ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, ui::px(170),
                          static_cast<ImGuiID>(QueueColumn::kind));
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ui::px(560),
                          static_cast<ImGuiID>(QueueColumn::status));
  ImGui::TableSetupColumn("Product", 0, 0, static_cast<ImGuiID>(QueueColumn::product));
  ImGui::TableSetupColumn("Customer", 0, 0, static_cast<ImGuiID>(QueueColumn::customer));
  ImGui::TableSetupColumn("Age", ImGuiTableColumnFlags_WidthFixed, ui::px(130), static_cast<ImGuiID>(QueueColumn::age));
  ImGui::TableSetupColumn("Promised", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, ui::px(480),
                          static_cast<ImGuiID>(QueueColumn::promised));
  ImGui::TableHeadersRow();
  // The rows scroll under the header: what is cut at the edges of this body is there to scroll to.
  const ImRect& inner = ImGui::GetCurrentWindow()->InnerClipRect;  // the table's own scrolling child
  ImVec2 body_min(inner.Min.x, ImGui::GetItemRectMax().y), body_max = inner.Max;
  ui::hit_map().enter_scroll(body_min, body_max);
  // A row's selectable reaches half the item spacing above and below its text; with the spacing
  // wider than the cell padding, the top of a row would open the case above it. Rows tile exactly.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                      ImVec2(ImGui::GetStyle().ItemSpacing.x, 2 * ImGui::GetStyle().CellPadding.y));
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
    q.sort = {static_cast<QueueColumn>(specs->Specs[0].ColumnUserID),
              specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending};
    app.refresh_queue();
    specs->SpecsDirty = false;
  }
  for (std::size_t i = 0; i < q.rows().size(); ++i) {
    const Case& c = q.rows()[i];
    ImGui::TableNextRow();
    QueueRow row = q.row(i, app.config.time_zone);
    bool chosen = app.selected_row == i;
    ImGui::TableNextColumn();
    if (ImGui::Selectable(c.code.c_str(), chosen, ImGuiSelectableFlags_SpanAllColumns)) app.open_case(c.code);
    if (chosen && (key_pressed(SDL_SCANCODE_UP) || key_pressed(SDL_SCANCODE_DOWN))) ImGui::SetScrollHereY();
    // The row spans every column (its cell's clip rectangle is only the first one's).
    ImGui::GetWindowDrawList()->PushClipRect(body_min, body_max, false);
    ui::mark("row " + c.code);
    ImGui::GetWindowDrawList()->PopClipRect();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.kind.c_str());
    ImGui::TableNextColumn();
    if (row.clock_flag.empty()) {
      ImGui::TextUnformatted(row.status.c_str());
    } else {  // past its status's limit: the flag says the status and how long, on the row's one line
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().danger));
      ImGui::TextUnformatted(row.clock_flag.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.product_name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.customer_name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.age.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.promised.c_str());
    if (!row.overdue_badge.empty()) {
      ImGui::SameLine();
      badge(row.overdue_badge);
    }
  }
  ImGui::PopStyleVar();
  ui::hit_map().leave_scroll();
  ImGui::EndTable();
}

}  // namespace

void draw_queue(BackofficeApp& app) {
  ui::hit_map().screen("queue");
  top_bar(app);
  if (app.dashboard) return;
  ImGui::Separator();
  keyboard_selection(app);
  if (filters(app)) app.refresh_queue();
  if (app.case_screen) return;  // a scan or Enter opened a case
  arrivals(app);
  std::size_t overdue = 0;
  Instant now = app.services().cases.now();
  for (const Case& c : app.queue->rows()) overdue += c.overdue(now);
  std::size_t flagged = 0;
  for (const StatusClock& clock : app.queue->clocks()) flagged += clock.flagged();
  ImGui::TextDisabled("%s", fmt::format("{} cases, {} overdue, {} past a status's limit.   Ctrl+F search, Up/Down and "
                                        "Enter open, Ctrl+D dashboard, Ctrl+E export",
                                        app.queue->rows().size(), overdue, flagged)
                                .c_str());
  if (!app.queue_message.empty()) {
    ImU32 color = app.queue_message_is_error ? ui::palette().danger : ui::palette().success;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
    ImGui::TextUnformatted(app.queue_message.c_str());
    ImGui::PopStyleColor();
    ui::mark("queue message");
    if (app.queue_message_is_error) mark_error();
  }
  table(app);
}

}  // namespace aftersales::backoffice
