#pragma once
// Files from assets/ built into the programs (see cmake/embed_text.cmake), so an installed program
// never depends on where its assets went.
#include <string_view>
#include <vector>

namespace aftersales {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

const std::vector<EmbeddedFile>& embedded_translations();  // assets/i18n/*.json

}  // namespace aftersales
