#pragma once
// Keyboard shortcuts. ImGui 1.86's SDL backend indexes keys by SDL scancode, and the shell latches
// them, so a quick press is seen on its frame.
#include <SDL.h>
#include <imgui.h>

namespace aftersales::backoffice {

inline bool key_pressed(SDL_Scancode key) {
  return ImGui::IsKeyPressed(key, false);
}
inline bool ctrl_pressed(SDL_Scancode key) {
  return ImGui::GetIO().KeyCtrl && key_pressed(key);
}
inline bool enter_pressed() {
  return key_pressed(SDL_SCANCODE_RETURN) || key_pressed(SDL_SCANCODE_KP_ENTER);
}

}  // namespace aftersales::backoffice
