#include "core/printing/receipt_image.h"

#include <fmt/format.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <png.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <mutex>

#include "core/base/utf8.h"

namespace aftersales {
namespace {

constexpr int kMargin = 8;
constexpr int kTextPx = 22;   // about the height of the printer's 24-dot font A
constexpr int kLargePx = 42;  // double size
constexpr const char* kFontDir = "/usr/share/fonts/truetype/dejavu/";

struct FaceCloser {
  void operator()(FT_Face face) const noexcept { FT_Done_Face(face); }
};
struct LibraryCloser {
  void operator()(FT_Library library) const noexcept { FT_Done_FreeType(library); }
};

// The two faces, loaded once. FreeType faces are not thread-safe: callers hold the mutex.
class Fonts {
 public:
  static Result<Fonts*> get() {
    static Fonts fonts;
    if (!fonts.error_.empty()) return fail(ErrorKind::io, fonts.error_);
    return &fonts;
  }
  FT_Face face(bool bold) { return bold ? bold_.get() : regular_.get(); }
  std::mutex& mutex() { return mutex_; }

 private:
  Fonts() {
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) {
      error_ = "FreeType could not start";
      return;
    }
    library_.reset(library);
    regular_ = load("DejaVuSans.ttf");
    bold_ = load("DejaVuSans-Bold.ttf");
  }
  std::unique_ptr<FT_FaceRec_, FaceCloser> load(const char* name) {
    FT_Face face = nullptr;
    std::string path = std::string(kFontDir) + name;
    if (FT_New_Face(library_.get(), path.c_str(), 0, &face) != 0)
      error_ = fmt::format("The font {} is missing: install the package fonts-dejavu-core.", path);
    return std::unique_ptr<FT_FaceRec_, FaceCloser>(face);
  }

  std::unique_ptr<FT_LibraryRec_, LibraryCloser> library_;
  std::unique_ptr<FT_FaceRec_, FaceCloser> regular_, bold_;
  std::string error_;
  std::mutex mutex_;
};

// A white canvas that grows downwards as blocks are drawn.
class Canvas {
 public:
  explicit Canvas(int width) : width_(width) {}
  int width() const { return width_; }
  int cursor() const { return cursor_; }
  void advance(int pixels) {
    cursor_ += pixels;
    grow(cursor_);
  }
  void ink(int x, int y, std::uint8_t coverage) {
    if (x < 0 || x >= width_ || y < 0) return;
    grow(y + 1);
    auto& pixel = pixels_[static_cast<std::size_t>(y * width_ + x)];
    pixel = static_cast<std::uint8_t>(std::min<int>(pixel, 255 - coverage));
  }
  void blit(const GrayImage& image, int left, int top) {
    grow(top + image.height);
    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x)
        if (left + x >= 0 && left + x < width_)
          pixels_[static_cast<std::size_t>((top + y) * width_ + left + x)] = image.at(x, y);
  }
  GrayImage take() {
    grow(cursor_);
    return GrayImage{width_, cursor_, std::move(pixels_)};
  }

 private:
  void grow(int height) {
    if (height > height_) {
      pixels_.resize(static_cast<std::size_t>(height * width_), 255);
      height_ = height;
    }
  }
  int width_;
  int height_ = 0;
  int cursor_ = 0;
  std::vector<std::uint8_t> pixels_;
};

int advance_of(FT_Face face, char32_t cp) {
  if (FT_Load_Char(face, cp, FT_LOAD_DEFAULT) != 0) return 0;
  return static_cast<int>(face->glyph->advance.x >> 6);
}

int width_of(FT_Face face, std::u32string_view text) {
  int width = 0;
  for (char32_t cp : text) width += advance_of(face, cp);
  return width;
}

// Greedy word wrap by measured width; explicit line breaks kept; a word wider than the paper is split.
std::vector<std::u32string> wrap_pixels(FT_Face face, const std::u32string& text, int max_width) {
  std::vector<std::u32string> lines;
  std::u32string line;
  auto flush = [&] {
    lines.push_back(std::move(line));
    line.clear();
  };
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t end = std::min(text.find_first_of(U" \n", pos), text.size());
    std::u32string word = text.substr(pos, end - pos);
    while (!word.empty()) {
      std::u32string trial = line;
      if (!trial.empty()) trial += U' ';
      trial += word;
      if (width_of(face, trial) <= max_width) {
        line = std::move(trial);
        word.clear();
      } else if (!line.empty()) {
        flush();
      } else {
        std::size_t fit = 1;
        while (fit < word.size() && width_of(face, std::u32string_view(word).substr(0, fit + 1)) <= max_width) ++fit;
        line = word.substr(0, fit);
        word.erase(0, fit);
        flush();
      }
    }
    if (end < text.size() && text[end] == U'\n') flush();
    pos = end + 1;
  }
  if (!line.empty() || lines.empty()) flush();
  return lines;
}

