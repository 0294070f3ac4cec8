#pragma once
// Where each touch target was drawn in the last frame, by name, and which screen was showing.
// Written to the file named by $AFTERSALES_UI_MAP when it changes, so the GUI smoke test can tap
// real targets with real input events (xdotool) instead of guessing coordinates; the gallery
// (--gallery) writes the same text beside each screenshot. Off otherwise.
//
// One line each:
//   screen  NAME
//   window  W H
//   target  NAME CX CY        the centre of a target a finger can reach (for the GUI driver)
//   rect    NAME X Y W H [cut|hidden]  the part of that target that is visible; "cut" when part of
//                             it is clipped away, "hidden" (with the whole rectangle) when all is
//   scroll  X Y W H           a region that scrolls by dragging (what is cut at its edges can be
//                             scrolled into view)
//   keyboard X Y W H          the on-screen keyboard, when it is up
//   focus   NAME X Y W H      the field being typed in, whole: its label and its box
//   error   X Y W H [cut|hidden]  an error message
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
  void keyboard(ImVec2 min, ImVec2 max);
  void focus(std::string_view name, ImVec2 min, ImVec2 max);
  void error(ImVec2 min, ImVec2 max);
  // A dragged-to-scroll region begins (its visible rectangle) and ends.
  void enter_scroll(ImVec2 min, ImVec2 max);
  void leave_scroll() { --scroll_depth_; }
  // A modal card takes every tap from here on: what was recorded under it is out of reach.
  void overlay();
  bool enabled() const { return !path_.empty() || recording_; }
  // The gallery records every frame's map without a file of its own.
  void record() { recording_ = true; }
  // This frame's map, once end_frame() has run.
  const std::string& text() const { return finished_; }
  // The layout moves in the next frame (it depends on this one): don't publish this frame's places.
  void unsettled() { unsettled_ = true; }
  // The shell is about to sleep with every input handled: touches $AFTERSALES_UI_MAP.idle, so a test
  // knows that the app has caught up with what it sent and the map is current.
  void idle(std::uint64_t frames_drawn);

 private:
  std::uint64_t idle_frames_ = 0;
  std::string path_;
  bool recording_ = false;
  std::string current_;
  std::string finished_;
  std::string written_;
  bool unsettled_ = false;
  int scroll_depth_ = 0;
};

HitMap& hit_map();

// Records the last ImGui item (a plain Button, InputText, table row) as a target named `name`.
inline void mark(std::string_view name) {
  hit_map().target(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

}  // namespace aftersales::ui
