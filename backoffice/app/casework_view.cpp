// The case's forms, each shown only to the roles and in the statuses it applies to: assign a
// technician, the diagnosis, the estimate (sent to the customer) and their answer, a return's
// inspection and decision, and printing the receipt or the staff label again.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>

#include "backoffice_app.h"
#include "core/base/text.h"
#include "core/printing/payment_receipt.h"
#include "core/printing/receipt.h"
#include "core/storage/catalog.h"
#include "permissions.h"
#include "shortcuts.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

constexpr std::array kConditions{ItemCondition::sealed, ItemCondition::opened, ItemCondition::damaged};
constexpr std::array kOutcomes{ReturnOutcome::refund, ReturnOutcome::exchange, ReturnOutcome::store_credit};

float radio_width(std::string_view label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label.data(), label.data() + label.size()).x;
}

void section(const char* title) {
  form_section(title);
}

// Every change goes through a core service; the outcome is the case's message line.
template <typename T>
bool report(CaseScreen& screen, const Result<T>& done, std::string success) {
  if (done)
    screen.say(std::move(success));
  else
    screen.say(done.error().message, true);
  return done.has_value();
}

void assign(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  section("Technician");
  std::vector<std::string> names{""};
  if (auto staff = app.services().staff.list())
    for (const StaffMember& m : *staff)
      if (m.active && m.role != Role::clerk) names.push_back(m.username);
  std::string& chosen = screen.forms.assign_to;
  ImGui::SetNextItemWidth(ui::px(480));
  if (ImGui::BeginCombo("##assign", chosen.empty() ? "Nobody yet" : chosen.c_str())) {
    for (const std::string& name : names)
      if (ImGui::Selectable(name.empty() ? "Nobody yet" : name.c_str(), name == chosen)) chosen = name;
    ImGui::EndCombo();
  }
  ui::mark("assign to");
  ImGui::SameLine();
  ImGui::BeginDisabled(chosen == c.assigned_to.value_or(""));
  if (ImGui::Button("Assign")) {
    report(screen, app.services().cases.assign(c.code, chosen, app.user()->username),
           chosen.empty() ? "Nobody is assigned now." : "Assigned to " + chosen + ".");
    app.reload_case();
  }
  ImGui::EndDisabled();
  ui::mark("Assign");
}

void diagnosis(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  section("Diagnosis (internal)");
  take_focus_if_asked(app, "diagnosis");
  ImGui::InputTextMultiline("##diagnosis", &screen.forms.diagnosis, ImVec2(-1, ui::px(100)));
  mark_field("diagnosis");
  ImGui::BeginDisabled(screen.forms.diagnosis == c.diagnosis);
  if (ImGui::Button("Save diagnosis")) {
    report(screen, app.services().cases.record_diagnosis(c.code, screen.forms.diagnosis, app.user()->username),
           "Diagnosis saved.");
    app.reload_case();
  }
  ImGui::EndDisabled();
  ui::mark("Save diagnosis");
}

