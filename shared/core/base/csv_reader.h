#pragma once
// A streaming RFC 4180 reader: quoted fields, doubled quotes, separators and line breaks inside
// quotes, CRLF or LF. One record in memory at a time.
#include <istream>
#include <string>
#include <vector>

namespace aftersales {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(*in.rdbuf()) {}

  // Reads the next record into `fields`; false at the end of input. A quote left open at the end
  // of input is reported through error().
  bool next(std::vector<std::string>& fields);
  int record_line() const { return record_line_; }  // the line the last record started on
  const std::string& error() const { return error_; }

 private:
  std::streambuf& in_;
  int line_ = 1;
  int record_line_ = 0;
  std::string error_;
};

}  // namespace aftersales
