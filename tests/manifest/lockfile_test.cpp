// modbuild.lock: reading with every problem reported (MB2007 and the manifest
// codes it shares), deterministic writing, round trips.
#include "manifest_fixture.h"

#include <algorithm>

namespace modbuild::manifest::testing {
namespace {

using LockfileTest = ManifestTest;

const std::string checksum_a = "sha256:" + std::string(64, 'a');
const std::string checksum_b = "sha256:" + std::string(64, 'b');

constexpr std::string_view header =
    "# This file is written by modbuild from the manifests; do not edit it by hand.\n"
    "# `modbuild resolve` updates it, `modbuild resolve --locked` checks it.\n"
    "version = 1\n";

LockedModule locked(std::string name, std::string version, std::string source, std::string checksum,
                    std::vector<std::string> dependencies = {}, std::vector<std::string> options = {},
                    std::vector<std::pair<std::string, std::string>> features = {}) {
  LockedModule m;
  m.name.value = std::move(name);
  m.version = *semver::parse_version(version);
  m.source = std::move(source);
  m.checksum = std::move(checksum);
  m.dependencies = std::move(dependencies);
  m.options = std::move(options);
  m.features = std::move(features);
  return m;
}

// The resolution of a small engine, as the resolver would hand it over.
Lockfile engine() {
  Lockfile lockfile;
  lockfile.modules.push_back(locked("physics", "0.3.0", "workspace:plugins/physics", checksum_a,
                                    {"console-stdio", "ecs", "ecs-sparse"}, {"trace"},
                                    {{"ecs.storage", "ecs-sparse"}}));
  lockfile.modules.push_back(locked("ecs", "1.2.0", "workspace:core/ecs", checksum_b));
  lockfile.modules.push_back(locked("ecs-sparse", "1.2.1", "registry:local", checksum_a, {"ecs"}));
  lockfile.modules.push_back(locked("console-stdio", "1.0.0-rc.1+b7", "registry:shared", checksum_b));
  std::sort(lockfile.modules.begin(), lockfile.modules.end(),
            [](const LockedModule& a, const LockedModule& b) { return a.name.value < b.name.value; });
  return lockfile;
}

// The values of a lockfile without where they were read from.
Lockfile without_spans(Lockfile lockfile) {
  lockfile.file = diagnostics::no_file;
  for (LockedModule& m : lockfile.modules) {
    m.name.span = {};
    m.name.verbatim = false;
    m.version_span = {};
    m.span = {};
  }
  return lockfile;
}

// One entry with every key, for error tests to vary.
std::string entry(std::string_view name = "physics", std::string_view extra = "") {
  return "\n[[module]]\nname = \"" + std::string(name) +
         "\"\nversion = \"0.3.0\"\nsource = \"workspace:plugins/physics\"\nchecksum = \"" + checksum_a + "\"\n" +
         std::string(extra);
}

TEST_F(LockfileTest, WritesTheDocumentedFormat) {
  EXPECT_EQ(write_lockfile(engine()),
            std::string(header) +
                "\n"
                "[[module]]\n"
                "name = \"console-stdio\"\n"
                "version = \"1.0.0-rc.1+b7\"\n"
                "source = \"registry:shared\"\n"
                "checksum = \"" + checksum_b + "\"\n"
                "\n"
                "[[module]]\n"
                "name = \"ecs\"\n"
                "version = \"1.2.0\"\n"
                "source = \"workspace:core/ecs\"\n"
                "checksum = \"" + checksum_b + "\"\n"
                "\n"
                "[[module]]\n"
                "name = \"ecs-sparse\"\n"
                "version = \"1.2.1\"\n"
                "source = \"registry:local\"\n"
                "checksum = \"" + checksum_a + "\"\n"
                "dependencies = [\"ecs\"]\n"
                "\n"
                "[[module]]\n"
                "name = \"physics\"\n"
                "version = \"0.3.0\"\n"
                "source = \"workspace:plugins/physics\"\n"
                "checksum = \"" + checksum_a + "\"\n"
                "dependencies = [\"console-stdio\", \"ecs\", \"ecs-sparse\"]\n"
                "options = [\"trace\"]\n"
                "features = { \"ecs.storage\" = \"ecs-sparse\" }\n");
  EXPECT_EQ(write_lockfile(Lockfile{}), header) << "no modules: the header alone";
}

TEST_F(LockfileTest, ReadsWhatItWrites) {
  const Lockfile original = engine();
  const std::string written = write_lockfile(original);
  auto read = parse_lock(written);
  ASSERT_EQ(errors(), "");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(without_spans(*read), without_spans(original)) << "parse(write(x)) == x";
  EXPECT_EQ(write_lockfile(*read), written) << "write(parse(write(x))) == write(x)";
  const LockedModule* physics = read->find("physics");
  ASSERT_NE(physics, nullptr);
  EXPECT_EQ(physics->span, (SourceSpan{read->file, 24, 1, 24, 11}));
  EXPECT_EQ(physics->name.span, (SourceSpan{read->file, 25, 8, 25, 17}));
  EXPECT_EQ(physics->version_span, (SourceSpan{read->file, 26, 11, 26, 18}));
  EXPECT_EQ(read->find("ecs")->version.to_string(), "1.2.0");
  EXPECT_EQ(read->find("console"), nullptr);
  EXPECT_EQ(read->find("zzz"), nullptr);
}

TEST_F(LockfileTest, WritingIsDeterministic) {
  const std::string first = write_lockfile(engine());
  EXPECT_EQ(write_lockfile(engine()), first);
  // Whatever order the resolver hands things over in, the bytes are the same.
  Lockfile shuffled = engine();
  std::reverse(shuffled.modules.begin(), shuffled.modules.end());
  for (LockedModule& m : shuffled.modules) std::reverse(m.dependencies.begin(), m.dependencies.end());
  shuffled.modules[0].dependencies.push_back("ecs");  // physics, now first: a repetition is written once
  EXPECT_EQ(write_lockfile(shuffled), first);
}

TEST_F(LockfileTest, ReadsEveryFormOfTheKeys) {
  auto read = parse_lock(std::string(header) + entry("physics",
                                                      "dependencies = [\"ecs\", \"console-stdio\"]\n"
                                                      "features = { log.sink = \"console-stdio\", \"ecs.storage\" = "
                                                      "\"ecs\" }\n") +
                         entry("console-stdio") + entry("ecs") +
                         "\n[[module]]\nname = \"render\"\nversion = \"2.0.0\"\nsource = \"registry:local\"\n"
                         "checksum = \"" + checksum_b + "\"\n[module.features]\n\"render.backend\" = \"render\"\n");
  ASSERT_EQ(errors(), "");
  ASSERT_EQ(read->modules.size(), 4u);
  const LockedModule& physics = *read->find("physics");
  EXPECT_EQ(physics.dependencies, (std::vector<std::string>{"console-stdio", "ecs"})) << "sorted";
  EXPECT_EQ(physics.features, (std::vector<std::pair<std::string, std::string>>{{"ecs.storage", "ecs"},
                                                                                 {"log.sink", "console-stdio"}}));
  EXPECT_EQ(read->find("render")->features.size(), 1u) << "a standard sub-table works too";
}

TEST_F(LockfileTest, ReturnsEveryEntryThatCouldBeRead) {
  auto read = parse_lock(std::string(header) + entry("ecs") + entry("physics", "verison = \"1\"\n") +
                         "\n[[module]]\nname = \"console\"\nversion = \"1.0\"\nsource = \"registry:local\"\n"
                         "checksum = \"" + checksum_a + "\"\n" + entry("render"));
  EXPECT_EQ(codes(), "MB1004 MB1006");
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->modules.size(), 3u) << "an unknown key is reported, the entry is still read";
  EXPECT_EQ(read->modules[0].name.value, "ecs");
  EXPECT_EQ(read->modules[1].name.value, "physics");
  EXPECT_EQ(read->modules[2].name.value, "render");
}

TEST_F(LockfileTest, SyntaxError) {
  EXPECT_FALSE(parse_lock("version = 1\n[[module]\n").has_value());
  EXPECT_EQ(codes(), "MB1001");
}

TEST_F(LockfileTest, UnknownKeys) {
  parse_lock("version = 1\nmodules = []\n" + entry("physics", "sorce = \"x\"\nlicense = \"MIT\"\n"));
  EXPECT_EQ(errors(),
            "modbuild.lock:2:1: error[MB1004]: unknown key 'modules' in modbuild.lock\n"
            "  |\n"
            "2 | modules = []\n"
            "  | ^^^^^^^ unknown key\n"
            "  |\n"
            "  = help: did you mean 'module'?\n"
            "\n"
            "modbuild.lock:9:1: error[MB1004]: unknown key 'sorce' in the [[module]] entry of 'physics'\n"
            "  |\n"
            "9 | sorce = \"x\"\n"
            "  | ^^^^^ unknown key\n"
            "  |\n"
            "  = help: did you mean 'source'?\n"
            "\n"
            "modbuild.lock:10:1: error[MB1004]: unknown key 'license' in the [[module]] entry of 'physics'\n"
            "   |\n"
            "10 | license = \"MIT\"\n"
            "   | ^^^^^^^ unknown key\n"
            "   |\n"
            "   = note: the [[module]] entry of 'physics' accepts name, version, source, checksum, dependencies, "
            "options and features\n"
            "\n");
}

TEST_F(LockfileTest, WrongTypes) {
  auto read = parse_lock("version = \"1\"\n" + entry("physics", "dependencies = \"ecs\"\noptions = [1]\n"));
  EXPECT_EQ(errors(),
            "modbuild.lock:1:11: error[MB1002]: expected an integer for 'version' in modbuild.lock, found a string\n"
            "  |\n"
            "1 | version = \"1\"\n"
            "  |           ^^^ expected an integer\n"
            "\n"
            "modbuild.lock:8:16: error[MB1002]: expected an array of strings for 'dependencies' in the [[module]] "
            "entry of 'physics', found a string\n"
            "  |\n"
            "8 | dependencies = \"ecs\"\n"
            "  |                ^^^^^ expected an array of strings\n"
            "\n"
            "modbuild.lock:9:12: error[MB1002]: expected a string in 'options' of the [[module]] entry of 'physics', "
            "found an integer\n"
            "  |\n"
            "9 | options = [1]\n"
            "  |            ^ expected a string\n"
            "\n");
  ASSERT_EQ(read->modules.size(), 1u);
  parse_lock("version = 1\nmodule = { name = \"physics\" }\n");
  EXPECT_EQ(codes(), "MB1002");
  parse_lock("version = 1\nmodule = [\"physics\"]\n");
  EXPECT_EQ(codes(), "MB1002");
  parse_lock(std::string(header) + entry("physics", "features = { \"ecs.storage\" = 1 }\n") + entry("ecs"));
  EXPECT_EQ(codes(), "MB1002");
}

TEST_F(LockfileTest, InvalidNames) {
  parse_lock(std::string(header) +
             entry("physics", "dependencies = [\"Ecs_Sparse\"]\noptions = [\"-x\"]\nfeatures = { \"Ecs\" = "
                              "\"physics\", \"log.sink\" = \"Console\" }\n"));
  EXPECT_EQ(codes(), "MB1005 MB1005 MB1014 MB1005");
  EXPECT_NE(errors().find("invalid dependency 'Ecs_Sparse': a name may only use lowercase letters"),
            std::string::npos)
      << errors();
  parse_lock(std::string(header) + entry("Physics"));
  EXPECT_EQ(errors(),
            "modbuild.lock:6:8: error[MB1005]: invalid module name 'Physics': a name may only use lowercase letters, "
            "digits and single '-', and must start with a letter\n"
            "  |\n"
            "6 | name = \"Physics\"\n"
            "  |        ^^^^^^^^^ invalid name\n"
            "  |\n"
            "  = help: did you mean 'physics'?\n"
            "\n");
}

TEST_F(LockfileTest, InvalidVersion) {
  auto read = parse_lock(std::string(header) +
                         "\n[[module]]\nname = \"ecs\"\nversion = \"v1.2.0\"\nsource = \"workspace:core/ecs\"\n"
                         "checksum = \"" + checksum_a + "\"\n");
  EXPECT_EQ(errors(),
            "modbuild.lock:7:12: error[MB1006]: invalid version 'v1.2.0': unexpected 'v' prefix; write the version "
            "as MAJOR.MINOR.PATCH, e.g. 1.0.0\n"
            "  |\n"
            "7 | version = \"v1.2.0\"\n"
            "  |            ^ unexpected 'v' prefix\n"
            "  |\n"
            "  = note: versions follow Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH, optionally followed by "
            "-PRERELEASE and +BUILD, e.g. 1.4.0 or 2.0.0-rc.1\n"
            "\n");
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->modules.empty()) << "an entry without a version takes no part";
}

