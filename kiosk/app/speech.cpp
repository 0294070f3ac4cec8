#include "speech.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <utility>
#include <vector>

namespace aftersales::kiosk {
namespace {

std::string find_program(const char* name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

}  // namespace

Speech::Speech() : Speech(find_program("espeak-ng"), spawn_quietly) {}

Speech::Speech(std::string program, Launcher launcher) : program_(std::move(program)), launcher_(std::move(launcher)) {}

pid_t Speech::spawn_quietly(const std::vector<std::string>& argv) {
  if (argv.empty()) return -1;
  std::vector<std::string> args = argv;  // posix_spawn wants char*, not const char*
  std::vector<char*> pointers;
  for (std::string& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0].c_str(), &actions, nullptr, pointers.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

Speech::~Speech() {
  stop();
}

void Speech::set_enabled(bool on) {
  enabled_ = on && available();
  last_.clear();
  if (!enabled_) stop();
}

void Speech::reap() {
  if (child_ > 0 && ::waitpid(child_, nullptr, WNOHANG) == child_) child_ = -1;
}

void Speech::stop() {
  reap();
  if (child_ > 0) {
    ::kill(child_, SIGTERM);
    ::waitpid(child_, nullptr, 0);
    child_ = -1;
  }
}

void Speech::prompt(std::string_view text, Language language) {
  if (!enabled_ || text.empty() || text == last_) return;
  last_ = text;
  stop();
  // The text goes as one argument after "--": never an option, never through a shell.
  pid_t pid = launcher_({program_, "-v", std::string(language_code(language)), "-s", "150", "--", std::string(text)});
  if (pid > 0) child_ = pid;
}

}  // namespace aftersales::kiosk
