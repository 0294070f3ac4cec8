#pragma once
// Draws Dear ImGui's output with SDL_Renderer (SDL_RenderGeometryRaw), for the software renderer:
// no OpenGL driver is loaded at all, which keeps a kiosk small and lets it run where GL is missing
// or broken. Debian's libimgui has no SDL_Renderer backend, so this is the shell's own.
#include <SDL.h>
#include <imgui.h>

namespace aftersales::ui {

class SdlRendererBackend {
 public:
  explicit SdlRendererBackend(SDL_Renderer* renderer) : renderer_(renderer) {}
  ~SdlRendererBackend();
  SdlRendererBackend(const SdlRendererBackend&) = delete;
  SdlRendererBackend& operator=(const SdlRendererBackend&) = delete;

  void upload_fonts();  // after the font atlas was (re)built
  void render(ImDrawData* data);

 private:
  void draw(const ImDrawList& list, const ImDrawCmd& cmd);
  void draw_triangles(SDL_Texture* texture, const ImDrawVert* vertices, int vertex_count, const ImDrawIdx* indices,
                      int index_count);

  SDL_Renderer* renderer_;
  SDL_Texture* fonts_ = nullptr;
};

}  // namespace aftersales::ui
