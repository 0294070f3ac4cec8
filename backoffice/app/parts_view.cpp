// A repair's parts at the counter and on the bench: what it used, what is on order and when it is
// expected; take a part from stock, order one, record an order's arrival or cancel it. The rules
// (stock never below zero, when a part may be used, what an order does to the promise) are
// CaseService's (case_parts.cpp); this only asks and shows the answer.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>

#include "backoffice_app.h"
#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "ui/hit_map.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

template <typename T>
void say(BackofficeApp& app, CaseScreen& screen, const Result<T>& done, std::string success) {
  if (done)
    screen.say(std::move(success), false, "parts");
  else
    screen.say(done.error().message, true, "parts");
  app.reload_case();
}

void text_wrapped(const std::string& line) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(line.c_str());
  ImGui::PopTextWrapPos();
}

std::string order_line(const BackofficeApp& app, const PartOrder& o) {
  std::string line =
      fmt::format("{} x {} ({}) from {}, order {}", o.quantity, o.part_name, o.sku, o.supplier, o.reference);
  if (o.arrived_at)
    return fmt::format("Arrived: {}, on {}", line, format_date_time(app.config.time_zone, *o.arrived_at, Language::en));
  if (o.cancelled_at)
    return fmt::format("Cancelled: {}, on {}: {}", line,
                       format_date_time(app.config.time_zone, *o.cancelled_at, Language::en), o.cancel_reason);
  return fmt::format("On order: {}, expected {}", line, format_date(o.expected_on, Language::en));
}

// A waiting order: it came in, or it will not come (with why).
void waiting_order_actions(BackofficeApp& app, CaseScreen& screen, const PartOrder& o) {
  PartsForm& f = screen.forms.parts;
  ImGui::PushID(o.reference.c_str());
  if (f.cancelling != o.reference) {
    if (ImGui::Button("Arrived"))
      say(app, screen, app.services().cases.record_part_arrival(o.reference, std::nullopt, app.user()->username),
          fmt::format("Order {} arrived: {} x {} went into stock.", o.reference, o.quantity, o.part_name));
    ui::mark("Part arrived " + o.reference);
    same_line_if_fits(button_width("Cancel order…"));
    if (ImGui::Button("Cancel order…")) {
      f.cancelling = o.reference;
      f.cancel_reason.clear();
      app.focus_field = "order cancel reason";
    }
    ui::mark("Cancel order " + o.reference);
    ImGui::PopID();
    return;
  }
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  take_focus_if_asked(app, "order cancel reason");
  ImGui::InputTextWithHint("##cancel_reason", "Why it will not come (the supplier cannot deliver...)",
                           &f.cancel_reason);
  mark_field("order cancel reason");
  ImGui::BeginDisabled(trim(f.cancel_reason).empty());
  if (ImGui::Button("Cancel the order")) {
    say(app, screen, app.services().cases.cancel_part_order(o.reference, f.cancel_reason, app.user()->username),
        fmt::format("Order {} cancelled: the repair no longer waits for it.", o.reference));
    f.cancelling.clear();
  }
  ImGui::EndDisabled();
  ui::mark("Confirm cancel order");
  same_line_if_fits(button_width("Keep it"));
  if (ImGui::Button("Keep it")) f.cancelling.clear();
  ui::mark("Keep order");
  ImGui::PopID();
}

void used_and_ordered(BackofficeApp& app, CaseScreen& screen, bool may_work) {
  for (const UsedPart& u : screen.parts_used)
    text_wrapped(fmt::format("{}: {} x {} ({}) at {}", u.quantity < 0 ? "Put back" : "Used", std::abs(u.quantity),
                             u.name, u.sku, format_money(u.unit_price_cents)));
  for (const PartOrder& o : screen.part_orders) {
    text_wrapped(order_line(app, o));
    if (may_work && o.waiting()) waiting_order_actions(app, screen, o);
  }
}