// Keeps the estimate's explanation within what explain_estimate takes (bytes, cut at a character),
// typed or pasted: the text in the field is the text that will be sent.
int limit_estimate_why(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
  int limit = static_cast<int>(kMaxEstimateExplanation);
  if (data->BufTextLen <= limit) return 0;
  int cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(data->Buf[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  data->DeleteChars(cut, data->BufTextLen - cut);
  return 0;
}

void estimate_editor(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  section("Estimate for the customer");
  auto& rows = screen.forms.estimate;
  const char* kinds[] = {"Part", "Labour"};
  std::optional<std::size_t> remove;
  if (ImGui::BeginTable("estimate", 5, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, ui::px(240));
    ImGui::TableSetupColumn("Description");
    ImGui::TableSetupColumn("Qty", ImGuiTableColumnFlags_WidthFixed, ui::px(150));
    ImGui::TableSetupColumn("Unit price", ImGuiTableColumnFlags_WidthFixed, ui::px(200));
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ui::px(60));
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      ImGui::Combo("##kind", &rows[i].kind, kinds, 2);
      ui::mark(fmt::format("estimate kind {}", i + 1));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      std::string description = fmt::format("estimate description {}", i + 1);
      take_focus_if_asked(app, description);
      ImGui::InputTextWithHint("##description", "e.g. Battery, original", &rows[i].description);
      mark_field(description);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      std::string quantity = fmt::format("estimate quantity {}", i + 1);
      take_focus_if_asked(app, quantity);
      if (ImGui::InputInt("##qty", &rows[i].quantity, 0)) rows[i].quantity = std::clamp(rows[i].quantity, 1, 999);
      mark_field(quantity);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      std::string price = fmt::format("estimate price {}", i + 1);
      take_focus_if_asked(app, price);
      ImGui::InputTextWithHint("##price", "0.00", &rows[i].price, ImGuiInputTextFlags_CharsDecimal);
      mark_field(price);
      ImGui::TableNextColumn();
      if (rows.size() > 1) {
        if (ImGui::SmallButton("x")) remove = i;
        ui::mark(fmt::format("remove estimate line {}", i + 1));
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove) rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(*remove));
  if (ImGui::Button("+ Line")) rows.emplace_back();
  ui::mark("add estimate line");
  auto lines = read_estimate(rows);
  std::string total = lines ? fmt::format("Total {}", format_price(estimate_total(*lines))) : "";
  same_line_if_fits(ImGui::CalcTextSize(total.c_str()).x);
  ImGui::TextUnformatted(total.c_str());
  ImGui::Spacing();
  ImGui::TextUnformatted("Why, for the customer (shown on their status page)");
  ImGui::SetNextItemWidth(-1);
  take_focus_if_asked(app, "estimate explanation");
  ImGui::InputTextWithHint("##estimate_why", "e.g. The battery is swollen; we fit a new one",
                           &screen.forms.estimate_why, ImGuiInputTextFlags_CallbackEdit, limit_estimate_why);
  mark_field("estimate explanation");
  if (trim(screen.forms.estimate_why).empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Without it the customer will see only the amounts.");
    ImGui::PopTextWrapPos();
  }
  const char* send = "Send estimate to the customer";
  if (ImGui::Button(send)) {
    if (!lines) {
      screen.say(lines.error().message, true, "estimate");
    } else if (auto recorded = app.services().cases.record_estimate(c.code, *lines, app.user()->username)) {
      // Sent only when a message really went to the outbox; otherwise the counter has to call.
      std::string told = notice_outcome(*recorded, CaseStatus::awaiting_approval, app.config.notifications);
      // Every estimate goes with its own explanation: an empty one clears what an earlier estimate said.
      if (auto explained = app.services().cases.explain_estimate(c.code, screen.forms.estimate_why); !explained)
        screen.say(fmt::format("Estimate of {} recorded, but its explanation was not saved: {}",
                               format_price(estimate_total(*lines)), explained.error().message),
                   true);
      else
        screen.say(fmt::format("Estimate of {} recorded; the case waits for the customer's answer. {}",
                               format_price(estimate_total(*lines)), told),
                   told.starts_with("Not sent"));
      rows = {EstimateLineForm{}};
      screen.forms.estimate_why.clear();
    } else {
      screen.say(recorded.error().message, true);
    }
    app.reload_case();
  }
  ui::mark("Send estimate");
  if (screen.message_about == "estimate") draw_case_message(screen);
}

void customer_decision(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  section("The customer's answer");
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", fmt::format("The customer can answer on their status page. If they answer you "
                                        "in person or on the phone, record it here ({} in total).",
                                        format_price(estimate_total(screen.estimate)))
                                .c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Customer approved")) {
    report(screen, app.services().cases.decide_estimate(c.code, true, app.user()->username),
           "Approved: the repair goes ahead.");
    app.reload_case();
  }
  ui::mark("Customer approved");
  same_line_if_fits(button_width("Customer declined"));
  if (ImGui::Button("Customer declined")) {
    report(screen, app.services().cases.decide_estimate(c.code, false, app.user()->username),
           "Declined: the item goes back unrepaired.");
    app.reload_case();
  }
  ui::mark("Customer declined");
}

void inspection(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  // For a requested return this is the one "received" action: receiving is inspecting.
  section(c.status == CaseStatus::requested ? "Receive the item and inspect it" : "Inspection");
  CaseworkForms& f = screen.forms;
  if (f.inspected_condition < 0 && c.inspected_condition) {  // saving again keeps what was found
    f.inspected_condition = static_cast<int>(*c.inspected_condition);
    if (f.inspection_notes.empty()) f.inspection_notes = c.inspection_notes;
  }
  for (std::size_t i = 0; i < kConditions.size(); ++i) {
    std::string label(to_string(kConditions[i]));
    if (i > 0) same_line_if_fits(radio_width(label));
    ImGui::RadioButton(label.c_str(), &f.inspected_condition, static_cast<int>(i));
    ui::mark(fmt::format("condition {}", to_string(kConditions[i])));
  }
  ImGui::SetNextItemWidth(-1);
  take_focus_if_asked(app, "inspection notes");
  ImGui::InputTextWithHint("##inspection", "What you found (internal)", &f.inspection_notes);
  mark_field("inspection notes");
  ImGui::BeginDisabled(f.inspected_condition < 0);
  if (ImGui::Button(c.status == CaseStatus::requested ? "Mark received and save the inspection"
                                                      : "Save the inspection")) {
    report(screen,
           app.services().cases.inspect_return(c.code, kConditions[static_cast<std::size_t>(f.inspected_condition)],
                                               f.inspection_notes, app.user()->username),
           "Inspection saved.");
    app.reload_case();
  }
  ImGui::EndDisabled();
  ui::mark("Save inspection");
}

