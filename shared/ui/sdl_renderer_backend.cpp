#include "ui/sdl_renderer_backend.h"

#include <cstddef>

namespace aftersales::ui {

SdlRendererBackend::~SdlRendererBackend() {
  if (fonts_) SDL_DestroyTexture(fonts_);
}

void SdlRendererBackend::upload_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  if (fonts_) SDL_DestroyTexture(fonts_);
  fonts_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, width, height);
  if (!fonts_) return;
  SDL_UpdateTexture(fonts_, nullptr, pixels, width * 4);
  SDL_SetTextureBlendMode(fonts_, SDL_BLENDMODE_BLEND);
  SDL_SetTextureScaleMode(fonts_, SDL_ScaleModeLinear);
  io.Fonts->SetTexID(static_cast<ImTextureID>(fonts_));
}

void SdlRendererBackend::render(ImDrawData* data) {
  SDL_Rect old_viewport;
  SDL_RenderGetViewport(renderer_, &old_viewport);
  ImVec2 origin = data->DisplayPos;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    const ImDrawVert* vertices = list->VtxBuffer.Data;
    const ImDrawIdx* indices = list->IdxBuffer.Data;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      ImVec2 clip_min(cmd.ClipRect.x - origin.x, cmd.ClipRect.y - origin.y);
      ImVec2 clip_max(cmd.ClipRect.z - origin.x, cmd.ClipRect.w - origin.y);
      if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) continue;
      SDL_Rect clip = {static_cast<int>(clip_min.x), static_cast<int>(clip_min.y),
                       static_cast<int>(clip_max.x - clip_min.x), static_cast<int>(clip_max.y - clip_min.y)};
      SDL_RenderSetClipRect(renderer_, &clip);
      const ImDrawVert* first = vertices + cmd.VtxOffset;
      auto* xy = reinterpret_cast<const float*>(reinterpret_cast<const char*>(first) + offsetof(ImDrawVert, pos));
      auto* uv = reinterpret_cast<const float*>(reinterpret_cast<const char*>(first) + offsetof(ImDrawVert, uv));
      auto* color = reinterpret_cast<const SDL_Color*>(reinterpret_cast<const char*>(first) + offsetof(ImDrawVert, col));
      SDL_RenderGeometryRaw(renderer_, static_cast<SDL_Texture*>(cmd.GetTexID()), xy, sizeof(ImDrawVert), color,
                            sizeof(ImDrawVert), uv, sizeof(ImDrawVert), list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset),
                            indices + cmd.IdxOffset, static_cast<int>(cmd.ElemCount), sizeof(ImDrawIdx));
    }
  }
  SDL_RenderSetClipRect(renderer_, nullptr);
  SDL_RenderSetViewport(renderer_, &old_viewport);
}

}  // namespace aftersales::ui
