// Loading, reloading, migrating, swapping, unloading and rolling back, on
// the counter engine's fixture libraries (runtime_fixture.h), through real
// copies and dlopen().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "fixtures/counter.h"
#include "runtime_fixture.h"

namespace modbuild::runtime::testing {
namespace {

using ::testing::HasSubstr;

bool mapped(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.find(path) != std::string::npos) return true;
  }
  return false;
}

TEST_F(RuntimeTest, LoadsTheIndexInOrderAndBindsTheSlot) {
  open_and_load();
  const std::vector<ModuleStatus> modules = runtime_->modules();
  ASSERT_EQ(modules.size(), 4u);
  EXPECT_EQ(modules[0].state, "loaded");
  EXPECT_EQ(modules[1].fills, "counter");
  EXPECT_EQ(modules[3].state, "alternate");
  EXPECT_THAT(modules[1].library, HasSubstr(index_.dir() + "/copies/libcounter-add-1.0.0.so."));
  EXPECT_TRUE(mapped(modules[1].library));
  EXPECT_NE(runtime_->slot("counter"), nullptr);
  frames(5);
  EXPECT_EQ(total()["value"], 5);
}

TEST_F(RuntimeTest, ReloadsASystemWithoutTouchingTheData) {
  open_and_load();
  frames(3);
  const std::string old_copy = library_of("counter-add");
  index_.rebuild("counter-add", "counter_add_x10");
  const Outcome reloaded = runtime_->reload("counter-add");
  ASSERT_TRUE(reloaded) << text(reloaded);
  EXPECT_THAT(reloaded.message, HasSubstr("reloaded counter-add 1.0.0 in "));
  EXPECT_EQ(total()["value"], 3) << "the data is where it was";
  frames(1);
  EXPECT_EQ(total()["value"], 13) << "the new build adds ten times as much";
  // The old copy stays mapped for the probation, then goes.
  EXPECT_TRUE(mapped(old_copy));
  frames(3);
  EXPECT_FALSE(mapped(old_copy));
  EXPECT_FALSE(std::filesystem::exists(old_copy));
}

TEST_F(RuntimeTest, TheApplicationKeepsItsOwnStateAcrossItsReload) {
  open_and_load();
  std::string last;
  runtime_->subscribe("tally.frame", [&](std::string_view, std::string_view payload) { last = payload; });
  frames(4);
  EXPECT_EQ(last, "4 0");
  ASSERT_TRUE(runtime_->reload("tally"));
  frames(1);
  EXPECT_EQ(last, "5 0") << "the frame count came through save_state and restore_state";
}

TEST_F(RuntimeTest, MigratesCoreDataToANewLayout) {
  open_and_load();
  frames(4);
  index_.rebuild("counter", "counter_core_v2", 2);
  index_.rebuild("counter-add", "counter_add_v2");
  index_.rebuild("tally", "tally_v2");
  const Outcome reloaded = runtime_->reload("counter");
  ASSERT_TRUE(reloaded) << text(reloaded);
  EXPECT_THAT(text(reloaded), HasSubstr("migrated 'counter::Counter' total to the new layout"));
  EXPECT_THAT(text(reloaded), HasSubstr("also reloaded counter-add (built against counter)"));
  EXPECT_THAT(text(reloaded), HasSubstr("also reloaded tally (built against counter)"));
  EXPECT_EQ(total(), nlohmann::json({{"value", 4}, {"step", 7}})) << "kept the value, defaulted the new field";
  frames(2);
  EXPECT_EQ(total()["value"], 6);
}

TEST_F(RuntimeTest, RefusesAReloadThatLeavesAModuleOnTheOldLayout) {
  open_and_load();
  frames(2);
  index_.rebuild("counter", "counter_core_v2", 2);
  index_.rebuild("tally", "tally_v2");  // counter-add is not rebuilt
  const Outcome refused = runtime_->reload("counter");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.message,
            "refused counter-add 1.0.0: it was built against another 'counter' contract than counter 1.0.0 "
            "(struct 'counter::Counter'): the layout of 'counter::Counter' differs");
  EXPECT_EQ(refused.details, (std::vector<std::string>{
                                 "field 'step' (std::int64_t) was added to 'counter::Counter'",
                                 "help: rebuild counter-add against the new counter, then reload again"}));
  frames(1);
  EXPECT_EQ(total(), nlohmann::json({{"value", 3}})) << "the old modules run on";
}

