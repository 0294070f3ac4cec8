// The status server's request handling, in process (the HTTP library below it is libmicrohttpd's):
// whatever a phone or an attacker sends, the answer is a page, a redirect or a refusal: never a
// crash and never a 500. The input is a request in a simple form:
//   byte 0            the method (GET, HEAD, POST, PUT, OPTIONS, or nonsense)
//   then lines        the path; the query ("a=1&b=2", decoded like a form); headers "name: value"
//                     until an empty line; the rest is the body
// "@T" in the path, query or body stands for a real case's token and "@C" for its code, so the
// fuzzer reaches the status page, the estimate and feedback forms and /track of a demo store.
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/services/demo_data.h"
#include "core/storage/database.h"
#include "fuzz_check.h"
#include "http_types.h"
#include "status_app.h"

using namespace aftersales;
using namespace aftersales::server;

namespace {

struct DemoStore {
  std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("aftersales-fuzz-status-" + std::to_string(getpid()));
  Config config = default_config();
  std::string token, code;
  std::optional<StatusApp> app;

  DemoStore() {
    std::filesystem::create_directories(folder);
    config.server.rate_limit_per_minute = 1'000'000;  // the limiter would soon answer everything
    {
      auto db = Database::open(folder / "store.db");
      FUZZ_EXPECT(db.has_value());
      DemoOptions options;
      options.sales = 500;
      options.now = system_now();
      auto made = generate_demo(*db, config, options);
      if (!made) std::fprintf(stderr, "the demo store: %s\n", made.error().message.c_str());
      FUZZ_EXPECT(made.has_value());
      auto awaiting = db->prepare("SELECT token, code FROM cases WHERE status = 'awaiting_approval' LIMIT 1");
      FUZZ_EXPECT(awaiting.step());
      token = awaiting.get_text(0);
      code = awaiting.get_text(1);
    }
    app.emplace(folder / "store.db", config);
  }
  ~DemoStore() {
    app.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }
};

DemoStore& demo() {
  static DemoStore store;
  return store;
}

std::string with_case(std::string text) {
  for (auto [mark, value] : {std::pair<std::string_view, const std::string&>{"@T", demo().token}, {"@C", demo().code}})
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
      text.replace(at, mark.size(), value);
  return text;
}

std::string_view next_line(std::string_view& rest) {
  auto end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

HttpRequest request_from(const std::uint8_t* data, std::size_t size) {
  constexpr const char* kMethods[] = {"GET", "HEAD", "POST", "PUT", "OPTIONS", "G\xC3\x89T"};
  HttpRequest request;
  request.method = kMethods[data[0] % 6];
  std::string_view rest = fuzz::as_text(data + 1, size - 1);
  request.path = with_case(std::string(next_line(rest)));
  request.query = parse_form(with_case(std::string(next_line(rest))));
  for (std::string_view line = next_line(rest); !line.empty(); line = next_line(rest)) {
    auto colon = line.find(':');
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = colon == std::string_view::npos ? "" : std::string(line.substr(colon + 1));
  }
  request.body = with_case(std::string(rest));
  request.client_address = "192.0.2." + std::to_string(data[0]);
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  HttpResponse response = demo().app->handle(request_from(data, size));
  FUZZ_EXPECT(response.status != 500);
  FUZZ_EXPECT(response.status >= 200 && response.status < 600);
  if (!fuzz::valid_utf8(response.body)) std::fprintf(stderr, "%d %s\n", response.status, response.body.c_str());
  FUZZ_EXPECT(fuzz::valid_utf8(response.body));
  return 0;
}
