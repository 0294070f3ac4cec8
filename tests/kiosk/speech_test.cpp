// Spoken prompts: espeak-ng is started with the text as one argument (never through a shell), in the
// shopper's language, once per new prompt. A stand-in espeak-ng on PATH records what it was given.
#include "speech.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/test_store.h"

namespace aftersales::kiosk {
namespace {

class SpeechTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::path program = dir.file("espeak-ng");
    std::ofstream(program) << "#!/bin/sh\nprintf '%s\\n' \"$@\" > " << out().string() << ".tmp && mv " << out().string()
                           << ".tmp " << out().string() << "\n";
    std::filesystem::permissions(program, std::filesystem::perms::owner_all);
    old_path = std::getenv("PATH");
    setenv("PATH", (dir.path().string() + ":" + old_path).c_str(), 1);
  }
  void TearDown() override { setenv("PATH", old_path.c_str(), 1); }
  std::filesystem::path out() { return dir.file("spoken.txt"); }
  std::string spoken() {
    for (int i = 0; i < 200 && !std::filesystem::exists(out()); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(out());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  testing::TempDir dir;
  std::string old_path;
};

TEST_F(SpeechTest, SpeaksEachNewPromptInTheShoppersLanguage) {
  Speech speech;
  ASSERT_TRUE(speech.available());
  speech.prompt("Not yet", Language::en);
  EXPECT_FALSE(std::filesystem::exists(out())) << "off until the shopper switches it on";
  speech.set_enabled(true);
  speech.prompt("¿Por qué lo devuelve?; rm -rf / \"$HOME\"", Language::es);
  EXPECT_EQ(spoken(), "-v\nes\n-s\n150\n--\n¿Por qué lo devuelve?; rm -rf / \"$HOME\"\n");
  std::filesystem::remove(out());
  speech.prompt("¿Por qué lo devuelve?; rm -rf / \"$HOME\"", Language::es);  // drawn again next frame
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(std::filesystem::exists(out())) << "the same prompt is spoken once";
  speech.prompt("Êtes-vous toujours là ?", Language::fr);
  EXPECT_EQ(spoken(), "-v\nfr\n-s\n150\n--\nÊtes-vous toujours là ?\n");
}

TEST(Speech, UnavailableWithoutEspeak) {
  std::string old_path = std::getenv("PATH");
  setenv("PATH", "/nonexistent", 1);
  Speech speech;
  setenv("PATH", old_path.c_str(), 1);
  EXPECT_FALSE(speech.available());
  speech.set_enabled(true);
  EXPECT_FALSE(speech.enabled()) << "the switch is not offered when it cannot work";
}

}  // namespace
}  // namespace aftersales::kiosk