TEST_F(LockfileTest, RepeatedEntriesInLists) {
  auto read = parse_lock(std::string(header) +
                         entry("physics", "dependencies = [\"ecs\", \"ecs\"]\nfeatures = { \"log.sink\" = \"ecs\", "
                                          "log.sink = \"ecs\" }\n") +
                         entry("ecs"));
  EXPECT_EQ(codes(), "MB1013 MB1013");
  EXPECT_NE(errors().find("error[MB1013]: dependency 'ecs' is listed twice"), std::string::npos) << errors();
  EXPECT_NE(errors().find("error[MB1013]: feature 'log.sink' is listed twice"), std::string::npos) << errors();
  EXPECT_EQ(read->find("physics")->dependencies, std::vector<std::string>{"ecs"});
}

TEST_F(LockfileTest, MissingKeys) {
  auto read = parse_lock("\n[[module]]\nname = \"physics\"\nversion = \"0.3.0\"\n");
  EXPECT_EQ(errors(),
            "modbuild.lock:1:1: error[MB2007]: missing required key 'version' in modbuild.lock\n"
            "  |\n"
            "1 | \n"
            "  | ^ 'version' is required here\n"
            "  |\n"
            "  = help: run `modbuild resolve` to write the lockfile again\n"
            "\n"
            "modbuild.lock:2:1: error[MB2007]: missing required key 'checksum' in the [[module]] entry of 'physics'\n"
            "  |\n"
            "2 | [[module]]\n"
            "  | ^^^^^^^^^^ 'checksum' is required here\n"
            "  |\n"
            "  = help: run `modbuild resolve` to write the lockfile again\n"
            "\n"
            "modbuild.lock:2:1: error[MB2007]: missing required key 'source' in the [[module]] entry of 'physics'\n"
            "  |\n"
            "2 | [[module]]\n"
            "  | ^^^^^^^^^^ 'source' is required here\n"
            "  |\n"
            "  = help: run `modbuild resolve` to write the lockfile again\n"
            "\n");
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->modules.empty());
  parse_lock("version = 1\n[[module]]\n");
  EXPECT_EQ(codes(), "MB2007 MB2007 MB2007 MB2007");
  EXPECT_NE(errors().find("missing required key 'name' in a [[module]] entry"), std::string::npos) << errors();
}