void return_decision(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  section("Decision");
  CaseworkForms& f = screen.forms;
  bool goodwill = may(app.user()->role, CaseAction::goodwill, c);
  std::string allowed;
  for (ReturnOutcome o : c.return_outcomes) allowed += (allowed.empty() ? "" : ", ") + std::string(outcome_words(o));
  ImGui::TextDisabled("%s", fmt::format("The policy allows: {}{}", allowed.empty() ? "nothing" : allowed,
                                        c.restocking_fee_cents > 0
                                            ? fmt::format(" (restocking fee {})", format_price(c.restocking_fee_cents))
                                            : "")
                                .c_str());
  for (std::size_t i = 0; i < kOutcomes.size(); ++i) {
    bool in_policy = std::ranges::find(c.return_outcomes, kOutcomes[i]) != c.return_outcomes.end();
    std::string label(outcome_words(kOutcomes[i]));
    if (i > 0) same_line_if_fits(radio_width(label));
    ImGui::BeginDisabled(!in_policy && !goodwill);
    ImGui::RadioButton(label.c_str(), &f.decision, static_cast<int>(i));
    ImGui::EndDisabled();
    ui::mark(fmt::format("decision {}", to_string(kOutcomes[i])));
  }
  same_line_if_fits(radio_width("reject"));
  ImGui::RadioButton("reject", &f.decision, static_cast<int>(kOutcomes.size()));
  ui::mark("decision reject");
  ImGui::SetNextItemWidth(-1);
  take_focus_if_asked(app, "decision reason");
  const char* hint = screen.return_holds.empty()
                         ? "Reason (needed to reject or for goodwill; the customer reads it)"
                         : "Reason (a manager's, needed to approve this held return; staff only unless goodwill)";
  ImGui::InputTextWithHint("##decision_reason", hint, &f.decision_reason);
  mark_field("decision reason");
  ImGui::BeginDisabled(f.decision < 0);
  if (ImGui::Button("Record the decision")) {
    ReturnVerdict verdict{std::nullopt, f.decision_reason};
    if (f.decision >= 0 && f.decision < static_cast<int>(kOutcomes.size()))
      verdict.outcome = kOutcomes[static_cast<std::size_t>(f.decision)];
    if (auto decided = app.services().cases.decide_return(c.code, verdict, app.user()->username)) {
      std::string told = notice_outcome(*decided, decided->status, app.config.notifications);
      screen.say(fmt::format("{} {}", verdict.outcome ? "Return approved." : "Return rejected.", told),
                 told.starts_with("Not sent"));
    } else {
      screen.say(decided.error().message, true);
    }
    app.reload_case();
  }
  ImGui::EndDisabled();
  ui::mark("Record decision");
}

void printing(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  section("Print");
  Instant now = app.services().cases.now();
  Language lang = customer_language(c, app.config.kiosk.default_language);  // the receipt in the language they used
  if (ImGui::Button("Reprint receipt (Ctrl+P)") || ctrl_pressed(SDL_SCANCODE_P)) {
    Receipt receipt = build_receipt(c, app.config, lang, now, screen.loan);
    if (screen.money) add_money_details(receipt, c, *screen.money);  // what was paid and what is left
    app.print({layout_receipt(receipt)}, "The receipt");
  }
  ui::mark("Reprint receipt");
  same_line_if_fits(button_width("Print staff label"));
  if (ImGui::Button("Print staff label"))
    app.print({layout_staff_label(build_staff_label(c, app.config))}, "The staff label");
  ui::mark("Print staff label");
  if (!screen.printing) return;
  ImGui::SameLine();
  switch (screen.printing->state()) {
    case PrintState::printing: ImGui::TextDisabled("%s is printing...", screen.printing_what.c_str()); break;
    case PrintState::printed: ImGui::TextDisabled("%s is printed.", screen.printing_what.c_str()); break;
    case PrintState::failed:
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().danger));
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(
          fmt::format("{} did not print: {}", screen.printing_what, screen.printing->message()).c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
      break;
  }
}

}  // namespace

