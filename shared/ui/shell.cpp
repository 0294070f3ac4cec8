#include "ui/shell.h"

#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <pthread.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <string_view>
#include <vector>

#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"

namespace aftersales::ui {
namespace {

constexpr int kFramesAfterInput = 3;
constexpr float kBodyPxAt1080 = 34.0f;  // about 8 mm em, 6 mm capitals on a 21.5" 1080p screen
// Smaller screens scale down, but never below this: its capitals (19 px) are 4.8 mm high on a 15.6"
// 1366x768 screen, the accessibility floor.
constexpr float kSmallestBodyPx = 26.0f;
constexpr int kLongestSleepMs = 60'000;

Uint32 wake_event_type() {
  static const Uint32 type = SDL_RegisterEvents(1);
  return type;
}

bool is_button_event(const SDL_Event& event) {
  return event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP || event.type == SDL_FINGERDOWN ||
         event.type == SDL_FINGERUP;
}

const Clock::time_point g_process_start = Clock::now();
std::atomic<int> g_stop_signal{0};

// SIGTERM (systemd, the session) and SIGINT stop the app even when it is locked; closing the window
// does not. SDL's own handlers would turn both into the same SDL_QUIT, so the shell blocks them and
// a small thread waits for them, then wakes the event loop.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

Clock::time_point process_start() {
  return g_process_start;
}

Result<std::unique_ptr<Shell>> Shell::open(const ShellOptions& options) {
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so all inherit it
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");  // a mouse is not a finger
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");  // a kiosk stays up when a dialog steals focus
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
    return fail(ErrorKind::io, std::string("cannot start the display: ") + SDL_GetError());
  bool gl = options.renderer == Renderer::opengl;
  // On X11 the window surface is shared memory: without this hint SDL would put an OpenGL renderer
  // behind it and load the GL driver after all. Wayland (the kiosk under cage) has no such surface,
  // so there SDL must present the software-drawn frames through the GPU.
  const char* driver = SDL_GetCurrentVideoDriver();
  if (!gl && driver && std::string_view(driver) == "x11") SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  if (gl) {
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  }
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  if (gl) flags |= SDL_WINDOW_OPENGL;
  flags |= options.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
  int width = options.width, height = options.height;
  SDL_DisplayMode desktop;
  if (options.fullscreen && SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
    width = desktop.w;  // the first frame is laid out at the size it is shown at
    height = desktop.h;
  }
  std::unique_ptr<Shell> shell(new Shell());
  shell->locked_ = options.locked;
  shell->font_scale_ = options.font_scale;
  shell->window_ =
      SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height, flags);
  if (!shell->window_) return fail(ErrorKind::io, std::string("cannot open the window: ") + SDL_GetError());
  // A kiosk's screen never blanks (under cage, SDL holds an idle inhibitor); a desktop app follows
  // the desktop's own power settings.
  if (options.locked)
    SDL_DisableScreenSaver();
  else
    SDL_EnableScreenSaver();
  if (gl) {
    shell->gl_ = SDL_GL_CreateContext(shell->window_);
    if (!shell->gl_) return fail(ErrorKind::io, std::string("cannot start OpenGL: ") + SDL_GetError());
    SDL_GL_MakeCurrent(shell->window_, shell->gl_);
    SDL_GL_SetSwapInterval(1);
  } else {
    shell->renderer_ = SDL_CreateRenderer(shell->window_, -1, SDL_RENDERER_SOFTWARE);
    if (!shell->renderer_)
      return fail(ErrorKind::io, std::string("cannot start the software renderer: ") + SDL_GetError());
    shell->sdl_backend_ = std::make_unique<SdlRendererBackend>(shell->renderer_);
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to remember between runs; a kiosk must start the same way
  io.LogFilename = nullptr;
  if (options.locked) {
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange | ImGuiConfigFlags_IsTouchScreen;
    SDL_ShowCursor(SDL_DISABLE);
  }
  if (gl) {
    ImGui_ImplSDL2_InitForOpenGL(shell->window_, shell->gl_);
    ImGui_ImplOpenGL3_Init("#version 130");
  } else {
    ImGui_ImplSDL2_InitForSDLRenderer(shell->window_);
  }
  wake_event_type();
  shell->signal_thread_ = std::thread([] {
    sigset_t set = stop_signals();
    int signal = 0;
    if (sigwait(&set, &signal) == 0) g_stop_signal = signal;
    wake();
  });
  return shell;
}

Shell::~Shell() {
  if (signal_thread_.joinable()) {
    // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread): every thread blocks SIGTERM, so this only ends its sigwait
    if (!g_stop_signal) pthread_kill(signal_thread_.native_handle(), SIGTERM);
    signal_thread_.join();
  }
  if (ImGui::GetCurrentContext()) {
    if (gl_) ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  sdl_backend_.reset();
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (gl_) SDL_GL_DeleteContext(gl_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

Texture Shell::texture(const GrayImage& image) {
  std::vector<std::uint8_t> rgba(image.pixels.size() * 4);
  for (std::size_t i = 0; i < image.pixels.size(); ++i) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = image.pixels[i];
    rgba[i * 4 + 3] = 255;
  }
  if (renderer_) {
    SDL_Texture* t =
        SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, image.width, image.height);
    if (!t) return {};
    SDL_UpdateTexture(t, nullptr, rgba.data(), image.width * 4);
    SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
    return Texture(static_cast<ImTextureID>(t), image.width, image.height,
                   [](ImTextureID id) { SDL_DestroyTexture(static_cast<SDL_Texture*>(id)); });
  }
  GLuint id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  // NOLINTNEXTLINE(performance-no-int-to-ptr): ImGui names a texture by a pointer, OpenGL by an integer
  return Texture(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id)), image.width, image.height,
                 [](ImTextureID texture) {
                   auto gl_id = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture));
                   glDeleteTextures(1, &gl_id);
                 });
}