TEST_F(LockfileTest, InvalidSources) {
  auto with_source = [](std::string_view name, std::string_view source) {
    return "\n[[module]]\nname = \"" + std::string(name) + "\"\nversion = \"1.0.0\"\nsource = \"" +
           std::string(source) + "\"\nchecksum = \"" + checksum_a + "\"\n";
  };
  auto read = parse_lock(std::string(header) + with_source("a", "git:https://example.com/a") +
                         with_source("b", "workspace:../outside") + with_source("c", "registry:Local") +
                         with_source("d", "workspace:") + with_source("e", "workspace:/abs") +
                         with_source("f", "registry:local") + with_source("g", "workspace:plugins/./g"));
  EXPECT_EQ(errors(),
            "modbuild.lock:8:11: error[MB2007]: invalid source 'git:https://example.com/a'\n"
            "  |\n"
            "8 | source = \"git:https://example.com/a\"\n"
            "  |           ^^^^ expected 'workspace:' or 'registry:'\n"
            "  |\n"
            "  = note: a source is 'workspace:<directory relative to the workspace root>' or 'registry:<registry "
            "name>'\n"
            "\n"
            "modbuild.lock:14:21: error[MB2007]: invalid source 'workspace:../outside'\n"
            "   |\n"
            "14 | source = \"workspace:../outside\"\n"
            "   |                     ^^^^^^^^^^ expected a directory inside the workspace\n"
            "   |\n"
            "   = note: a source is 'workspace:<directory relative to the workspace root>' or 'registry:<registry "
            "name>'\n"
            "\n"
            "modbuild.lock:20:20: error[MB2007]: invalid source 'registry:Local'\n"
            "   |\n"
            "20 | source = \"registry:Local\"\n"
            "   |                    ^^^^^ not a valid registry name\n"
            "   |\n"
            "   = note: a source is 'workspace:<directory relative to the workspace root>' or 'registry:<registry "
            "name>'\n"
            "\n"
            "modbuild.lock:26:21: error[MB2007]: invalid source 'workspace:'\n"
            "   |\n"
            "26 | source = \"workspace:\"\n"
            "   |                     ^ expected a directory after 'workspace:'\n"
            "   |\n"
            "   = note: a source is 'workspace:<directory relative to the workspace root>' or 'registry:<registry "
            "name>'\n"
            "\n"
            "modbuild.lock:32:21: error[MB2007]: invalid source 'workspace:/abs'\n"
            "   |\n"
            "32 | source = \"workspace:/abs\"\n"
            "   |                     ^^^^ expected a directory relative to the workspace root\n"
            "   |\n"
            "   = note: a source is 'workspace:<directory relative to the workspace root>' or 'registry:<registry "
            "name>'\n"
            "\n");
  ASSERT_EQ(read->modules.size(), 2u);
  EXPECT_EQ(read->modules[0].source, "registry:local");
  EXPECT_EQ(read->modules[1].source, "workspace:plugins/./g") << "kept as written";
}

