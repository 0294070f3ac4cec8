#include "screen_frame.h"

#include <fmt/format.h>
#include <imgui.h>

#include "../kiosk_app.h"
#include "../kiosk_text.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/keyboard.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {
namespace {

float last_content_view = 0;  // the scroll region's height in the last frame

// With the keyboard up the footer's buttons keep a fingertip's height but give the rest of their
// room to the form.
float footer_button_height(const KioskApp& app) {
  return app.keyboard_height() > 0 ? ui::kMinTarget : std::max(ui::kMinTarget, ui::px(92));
}
float footer_margin(const KioskApp& app) {
  return app.keyboard_height() > 0 ? ui::px(14) : ui::px(28);
}
float footer_height(const KioskApp& app) {
  return footer_button_height(app) + footer_margin(app) + ui::px(8);
}

// The store's name, cut with "…" where it would run into what is right of it.
void store_name(const std::string& name, float room) {
  ImGui::PushFont(ui::fonts().bold);
  ImFont* font = ImGui::GetFont();
  std::string shown = name;
  auto width = [&](const std::string& t) { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.c_str()).x; };
  if (width(shown) > room) {
    while (!shown.empty() && width(shown + "…") > room) ui::erase_last_character(shown);
    shown += "…";
  }
  ImGui::TextUnformatted(shown.c_str());
  ImGui::PopFont();
}

void header(KioskApp& app, int step, int total) {
  Language lang = app.language;
  if (total <= 0) {
    store_name(app.config.store.name, ImGui::GetContentRegionAvail().x);
    ImGui::Separator();
    return;
  }
  std::string caption = trf(lang, "Step {} of {}", step, total);
  float steps_w =
      ui::px(34) * static_cast<float>(total) + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(caption.c_str()).x;
  float steps_x = ImGui::GetContentRegionMax().x - steps_w;
  store_name(app.config.store.name, steps_x - ImGui::GetCursorPosX() - ui::px(24));
  ImGui::SameLine(steps_x);
  ui::step_indicator(step, total, caption);
  ImGui::Separator();
}

}  // namespace

float column_width() {
  return std::min(ImGui::GetContentRegionAvail().x, ui::px(1500));
}

void begin_flow_screen(KioskApp& app, std::string_view name, int step, int total) {
  ui::hit_map().screen(name);
  app.screen_key(fmt::format("{}:{}", name, step));
  header(app, step, total);
  float width = column_width();
  float room = ImGui::GetContentRegionAvail().y - footer_height(app) - app.keyboard_height();
  // With the keyboard up, a short form keeps it right under its fields (not a screen away).
  float height = room;
  if (app.keyboard_height() > 0 && app.content_height() > 0) height = std::min(room, app.content_height());
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) / 2);
  ui::scroll_begin("content", ImVec2(width, height));
  if (ImGui::GetWindowHeight() != last_content_view) app.content_resized();
  last_content_view = ImGui::GetWindowHeight();
  if (app.take_new_screen()) ImGui::SetScrollY(0);  // each step starts at its question
}

FooterAction end_flow_screen(KioskApp& app, const Footer& footer) {
  Language lang = app.language;
  app.keep_error_in_view();
  float content = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
  if (content != app.content_height()) ui::hit_map().unsettled();
  app.set_content_height(content);
  ui::scroll_end();
  app.draw_pinned_keyboard();
  ImGui::Separator();
  FooterAction action = FooterAction::none;
  // Back, Cancel and the main action share the row; on a narrow (portrait) screen they shrink
  // together, never over each other.
  float h = footer_button_height(app);
  float gap = ui::px(24);
  float row = ImGui::GetContentRegionAvail().x;
  float w = std::min(ui::px(340), (row - 2 * gap) / 3.0f);
  float next_w = std::min(w * 1.2f, row - 2 * w - 2 * gap);
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - h - footer_margin(app));
  float left = ImGui::GetCursorPosX();
  if (footer.back) {
    if (ui::button(std::string("← ") + std::string(tr(lang, "Back")), ImVec2(w, h), ui::ButtonKind::secondary, "Back"))
      action = FooterAction::back;
    ImGui::SameLine(0, gap);
  }
  if (ui::button(tr(lang, "Cancel"), ImVec2(w, h), ui::ButtonKind::quiet, "Cancel")) {
    if (footer.confirm_cancel)
      app.cancel_asked = true;
    else
      app.go_home();
  }
  if (!footer.next_label.empty()) {
    ImGui::SameLine(left + row - next_w);
    if (ui::button(footer.next_label, ImVec2(next_w, h), ui::ButtonKind::primary, "Next")) action = FooterAction::next;
  }
  return action;
}

void begin_plain_screen(KioskApp& app, std::string_view name) {
  ui::hit_map().screen(name);
  app.screen_key(name);
}

void end_plain_screen() {}