void draw_line(Canvas& canvas, FT_Face face, const std::u32string& line, Align align, int line_height) {
  int width = width_of(face, line);
  int usable = canvas.width() - 2 * kMargin;
  int x = kMargin + (align == Align::center ? (usable - width) / 2 : align == Align::right ? usable - width : 0);
  int baseline = canvas.cursor() + static_cast<int>(face->size->metrics.ascender >> 6);
  for (char32_t cp : line) {
    if (FT_Load_Char(face, cp, FT_LOAD_RENDER) != 0) continue;
    const FT_Bitmap& bitmap = face->glyph->bitmap;
    for (unsigned row = 0; row < bitmap.rows; ++row)
      for (unsigned col = 0; col < bitmap.width; ++col)
        canvas.ink(x + face->glyph->bitmap_left + static_cast<int>(col),
                   baseline - face->glyph->bitmap_top + static_cast<int>(row),
                   bitmap.buffer[row * static_cast<unsigned>(bitmap.pitch) + col]);
    x += static_cast<int>(face->glyph->advance.x >> 6);
  }
  canvas.advance(line_height);
}

void draw_rule(Canvas& canvas) {
  int y = canvas.cursor() + kTextPx / 2;
  for (int x = kMargin; x < canvas.width() - kMargin; ++x)
    if ((x / 6) % 2 == 0) canvas.ink(x, y, 255);
  canvas.advance(kTextPx + 4);
}

struct PngWriteState {
  std::vector<std::uint8_t>* out;
};

void png_append(png_structp png, png_bytep data, png_size_t length) {
  auto* state = static_cast<PngWriteState*>(png_get_io_ptr(png));
  state->out->insert(state->out->end(), data, data + length);
}

}  // namespace

Result<GrayImage> render_image(const PrintDocument& document, const ImageOptions& options) {
  auto fonts = Fonts::get();
  if (!fonts) return std::unexpected(fonts.error());
  std::lock_guard lock((*fonts)->mutex());
  Canvas canvas(options.paper.dots);
  canvas.advance(kMargin);
  for (const PrintBlock& block : document.blocks) {
    if (const auto* text = std::get_if<TextBlock>(&block)) {
      FT_Face face = (*fonts)->face(text->bold || text->large);
      int px = text->large ? kLargePx : kTextPx;
      FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px));
      int line_height = static_cast<int>(face->size->metrics.height >> 6);
      for (const auto& line : wrap_pixels(face, decode_utf8(text->text), canvas.width() - 2 * kMargin))
        draw_line(canvas, face, line, text->align, line_height);
    } else if (const auto* qr = std::get_if<QrBlock>(&block)) {
      auto matrix = encode_qr(qr->payload);
      if (!matrix) return std::unexpected(matrix.error());
      GrayImage image = qr_image(*matrix, options.qr_module_dots);
      if (image.width > canvas.width())
        return fail(ErrorKind::invalid_input, "The QR code does not fit on this paper: the link is too long.");
      canvas.blit(image, (canvas.width() - image.width) / 2, canvas.cursor());
      canvas.advance(image.height);
    } else if (std::holds_alternative<RuleBlock>(block)) {
      draw_rule(canvas);
    } else if (const auto* space = std::get_if<SpaceBlock>(&block)) {
      canvas.advance(space->lines * kTextPx);
    }
  }
  canvas.advance(kMargin * 3);
  return canvas.take();
}

Result<std::vector<std::uint8_t>> encode_png(const GrayImage& image) {
  std::vector<std::uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  struct Destroy {
    png_structp* png;
    png_infop* info;
    ~Destroy() { png_destroy_write_struct(png, info); }
  } destroy{&png, &info};
  if (!png || !info) return fail(ErrorKind::io, "Could not start the PNG encoder.");
  if (setjmp(png_jmpbuf(png))) return fail(ErrorKind::io, "The PNG could not be encoded.");
  PngWriteState state{&out};
  png_set_write_fn(png, &state, png_append, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  // 203 dots per inch = 7992 per metre, so viewers show it at paper size.
  png_set_pHYs(png, info, 7992, 7992, PNG_RESOLUTION_METER);
  png_write_info(png, info);
  for (int y = 0; y < image.height; ++y)
    png_write_row(png, const_cast<png_bytep>(image.pixels.data() + static_cast<std::size_t>(y * image.width)));
  png_write_end(png, nullptr);
  return out;
}

Result<void> write_png(const GrayImage& image, const std::filesystem::path& path) {
  auto png = encode_png(image);
  if (!png) return std::unexpected(png.error());
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
  if (!file) return fail(ErrorKind::io, fmt::format("Cannot write {}", path.string()));
  return {};
}

}  // namespace aftersales
