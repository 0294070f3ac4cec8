#include "core/printing/escpos.h"

#include <array>
#include <unordered_map>

#include "core/base/utf8.h"
#include "core/printing/qr_code.h"

namespace aftersales {
namespace {

using namespace escpos;

// Code points of PC858 bytes 0x80..0xFF (PC850 with the euro sign at 0xD5).
constexpr std::array<char32_t, 128> kPc858High = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE,
    0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6,
    0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA,
    0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502,
    0x2524, 0x00C1, 0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510, 0x2514,
    0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550,
    0x256C, 0x00A4, 0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x20AC, 0x00CD, 0x00CE, 0x00CF, 0x2518, 0x250C,
    0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580, 0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE,
    0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4, 0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6,
    0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0};

// Readable ASCII stand-ins for common characters PC858 lacks.
const std::unordered_map<char32_t, std::string_view>& fallbacks() {
  static const std::unordered_map<char32_t, std::string_view> map = {
      {U'‘', "'"}, {U'’', "'"},   {U'‚', ","},  {U'“', "\""},  {U'”', "\""},     {U'„', "\""}, {U'–', "-"},
      {U'—', "-"}, {U'…', "..."}, {U'•', "*"},  {U'€', "EUR"}, {U'Œ', "OE"},     {U'œ', "oe"}, {U'Š', "S"},
      {U'š', "s"}, {U'Ž', "Z"},   {U'ž', "z"},  {U'Ÿ', "Y"},   {U'Ł', "L"},      {U'ł', "l"},  {U'ő', "o"},
      {U'Ő', "O"}, {U'ű', "u"},   {U'Ű', "U"},  {U'ą', "a"},   {U'ę', "e"},      {U'ć', "c"},  {U'ń', "n"},
      {U'ś', "s"}, {U'ź', "z"},   {U'ż', "z"},  {U'č', "c"},   {U'Č', "C"},      {U'ř', "r"},  {U'ě', "e"},
      {U'ů', "u"}, {U'ı', "i"},   {U'İ', "I"},  {U'ğ', "g"},   {U'ş', "s"},      {U'Ş', "S"},  {U'ă', "a"},
      {U'ț', "t"}, {U'ș', "s"},   {U'№', "No"}, {U'™', "TM"},  {U'\u00A0', " "}, {U'\t', " "}};
  return map;
}

void append_pc858(std::string& out, char32_t cp) {
  if (cp >= 0x20 && cp < 0x7F) {
    out.push_back(static_cast<char>(cp));
    return;
  }
  static const std::unordered_map<char32_t, std::uint8_t> high = [] {
    std::unordered_map<char32_t, std::uint8_t> map;
    for (std::size_t i = 0; i < kPc858High.size(); ++i) map[kPc858High[i]] = static_cast<std::uint8_t>(0x80 + i);
    return map;
  }();
  if (auto it = high.find(cp); it != high.end() && cp != 0x00A0 && cp != 0x00AD) {
    out.push_back(static_cast<char>(it->second));
  } else if (auto fb = fallbacks().find(cp); fb != fallbacks().end()) {
    out += fb->second;
  } else if (cp != 0x00AD) {  // a soft hyphen prints nothing
    out.push_back('?');
  }
}

class Writer {
 public:
  void raw(std::initializer_list<std::uint8_t> bytes) { out_.insert(out_.end(), bytes); }
  void raw(std::string_view bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void align(Align a) { raw({ESC, 'a', static_cast<std::uint8_t>(a == Align::left ? 0 : a == Align::center ? 1 : 2)}); }
  void bold(bool on) { raw({ESC, 'E', static_cast<std::uint8_t>(on ? 1 : 0)}); }
  void large(bool on) { raw({GS, '!', static_cast<std::uint8_t>(on ? 0x11 : 0x00)}); }
  void line(std::string_view pc858) {
    raw(pc858);
    raw({LF});
  }
  void store_qr_data(const std::string& payload) {
    std::size_t length = payload.size() + 3;
    raw({GS, '(', 'k', static_cast<std::uint8_t>(length & 0xFF), static_cast<std::uint8_t>(length >> 8), 49, 80, 48});
    raw(payload);
  }
  std::vector<std::uint8_t> take() { return std::move(out_); }

 private:
  std::vector<std::uint8_t> out_;
};

void write_text(Writer& w, const TextBlock& block, const EscPosOptions& options) {
  w.align(block.align);
  w.bold(block.bold);
  w.large(block.large);
  auto columns = static_cast<std::size_t>(block.large ? options.paper.columns / 2 : options.paper.columns);
  for (const auto& line : wrap_code_points(decode_utf8(block.text), columns)) w.line(encode_pc858(encode_utf8(line)));
  if (block.large) w.large(false);
  if (block.bold) w.bold(false);
}

// GS ( k: model 2, module size, error correction M, store the data, print it.
void write_native_qr(Writer& w, const std::string& payload, int module_dots) {
  w.align(Align::center);
  w.raw({GS, '(', 'k', 4, 0, 49, 65, 50, 0});
  w.raw({GS, '(', 'k', 3, 0, 49, 67, static_cast<std::uint8_t>(module_dots)});
  w.raw({GS, '(', 'k', 3, 0, 49, 69, 49});
  w.store_qr_data(payload);
  w.raw({GS, '(', 'k', 3, 0, 49, 81, 48});
  w.raw({LF});
}

// GS v 0: the QR image, centred on a band as wide as the paper, one bit per dot, 1 = black.
void write_raster_qr(Writer& w, const QrMatrix& qr, const EscPosOptions& options) {
  GrayImage image = qr_image(qr, options.qr_module_dots);
  int width_bytes = options.paper.dots / 8;
  int left = (options.paper.dots - image.width) / 2;
  w.align(Align::left);
  w.raw({GS, 'v', '0', 0, static_cast<std::uint8_t>(width_bytes & 0xFF), static_cast<std::uint8_t>(width_bytes >> 8),
         static_cast<std::uint8_t>(image.height & 0xFF), static_cast<std::uint8_t>(image.height >> 8)});
  std::string row(static_cast<std::size_t>(width_bytes), '\0');
  for (int y = 0; y < image.height; ++y) {
    std::fill(row.begin(), row.end(), '\0');
    for (int x = 0; x < image.width; ++x)
      if (image.at(x, y) < 128)
        row[static_cast<std::size_t>((left + x) / 8)] |= static_cast<char>(0x80 >> ((left + x) % 8));
    w.raw(row);
  }
}

}  // namespace

std::string encode_pc858(std::string_view utf8) {
  std::string out;
  for (char32_t cp : decode_utf8(utf8)) append_pc858(out, cp);
  return out;
}

Result<std::vector<std::uint8_t>> render_escpos(const PrintDocument& document, const EscPosOptions& options) {
  Writer w;
  w.raw({ESC, '@'});
  w.raw({ESC, 't', kCodePagePc858});
  for (const PrintBlock& block : document.blocks) {
    if (const auto* text = std::get_if<TextBlock>(&block)) {
      write_text(w, *text, options);
    } else if (const auto* qr = std::get_if<QrBlock>(&block)) {
      auto matrix = encode_qr(qr->payload);
      if (!matrix) return std::unexpected(matrix.error());
      if ((matrix->size + 2 * kQrQuietModules) * options.qr_module_dots > options.paper.dots)
        return fail(ErrorKind::invalid_input, "The QR code does not fit on this paper: the link is too long.");
      if (options.native_qr)
        write_native_qr(w, qr->payload, options.qr_module_dots);
      else
        write_raster_qr(w, *matrix, options);
    } else if (std::holds_alternative<RuleBlock>(block)) {
      w.align(Align::left);
      w.line(std::string(static_cast<std::size_t>(options.paper.columns), '-'));
    } else if (const auto* space = std::get_if<SpaceBlock>(&block)) {
      for (int i = 0; i < space->lines; ++i) w.raw({LF});
    }
  }
  w.raw({ESC, 'd', 4});     // feed past the cutter
  w.raw({GS, 'V', 66, 0});  // partial cut
  return w.take();
}

}  // namespace aftersales

namespace aftersales {

Result<std::vector<std::uint8_t>> render_escpos(const std::vector<PrintDocument>& documents,
                                                const EscPosOptions& options) {
  std::vector<std::uint8_t> job;
  for (const PrintDocument& document : documents) {
    auto bytes = render_escpos(document, options);
    if (!bytes) return bytes;
    job.insert(job.end(), bytes->begin(), bytes->end());
  }
  return job;
}

}  // namespace aftersales
