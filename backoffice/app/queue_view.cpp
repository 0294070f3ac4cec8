// The queue: filters, search as you type (a scanned case code or receipt QR opens the case),
// a sortable table with overdue rows in red, and a notice when kiosk cases arrive.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "backoffice_app.h"
#include "core/text.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

std::string age_text(const Case& c, Instant now) {
  auto hours = std::chrono::duration_cast<std::chrono::hours>(now - c.created_at).count();
  return hours < 48 ? fmt::format("{} h", hours) : fmt::format("{} d", hours / 24);
}

void top_bar(BackofficeApp& app) {
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(app.config.store.name.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  const StaffMember& u = *app.user();
  ImGui::TextDisabled("%s", fmt::format("  {} ({})", u.display_name, to_string(u.role)).c_str());
  ImGui::SameLine(ImGui::GetContentRegionMax().x - ui::px(220));
  if (ImGui::Button("Sign out", ImVec2(ui::px(220), 0))) app.sign_out();
  ui::mark("Sign out");
}

bool filters(BackofficeApp& app) {
  QueueFilters& f = app.queue->filters;
  bool changed = false;
  ImGui::SetNextItemWidth(ui::px(900));
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  bool enter = ImGui::InputTextWithHint("##search", "Search or scan: code, name, phone, serial, product", &f.search,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  ui::mark("search");
  changed |= ImGui::IsItemEdited();
  if (enter) {
    // A scanned label or receipt: its case code (or status link) opens the case directly.
    std::string scanned = trim(f.search);
    auto by_code = app.services().cases.find_by_code(scanned);
    std::size_t slash = scanned.rfind('/');
    auto by_token = slash == std::string::npos ? by_code : app.services().cases.find_by_token(scanned.substr(slash + 1));
    if (by_code || by_token) {
      app.open_case(by_code ? by_code->code : by_token->code);
      f.search.clear();
      return true;
    }
    if (app.queue->rows().size() == 1) app.open_case(app.queue->rows().front().code);
  }
  ImGui::SameLine();
  const char* kinds[] = {"Repairs and returns", "Repairs", "Returns"};
  int kind = !f.kind ? 0 : (*f.kind == CaseKind::repair ? 1 : 2);
  ImGui::SetNextItemWidth(ui::px(420));
  if (ImGui::Combo("##kind", &kind, kinds, 3)) {
    f.kind = kind == 0 ? std::nullopt : std::optional(kind == 1 ? CaseKind::repair : CaseKind::return_item);
    changed = true;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ui::px(460));
  std::string current = f.status ? std::string(status_label(*f.status)) : "Every open case";
  if (ImGui::BeginCombo("##status", current.c_str())) {
    if (ImGui::Selectable("Every open case", !f.status)) f.status.reset(), changed = true;
    for (CaseStatus s : kAllStatuses)
      if (ImGui::Selectable(std::string(status_label(s)).c_str(), f.status == s)) f.status = s, changed = true;
    ImGui::EndCombo();
  }
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
  for (const Case& c : app.recent_arrivals) text += fmt::format("  {} ({}, {})", c.code, c.product_name, to_string(c.kind));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().success));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

void table(BackofficeApp& app) {
  CaseQueue& q = *app.queue;
  Instant now = app.services().cases.now();
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("queue", 7, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Code", ImGuiTableColumnFlags_WidthFixed, ui::px(300), static_cast<ImGuiID>(QueueColumn::code));
  ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, ui::px(170), static_cast<ImGuiID>(QueueColumn::kind));
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ui::px(480), static_cast<ImGuiID>(QueueColumn::status));
  ImGui::TableSetupColumn("Product", 0, 0, static_cast<ImGuiID>(QueueColumn::product));
  ImGui::TableSetupColumn("Customer", 0, 0, static_cast<ImGuiID>(QueueColumn::customer));
  ImGui::TableSetupColumn("Age", ImGuiTableColumnFlags_WidthFixed, ui::px(130), static_cast<ImGuiID>(QueueColumn::age));
  ImGui::TableSetupColumn("Promised", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, ui::px(380),
                          static_cast<ImGuiID>(QueueColumn::promised));
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
    q.sort = {static_cast<QueueColumn>(specs->Specs[0].ColumnUserID),
              specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending};
    app.refresh_queue();
    specs->SpecsDirty = false;
  }
  for (const Case& c : q.rows()) {
    ImGui::TableNextRow();
    bool overdue = c.overdue(now);
    if (overdue) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().danger));
    ImGui::TableNextColumn();
    if (ImGui::Selectable(c.code.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) app.open_case(c.code);
    ui::mark("row " + c.code);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(std::string(to_string(c.kind)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(std::string(status_label(c.status)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.product_name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.customer_name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(age_text(c, now).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted((format_date(app.config.time_zone.local_date(c.promised_at(now))) + (overdue ? "  overdue" : "")).c_str());
    if (overdue) ImGui::PopStyleColor();
  }
  ImGui::EndTable();
}

}  // namespace

void draw_queue(BackofficeApp& app) {
  ui::hit_map().screen("queue");
  top_bar(app);
  ImGui::Separator();
  if (filters(app)) app.refresh_queue();
  if (app.case_screen) return;  // a scan opened a case
  arrivals(app);
  std::size_t overdue = 0;
  Instant now = app.services().cases.now();
  for (const Case& c : app.queue->rows()) overdue += c.overdue(now);
  ImGui::TextDisabled("%s", fmt::format("{} cases, {} overdue", app.queue->rows().size(), overdue).c_str());
  if (!app.queue_message.empty()) ImGui::TextColored(ImVec4(0.7f, 0, 0.1f, 1), "%s", app.queue_message.c_str());
  table(app);
}

}  // namespace aftersales::backoffice
