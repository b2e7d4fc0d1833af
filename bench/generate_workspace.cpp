// Generates a synthetic modbuild workspace of N modules for benchmarks.
//
//   modbuild_generate_workspace <dir> <modules> [--cargo <dir>]
//
// Every tenth module is a Core module with a contract; each Core module has
// systems implementing it; the rest are plugins and apps that use Core data,
// depend on earlier systems and plugins, and provide and require features.
// Every module has a real source file and the Core modules a header, so the
// loader's path checks touch the disk as they would in a real workspace.
// With --cargo, an equivalent Cargo workspace (same members, same dependency
// edges) is written too, for comparison with `cargo metadata`.
// Output is deterministic: the same arguments give the same files.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

enum class Kind { core, system, plugin, app };

struct Module {
  std::string name;
  Kind kind;
  std::size_t core = 0;               // the Core module it implements or uses most
  std::vector<std::size_t> depends;   // earlier systems and plugins
};

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::core: return "core";
    case Kind::system: return "system";
    case Kind::plugin: return "plugin";
    case Kind::app: return "app";
  }
  return "core";
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A small deterministic generator, so that output never depends on the platform.
struct Random {
  std::uint64_t state;
  std::size_t below(std::size_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>((state >> 33) % n);
  }
};

std::vector<Module> plan(std::size_t count) {
  std::vector<Module> modules;
  std::vector<std::size_t> cores, dependable;
  Random random{42};
  for (std::size_t i = 0; i < count; ++i) {
    Module m;
    m.name = std::string("m").append(std::to_string(i));
    if (i % 10 == 0) {
      m.kind = Kind::core;
      cores.push_back(i);
    } else if (i % 10 <= 3) {
      m.kind = Kind::system;
      m.core = cores.back();
    } else {
      m.kind = i % 10 == 9 ? Kind::app : Kind::plugin;
      m.core = cores[random.below(cores.size())];
      for (int d = 0; d < 3 && !dependable.empty(); ++d) {
        std::size_t target = dependable[dependable.size() - 1 - random.below(std::min<std::size_t>(dependable.size(), 50))];
        if (std::find(m.depends.begin(), m.depends.end(), target) == m.depends.end()) m.depends.push_back(target);
      }
    }
    if (m.kind == Kind::system || m.kind == Kind::plugin) dependable.push_back(i);
    modules.push_back(std::move(m));
  }
  return modules;
}

std::string manifest(const Module& m, const std::vector<Module>& all) {
  std::string t = "[module]\nname = \"" + m.name + "\"\nversion = \"1.2.3\"\nkind = \"" + kind_name(m.kind) +
                  "\"\ndescription = \"Synthetic " + kind_name(m.kind) + " module " + m.name + "\"\n\n";
  if (m.kind == Kind::core) {
    t += "[contract]\ndata = [\"Transform\", \"Velocity\", \"Health\"]\napi = [\"spawn\", \"despawn\", \"step\"]\n\n";
  } else if (m.kind == Kind::system) {
    t += "[implements]\nmodule = \"" + all[m.core].name + "\"\nversion = \"^1.2\"\napi = [\"spawn\", \"despawn\", \"step\"]\n\n";
  }
  if (m.kind != Kind::core) {
    t += "[core]\n" + all[m.core].name + " = { version = \"^1.0\", data = [\"Transform\", \"Velocity\"] }\n\n";
  }
  if (!m.depends.empty()) {
    t += "[dependencies]\n";
    for (std::size_t d : m.depends) t += all[d].name + " = \"^1.2\"\n";
    t += "\n";
  }
  t += "[features.provides]\n\"feature." + m.name + "\" = \"1.0.0\"\n\n";
  if (!m.depends.empty()) {
    // Every dependency provides a feature the module requires: all are used.
    t += "[features.requires]\n";
    for (std::size_t d : m.depends) t += "\"feature." + all[d].name + "\" = \"^1.0\"\n";
    t += "\n";
  }
  t += "[build]\nsources = [\"src/*.cpp\"]\n";
  t += m.kind == Kind::core ? "include = [\"include\"]\napi-headers = [\"include/api.h\"]\n" : "include = []\n";
  if (m.kind == Kind::app) t += "output = \"executable\"\n";
  return t;
}

void write_modbuild(const fs::path& root, const std::vector<Module>& modules) {
  write(root / "modbuild.toml", "[workspace]\nname = \"synthetic\"\nmembers = [\"modules/*\"]\n");
  for (const Module& m : modules) {
    const fs::path dir = root / "modules" / m.name;
    write(dir / "module.toml", manifest(m, modules));
    write(dir / "src" / (m.name + ".cpp"), "// " + m.name + "\nint " + m.name + "_value() { return 1; }\n");
    if (m.kind == Kind::core) write(dir / "include" / "api.h", "#pragma once\n");
  }
}

std::string all_core_dependency(const Module& m, const std::vector<Module>& modules) {
  const std::string& core = modules[m.core].name;
  return core + " = { path = \"../" + core + "\", version = \"1.0\" }\n";
}

void write_cargo(const fs::path& root, const std::vector<Module>& modules) {
  write(root / "Cargo.toml", "[workspace]\nresolver = \"2\"\nmembers = [\"modules/*\"]\n");
  for (const Module& m : modules) {
    const fs::path dir = root / "modules" / m.name;
    std::string t = "[package]\nname = \"" + m.name + "\"\nversion = \"1.2.3\"\nedition = \"2021\"\n"
                    "description = \"Synthetic module\"\n\n[dependencies]\n";
    if (m.kind != Kind::core) t += all_core_dependency(m, modules);
    for (std::size_t d : m.depends) t += modules[d].name + " = { path = \"../" + modules[d].name + "\", version = \"1.2\" }\n";
    t += "\n[features]\ndefault = []\nextra = []\n";
    write(dir / "Cargo.toml", t);
    write(dir / "src" / "lib.rs", "pub fn value() -> i32 { 1 }\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 5) {
    std::fprintf(stderr, "usage: %s <dir> <modules> [--cargo <dir>]\n", argv[0]);
    return 2;
  }
  const std::size_t count = std::strtoull(argv[2], nullptr, 10);
  const std::vector<Module> modules = plan(count);
  fs::remove_all(argv[1]);
  write_modbuild(argv[1], modules);
  if (argc == 5) {
    fs::remove_all(argv[4]);
    write_cargo(argv[4], modules);
  }
  std::printf("wrote %zu modules to %s\n", modules.size(), argv[1]);
  return 0;
}
