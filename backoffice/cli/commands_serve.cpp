// serve: the status web server for customers' phones, until SIGTERM or SIGINT.
#include <fmt/format.h>
#include <signal.h>

#include <memory>

#include "cli_context.h"
#include "http_server.h"
#include "status_app.h"

namespace aftersales::cli {
namespace {

Result<void> run_server(CliContext& ctx, const std::string& listen) {
  auto config = ctx.config();
  if (!config) return std::unexpected(config.error());
  auto db = ctx.database();  // creates or upgrades the schema before the read-only workers start
  if (!db) return std::unexpected(db.error());

  // Block the stop signals in every thread (the server's threads inherit this mask) and wait for
  // them here, so a stop is handled in one calm place.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const ServerSettings& settings = (*config)->server;
  server::StatusApp app(ctx.database_path(), **config);
  server::ServerOptions options;
  options.listen = listen.empty() ? settings.listen : listen;
  options.threads = settings.threads;
  options.connection_timeout_s = settings.connection_timeout_s;
  options.request_deadline = std::chrono::seconds(settings.request_deadline_s);
  options.per_address_connection_limit = settings.per_address_connection_limit;
  options.trusted_proxies = settings.trusted_proxies;
  options.access_log = settings.access_log;
  options.is_upload_route = server::is_photo_upload_path;
  options.max_upload_bytes = static_cast<std::size_t>((*config)->photos.max_upload_bytes);
  auto http = server::HttpServer::start(options, [&app](const server::HttpRequest& r) { return app.handle(r); });
  if (!http) return std::unexpected(http.error());
  fmt::print("Status server listening on {} (port {}); status links: {}/s/<token>\n", options.listen, (*http)->port(),
             settings.public_base_url);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  // Through the server's log: stderr may be a pipe nobody reads, and stopping must not wait on it.
  (*http)->log().write(fmt::format("Stopping on {}\n", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"));
  http->reset();  // closes every connection; the log gets a short grace period, then is left behind
  return {};
}

}  // namespace

void add_serve_commands(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("serve", "Run the status web server for customers' phones");
  auto listen = std::make_shared<std::string>();
  cmd->add_option("--listen", *listen, "ADDRESS:PORT (default: server.listen, 127.0.0.1:8080)");
  ctx.on(cmd, [&ctx, listen]() -> Result<void> { return run_server(ctx, *listen); });
}

}  // namespace aftersales::cli
