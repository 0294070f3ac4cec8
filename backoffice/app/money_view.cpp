// A repair's money at the counter: what it charges, what was paid (each payment, by whom), and the
// form that records a deposit, a payment or a refund (CaseService::record_payment checks it), with
// the payments receipt for the customer. No card processing: the till or terminal takes the money.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <array>

#include "backoffice_app.h"
#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "core/printing/payment_receipt.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

constexpr std::array kKinds{PaymentKind::deposit, PaymentKind::payment, PaymentKind::refund};
constexpr std::array kMethods{PaymentMethod::card, PaymentMethod::cash, PaymentMethod::transfer, PaymentMethod::other};
constexpr std::array kKindLabels{"Deposit", "Payment", "Refund"};
constexpr std::array kMethodLabels{"Card", "Cash", "Bank transfer", "Other"};

std::string money_summary(const CaseMoney& money) {
  std::string line =
      fmt::format("Charged {} · Paid {}", format_price(money.charged_cents), format_price(money.paid_cents));
  if (money.due_cents() > 0) line += fmt::format(" · Left to pay {}", format_price(money.due_cents()));
  if (money.credit_cents() > 0) line += fmt::format(" · To give back {}", format_price(money.credit_cents()));
  return line;
}

void payments_table(const CaseScreen& screen, const StoreTimeZone& zone) {
  if (screen.payments.empty()) return;
  if (!ImGui::BeginTable("payments", 4, ImGuiTableFlags_SizingStretchProp)) return;
  for (const Payment& p : screen.payments) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_date_time(zone, p.at, Language::en).c_str());  // as the timeline has it
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(
        fmt::format("{} ({})", kKindLabels[static_cast<std::size_t>(p.kind)], to_string(p.method)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_price(p.kind == PaymentKind::refund ? -p.amount_cents : p.amount_cents).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(p.note.empty() ? p.actor.c_str() : fmt::format("{}: {}", p.actor, p.note).c_str());
  }
  ImGui::EndTable();
}

void record(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  MoneyForm& f = screen.forms.money;
  auto cents = parse_money(f.amount);
  if (!cents) {
    screen.say(fmt::format("\"{}\" is not an amount; type it like 30.00.", trim(f.amount)), true, "money");
    return;
  }
  PaymentDraft draft{kKinds[static_cast<std::size_t>(f.kind)], kMethods[static_cast<std::size_t>(f.method)], *cents,
                     f.note};
  auto after = app.services().cases.record_payment(c.code, draft, app.user()->username);
  if (!after) {
    screen.say(after.error().message, true, "money");
    return;
  }
  std::string left = after->credit_cents() > 0 ? fmt::format("To give back: {}.", format_price(after->credit_cents()))
                     : after->due_cents() > 0  ? fmt::format("Left to pay: {}.", format_price(after->due_cents()))
                                               : "Nothing is left to pay.";
  screen.say(fmt::format("{} of {} recorded ({}). {}", kKindLabels[static_cast<std::size_t>(f.kind)],
                         format_price(*cents), to_string(draft.method), left),
             false, "money");
  f = MoneyForm{};
  app.reload_case();
}

void print_payments(BackofficeApp& app, const CaseScreen& screen, const Case& c) {
  if (!screen.money) return;
  Language lang = customer_language(c, app.config.kiosk.default_language);  // the language they used
  app.print({layout_receipt(build_payments_receipt(c, screen.payments, *screen.money, app.config, lang,
                                                   app.services().cases.now()))},
            "The payments receipt");
}

void print_button(BackofficeApp& app, const CaseScreen& screen, const Case& c) {
  ImGui::BeginDisabled(screen.payments.empty());
  if (ImGui::Button("Print payments receipt")) print_payments(app, screen, c);
  ImGui::EndDisabled();
  ui::mark("Print payments receipt");
}

}  // namespace

void draw_money(BackofficeApp& app, CaseScreen& screen, const Case& c, bool may_take) {
  form_section("Money");
  if (screen.money) {
    ImGui::TextUnformatted(money_summary(*screen.money).c_str());
    ui::mark("money summary");
  }
  payments_table(screen, app.config.time_zone);
  if (!may_take) return;
  // Above the form: a field focused at the column's foot must not push the answer out of view.
  if (screen.message_about == "money") draw_case_message(screen, "money message");
  MoneyForm& f = screen.forms.money;
  if (!f.open) {  // folded until wanted: most visits to a case take no money
    if (ImGui::Button("Take or give back money")) {
      f.open = true;
      app.focus_field = "money amount";
    }
    ui::mark("Take money");
    same_line_if_fits(button_width("Print payments receipt"));
    print_button(app, screen, c);
    return;
  }
  for (std::size_t i = 0; i < kKindLabels.size(); ++i) {
    if (i > 0) same_line_if_fits(button_width(kKindLabels[i]));
    ImGui::RadioButton(kKindLabels[i], &f.kind, static_cast<int>(i));
    ui::mark(fmt::format("money kind {}", to_string(kKinds[i])));
  }
  ImGui::SetNextItemWidth(ui::px(300));
  ImGui::Combo("##method", &f.method, kMethodLabels.data(), static_cast<int>(kMethodLabels.size()));
  ui::mark("money method");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ui::px(240));
  take_focus_if_asked(app, "money amount");
  ImGui::InputTextWithHint("##amount", "0.00", &f.amount, ImGuiInputTextFlags_CharsDecimal);
  mark_field("money amount");
  ImGui::SetNextItemWidth(-1);
  take_focus_if_asked(app, "money note");
  ImGui::InputTextWithHint("##money_note", "Note (a refund needs its reason)", &f.note);
  mark_field("money note");
  ImGui::BeginDisabled(trim(f.amount).empty());
  if (ImGui::Button("Record money")) record(app, screen, c);
  ImGui::EndDisabled();
  ui::mark("Record money");
  same_line_if_fits(button_width("Close"));
  if (ImGui::Button("Close")) f = MoneyForm{};
  ui::mark("Close money");
  same_line_if_fits(button_width("Print payments receipt"));
  print_button(app, screen, c);
}

}  // namespace aftersales::backoffice
