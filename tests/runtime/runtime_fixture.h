// A module index of fixture libraries in a temporary directory, for the
// runtime's tests: each module's library is one of the variants built in
// fixtures/, copied where the index points; a test "rebuilds" a module by
// putting another variant there, as the linker would (a new file, renamed).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modbuild/runtime/runtime.h"

namespace modbuild::runtime::testing {

struct FixtureModule {
  std::string name;
  std::string kind;
  std::string variant;  ///< fixtures/<variant>.so
  std::vector<std::string> dependencies;
  std::string implements;
  std::vector<std::pair<std::string, std::string>> provides;
  bool alternate = false;
  int layout = 0;  ///< the Counter layout of its schema file; 0: none
};

inline std::string identifier_of(std::string name) {
  for (char& c : name) {
    if (c == '-' || c == '.') c = '_';
  }
  return name;
}

/// The counter engine: Core module counter, system counter-add filling its
/// table, application tally, and counter-twice, an alternate of counter-add.
inline std::vector<FixtureModule> counter_engine() {
  return {
      {"counter", "core", "counter_core_v1", {}, "", {}, false, 1},
      {"counter-add", "system", "counter_add_v1", {"counter"}, "counter", {{"counter.add", "1.0.0"}}, false, 0},
      {"tally", "app", "tally_v1", {"counter", "counter-add"}, "", {}, false, 0},
      {"counter-twice", "system", "counter_twice", {"counter"}, "counter", {{"counter.add", "1.0.0"}}, true, 0},
  };
}

class IndexDirectory {
 public:
  IndexDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "modbuild-runtime-test-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  ~IndexDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  const std::string& dir() const { return dir_; }
  std::string index_path() const { return dir_ + "/engine.modules.json"; }
  static std::string artifact_of(const FixtureModule& m) { return "lib" + m.name + "-1.0.0.so"; }

  /// Writes the index and puts every module's variant in place.
  void write(const std::vector<FixtureModule>& modules) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < modules.size(); ++i) {
      const FixtureModule& m = modules[i];
      nlohmann::json provides = nlohmann::json::object();
      for (const auto& [feature, version] : m.provides) provides[feature] = version;
      list.push_back({{"name", m.name}, {"version", "1.0.0"}, {"kind", m.kind}, {"output", "shared"},
                      {"artifact", artifact_of(m)}, {"entry", "modbuild_module_" + identifier_of(m.name)},
                      {"load_index", i}, {"role", m.alternate ? "alternate" : "default"},
                      {"implements", m.implements}, {"dependencies", m.dependencies},
                      {"features", {{"provides", provides}, {"requires", nlohmann::json::object()}}}});
      rebuild(m.name, m.variant, m.layout);
    }
    nlohmann::json index = {{"schema", "modbuild-modules"}, {"schema_version", 2}, {"workspace", "engine"},
                            {"root", dir_}, {"modules", list}};
    std::ofstream(index_path()) << index.dump(2);
  }

  /// Puts `variant` where module `name`'s library goes (a new file renamed
  /// over the old, as linkers write), with the schema of `layout` beside it.
  void rebuild(const std::string& name, const std::string& variant, int layout = 0) {
    const std::string target = dir_ + "/lib" + name + "-1.0.0.so";
    std::filesystem::copy_file(std::string(RUNTIME_FIXTURES) + "/" + variant + ".so", target + ".new",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(target + ".new", target);
    if (layout != 0) std::ofstream(dir_ + "/" + name + "-1.0.0.api.json") << counter_schema(layout);
  }

  /// The schema of counter::Counter in each layout, as the build writes it.
  static std::string counter_schema(int layout) {
    nlohmann::json fields = nlohmann::json::array();
    fields.push_back({{"name", "value"}, {"type", layout == 3 ? "double" : "std::int64_t"}, {"offset", 0}});
    if (layout == 2) fields.push_back({{"name", "step"}, {"type", "std::int64_t"}, {"offset", 8}});
    const std::string fingerprint(16, static_cast<char>('0' + layout));
    nlohmann::json counter = {{"qualified_name", "counter::Counter"}, {"size", layout == 2 ? 16 : 8},
                              {"fields", fields}, {"fingerprint", fingerprint}};
    return nlohmann::json({{"schema_version", 1}, {"module", "counter"}, {"structs", {counter}}}).dump(2);
  }

 private:
  std::string dir_;
};

/// A runtime over an IndexDirectory, collecting what it logs.
class RuntimeTest : public ::testing::Test {
 protected:
  void open(const std::vector<FixtureModule>& modules, unsigned probation = 3) {
    index_.write(modules);
    Options options;
    options.copy_dir = index_.dir() + "/copies";
    options.probation_frames = probation;
    options.log = [this](std::string_view line) { log_.emplace_back(line); };
    auto opened = Runtime::open(index_.index_path(), options);
    ASSERT_TRUE(opened) << opened.error().message;
    runtime_ = std::move(*opened);
  }

  void open_and_load(const std::vector<FixtureModule>& modules = counter_engine(), unsigned probation = 3) {
    open(modules, probation);
    const Outcome loaded = runtime_->load_all();
    ASSERT_TRUE(loaded) << text(loaded);
  }

  static std::string text(const Outcome& outcome) {
    std::string all = outcome.message;
    for (const std::string& detail : outcome.details) all += "\n  " + detail;
    return all;
  }

  std::string logged() const {
    std::string all;
    for (const std::string& line : log_) all += line + "\n";
    return all;
  }

  /// The Counter instance "total" as JSON.
  nlohmann::json total() const {
    auto described = runtime_->describe_data("counter::Counter", "total");
    EXPECT_TRUE(described) << described.error().message;
    return described ? nlohmann::json::parse(*described) : nlohmann::json();
  }

  void frames(int count) {
    for (int i = 0; i < count; ++i) ASSERT_EQ(runtime_->frame(), MODBUILD_FRAME_CONTINUE) << logged();
  }

  std::string library_of(const std::string& module) const {
    for (const ModuleStatus& m : runtime_->modules()) {
      if (m.name == module) return m.library;
    }
    return "";
  }

  // In this order: the runtime goes first, and may log while it does.
  IndexDirectory index_;
  std::vector<std::string> log_;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace modbuild::runtime::testing
