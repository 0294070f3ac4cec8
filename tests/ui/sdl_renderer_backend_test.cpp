// The software-renderer path (SDL_Renderer, no OpenGL) drawn into a plain SDL surface and read back:
// a horizontal rule must come out the same in every column. SDL rasterises the two triangles of a
// long thin quad differently, which left a one-pixel step mid-screen in both apps (issue 12).
#include "ui/sdl_renderer_backend.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace aftersales::ui {
namespace {

constexpr int kWidth = 1366;
constexpr int kHeight = 160;
constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";  // the shell's (ui/fonts.cpp)

struct FreeSurface {
  void operator()(SDL_Surface* s) const { SDL_FreeSurface(s); }
};
struct DestroyRenderer {
  void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
};

std::string rows(const std::vector<int>& column, int top) {
  std::ostringstream out;
  for (size_t i = 0; i < column.size(); ++i)
    if (column[i]) out << "row " << top + static_cast<int>(i) << ": " << column[i] << "; ";
  return out.str().empty() ? "nothing" : out.str();
}

class SoftwareRendering : public ::testing::Test {
 protected:
  void SetUp() override {
    surface_.reset(SDL_CreateRGBSurfaceWithFormat(0, kWidth, kHeight, 32, SDL_PIXELFORMAT_ARGB8888));
    ASSERT_TRUE(surface_) << SDL_GetError();
    renderer_.reset(SDL_CreateSoftwareRenderer(surface_.get()));
    ASSERT_TRUE(renderer_) << SDL_GetError();
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kWidth, kHeight);
    io.Fonts->AddFontDefault();
    if (SDL_RWops* file = SDL_RWFromFile(kFont, "rb")) {
      SDL_RWclose(file);
      font_ = io.Fonts->AddFontFromFileTTF(kFont, 28.0f);
    }
    backend_ = std::make_unique<SdlRendererBackend>(renderer_.get());
    backend_->upload_fonts();
    ImGui::NewFrame();
  }

  void TearDown() override {
    backend_.reset();
    if (context_) ImGui::DestroyContext(context_);
  }

  ImDrawList& draw() { return *ImGui::GetForegroundDrawList(); }

  // Ends the frame and draws it, black on white, through the backend.
  void render() {
    ImGui::Render();
    SDL_SetRenderDrawColor(renderer_.get(), 255, 255, 255, 255);
    SDL_RenderClear(renderer_.get());
    backend_->render(ImGui::GetDrawData());
    pixels_.assign(static_cast<size_t>(kWidth) * kHeight, 0);
    ASSERT_EQ(SDL_RenderReadPixels(renderer_.get(), nullptr, SDL_PIXELFORMAT_ARGB8888, pixels_.data(), kWidth * 4), 0)
        << SDL_GetError();
  }

  // 0 for white, 255 for black.
  int ink(int x, int y) const { return 255 - static_cast<int>(pixels_[static_cast<size_t>(y) * kWidth + x] & 0xFF); }

  std::vector<int> column(int x, int top, int bottom) const {
    std::vector<int> out;
    for (int y = top; y < bottom; ++y) out.push_back(ink(x, y));
    return out;
  }

  // Every column of [left, right) has the same ink, row by row, in rows [top, bottom).
  ::testing::AssertionResult same_in_every_column(int left, int right, int top, int bottom) const {
    std::vector<int> first = column(left, top, bottom);
    for (int x = left + 1; x < right; ++x) {
      std::vector<int> here = column(x, top, bottom);
      if (here != first)
        return ::testing::AssertionFailure()
               << "column " << left << " has " << rows(first, top) << " but column " << x << " has " << rows(here, top);
    }
    return ::testing::AssertionSuccess();
  }

  int total_ink(int left, int right, int top, int bottom) const {
    int sum = 0;
    for (int x = left; x < right; ++x)
      for (int y = top; y < bottom; ++y) sum += ink(x, y);
    return sum;
  }

  std::unique_ptr<SDL_Surface, FreeSurface> surface_;
  std::unique_ptr<SDL_Renderer, DestroyRenderer> renderer_;
  ImGuiContext* context_ = nullptr;
  ImFont* font_ = nullptr;
  std::unique_ptr<SdlRendererBackend> backend_;
  std::vector<Uint32> pixels_;
};

// ImGui lays rules out on whole pixels (Separator) or anywhere (a custom AddLine); the step showed
// on whole ones, so both are tried, over a kiosk window's content width and the full width.
TEST_F(SoftwareRendering, a_one_pixel_line_is_one_row_in_every_column) {
  const float offsets[] = {0.0f, 0.25f, 0.5f, 0.75f};
  const float spans[][2] = {{32, 1334}, {0, 1365}, {0, kWidth}};
  int band = 0;
  for (float offset : offsets)
    for (const auto& span : spans) {
      float y = 8.0f + 9.0f * static_cast<float>(band++) + offset;
      draw().AddLine(ImVec2(span[0], y), ImVec2(span[1], y), IM_COL32(0, 0, 0, 255), 1.0f);
    }
  render();
  band = 0;
  for (float offset : offsets)
    for (const auto& span : spans) {
      int top = 8 + 9 * band++ - 3;
      int left = static_cast<int>(span[0]) + 1, right = static_cast<int>(span[1]) - 1;
      SCOPED_TRACE(::testing::Message() << "line at y " << static_cast<float>(top + 3) + offset << " from x " << span[0]
                                        << " to " << span[1]);
      EXPECT_TRUE(same_in_every_column(left, right, top, top + 8));
      EXPECT_EQ(total_ink(left, left + 1, top, top + 8), 255)
          << "one row, fully inked: " << rows(column(left, top, top + 8), top);
    }
}