Result<void> Shell::save_png(const std::string& path) {
  int w = 0, h = 0;
  if (renderer_) {
    SDL_GetRendererOutputSize(renderer_, &w, &h);
  } else {
    SDL_GL_GetDrawableSize(window_, &w, &h);
  }
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  if (renderer_) {
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, rgba.data(), w * 4) != 0)
      return fail(ErrorKind::io, std::string("cannot read the frame: ") + SDL_GetError());
  } else {
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    // OpenGL's rows start at the bottom.
    std::size_t row = static_cast<std::size_t>(w) * 4;
    for (int y = 0; y < h / 2; ++y)
      std::swap_ranges(rgba.begin() + static_cast<std::ptrdiff_t>(y * row),
                       rgba.begin() + static_cast<std::ptrdiff_t>((y + 1) * row),
                       rgba.begin() + static_cast<std::ptrdiff_t>((h - 1 - y) * row));
  }
  // A gallery of hundreds: fast beats small. One row filter ("sub", good for flat UI colours)
  // instead of stb trying all five on every row, and no alpha channel.
  stbi_write_png_compression_level = 2;
  stbi_write_force_png_filter = 1;
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  for (std::size_t i = 0, j = 0; i < rgba.size(); i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  if (!stbi_write_png(path.c_str(), w, h, 3, rgb.data(), w * 3)) return fail(ErrorKind::io, "cannot write " + path);
  return {};
}

void Shell::wake() {
  SDL_Event event{};
  event.type = wake_event_type();
  SDL_PushEvent(&event);
}

int Shell::width() const {
  int w = 0, h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  return w;
}

int Shell::height() const {
  int w = 0, h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  return h;
}

void Shell::set_font_scale(float scale) {
  if (scale == font_scale_) return;
  font_scale_ = scale;
  fonts_dirty_ = true;
  redraw();
}

void Shell::rebuild_fonts() {
  ui_scale_ = std::max(0.6f, static_cast<float>(std::min(width(), height())) / 1080.0f);
  load_fonts(std::max(kBodyPxAt1080 * ui_scale_, kSmallestBodyPx) * font_scale_);
  if (gl_) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  } else {
    sdl_backend_->upload_fonts();
  }
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->ClearTexData();  // the GPU has its copy; keep the memory small
  fonts_dirty_ = false;
}