TEST_F(LockfileTest, InvalidChecksum) {
  auto read = parse_lock(std::string(header) +
                         "\n[[module]]\nname = \"ecs\"\nversion = \"1.2.0\"\nsource = \"workspace:core/ecs\"\n"
                         "checksum = \"sha256:" + std::string(63, 'a') + "A\"\n");
  EXPECT_EQ(errors(),
            "modbuild.lock:9:83: error[MB2007]: invalid checksum 'sha256:" + std::string(63, 'a') + "A'\n"
            "  |\n"
            "9 | checksum = \"sha256:" + std::string(63, 'a') + "A\"\n"
            "  |                                                                                   ^ not a lowercase "
            "hex digit\n"
            "  |\n"
            "  = note: a checksum is 'sha256:' followed by the 64 lowercase hex digits of a SHA-256 digest\n"
            "\n");
  EXPECT_TRUE(read->modules.empty());
}

TEST_F(LockfileTest, ModuleLockedTwice) {
  auto read = parse_lock(std::string(header) + entry("physics") + entry("ecs") + entry("physics", "options = []\n"));
  EXPECT_EQ(errors(),
            "modbuild.lock:18:8: error[MB2007]: module 'physics' is locked twice\n"
            "   |\n"
            " 6 | name = \"physics\"\n"
            "   |        --------- first locked here\n"
            "...\n"
            "18 | name = \"physics\"\n"
            "   |        ^^^^^^^^^ locked again here\n"
            "   |\n"
            "   = help: run `modbuild resolve` to write the lockfile again\n"
            "\n");
  ASSERT_EQ(read->modules.size(), 2u);
  EXPECT_EQ(read->modules[1].span.line, 5u) << "the first entry stays";
}

