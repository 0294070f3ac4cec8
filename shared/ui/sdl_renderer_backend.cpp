#include "ui/sdl_renderer_backend.h"

#include <cmath>
#include <cstddef>
#include <optional>

namespace aftersales::ui {
namespace {

// SDL's software rasteriser does not fill the two triangles of a quad alike (each maps the texture
// on its own): a long thin one (a separator, a line) comes out a pixel thicker in one half than in
// the other, a step in the middle where their shared diagonal crosses it. SDL turns some quads into
// rectangles itself, but not ImGui's lines (their corners come in another order, and their texture
// is not flat), and it truncates where OpenGL rounds. So the quads that are one-coloured
// axis-aligned rectangles are filled here, in whole pixels; glyphs, images and anti-aliased
// fringes (their colour or texture varies across them) still go to SDL as triangles.

// Corners indexed by (x is the right one) | (y is the bottom one) << 1.
struct Rectangle {
  const ImDrawVert* corner[4];
  ImVec2 min, max;
};

bool same(ImVec2 a, ImVec2 b) {
  return a.x == b.x && a.y == b.y;
}

// ImGui's lines are not exactly axis-aligned: its fast inverse square root leaves their ends a few
// hundred-thousandths of a pixel apart.
constexpr float kSlack = 1.0f / 64;

bool near(float a, float b) {
  return std::fabs(a - b) <= kSlack;
}

bool distinct(const ImDrawIdx* triangle) {
  return triangle[0] != triangle[1] && triangle[1] != triangle[2] && triangle[0] != triangle[2];
}

bool contains(const ImDrawIdx* triangle, ImDrawIdx index) {
  return triangle[0] == index || triangle[1] == index || triangle[2] == index;
}

// The vertex of `triangle` that `other` lacks, if exactly one.
std::optional<ImDrawIdx> only_in(const ImDrawIdx* triangle, const ImDrawIdx* other) {
  std::optional<ImDrawIdx> found;
  for (int i = 0; i < 3; ++i) {
    if (contains(other, triangle[i])) continue;
    if (found) return std::nullopt;
    found = triangle[i];
  }
  return found;
}

// Two triangles tile an axis-aligned rectangle when they share its diagonal.
std::optional<Rectangle> as_rectangle(const ImDrawVert* vertices, const ImDrawIdx* triangles) {
  const ImDrawIdx* a = triangles;
  const ImDrawIdx* b = triangles + 3;
  if (!distinct(a) || !distinct(b)) return std::nullopt;
  std::optional<ImDrawIdx> a_only = only_in(a, b), b_only = only_in(b, a);
  if (!a_only || !b_only) return std::nullopt;
  const ImDrawIdx ids[4] = {a[0], a[1], a[2], *b_only};
  Rectangle r{{}, vertices[ids[0]].pos, vertices[ids[0]].pos};
  for (ImDrawIdx id : ids) {
    r.min = ImVec2(std::fmin(r.min.x, vertices[id].pos.x), std::fmin(r.min.y, vertices[id].pos.y));
    r.max = ImVec2(std::fmax(r.max.x, vertices[id].pos.x), std::fmax(r.max.y, vertices[id].pos.y));
  }
  if (!(r.max.x - r.min.x > kSlack && r.max.y - r.min.y > kSlack)) return std::nullopt;
  auto corner_of = [&](ImDrawIdx id) -> int {
    ImVec2 p = vertices[id].pos;
    if (!(near(p.x, r.min.x) || near(p.x, r.max.x)) || !(near(p.y, r.min.y) || near(p.y, r.max.y))) return -1;
    return (near(p.x, r.max.x) ? 1 : 0) | (near(p.y, r.max.y) ? 2 : 0);
  };
  for (ImDrawIdx id : ids) {
    int c = corner_of(id);
    if (c < 0 || r.corner[c]) return std::nullopt;
    r.corner[c] = &vertices[id];
  }
  if ((corner_of(*a_only) ^ corner_of(*b_only)) != 3) return std::nullopt;
  return r;
}

bool one_colour(const Rectangle& r) {
  ImU32 col = r.corner[0]->col;
  return r.corner[1]->col == col && r.corner[2]->col == col && r.corner[3]->col == col;
}

// One of the font atlas's baked anti-aliased lines, and how many pixels thick: its texture has one
// empty texel on each side of `thickness` full ones, stretched across the line's width plus two.
std::optional<int> baked_line(const ImFontAtlas& atlas, ImVec2 from, ImVec2 to, float width) {
  int thickness = static_cast<int>(std::lround(width)) - 2;
  if (thickness < 1 || thickness > IM_DRAWLIST_TEX_LINES_WIDTH_MAX || !near(width, static_cast<float>(thickness + 2)))
    return std::nullopt;
  const ImVec4& uv = atlas.TexUvLines[thickness];
  ImVec2 start(uv.x, uv.y), end(uv.z, uv.w);
  if ((same(from, start) && same(to, end)) || (same(from, end) && same(to, start))) return thickness;
  return std::nullopt;
}

// A pixel is filled when its centre is inside, as OpenGL (and so the other path) does it; a centre
// within the slack of an edge counts as past it, so that the noise does not decide.
int pixel_edge(float edge) {
  return static_cast<int>(std::ceil(edge - 0.5f - kSlack));
}

SDL_Rect pixels(ImVec2 min, ImVec2 max) {
  int x = pixel_edge(min.x), y = pixel_edge(min.y);
  return {x, y, pixel_edge(max.x) - x, pixel_edge(max.y) - y};
}

// A line is as many pixels thick wherever it lies, not one more when it straddles pixel centres.
int line_start(float centre, int thickness) {
  return pixel_edge(centre - static_cast<float>(thickness) * 0.5f);
}

// What of the rectangle is solid colour, in pixels; nothing if its texture varies across it.
std::optional<SDL_Rect> solid_part(const Rectangle& r, const ImFontAtlas& atlas) {
  const ImDrawVert* const* c = r.corner;
  ImVec2 centre((r.min.x + r.max.x) * 0.5f, (r.min.y + r.max.y) * 0.5f);
  SDL_Rect all = pixels(r.min, r.max);
  if (same(c[0]->uv, atlas.TexUvWhitePixel) && same(c[1]->uv, atlas.TexUvWhitePixel) &&
      same(c[2]->uv, atlas.TexUvWhitePixel) && same(c[3]->uv, atlas.TexUvWhitePixel))
    return all;
  if (same(c[0]->uv, c[1]->uv) && same(c[2]->uv, c[3]->uv)) {
    if (std::optional<int> thickness = baked_line(atlas, c[0]->uv, c[2]->uv, r.max.y - r.min.y))
      return SDL_Rect{all.x, line_start(centre.y, *thickness), all.w, *thickness};
  }
  if (same(c[0]->uv, c[2]->uv) && same(c[1]->uv, c[3]->uv)) {
    if (std::optional<int> thickness = baked_line(atlas, c[0]->uv, c[1]->uv, r.max.x - r.min.x))
      return SDL_Rect{line_start(centre.x, *thickness), all.y, *thickness, all.h};
  }
  return std::nullopt;
}

void fill(SDL_Renderer* renderer, const SDL_Rect& rect, ImU32 col) {
  if (rect.w <= 0 || rect.h <= 0) return;
  SDL_SetRenderDrawColor(renderer, static_cast<Uint8>(col >> IM_COL32_R_SHIFT),
                         static_cast<Uint8>(col >> IM_COL32_G_SHIFT), static_cast<Uint8>(col >> IM_COL32_B_SHIFT),
                         static_cast<Uint8>(col >> IM_COL32_A_SHIFT));
  SDL_RenderFillRect(renderer, &rect);
}

}  // namespace

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
  Uint8 r, g, b, a;
  SDL_GetRenderDrawColor(renderer_, &r, &g, &b, &a);
  SDL_BlendMode old_blend;
  SDL_GetRenderDrawBlendMode(renderer_, &old_blend);
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
  ImVec2 origin = data->DisplayPos;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
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
      draw(*list, cmd);
    }
  }
  SDL_RenderSetClipRect(renderer_, nullptr);
  SDL_RenderSetViewport(renderer_, &old_viewport);
  SDL_SetRenderDrawBlendMode(renderer_, old_blend);
  SDL_SetRenderDrawColor(renderer_, r, g, b, a);
}

