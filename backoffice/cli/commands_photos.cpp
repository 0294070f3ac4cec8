// case photo-add, case photos, case photo-export: a case's photos from files (a camera's card, a
// phone's transfer), listed, and written out. Every photo is sanitised on the way in
// (core/media/photo_image.h): what is kept and exported is a plain JPEG without metadata.
#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "cli_context.h"
#include "core/services/photo_service.h"

namespace aftersales::cli {
namespace {

Result<std::string> read_file(const std::string& path, std::int64_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::io, fmt::format("Cannot read {}: is the path right?", path), "file");
  std::string bytes;
  // One byte past the limit is enough for the service to refuse it as too big.
  bytes.resize(static_cast<std::size_t>(limit) + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

Result<void> write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return fail(ErrorKind::io, fmt::format("Cannot write {}: is the folder there and writable?", path), "out");
  return {};
}

nlohmann::json photo_json(const CasePhoto& p) {
  return {
      {"id", p.id},       {"source", to_string(p.source)},          {"width", p.width},       {"height", p.height},
      {"bytes", p.bytes}, {"taken_at", format_instant(p.taken_at)}, {"taken_by", p.taken_by}, {"caption", p.caption}};
}

void add_photo_add(CLI::App& cases, CliContext& ctx) {
  auto* cmd = cases.add_subcommand("photo-add", "Add a photo (JPEG or PNG) to a case; kept without its metadata");
  struct Options {
    std::string code, file, caption, by = "cli";
    bool bench = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("file", o->file, "The picture file")->required();
  cmd->add_flag("--bench", o->bench, "Taken on the bench (default: at the counter)");
  cmd->add_option("--caption", o->caption, "What it shows");
  cmd->add_option("--by", o->by, "Who took it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto bytes = read_file(o->file, (*config)->photos.max_upload_bytes);
    if (!bytes) return std::unexpected(bytes.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    PhotoService photos(**db, (*config)->photos);
    auto added =
        photos.add_photo(o->code, *bytes, o->bench ? PhotoSource::bench : PhotoSource::counter, o->by, o->caption);
    if (!added) return std::unexpected(added.error());
    ctx.print(photo_json(*added), [&] {
      fmt::print("Photo {} added to {}: {}x{}, {} bytes, no metadata kept\n", added->id, o->code, added->width,
                 added->height, added->bytes);
    });
    return {};
  });
}

void add_photo_list(CLI::App& cases, CliContext& ctx) {
  auto* cmd = cases.add_subcommand("photos", "List a case's photos");
  auto code = std::make_shared<std::string>();
  cmd->add_option("code", *code, "Case code")->required();
  ctx.on(cmd, [&ctx, code]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto list = PhotoService(**db, (*config)->photos).list_photos(*code);
    if (!list) return std::unexpected(list.error());
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : *list) rows.push_back(photo_json(p));
    ctx.print({{"photos", rows}}, [&] {
      if (list->empty()) fmt::print("{} has no photos\n", *code);
      for (const auto& p : *list)
        fmt::print("{:>6}  {:<8}  {:>8} B  {}  {}{}\n", p.id, to_string(p.source), p.bytes, format_instant(p.taken_at),
                   p.taken_by, p.caption.empty() ? std::string() : "  " + p.caption);
    });
    return {};
  });
}

void add_photo_export(CLI::App& cases, CliContext& ctx) {
  auto* cmd = cases.add_subcommand("photo-export", "Write one of a case's photos to a JPEG file");
  struct Options {
    std::string code, out;
    std::int64_t id = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("id", o->id, "Photo id (case photos lists them)")->required();
  cmd->add_option("out", o->out, "The JPEG file to write")->required();
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto bytes = PhotoService(**db, (*config)->photos).photo(o->code, o->id);
    if (!bytes) return std::unexpected(bytes.error());
    if (auto written = write_file(o->out, *bytes); !written) return written;
    ctx.print({{"id", o->id}, {"file", o->out}, {"bytes", bytes->size()}},
              [&] { fmt::print("Photo {} of {} written to {} ({} bytes)\n", o->id, o->code, o->out, bytes->size()); });
    return {};
  });
}

}  // namespace

void add_case_photo_commands(CLI::App& cases, CliContext& ctx) {
  add_photo_add(cases, ctx);
  add_photo_list(cases, ctx);
  add_photo_export(cases, ctx);
}

}  // namespace aftersales::cli