TEST_F(SoftwareRendering, a_two_pixel_line_is_two_rows_in_every_column) {
  const float offsets[] = {0.0f, 0.5f};
  int band = 0;
  for (float offset : offsets) {
    float y = 20.0f + 30.0f * static_cast<float>(band++) + offset;
    draw().AddLine(ImVec2(32, y), ImVec2(1334, y), IM_COL32(0, 0, 0, 255), 2.0f);
  }
  render();
  for (int b = 0; b < band; ++b) {
    int top = 20 + 30 * b - 5;
    SCOPED_TRACE(::testing::Message() << "line " << b);
    EXPECT_TRUE(same_in_every_column(33, 1333, top, top + 10));
    EXPECT_EQ(total_ink(33, 34, top, top + 10), 2 * 255) << rows(column(33, top, top + 10), top);
  }
}

TEST_F(SoftwareRendering, a_separator_across_a_kiosk_window_is_the_same_in_every_column) {
  ImGui::GetStyle().WindowPadding = ImVec2(32, 24);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(kWidth, kHeight));
  ImGui::PushStyleColor(ImGuiCol_Separator, IM_COL32(0, 0, 0, 255));
  ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
  ImGui::Dummy(ImVec2(10, 37));
  float y = ImGui::GetCursorScreenPos().y;
  ImGui::Separator();
  ImGui::End();
  ImGui::PopStyleColor();
  render();
  // The window clips its contents half its padding in from each side.
  int top = static_cast<int>(y) - 4, left = 16, right = kWidth - 16;
  EXPECT_TRUE(same_in_every_column(left, right, top, top + 8));
  EXPECT_EQ(total_ink(left, left + 1, top, top + 8), 255) << rows(column(left, top, top + 8), top);
  EXPECT_EQ(total_ink(0, left, top, top + 8), 0) << "clipped";
}

// A thin bar at fractional coordinates fills the pixels whose centres it covers, edge to edge.
TEST_F(SoftwareRendering, a_thin_filled_rectangle_is_the_same_in_every_column) {
  draw().AddRectFilled(ImVec2(0.3f, 40.4f), ImVec2(kWidth - 0.3f, 42.6f), IM_COL32(0, 0, 0, 255));
  draw().AddRectFilled(ImVec2(32.5f, 80.25f), ImVec2(1333.5f, 81.5f), IM_COL32(0, 0, 0, 255));
  render();
  EXPECT_TRUE(same_in_every_column(0, kWidth, 36, 48));
  EXPECT_EQ(total_ink(0, 1, 36, 48), 3 * 255) << rows(column(0, 36, 48), 36);
  EXPECT_TRUE(same_in_every_column(32, 1333, 76, 86));
  EXPECT_EQ(total_ink(32, 33, 76, 86), 1 * 255) << rows(column(32, 76, 86), 76);
}

// Glyphs and the anti-aliased edges of rounded shapes are left to SDL: still drawn, still soft.
TEST_F(SoftwareRendering, text_and_rounded_shapes_keep_their_anti_aliasing) {
  if (!font_) GTEST_SKIP() << kFont << " is not installed";
  draw().AddText(font_, 20.0f, ImVec2(40, 18), IM_COL32(0, 0, 0, 255), "Receipt 1001: repair accepted");
  draw().AddRectFilled(ImVec2(40, 60), ImVec2(400, 120), IM_COL32(0, 0, 0, 255), 12.0f);
  render();
  int inked = 0, soft = 0;
  for (int x = 40; x < 400; ++x)
    for (int y = 16; y < 40; ++y) {
      int v = ink(x, y);
      inked += v > 0;
      soft += v > 0 && v < 255;
    }
  EXPECT_GT(inked, 200) << "the text is drawn";
  EXPECT_GT(soft, 20) << "with soft glyph edges";
  EXPECT_EQ(total_ink(40, 400, 0, 16) + total_ink(400, kWidth, 16, 40), 0) << "and only where it is";
  int corner_soft = 0;
  for (int x = 40; x < 52; ++x)
    for (int y = 60; y < 72; ++y) corner_soft += ink(x, y) > 0 && ink(x, y) < 255;
  EXPECT_GT(corner_soft, 3) << "the rounded corner is anti-aliased";
  EXPECT_EQ(ink(200, 90), 255) << "the rounded rectangle is filled";
}

}  // namespace
}  // namespace aftersales::ui