void show_error(KioskApp& app, const std::optional<Error>& error) {
  if (!error) return;
  std::string text = error_text(*error, app.language);
  ui::error_banner(text);
  app.error_shown(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  app.note_error(text);
  app.say(text);
}

void show_error_for(KioskApp& app, const std::optional<Error>& error, std::string_view field) {
  if (error && error->field == field) show_error(app, error);
}

namespace {
bool is_contact_error(const std::optional<Error>& error) {
  return error && (error->field == "name" || error->field == "phone" || error->field == "email" ||
                   error->field == "notify_consent");
}
}  // namespace

void show_error_but_contact(KioskApp& app, const std::optional<Error>& error) {
  if (!is_contact_error(error)) show_error(app, error);
}

void focus_contact_error(KioskApp& app, const std::optional<Error>& error) {
  if (!is_contact_error(error)) return;
  if (error->field == "name")
    app.focus(0);
  else if (error->field == "phone")
    app.focus(1);
  else if (error->field == "email")
    app.focus(2);
  else
    app.focus(KioskApp::kNoFocus);
}

namespace {
void draw_alternative(KioskApp& app, const std::function<void()>& alternative) {
  if (!alternative) return;
  ImGui::BeginGroup();
  alternative();
  ImGui::EndGroup();
  app.keep_together(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}
}  // namespace

bool ask_serial(KioskApp& app, std::string& input, const std::optional<Error>& error,
                const std::function<void()>& alternative) {
  Language lang = app.language;
  ui::heading(tr(lang, "Scan or type the serial number"));
  app.say(tr(lang, "Scan or type the serial number. It is on a label on the item or its box."));
  ui::muted(tr(lang, "It is on a label on the item or its box, often after \"S/N\"."));
  draw_alternative(app, alternative);
  show_error(app, error);
  app.field(0, "Serial number", tr(lang, "Serial number"), input, ui::KeyboardLayout::code, 64, "");
  return app.keyboard(tr(lang, "OK"));
}

bool ask_receipt(KioskApp& app, std::string& input, const std::optional<Error>& error,
                 const std::function<void()>& alternative) {
  Language lang = app.language;
  ui::heading(tr(lang, "Scan your receipt, or type its number"));
  app.say(tr(lang, "Scan your receipt, or type its number"));
  draw_alternative(app, alternative);
  show_error(app, error);
  app.field(0, "Receipt number", tr(lang, "Receipt number"), input, ui::KeyboardLayout::numeric, 32,
            tr(lang, "The number under the barcode"));
  return app.keyboard(tr(lang, "OK"));
}

namespace {

// Which messages "yes" means, from what was typed.
std::string notify_channel_text(const CustomerContact& contact, Language lang) {
  bool phone = !contact.phone.empty(), email = !contact.email.empty();
  if (phone && email)
    return std::string(tr(lang, "By text message and e-mail: when it is ready, or if we need your answer."));
  if (email) return std::string(tr(lang, "By e-mail: when it is ready, or if we need your answer."));
  if (phone) return std::string(tr(lang, "By text message: when it is ready, or if we need your answer."));
  return std::string(
      tr(lang, "By text message or e-mail (give one below): when it is ready, or if we need your answer."));
}

}  // namespace

void notify_question(KioskApp& app, std::optional<bool> answer, const CustomerContact& contact,
                     const std::optional<Error>& error, const std::function<void(bool)>& choose) {
  Language lang = app.language;
  ImGui::BeginGroup();
  show_error_for(app, error, "notify_consent");
  ImGui::PushFont(ui::fonts().bold);
  ui::paragraph(tr(lang, "Tell me when my case changes?"));
  ImGui::PopFont();
  ui::muted(notify_channel_text(contact, lang));
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float w = (ImGui::GetContentRegionAvail().x - gap) / 2;
  if (ui::chip(tr(lang, "Yes, tell me"), answer == true, ImVec2(w, ui::px(84)), "Notify me")) choose(true);
  ImGui::SameLine();
  if (ui::chip(tr(lang, "No messages"), answer == false, ImVec2(w, ui::px(84)), "No messages")) choose(false);
  if (answer == false)
    ui::muted(tr(lang, "We won't send you anything: follow your case with the QR code on your receipt."));
  ImGui::EndGroup();
  app.keep_together(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  ImGui::Dummy(ImVec2(1, ui::px(8)));
}

void contact_fields(KioskApp& app, CustomerContact& contact, const std::optional<Error>& error) {
  Language lang = app.language;
  show_error_for(app, error, "name");
  app.field(0, "Name", tr(lang, "Name"), contact.name, ui::KeyboardLayout::text, 100, "");
  // Arriving where the question and the first field cannot both be seen above the keyboard (a
  // short screen in large text), the keyboard waits for a tap on a field: the question comes first.
  if (app.settled_on_arrival() && app.focused() == 0 && contact.name.empty() && !app.together_in_view())
    app.focus(KioskApp::kNoFocus);
  show_error_for(app, error, "phone");
  app.field(1, "Phone", tr(lang, "Phone"), contact.phone, ui::KeyboardLayout::phone, 20, "");
  show_error_for(app, error, "email");
  app.field(2, "E-mail", tr(lang, "E-mail"), contact.email, ui::KeyboardLayout::email, 120, "");
  bool last = app.focused() == 2;
  if (app.keyboard(last ? tr(lang, "Done") : tr(lang, "Next field")))
    app.focus(last ? KioskApp::kNoFocus : app.focused() + 1);
}

void review_contact(KioskApp& app, const CustomerContact& contact, bool asked_to_notify) {
  Language lang = app.language;
  std::string who;
  for (const std::string* part : {&contact.name, &contact.phone, &contact.email})
    if (!part->empty()) who += (who.empty() ? "" : "  ·  ") + *part;
  ui::label_value(tr(lang, "Contact"), who.empty() ? std::string(tr(lang, "None given")) : who);
  if (!asked_to_notify) return;
  ui::label_value(tr(lang, "Messages"),
                  contact.notify_consent
                      ? notify_channel_text(contact, lang)
                      : std::string(tr(lang, "None: follow your case with the QR code on your receipt.")));
}

}  // namespace aftersales::kiosk