bool Shell::handle(const SDL_Event& event, const ShellHooks& hooks) {
  if (event.type == wake_event_type()) {
    redraw(1);
    return false;
  }
  if (event.type == SDL_QUIT && !locked_) quit_ = true;
  if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) fonts_dirty_ = true;
  if (event.type == SDL_MOUSEMOTION)
    pointer_ = ImVec2(static_cast<float>(event.motion.x), static_cast<float>(event.motion.y));
  if (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP)
    pointer_ = ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y));
  bool consumed = hooks.on_event && hooks.on_event(event);
  if (!consumed) ImGui_ImplSDL2_ProcessEvent(&event);
  if (!consumed && (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP)) {
    // The backend reads SDL's modifier state as of now, which already has Ctrl released when a quick
    // Ctrl+Enter is still queued; the event's own modifiers are the ones that went with the key.
    ImGuiIO& io = ImGui::GetIO();
    Uint16 mod = event.key.keysym.mod;
    io.KeyCtrl = (mod & KMOD_CTRL) != 0;
    io.KeyShift = (mod & KMOD_SHIFT) != 0;
    io.KeyAlt = (mod & KMOD_ALT) != 0;
    io.KeySuper = (mod & KMOD_GUI) != 0;
  }
  redraw(kFramesAfterInput);
  // Keys ImGui sees are latched like buttons: a key pressed and released within one frame (a fast
  // typist, a scanner, xdotool) would otherwise never be seen as pressed.
  bool key_for_imgui = !consumed && (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP);
  return is_button_event(event) || key_for_imgui;
}

int Shell::wait_timeout_ms(const ShellHooks& hooks) const {
  if (!hooks.next_wake) return kLongestSleepMs;
  auto wake_at = hooks.next_wake();
  if (!wake_at) return kLongestSleepMs;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(*wake_at - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, kLongestSleepMs));
}

void Shell::run(const ShellHooks& hooks) {
  while (!quit_ && !g_stop_signal) {
    SDL_Event event;
    bool button = false;  // or a key for ImGui: one press or release per frame
    if (frames_pending_ == 0) {
      SDL_PumpEvents();  // input the window system already holds is not idle time
      if (!SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT)) hit_map().idle(frames_drawn_);
      int timeout = wait_timeout_ms(hooks);
      if (timeout > 0 && SDL_WaitEventTimeout(&event, timeout))
        button = handle(event, hooks);
      else if (!hooks.on_timer || hooks.on_timer())
        redraw(1);  // the app's timer is due
    }
    // One press or release per frame: ImGui 1.86 has no input queue, so a tap whose press and release
    // arrive together would otherwise never be seen as a click.
    while (!button && SDL_PollEvent(&event)) button = handle(event, hooks);
    if (quit_ || g_stop_signal) break;
    if (frames_pending_ > 0) {
      --frames_pending_;  // before drawing: the frame itself may ask for another
      draw_frame(hooks);
    }
  }
}

void Shell::draw_frame(const ShellHooks& hooks, bool present) {
  if (fonts_dirty_) rebuild_fonts();
  if (gl_) ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // The backend asks SDL for the global pointer position, which stands still while a finger drags
  // on X11 (the pointer is grabbed) and does not exist on Wayland: the events' own positions are right.
  if (pointer_) ImGui::GetIO().MousePos = *pointer_;
  ImGui::NewFrame();
  hit_map().begin_frame();
  hooks.draw();
  hit_map().end_frame();
  ImGui::Render();
  if (!present) return;
  ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  if (gl_) {
    ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(window_);
  } else {
    SDL_SetRenderDrawColor(renderer_, static_cast<Uint8>(clear.x * 255), static_cast<Uint8>(clear.y * 255),
                           static_cast<Uint8>(clear.z * 255), 255);
    SDL_RenderClear(renderer_);
    sdl_backend_->render(ImGui::GetDrawData());
    SDL_RenderPresent(renderer_);
  }
  ++frames_drawn_;
}

}  // namespace aftersales::ui