void form_section(const char* title) {
  ImGui::Spacing();
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
}

Result<std::vector<EstimateLine>> read_estimate(const std::vector<EstimateLineForm>& rows) {
  std::vector<EstimateLine> lines;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const EstimateLineForm& row = rows[i];
    if (trim(row.description).empty() && trim(row.price).empty()) continue;  // an empty spare row
    auto cents = parse_money(row.price);
    if (!cents)
      return fail(ErrorKind::invalid_input,
                  fmt::format("Line {}: the price \"{}\" is not an amount. Type it like 12.50.", i + 1, row.price),
                  "estimate");
    lines.push_back({row.kind == 0 ? "part" : "labour", trim(row.description), row.quantity, *cents});
  }
  return lines;
}

namespace {

// A unit swapped for a new one under warranty: the new serial carries the coverage (and the history).
void replacement(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  form_section("Swapped for a new unit");
  std::string& serial = screen.forms.replacement_serial;
  ImGui::SetNextItemWidth(ui::px(480));
  take_focus_if_asked(app, "replacement serial");
  ImGui::InputTextWithHint("##replacement", "The new unit's serial number", &serial);
  mark_field("replacement serial");
  same_line_if_fits(button_width("Record the swap"));
  ImGui::BeginDisabled(trim(serial).empty());
  if (ImGui::Button("Record the swap")) {
    auto swapped = app.services().cases.record_replacement(c.code, serial, app.user()->username);
    if (report(screen, swapped,
               fmt::format("Unit {} replaced by {}: the new unit carries its warranty.", c.serial.value_or(""),
                           normalize_serial(serial))))
      serial.clear();
    app.reload_case();
  }
  ImGui::EndDisabled();
  ui::mark("Record the swap");
}

// In a chain of stores: the repair goes to another store, which opens its own case from it.
void transfer(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  section("Transfer to another store");
  std::string& chosen = screen.forms.transfer_to;
  ImGui::SetNextItemWidth(ui::px(480));
  if (ImGui::BeginCombo("##transfer to", chosen.empty() ? "Choose the store" : chosen.c_str())) {
    for (const std::string& store : screen.transfer_destinations)
      if (ImGui::Selectable(store.c_str(), store == chosen)) chosen = store;
    ImGui::EndCombo();
  }
  ui::mark("transfer to");
  take_focus_if_asked(app, "transfer note");
  ImGui::InputTextWithHint("##transfer note", "Why (the customer sees it)", &screen.forms.transfer_note);
  mark_field("transfer note");
  ImGui::BeginDisabled(chosen.empty());
  if (ImGui::Button("Transfer to another store")) {
    auto moved = app.services().cases.transfer(c.code, chosen, app.user()->username, screen.forms.transfer_note);
    if (report(screen, moved, "Transferred to store " + chosen + ": it opens its own case when it receives it."))
      screen.forms.transfer_note.clear();
    app.reload_case();
  }
  ImGui::EndDisabled();
  ui::mark("Transfer");
}

}  // namespace

void draw_casework(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  Role role = app.user()->role;
  // At pickup, and after, the money is what the counter is there for: it comes first.
  bool money_first = c.status == CaseStatus::ready_for_pickup || !c.is_open();
  bool repair = c.kind == CaseKind::repair;
  bool loaner = may(role, CaseAction::lend_loaner, c);
  if (repair && money_first) draw_money(app, screen, c, may(role, CaseAction::take_money, c));
  if (loaner && money_first) draw_loaner(app, screen, c);  // it comes back before pickup
  if (may(role, CaseAction::assign, c)) assign(app, screen, c);
  if (may(role, CaseAction::diagnose, c)) diagnosis(app, screen, c);
  if (may(role, CaseAction::record_estimate, c)) estimate_editor(app, screen, c);
  if (may(role, CaseAction::record_customer_decision, c)) customer_decision(app, screen, c);
  if (repair) draw_parts(app, screen, c, may(role, CaseAction::work_parts, c));
  if (repair && !money_first) draw_money(app, screen, c, may(role, CaseAction::take_money, c));
  if (loaner && !money_first) draw_loaner(app, screen, c);
  if (may(role, CaseAction::record_replacement, c)) replacement(app, screen, c);
  if (may(role, CaseAction::inspect_return, c)) inspection(app, screen, c);
  if (may(role, CaseAction::decide_return, c)) return_decision(app, screen, c);
  if (may(role, CaseAction::transfer, c) && !screen.transfer_destinations.empty()) transfer(app, screen, c);
  if (may(role, CaseAction::reprint, c)) printing(app, screen, c);
}

}  // namespace aftersales::backoffice