void quantity_field(const char* id, int& quantity) {
  ImGui::SetNextItemWidth(ui::px(150));
  ImGui::InputInt(id, &quantity);
  quantity = std::clamp(quantity, 1, static_cast<int>(kMaxPartQuantity));
}

void use_from_stock(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  PartsForm& f = screen.forms.parts;
  ImGui::SetNextItemWidth(ui::px(260));
  take_focus_if_asked(app, "part to use");
  ImGui::InputTextWithHint("##use_sku", "SKU", &f.use_sku);
  mark_field("part to use");
  same_line_if_fits(ui::px(150));
  quantity_field("##use_quantity", f.use_quantity);
  mark_field("part quantity");
  same_line_if_fits(button_width("Use from stock"));
  ImGui::BeginDisabled(trim(f.use_sku).empty());
  if (ImGui::Button("Use from stock")) {
    say(app, screen, app.services().cases.use_part(c.code, f.use_sku, f.use_quantity, app.user()->username),
        fmt::format("Took {} x {} from stock.", f.use_quantity, trim(f.use_sku)));
    f.use_sku.clear();
    f.use_quantity = 1;
  }
  ImGui::EndDisabled();
  ui::mark("Use from stock");
}

void order_form(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  PartsForm& f = screen.forms.parts;
  float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::SetNextItemWidth(half);
  ImGui::InputTextWithHint("##order_sku", "SKU to order", &f.order.sku);
  mark_field("order sku");
  same_line_if_fits(half);
  ImGui::SetNextItemWidth(half);
  ImGui::InputTextWithHint("##order_ref", "The supplier's order reference", &f.order.reference);
  mark_field("order reference");
  ImGui::SetNextItemWidth(half);
  ImGui::InputTextWithHint("##order_expected", "Expected on (YYYY-MM-DD)", &f.order.expected);
  mark_field("order expected");
  same_line_if_fits(half);
  ImGui::SetNextItemWidth(half);
  ImGui::InputTextWithHint("##order_supplier", "Supplier (default: the part's)", &f.order.supplier);
  mark_field("order supplier");
  int quantity = static_cast<int>(f.order.quantity);
  quantity_field("##order_quantity", quantity);
  f.order.quantity = quantity;
  same_line_if_fits(button_width("Order"));
  ImGui::BeginDisabled(trim(f.order.sku).empty() || trim(f.order.reference).empty() || trim(f.order.expected).empty());
  if (ImGui::Button("Order")) {
    auto ordered = app.services().cases.order_part(c.code, f.order, app.user()->username);
    std::string done =
        ordered ? fmt::format("Ordered {} x {} ({}), expected {}: the repair waits for it.", ordered->quantity,
                              ordered->part_name, ordered->reference, format_date(ordered->expected_on, Language::en))
                : std::string();
    say(app, screen, ordered, done);
    if (ordered) f.order = PartOrderDraft{};
  }
  ImGui::EndDisabled();
  ui::mark("Order part");
}

}  // namespace

void draw_parts(BackofficeApp& app, CaseScreen& screen, const Case& c, bool may_work) {
  bool nothing_yet = screen.parts_used.empty() && screen.part_orders.empty();
  if (nothing_yet && !may_work) return;
  form_section("Parts");
  if (screen.message_about == "parts") draw_case_message(screen, "parts message");
  if (nothing_yet) ImGui::TextDisabled("No part used or ordered yet.");
  used_and_ordered(app, screen, may_work);
  if (!may_work) return;
  if (check_part_use(c.kind, c.status)) use_from_stock(app, screen, c);
  bool undecided = c.status == CaseStatus::awaiting_approval && c.estimate_state == "pending";
  if (undecided) return;  // CaseService refuses an order until the customer has decided
  bool ordering = ImGui::TreeNode("Order a part not in stock");
  ui::mark("Order a part");
  if (!ordering) return;
  order_form(app, screen, c);
  ImGui::TreePop();
}

}  // namespace aftersales::backoffice