TEST_F(RuntimeTest, RefusesAFieldThatChangedType) {
  open_and_load();
  frames(2);
  index_.rebuild("counter", "counter_core_v3", 3);
  index_.rebuild("counter-add", "counter_add_v3");
  index_.rebuild("tally", "tally_v3");
  const Outcome refused = runtime_->reload("counter");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.message, "refused counter 1.0.0: its data cannot move to the new layout");
  EXPECT_EQ(refused.details, (std::vector<std::string>{
                                 "field 'value' of 'counter::Counter' changed type from 'std::int64_t' to 'double'"}));
  frames(1);
  EXPECT_EQ(total()["value"], 3);
}

TEST_F(RuntimeTest, RefusesWhatIsNotAModule) {
  open_and_load();
  struct Case {
    std::string variant;
    std::string expected;
  };
  std::ofstream(index_.dir() + "/text.so") << "not a library\n";
  for (const Case& c : {Case{"no_entry", "has no entry point modbuild_module_counter_add(), so it is not a modbuild module"},
                        Case{"old_abi", "it was built for module ABI version 1, this runtime reads version 2"},
                        Case{"impostor", "the library is module 'impostor', not 'counter-add' as the index says"}}) {
    index_.rebuild("counter-add", c.variant);
    const Outcome refused = runtime_->reload("counter-add");
    EXPECT_FALSE(refused);
    EXPECT_THAT(refused.message, HasSubstr(c.expected)) << c.variant;
  }
  std::filesystem::copy_file(index_.dir() + "/text.so", index_.dir() + "/libcounter-add-1.0.0.so",
                             std::filesystem::copy_options::overwrite_existing);
  const Outcome refused = runtime_->reload("counter-add");
  EXPECT_THAT(refused.message, HasSubstr("libcounter-add-1.0.0.so: not an ELF file, so not a module library"));
  frames(1);
  EXPECT_EQ(total()["value"], 1) << "the loaded build runs on";
}

TEST_F(RuntimeTest, RollsBackABuildThatCrashesInOnLoad) {
  open_and_load();
  frames(2);
  const std::string running = library_of("tally");
  for (const auto& [variant, signal] : std::vector<std::pair<std::string, std::string>>{
           {"tally_crash1", "SIGSEGV"}, {"tally_crash2", "SIGABRT"}, {"tally_crash3", "SIGFPE"}, {"tally_crash4", "SIGILL"}}) {
    index_.rebuild("tally", variant);
    const Outcome reloaded = runtime_->reload("tally");
    ASSERT_FALSE(reloaded) << variant;
    EXPECT_THAT(reloaded.message, HasSubstr("rolled back the reload: tally 1.0.0 crashed in on_load with " + signal))
        << reloaded.message;
    EXPECT_EQ(library_of("tally"), running);
    frames(1);
  }
  EXPECT_EQ(total()["value"], 6);
}

TEST_F(RuntimeTest, RollsBackABuildThatCrashesInItsFirstFrames) {
  open_and_load();
  frames(2);
  const std::string running = library_of("tally");
  index_.rebuild("tally", "tally_crash5");
  ASSERT_TRUE(runtime_->reload("tally"));
  EXPECT_EQ(runtime_->frame(), MODBUILD_FRAME_CONTINUE);
  EXPECT_THAT(logged(), HasSubstr("rolled back the reload of tally: the new code crashed with SIGSEGV"));
  EXPECT_EQ(library_of("tally"), running);
  frames(2);
  EXPECT_EQ(total()["value"], 4);
}

TEST_F(RuntimeTest, ACrashOutsideAProbationEndsTheRun) {
  std::vector<FixtureModule> modules = counter_engine();
  modules[2].variant = "tally_crash5";
  open_and_load(modules);
  EXPECT_EQ(runtime_->frame(), 128 + 11);
  EXPECT_THAT(logged(), HasSubstr("tally crashed with SIGSEGV (invalid memory access) at 0 in libtally-1.0.0.so."));
  EXPECT_THAT(logged(), HasSubstr("no change is on probation, so there is nothing to roll back to"));
}

