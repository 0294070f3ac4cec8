// Spoken prompts: espeak-ng is started with the text as one argument (never through a shell), in the
// shopper's language, once per new prompt. A counting launcher stands in for starting it, so what is
// spoken and how often is known exactly, without waiting; a stand-in espeak-ng on PATH checks the
// real spawn.
#include "speech.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_store.h"

namespace aftersales::kiosk {
namespace {

using Args = std::vector<std::string>;

class CountingSpeech : public ::testing::Test {
 protected:
  std::vector<Args> launches;
  Speech speech{"/usr/bin/espeak-ng", [this](const Args& argv) {
                  launches.push_back(argv);
                  return pid_t{-1};  // nothing started: nothing to stop
                }};
};

TEST_F(CountingSpeech, SaysNothingUntilSwitchedOn) {
  ASSERT_TRUE(speech.available());
  speech.prompt("Not yet", Language::en);
  EXPECT_TRUE(launches.empty()) << "off until the shopper switches it on";
  EXPECT_FALSE(speech.enabled());
}

TEST_F(CountingSpeech, SpeaksEachNewPromptOnceInTheShoppersLanguage) {
  speech.set_enabled(true);
  const std::string why = "¿Por qué lo devuelve?; rm -rf / \"$HOME\"";
  speech.prompt(why, Language::es);
  ASSERT_EQ(launches.size(), 1u);
  EXPECT_EQ(launches[0], (Args{"/usr/bin/espeak-ng", "-v", "es", "-s", "150", "--", why}));
  speech.prompt(why, Language::es);  // drawn again next frame
  speech.prompt(why, Language::es);
  EXPECT_EQ(launches.size(), 1u) << "the same prompt is spoken once";
  speech.prompt("", Language::es);
  EXPECT_EQ(launches.size(), 1u) << "an empty prompt is not spoken";
  speech.prompt("Êtes-vous toujours là ?", Language::fr);
  ASSERT_EQ(launches.size(), 2u);
  EXPECT_EQ(launches[1], (Args{"/usr/bin/espeak-ng", "-v", "fr", "-s", "150", "--", "Êtes-vous toujours là ?"}));
}

TEST_F(CountingSpeech, SwitchedOffItStopsAndSwitchedOnItSpeaksTheScreenAgain) {
  speech.set_enabled(true);
  speech.prompt("Welcome", Language::en);
  speech.set_enabled(false);
  speech.prompt("Scan your receipt", Language::en);
  EXPECT_EQ(launches.size(), 1u) << "off: nothing more is spoken";
  speech.set_enabled(true);
  speech.prompt("Welcome", Language::en);
  EXPECT_EQ(launches.size(), 2u) << "switched on again, the prompt showing is spoken again";
}

TEST(Speech, SpawnsTheProgramWithEachArgumentAsGivenAndNoShell) {
  testing::TempDir dir;
  std::filesystem::path program = dir.file("espeak-ng"), out = dir.file("spoken.txt");
  std::ofstream(program) << "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" << out.string() << "'\n";
  std::filesystem::permissions(program, std::filesystem::perms::owner_all);
  pid_t pid = Speech::spawn_quietly({program.string(), "-v", "es", "--", "¡Hola!; rm -rf / \"$HOME\" `id`"});
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "-v\nes\n--\n¡Hola!; rm -rf / \"$HOME\" `id`\n");
  EXPECT_EQ(Speech::spawn_quietly({dir.file("missing").string()}), -1);
  EXPECT_EQ(Speech::spawn_quietly({}), -1);
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