TEST_F(LockfileTest, ReferenceToAModuleThatIsNotLocked) {
  auto read = parse_lock(std::string(header) +
                         entry("physics", "dependencies = [\"ecs\", \"ecs-sprase\"]\nfeatures = { \"log.sink\" = "
                                          "\"console\" }\n") +
                         entry("ecs") + entry("ecs-sparse"));
  EXPECT_EQ(errors(),
            "modbuild.lock:10:24: error[MB2007]: 'physics' names 'ecs-sprase', which is not in the lockfile\n"
            "   |\n"
            "10 | dependencies = [\"ecs\", \"ecs-sprase\"]\n"
            "   |                        ^^^^^^^^^^^^ not locked\n"
            "   |\n"
            "   = help: did you mean 'ecs-sparse'?\n"
            "\n"
            "modbuild.lock:11:27: error[MB2007]: 'physics' names 'console', which is not in the lockfile\n"
            "   |\n"
            "11 | features = { \"log.sink\" = \"console\" }\n"
            "   |                           ^^^^^^^^^ not locked\n"
            "   |\n"
            "   = help: run `modbuild resolve` to write the lockfile again\n"
            "\n");
  EXPECT_EQ(read->modules.size(), 3u);
  // A reference to an entry that is itself broken is not reported again.
  parse_lock(std::string(header) + entry("physics", "dependencies = [\"ecs\"]\n") +
             "\n[[module]]\nname = \"ecs\"\nversion = \"1.2\"\n");
  EXPECT_EQ(codes(), "MB2007 MB2007 MB1006") << "no source and checksum, a bad version; nothing about 'ecs'";
}