TEST_F(RuntimeTest, SwapsTheProviderOfAFeature) {
  open_and_load();
  frames(2);
  Outcome swapped = runtime_->swap("counter.add", "counter-twice");
  ASSERT_TRUE(swapped) << text(swapped);
  EXPECT_EQ(swapped.message.rfind("swapped counter-add for counter-twice 1.0.0 in ", 0), 0u) << swapped.message;
  frames(1);
  EXPECT_EQ(total()["value"], 4) << "the stand-in adds twice as much, on the same data";
  EXPECT_THAT(runtime_->unload("counter-twice").message, HasSubstr("cannot unload counter-twice: tally depends on it"));
  ASSERT_TRUE(runtime_->swap("counter.add", "counter-add"));
  frames(1);
  EXPECT_EQ(total()["value"], 5);

  EXPECT_THAT(runtime_->swap("counter.ad", "counter-twice").message,
              HasSubstr("no loaded module provides 'counter.ad' (did you mean 'counter.add'?)"));
  EXPECT_THAT(runtime_->swap("counter.add", "counter-twise").message,
              HasSubstr("'counter-twise' does not provide 'counter.add' (did you mean 'counter-twice'?)"));
}

TEST_F(RuntimeTest, UnloadsInDependencyOrderOnly) {
  open_and_load();
  const Outcome refused = runtime_->unload("counter");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.message, "cannot unload counter: counter-add, tally depend on it");
  EXPECT_THAT(runtime_->unload("tallly").message, HasSubstr("tallly is not loaded (did you mean 'tally'?)"));
  ASSERT_TRUE(runtime_->unload("tally"));
  ASSERT_TRUE(runtime_->unload("counter-add"));
  ASSERT_TRUE(runtime_->unload("counter"));
  EXPECT_TRUE(runtime_->data_instances().empty()) << "the Core data left with its module, after the probation";
  const Outcome load = runtime_->load("tally");
  EXPECT_EQ(load.message, "cannot load: tally needs counter, which is not loaded");
}

TEST_F(RuntimeTest, DetectsALibraryThatCanNeverBeUnloaded) {
  std::vector<FixtureModule> modules = counter_engine();
  modules.push_back({"sticky", "plugin", "sticky", {}, "", {}, false, 0});
  open_and_load(modules);
  EXPECT_THAT(logged(), HasSubstr("warning: sticky defines 1 STB_GNU_UNIQUE symbol (_ZZ12shared_countvE5count), so it "
                                  "can never be unloaded"));
  const std::string copy = library_of("sticky");
  ASSERT_TRUE(runtime_->unload("sticky"));
  frames(4);
  EXPECT_THAT(logged(), HasSubstr(copy + " is still mapped after dlclose(): it defines 1 STB_GNU_UNIQUE symbol"));
}

TEST_F(RuntimeTest, TheHostBindsItsOwnCallsWithTheSameChecks) {
  open_and_load();
  const ModbuildSlot* slot = nullptr;
  ASSERT_TRUE(runtime_->bind_host({counter::kContract, &slot}));
  ASSERT_EQ(slot, runtime_->slot("counter"));
  Host host(runtime_->host());
  Data<counter::Counter> data = host.data<counter::Counter>("total");
  ASSERT_TRUE(data);
  static_cast<const counter::Table*>(slot->table)->add(*data, 40);
  EXPECT_EQ(total()["value"], 40);

  ModbuildLayoutFingerprint other_layout[] = {{"counter::Counter", "2222222222222222"}};
  ModbuildContractRef stale = counter::kContract;
  stale.layouts = other_layout;
  const Outcome refused = runtime_->bind_host({stale, &slot});
  EXPECT_FALSE(refused);
  EXPECT_THAT(refused.message, HasSubstr("the host was built against another 'counter' contract than counter-add 1.0.0"));
}

}  // namespace
}  // namespace modbuild::runtime::testing
