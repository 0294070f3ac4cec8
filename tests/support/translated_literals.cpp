#include "support/translated_literals.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string_view>

namespace aftersales::testing {
namespace {

// Adjacent literals ("a" "b", across lines) joined, as the compiler does.
std::string join_adjacent_literals(const std::string& code) {
  std::string out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '"' && i > 0 && code[i - 1] != '\\') {
      std::size_t next = code.find_first_not_of(" \t\n", i + 1);
      if (next != std::string::npos && next > i + 1 && code[next] == '"' && code.find('\n', i + 1) < next) {
        i = next;  // drop the closing quote, the space between and the opening quote
        continue;
      }
    }
    out += code[i];
  }
  return out;
}

}  // namespace

std::set<std::string> translated_literals(const std::vector<std::filesystem::path>& files,
                                          const std::vector<std::string>& language_names) {
  std::set<std::string> ids;
  for (const auto& file : files) {
    std::ifstream source(file);
    std::string code = join_adjacent_literals(std::string((std::istreambuf_iterator<char>(source)), {}));
    for (std::string_view call : {"tr(", "trf("}) {
      for (std::size_t at = code.find(call); at != std::string::npos; at = code.find(call, at + 1)) {
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(code[at - 1])) || code[at - 1] == '_')) continue;
        std::size_t comma = code.find(',', at);
        std::string first = code.substr(at + call.size(), comma - at - call.size());
        if (std::find(language_names.begin(), language_names.end(), first) == language_names.end()) continue;
        std::size_t open = code.find_first_not_of(" \t\n", comma + 1);
        if (open == std::string::npos || code[open] != '"') continue;  // an id from a variable
        std::string id;
        std::size_t i = open + 1;
        for (; i < code.size() && code[i] != '"'; ++i) {
          if (code[i] == '\\' && i + 1 < code.size()) ++i;  // \" inside the literal
          id += code[i];
        }
        ids.insert(id);
      }
    }
  }
  return ids;
}

}  // namespace aftersales::testing
