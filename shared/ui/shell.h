#pragma once
// The application shell both GUI apps run in: one SDL2 window with an OpenGL 3 context and Dear
// ImGui on it. The loop sleeps in SDL_WaitEventTimeout and draws only when something changed: an
// input event, a timer the app asked for, or a worker thread's wake(). After input it draws a few
// more frames, because ImGui settles hover and popup states a frame late.
#include <SDL.h>
#include <imgui.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/base/error.h"
#include "core/printing/qr_code.h"
#include "ui/sdl_renderer_backend.h"
#include "ui/texture.h"

namespace aftersales::ui {

using Clock = std::chrono::steady_clock;

// When the program started (static initialisation, before main): time to first frame counts from here.
Clock::time_point process_start();

enum class Renderer {
  software,  // SDL's software renderer: no GL driver in memory, runs anywhere (the kiosk's default)
  opengl,    // OpenGL 3 through the GPU's driver
};

struct ShellOptions {
  std::string title;
  int width = 1920;
  int height = 1080;
  bool fullscreen = false;
  bool locked = false;      // kiosk: closing the window or Alt-F4 does nothing, the pointer is hidden
  float font_scale = 1.0f;  // on top of the scale from the screen size
  Renderer renderer = Renderer::software;
};

struct ShellHooks {
  // Every event, before ImGui sees it; returning true keeps it from ImGui (scanner keystrokes, say).
  std::function<bool(const SDL_Event&)> on_event;
  std::function<void()> draw;  // the ImGui calls of one frame
  // When the app needs a frame without any input (a countdown, a spinner); nullopt: sleep until input.
  std::function<std::optional<Clock::time_point>()> next_wake;
  // When that time comes: the app does its timed work and says whether the screen must change.
  // Unset: always draw. The app must move next_wake on, or it is called again at once.
  std::function<bool()> on_timer;
};

class Shell {
 public:
  static Result<std::unique_ptr<Shell>> open(const ShellOptions& options);
  ~Shell();
  Shell(const Shell&) = delete;
  Shell& operator=(const Shell&) = delete;

  void run(const ShellHooks& hooks);  // until quit()
  // One frame now, whatever is pending (the gallery drives the app frame by frame). Without
  // `present` only the layout runs (ImGui settles over a few frames); nothing is drawn.
  void draw_once(const ShellHooks& hooks, bool present = true) { draw_frame(hooks, present); }
  // What the last frame drew, as a PNG file (the gallery's screenshots).
  Result<void> save_png(const std::string& path);
  void quit() { quit_ = true; }
  // Thread-safe: makes the loop draw a frame soon (a worker finished something).
  static void wake();
  void redraw(int frames = 2) { frames_pending_ = std::max(frames_pending_, frames); }

  // Rebuilds the fonts at a new size before the next frame (the larger-text mode).
  void set_font_scale(float scale);
  // A grey image (a QR code) as a texture of this shell's renderer.
  Texture texture(const GrayImage& image);
  int width() const;
  int height() const;
  std::uint64_t frames_drawn() const { return frames_drawn_; }

 private:
  Shell() = default;
  bool handle(const SDL_Event& event, const ShellHooks& hooks);  // true: a button press or release
  void draw_frame(const ShellHooks& hooks, bool present = true);
  void rebuild_fonts();
  int wait_timeout_ms(const ShellHooks& hooks) const;

  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;  // the software renderer, when not OpenGL
  std::unique_ptr<SdlRendererBackend> sdl_backend_;
  bool locked_ = false;
  bool quit_ = false;
  int frames_pending_ = 2;
  float ui_scale_ = 1.0f;  // 1.0 at 1080 pixels on the short side
  float font_scale_ = 1.0f;
  bool fonts_dirty_ = true;
  std::uint64_t frames_drawn_ = 0;
  std::optional<ImVec2> pointer_;
  std::thread signal_thread_;  // turns SIGTERM and SIGINT into a clean stop  // where the last mouse or touch event
                               // was, in window coordinates
};

}  // namespace aftersales::ui