TEST_F(LockfileTest, UnsupportedVersion) {
  EXPECT_FALSE(parse_lock("# written by modbuild 9\nversion = 2\n\n[[module]]\nname = \"physics\"\nsha = 1\n"));
  EXPECT_EQ(errors(),
            "modbuild.lock:2:11: error[MB2007]: unsupported lockfile version 2: this modbuild reads lockfile "
            "version 1\n"
            "  |\n"
            "2 | version = 2\n"
            "  |           ^ unsupported\n"
            "  |\n"
            "  = help: a newer modbuild wrote this lockfile; use that version, or delete the lockfile and run "
            "`modbuild resolve`\n"
            "\n");
}

TEST_F(LockfileTest, EscapesWhatItCannotWriteAsIs) {
  Lockfile odd;
  odd.modules.push_back(locked("physics", "0.3.0", "workspace:plugins/ph\"y\\s\x01ics", checksum_a, {}, {},
                               {{"render.back end", "render"}}));
  const std::string written = write_lockfile(odd);
  EXPECT_NE(written.find("source = \"workspace:plugins/ph\\\"y\\\\s\\u0001ics\"\n"), std::string::npos) << written;
  EXPECT_NE(written.find("features = { \"render.back end\" = \"render\" }\n"), std::string::npos) << written;
  auto read = parse_lock(written);
  EXPECT_EQ(codes(), "MB1014") << "written faithfully, then refused as a feature name";
  ASSERT_EQ(read->modules.size(), 1u);
  EXPECT_EQ(read->modules[0].source, odd.modules[0].source);
}

}  // namespace
}  // namespace modbuild::manifest::testing