// Solid rectangles are filled in order with the triangles around them, so what overlaps stays in
// ImGui's order.
void SdlRendererBackend::draw(const ImDrawList& list, const ImDrawCmd& cmd) {
  const ImDrawVert* vertices = list.VtxBuffer.Data + cmd.VtxOffset;
  int vertex_count = list.VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
  const ImDrawIdx* indices = list.IdxBuffer.Data + cmd.IdxOffset;
  int count = static_cast<int>(cmd.ElemCount);
  auto* texture = static_cast<SDL_Texture*>(cmd.GetTexID());
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  int pending = 0;  // the first index not yet handed to SDL
  for (int i = 0; i + 6 <= count;) {
    std::optional<Rectangle> quad = texture == fonts_ ? as_rectangle(vertices, indices + i) : std::nullopt;
    std::optional<SDL_Rect> solid = quad && one_colour(*quad) ? solid_part(*quad, atlas) : std::nullopt;
    if (!solid) {
      i += 3;
      continue;
    }
    draw_triangles(texture, vertices, vertex_count, indices + pending, i - pending);
    fill(renderer_, *solid, quad->corner[0]->col);
    i += 6;
    pending = i;
  }
  draw_triangles(texture, vertices, vertex_count, indices + pending, count - pending);
}

void SdlRendererBackend::draw_triangles(SDL_Texture* texture, const ImDrawVert* vertices, int vertex_count,
                                        const ImDrawIdx* indices, int index_count) {
  if (index_count == 0) return;
  auto* bytes = reinterpret_cast<const char*>(vertices);
  auto* xy = reinterpret_cast<const float*>(bytes + offsetof(ImDrawVert, pos));
  auto* uv = reinterpret_cast<const float*>(bytes + offsetof(ImDrawVert, uv));
  auto* color = reinterpret_cast<const SDL_Color*>(bytes + offsetof(ImDrawVert, col));
  SDL_RenderGeometryRaw(renderer_, texture, xy, sizeof(ImDrawVert), color, sizeof(ImDrawVert), uv, sizeof(ImDrawVert),
                        vertex_count, indices, index_count, sizeof(ImDrawIdx));
}

}  // namespace aftersales::ui
