#include "core/base/csv_reader.h"

namespace aftersales {

bool CsvReader::next(std::vector<std::string>& fields) {
  using traits = std::streambuf::traits_type;
  fields.clear();
  record_line_ = line_;
  int c = in_.sgetc();
  if (c == traits::eof()) return false;
  fields.emplace_back();
  bool in_quotes = false;
  bool field_was_quoted = false;
  while (true) {
    c = in_.sbumpc();
    if (c == traits::eof()) {
      if (in_quotes) error_ = "a quoted field is not closed before the end of the file";
      return true;
    }
    char ch = traits::to_char_type(c);
    if (in_quotes) {
      if (ch == '"') {
        if (in_.sgetc() == '"') {
          in_.sbumpc();
          fields.back().push_back('"');
        } else {
          in_quotes = false;
        }
      } else {
        if (ch == '\n') ++line_;
        fields.back().push_back(ch);
      }
      continue;
    }
    switch (ch) {
      case ',':
        fields.emplace_back();
        field_was_quoted = false;
        break;
      case '"':
        if (fields.back().empty() && !field_was_quoted) {
          in_quotes = field_was_quoted = true;
        } else {
          fields.back().push_back(ch);
        }
        break;
      case '\r':
        if (in_.sgetc() == '\n') in_.sbumpc();
        ++line_;
        return true;
      case '\n': ++line_; return true;
      default: fields.back().push_back(ch);
    }
  }
}

}  // namespace aftersales
