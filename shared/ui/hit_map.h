#pragma once
// Where each touch target was drawn in the last frame, by name, and which screen was showing.
// Written to the file named by $AFTERSALES_UI_MAP when it changes, so the GUI smoke test can tap
// real targets with real input events (xdotool) instead of guessing coordinates. Off otherwise.
#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace aftersales::ui {

class HitMap {
 public:
  HitMap();
  void begin_frame();
  void end_frame();
  void screen(std::string_view name);  // call once per frame from the screen being drawn
  void target(std::string_view name, ImVec2 min, ImVec2 max);
  bool enabled() const { return !path_.empty(); }
  // The layout moves in the next frame (it depends on this one): don't publish this frame's places.
  void unsettled() { unsettled_ = true; }
  // The shell is about to sleep with every input handled: touches $AFTERSALES_UI_MAP.idle, so a test
  // knows that the app has caught up with what it sent and the map is current.
  void idle(std::uint64_t frames_drawn);

 private:
  std::uint64_t idle_frames_ = 0;
  std::string path_;
  std::string current_;
  std::string written_;
  bool unsettled_ = false;
};

HitMap& hit_map();

// Records the last ImGui item (a plain Button, InputText, table row) as a target named `name`.
inline void mark(std::string_view name) { hit_map().target(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

}  // namespace aftersales::ui
