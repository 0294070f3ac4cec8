// Sign-in: user name and password or PIN; Enter signs in.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "backoffice_app.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {

void draw_sign_in(BackofficeApp& app) {
  ui::hit_map().screen("sign_in");
  SignInForm& form = app.sign_in_form;
  float width = std::min(ImGui::GetContentRegionAvail().x, ui::px(900));
  ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - width) / 2, ImGui::GetWindowHeight() * 0.2f));
  ImGui::BeginGroup();
  ImGui::PushFont(ui::fonts().title);
  ImGui::TextUnformatted(app.config.store.name.c_str());
  ImGui::PopFont();
  ImGui::TextUnformatted("Back office: sign in");
  if (!form.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().muted));
    ImGui::TextUnformatted(form.notice.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(1, ui::px(20)));
  ImGui::PushItemWidth(width);
  ImGui::TextUnformatted("User name");
  if (ImGui::IsWindowAppearing() || form.username.empty()) ImGui::SetKeyboardFocusHere();
  take_focus_if_asked(app, "user name");
  bool enter = ImGui::InputText("##user", &form.username, ImGuiInputTextFlags_EnterReturnsTrue);
  mark_field("user name");
  ImGui::TextUnformatted("Password or PIN");
  take_focus_if_asked(app, "password");
  enter |=
      ImGui::InputText("##secret", &form.secret, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  mark_field("password");
  ImGui::PopItemWidth();
  if (!form.message.empty()) {
    ImGui::Dummy(ImVec2(1, ui::px(8)));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().danger));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(form.message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    mark_error();
  }
  ImGui::Dummy(ImVec2(1, ui::px(12)));
  bool pressed = ImGui::Button("Sign in", ImVec2(width, 0));
  ui::mark("Sign in");
  ImGui::EndGroup();
  if (enter || pressed) app.sign_in();
}

}  // namespace aftersales::backoffice
