// The module commands: one line in, one reply out, with did-you-mean and
// usage for every mistake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime_fixture.h"

namespace modbuild::runtime::testing {
namespace {

using ::testing::HasSubstr;

class CommandsTest : public RuntimeTest {
 protected:
  void SetUp() override { open_and_load(); }

  std::string run(std::string_view line, bool expect_ok = true) {
    std::string reply;
    EXPECT_EQ(runtime_->command(line, reply), expect_ok) << line << "\n" << reply;
    return reply;
  }
};

TEST_F(CommandsTest, ModulesListsTheIndexWithStates) {
  const std::string table = run("modules");
  EXPECT_THAT(table, HasSubstr("#    name           version   kind    state      fills       provides / library\n"));
  EXPECT_THAT(table, HasSubstr("1    counter-add    1.0.0     system  loaded     counter     counter.add  " + index_.dir() +
                               "/copies/libcounter-add-1.0.0.so."));
  EXPECT_THAT(table, HasSubstr("3    counter-twice  1.0.0     system  alternate  -           counter.add  " + index_.dir() +
                               "/libcounter-twice-1.0.0.so\n"));
}

TEST_F(CommandsTest, ChangesReportTheirOutcome) {
  EXPECT_THAT(run("reload counter-add"), HasSubstr("reloaded counter-add 1.0.0 in "));
  EXPECT_THAT(run("swap counter.add counter-twice"), HasSubstr("swapped counter-add for counter-twice 1.0.0"));
  EXPECT_THAT(run("unload counter", false), HasSubstr("cannot unload counter: counter-twice, tally depend on it"));
  EXPECT_EQ(run("load counter-twice", false), "counter-twice is loaded already");
}

TEST_F(CommandsTest, WhyAndGraphComeFromTheIndex) {
  const std::string why = run("why counter-add");
  EXPECT_THAT(why, HasSubstr("counter-add 1.0.0 (system, loaded)\n  implements the contract of counter\n"));
  EXPECT_THAT(why, HasSubstr("  needed by tally\n  needs counter\n"));
  EXPECT_THAT(run("why counter-twice"),
              HasSubstr("`swap counter.add counter-twice` uses this one"));
  const std::string graph = run("graph");
  EXPECT_THAT(graph, HasSubstr("digraph loaded {"));
  EXPECT_THAT(graph, HasSubstr("\"tally\" -> \"counter-add\";"));
  EXPECT_THAT(graph, ::testing::Not(HasSubstr("counter-twice")));
}

TEST_F(CommandsTest, DataShowsCoreDataByFieldName) {
  runtime_->frame();
  EXPECT_EQ(run("data"), "counter::Counter total");
  EXPECT_EQ(run("data counter::Counter total"), "{\"value\":1}");
  EXPECT_THAT(run("data counter::Counter totl", false), HasSubstr("(did you mean 'counter::Counter total'?)"));
}

TEST_F(CommandsTest, MistakesGetSuggestionsAndUsage) {
  EXPECT_EQ(run("relaod tally", false), "unknown command 'relaod' (did you mean 'reload'?); `help` lists them");
  EXPECT_EQ(run("reload", false), "usage: reload NAME...");
  EXPECT_EQ(run("swap counter.add", false), "usage: swap FEATURE PROVIDER");
  EXPECT_EQ(run("data counter::Counter", false), "usage: data [TYPE NAME]");
  EXPECT_EQ(run("why talley", false), "no module 'talley' in the index (did you mean 'tally'?)");
  EXPECT_EQ(run("reload nope", false), "no module 'nope' in the index");
  EXPECT_THAT(run("help"), HasSubstr("  swap     FEATURE PROVIDER  replace the provider of a feature"));
  EXPECT_THAT(run("   "), HasSubstr("commands:"));
}

TEST_F(CommandsTest, ModulesQueueCommandsAndGetTheReplyAsAnEvent) {
  std::vector<std::string> replies;
  runtime_->subscribe("command.reply", [&](std::string_view, std::string_view reply) { replies.emplace_back(reply); });
  runtime_->queue_command("why tally");
  runtime_->frame();  // runs the command after the frame
  runtime_->frame();  // delivers its reply
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_THAT(replies[0], HasSubstr("tally 1.0.0 (app, loaded)"));
}

TEST_F(CommandsTest, EventsReachTheReloadedBuildOnly) {
  std::vector<std::string> frames;
  runtime_->subscribe("tally.*", [&](std::string_view, std::string_view payload) { frames.emplace_back(payload); });
  runtime_->publish("tick", "");
  runtime_->frame();  // the tick goes out after this frame
  ASSERT_TRUE(runtime_->reload("tally"));
  runtime_->publish("tick", "");
  runtime_->frame();
  runtime_->frame();
  // Frame 1 saw no tick yet; after the reload only the new build counts
  // ticks (its own subscription), from zero: the old one's ended with it.
  EXPECT_EQ(frames, (std::vector<std::string>{"1 0", "2 0", "3 1"}));
}

}  // namespace
}  // namespace modbuild::runtime::testing
