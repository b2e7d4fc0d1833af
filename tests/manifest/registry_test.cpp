// Registry indexes: entries read with every module.toml check, the index's own
// checks (MB2009), deterministic writing, publishing and yanking.
#include "manifest_fixture.h"

#include <fmt/format.h>

#include "modbuild/support/file_system.h"
#include "modbuild/support/sha256.h"

namespace modbuild::manifest::testing {
namespace {

using RegistryTest = ManifestTest;

// Every table an index entry can hold, with values that need quoting and escaping.
constexpr std::string_view physics_manifest = R"([module]
name = "physics"
version = "0.3.0"
kind = "plugin"
description = "Rigid bodies: \"fast\"\tand C:\\stable, über"

[core]
ecs = { version = "^1.2", data = ["Transform", "Velocity"] }
console = "^1.0"

[dependencies]
render-ascii = { version = "^0.2", optional = true, options = ["color"] }
ecs-sparse = "^1.2"
tools = { version = "1", options = ["fast"] }

[options]
default = ["debug-draw"]
debug-draw = ["render-ascii"]
all = ["debug-draw"]

[features.provides]
physics.rigid-body = "0.3.0"
physics.debug = true
physics.solver = { exclusive = true }
physics.step = { version = "1.0.0-rc.1", exclusive = true }
gravity = "1.0.0"

[features.requires]
ecs.storage = "^1.0"
log = true
render.backend = { version = "^2.0", exclusive = true }

[build]
sources = ["src/*.cpp"]
)";

constexpr std::string_view ecs_manifest = R"([module]
name = "ecs"
version = "1.2.0"
kind = "core"

[contract]
data = ["World", "Transform"]
api = ["spawn_entity"]
)";

constexpr std::string_view ecs_sparse_manifest = R"([module]
name = "ecs-sparse"
version = "1.2.0"
kind = "system"

[implements]
module = "ecs"
version = "^1.2"
api = ["spawn_entity"]
)";

constexpr std::string_view empty_checksum = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// A manifest as it comes back from an index: no [build], no locations.
Manifest as_published(Manifest m) {
  m.build = {};
  return without_locations(std::move(m));
}

class RegistryPublishTest : public ManifestTest {
 protected:
  /// Parses a module manifest and publishes it to "registry".
  support::Expected<void, RegistryError> publish(std::string_view text) {
    auto manifest = parse(text);
    EXPECT_EQ(errors(), "");
    return publish_version(fs_, "registry", *manifest, text);
  }

  std::string index_text(std::string_view module = "physics") {
    auto text = fs_.read(registry_index_path("registry", module));
    return text ? *text : "(" + text.error() + ")";
  }

  static std::string with_version(std::string_view manifest, std::string_view version) {
    std::string text(manifest);
    text.replace(text.find("0.3.0"), 5, version);
    return text;
  }

  support::MemoryFileSystem fs_;
};

TEST_F(RegistryTest, IndexPathIsOneFilePerModule) {
  EXPECT_EQ(registry_index_path("../registry", "physics"), "../registry/physics.toml");
  EXPECT_EQ(registry_index_path("/opt/registry/", "ecs-sparse"), "/opt/registry/ecs-sparse.toml");
}

TEST_F(RegistryPublishTest, WritesTheDocumentedFormat) {
  ASSERT_TRUE(publish(physics_manifest));
  EXPECT_EQ(index_text(),
            "# A modbuild registry index: every published version of one module, oldest first.\n"
            "# modbuild writes it when a version is published or yanked; do not edit it by hand.\n"
            "format = 1\n"
            "module = \"physics\"\n"
            "\n"
            "[[versions]]\n"
            "checksum = \"" +
                support::sha256_checksum(physics_manifest) +
                "\"\n"
                "yanked = false\n"
                "\n"
                "[versions.module]\n"
                "name = \"physics\"\n"
                "version = \"0.3.0\"\n"
                "kind = \"plugin\"\n"
                "description = \"Rigid bodies: \\\"fast\\\"\\u0009and C:\\\\stable, über\"\n"
                "\n"
                "[versions.core]\n"
                "console = \"^1.0\"\n"
                "ecs = { version = \"^1.2\", data = [\"Transform\", \"Velocity\"] }\n"
                "\n"
                "[versions.dependencies]\n"
                "ecs-sparse = \"^1.2\"\n"
                "render-ascii = { version = \"^0.2\", optional = true, options = [\"color\"] }\n"
                "tools = { version = \"1\", options = [\"fast\"] }\n"
                "\n"
                "[versions.options]\n"
                "default = [\"debug-draw\"]\n"
                "all = [\"debug-draw\"]\n"
                "debug-draw = [\"render-ascii\"]\n"
                "\n"
                "[versions.features.provides]\n"
                "gravity = \"1.0.0\"\n"
                "\"physics.debug\" = true\n"
                "\"physics.rigid-body\" = \"0.3.0\"\n"
                "\"physics.solver\" = { exclusive = true }\n"
                "\"physics.step\" = { version = \"1.0.0-rc.1\", exclusive = true }\n"
                "\n"
                "[versions.features.requires]\n"
                "\"ecs.storage\" = \"^1.0\"\n"
                "log = \"*\"\n"
                "\"render.backend\" = { version = \"^2.0\", exclusive = true }\n");
}

TEST_F(RegistryTest, RoundTripsEveryTable) {
  RegistryIndex index;
  index.module = "physics";
  for (std::string_view version : {"0.3.0", "0.1.0", "1.0.0-beta.2+build.7"}) {
    std::string text(physics_manifest);
    text.replace(text.find("0.3.0"), 5, version);
    // Control characters and escapes survive the trip in a description.
    text.replace(text.find("Rigid"), 5, "\\u0001\\u001F\\u007F\\n\\r");
    auto manifest = parse(text);
    ASSERT_EQ(errors(), "");
    index.versions.push_back({*manifest, support::sha256_checksum(text), version == "0.1.0", {}});
  }
  const std::string written = write_registry_index(index);
  auto read = parse_index(written);
  ASSERT_EQ(errors(), "") << written;
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->module, "physics");
  ASSERT_EQ(read->versions.size(), 3u);
  const std::array<std::size_t, 3> oldest_first = {1, 0, 2};
  for (std::size_t i = 0; i < 3; ++i) {
    const PublishedVersion& original = index.versions[oldest_first[i]];
    const PublishedVersion& back = read->versions[i];
    EXPECT_EQ(as_published(back.manifest), as_published(original.manifest)) << i;
    EXPECT_EQ(back.checksum, original.checksum) << i;
    EXPECT_EQ(back.yanked, original.yanked) << i;
    EXPECT_EQ(back.manifest.file, read->file);
  }
  EXPECT_EQ(read->versions[0].manifest.description, "\x01\x1f\x7f\n\r bodies: \"fast\"\tand C:\\stable, über");
  EXPECT_EQ(write_registry_index(*read), written) << "write(parse(write(x))) == write(x)";
}

TEST_F(RegistryTest, RoundTripsCoreAndSystemEntries) {
  for (std::string_view text : {ecs_manifest, ecs_sparse_manifest}) {
    auto manifest = parse(text);
    ASSERT_EQ(errors(), "");
    RegistryIndex index;
    index.module = manifest->name.value;
    index.versions.push_back({*manifest, std::string(empty_checksum), false, {}});
    const std::string written = write_registry_index(index);
    auto read = parse_index(written);
    ASSERT_EQ(errors(), "") << written;
    ASSERT_EQ(read->versions.size(), 1u);
    EXPECT_EQ(as_published(read->versions[0].manifest), as_published(*manifest)) << written;
    EXPECT_EQ(write_registry_index(*read), written);
  }
}

TEST_F(RegistryTest, WritingIsDeterministic) {
  RegistryIndex index;
  index.module = "physics";
  for (std::string_view version : {"0.2.0", "0.10.0", "0.3.0"}) {
    std::string text(physics_manifest);
    text.replace(text.find("0.3.0"), 5, version);
    auto manifest = parse(text);
    index.versions.push_back({*manifest, std::string(empty_checksum), false, {}});
  }
  const std::string first = write_registry_index(index);
  EXPECT_EQ(write_registry_index(index), first);
  // The order the caller built the versions and entries in does not matter.
  std::reverse(index.versions.begin(), index.versions.end());
  for (PublishedVersion& version : index.versions) {
    std::reverse(version.manifest.core.begin(), version.manifest.core.end());
    std::reverse(version.manifest.dependencies.begin(), version.manifest.dependencies.end());
    std::reverse(version.manifest.provides.begin(), version.manifest.provides.end());
  }
  EXPECT_EQ(write_registry_index(index), first);
  EXPECT_LT(first.find("version = \"0.3.0\""), first.find("version = \"0.10.0\"")) << "oldest first, by precedence";
}

TEST_F(RegistryTest, EntriesGetEveryManifestCheckWithSpansIntoTheIndex) {
  auto index = parse_index(std::string(R"(format = 1
module = "physics"

[[versions]]
checksum = ")") + std::string(empty_checksum) + R"("
yanked = false

[versions.module]
name = "physics"
version = "0.3.0"
kind = "plugin"
licence = "MIT"

[versions.features.provides]
"Physics.rigid-body" = "0.3.0"

[versions.build]
sources = ["src/*.cpp"]
)");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(errors(),
            "registry/physics.toml:12:1: error[MB1004]: unknown key 'licence' in [module]\n"
            "   |\n"
            "12 | licence = \"MIT\"\n"
            "   | ^^^^^^^ unknown key\n"
            "   |\n"
            "   = note: [module] accepts name, version, kind and description\n"
            "\n"
            "registry/physics.toml:15:1: error[MB1014]: invalid feature name 'Physics.rigid-body'\n"
            "   |\n"
            "15 | \"Physics.rigid-body\" = \"0.3.0\"\n"
            "   | ^^^^^^^^^^^^^^^^^^^^ invalid feature name\n"
            "   |\n"
            "   = note: a feature name is one or more dot-separated segments, each a lowercase letter followed by "
            "lowercase letters, digits, '-' or '_', e.g. 'render.backend'\n"
            "\n"
            "registry/physics.toml:17:11: error[MB1004]: unknown key 'build' in [[versions]]\n"
            "   |\n"
            "17 | [versions.build]\n"
            "   |           ^^^^^ unknown key\n"
            "   |\n"
            "   = note: [[versions]] accepts module, contract, implements, core, dependencies, options, features, "
            "checksum and yanked\n"
            "\n");
  ASSERT_EQ(index->versions.size(), 1u) << "an entry with a valid identity is kept";
  EXPECT_EQ(index->versions[0].span, (SourceSpan{index->file, 4, 1, 4, 13}));
  EXPECT_EQ(index->versions[0].checksum, empty_checksum);
  EXPECT_FALSE(index->versions[0].manifest.build.defaulted_sources) << "no [build] in an index";
}

TEST_F(RegistryTest, EntryOfAnotherModule) {
  auto index = parse_index(std::string(R"(format = 1
module = "physics"

[[versions]]
checksum = ")") + std::string(empty_checksum) + R"("
yanked = false

[versions.module]
name = "ecs"
version = "1.0.0"
kind = "core"
)");
  EXPECT_EQ(errors(),
            "registry/physics.toml:9:8: error[MB2009]: version 1.0.0 of module 'ecs' is in the registry index of "
            "'physics'\n"
            "  |\n"
            "2 | module = \"physics\"\n"
            "  |          --------- the index belongs to this module\n"
            "...\n"
            "9 | name = \"ecs\"\n"
            "  |        ^^^^^ expected 'physics'\n"
            "  |\n"
            "  = help: an index holds the versions of one module; publish 'ecs' to ecs.toml\n"
            "\n");
  ASSERT_TRUE(index.has_value());
  EXPECT_TRUE(index->versions.empty());
}

TEST_F(RegistryTest, VersionListedTwice) {
  auto index = parse_index(std::string(R"(format = 1
module = "physics"

[[versions]]
checksum = ")") + std::string(empty_checksum) + R"("
[versions.module]
name = "physics"
version = "0.3.0+linux"
kind = "plugin"

[[versions]]
checksum = ")" + std::string(empty_checksum) + R"("
[versions.module]
name = "physics"
version = "0.3.0+macos"
kind = "plugin"
)");
  EXPECT_EQ(errors(),
            "registry/physics.toml:15:11: error[MB2009]: version 0.3.0+macos of 'physics' is listed twice\n"
            "   |\n"
            " 8 | version = \"0.3.0+linux\"\n"
            "   |           ------------- first listed here\n"
            "...\n"
            "15 | version = \"0.3.0+macos\"\n"
            "   |           ^^^^^^^^^^^^^ listed again here\n"
            "   |\n"
            "   = note: versions that differ only in build metadata are the same version\n"
            "\n");
  ASSERT_EQ(index->versions.size(), 1u);
  EXPECT_EQ(index->versions[0].manifest.version.to_string(), "0.3.0+linux") << "the first stays";
  EXPECT_FALSE(index->versions[0].yanked) << "yanked defaults to false";
}

TEST_F(RegistryTest, MalformedChecksums) {
  const std::string digits(empty_checksum.substr(7));
  auto entry = [](const std::string& checksum, const std::string& version) {
    return "\n[[versions]]\nchecksum = \"" + checksum + "\"\n[versions.module]\nname = \"physics\"\nversion = \"" +
           version + "\"\nkind = \"plugin\"\n";
  };
  auto index = parse_index("format = 1\nmodule = \"physics\"\n" +
                           entry("sha256:" + digits.substr(0, 40) + "X" + digits.substr(41), "0.3.0") +
                           entry("sha1:" + digits.substr(0, 40), "0.4.0") +
                           entry("sha256:" + digits.substr(0, 60), "0.5.0"));
  EXPECT_EQ(errors(),
            "registry/physics.toml:5:60: error[MB2009]: invalid checksum "
            "'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4X49b934ca495991b7852b855'\n"
            "  |\n"
            "5 | checksum = \"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4X49b934ca495991b7852b855\"\n"
            "  |                                                            ^ not a lowercase hex digit\n"
            "  |\n"
            "  = note: a checksum is 'sha256:' followed by the 64 lowercase hex digits of a SHA-256 digest\n"
            "\n"
            "registry/physics.toml:12:13: error[MB2009]: invalid checksum "
            "'sha1:e3b0c44298fc1c149afbf4c8996fb92427ae41e4'\n"
            "   |\n"
            "12 | checksum = \"sha1:e3b0c44298fc1c149afbf4c8996fb92427ae41e4\"\n"
            "   |             ^^^^^ expected 'sha256:'\n"
            "   |\n"
            "   = note: a checksum is 'sha256:' followed by the 64 lowercase hex digits of a SHA-256 digest\n"
            "\n"
            "registry/physics.toml:19:80: error[MB2009]: invalid checksum "
            "'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852'\n"
            "   |\n"
            "19 | checksum = \"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852\"\n"
            "   |                                                                                ^ expected 64 hex "
            "digits, found 60\n"
            "   |\n"
            "   = note: a checksum is 'sha256:' followed by the 64 lowercase hex digits of a SHA-256 digest\n"
            "\n");
  ASSERT_TRUE(index.has_value());
  EXPECT_TRUE(index->versions.empty()) << "an entry without a valid checksum takes no part";
}

TEST_F(RegistryTest, UnsupportedFormat) {
  EXPECT_FALSE(parse_index("format = 2\nmodule = \"physics\"\n[[versions]]\nfuture = true\n").has_value());
  EXPECT_EQ(errors(),
            "registry/physics.toml:1:10: error[MB2009]: unsupported registry index format 2: this modbuild reads "
            "registry index format 1\n"
            "  |\n"
            "1 | format = 2\n"
            "  |          ^ unsupported\n"
            "  |\n"
            "  = help: a newer modbuild wrote this index; read it with that version\n"
            "\n");
}

TEST_F(RegistryTest, MissingKeysAndWrongTypes) {
  auto index = parse_index("versions = 3\n");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(codes(), "MB1003 MB1003 MB1002");
  EXPECT_NE(errors().find("missing required key 'format' in the registry index"), std::string::npos);
  EXPECT_NE(errors().find("missing required key 'module' in the registry index"), std::string::npos);
  EXPECT_NE(errors().find("expected an array of tables ([[versions]]) for 'versions'"), std::string::npos);
  parse_index("format = \"1\"\nmodule = \"Physics\"\nversions = [1]\n[[other]]\n");
  EXPECT_EQ(codes(), "MB1002 MB1005 MB1002 MB1004");
  parse_index("format = 1\nmodule = \"physics\"\n[[versions]]\n[versions.module]\nname = \"physics\"\n");
  EXPECT_EQ(codes(), "MB1003 MB1003 MB1003") << "checksum, version and kind";
  parse_index("format = 1\nmodule = \"physics\"\n[[versions]\n");
  EXPECT_EQ(codes(), "MB1001");
}

TEST_F(RegistryTest, AnIndexWithoutVersionsIsEmpty) {
  auto index = parse_index("format = 1\nmodule = \"physics\"\n");
  EXPECT_EQ(errors(), "");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->module, "physics");
  EXPECT_TRUE(index->versions.empty());
  EXPECT_EQ(write_registry_index(*index),
            "# A modbuild registry index: every published version of one module, oldest first.\n"
            "# modbuild writes it when a version is published or yanked; do not edit it by hand.\n"
            "format = 1\n"
            "module = \"physics\"\n");
}

TEST_F(RegistryPublishTest, PublishingAddsVersionsOldestFirst) {
  ASSERT_TRUE(publish(with_version(physics_manifest, "0.3.0")));
  ASSERT_TRUE(publish(with_version(physics_manifest, "0.1.0")));
  ASSERT_TRUE(publish(ecs_manifest));
  auto index = parse_index(index_text());
  ASSERT_EQ(errors(), "");
  ASSERT_EQ(index->versions.size(), 2u);
  EXPECT_EQ(index->versions[0].manifest.version.to_string(), "0.1.0");
  EXPECT_EQ(index->versions[0].checksum, support::sha256_checksum(with_version(physics_manifest, "0.1.0")));
  EXPECT_EQ(index->versions[1].manifest.version.to_string(), "0.3.0");
  EXPECT_EQ(index->versions[1].checksum, support::sha256_checksum(physics_manifest));
  EXPECT_EQ(as_published(index->versions[1].manifest), as_published(*parse(physics_manifest)));
  auto ecs = parse_index(index_text("ecs"), "registry/ecs.toml");
  ASSERT_EQ(errors(), "");
  EXPECT_EQ(ecs->module, "ecs");
}

TEST_F(RegistryPublishTest, RefusesToPublishAVersionTwice) {
  ASSERT_TRUE(publish(physics_manifest));
  const std::string before = index_text();
  auto again = publish(physics_manifest);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "physics 0.3.0 is already published in 'registry'; publish a new version instead");
  auto build_metadata = publish(with_version(physics_manifest, "0.3.0+rebuild"));
  ASSERT_FALSE(build_metadata);
  EXPECT_EQ(build_metadata.error().message, "physics 0.3.0 is already published in 'registry'; publish a new version instead");
  ASSERT_TRUE(set_yanked(fs_, "registry", "physics", *semver::parse_version("0.3.0"), true));
  auto yanked = publish(physics_manifest);
  ASSERT_FALSE(yanked);
  EXPECT_EQ(yanked.error().message,
            "physics 0.3.0 is already published in 'registry' (yanked); publish a new version instead");
  ASSERT_TRUE(set_yanked(fs_, "registry", "physics", *semver::parse_version("0.3.0"), false));
  EXPECT_EQ(index_text(), before);
}

TEST_F(RegistryPublishTest, YankingChangesOnlyTheFlag) {
  ASSERT_TRUE(publish(with_version(physics_manifest, "0.2.0")));
  ASSERT_TRUE(publish(physics_manifest));
  const std::string before = index_text();
  ASSERT_TRUE(set_yanked(fs_, "registry", "physics", *semver::parse_version("0.2.0"), true));
  std::string expected = before;
  expected.replace(expected.find("yanked = false"), 14, "yanked = true");
  EXPECT_EQ(index_text(), expected);
  ASSERT_TRUE(set_yanked(fs_, "registry", "physics", *semver::parse_version("0.2.0"), true)) << "already yanked";
  EXPECT_EQ(index_text(), expected);
  auto index = parse_index(index_text());
  EXPECT_TRUE(index->versions[0].yanked);
  EXPECT_FALSE(index->versions[1].yanked);
  ASSERT_TRUE(set_yanked(fs_, "registry", "physics", *semver::parse_version("0.2.0"), false));
  EXPECT_EQ(index_text(), before);
}

TEST_F(RegistryPublishTest, YankingWhatIsNotPublished) {
  ASSERT_TRUE(publish(physics_manifest));
  auto missing_version = set_yanked(fs_, "registry", "physics", *semver::parse_version("0.4.0"), true);
  ASSERT_FALSE(missing_version);
  EXPECT_EQ(missing_version.error().message, "physics 0.4.0 is not published in 'registry' (published: 0.3.0)");
  auto missing_module = set_yanked(fs_, "registry", "ecs", *semver::parse_version("1.0.0"), true);
  ASSERT_FALSE(missing_module);
  EXPECT_EQ(missing_module.error().message, "no version of ecs is published in 'registry'");
  auto bad_name = set_yanked(fs_, "registry", "../physics", *semver::parse_version("0.3.0"), true);
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().message, "invalid module name '../physics'");
}

TEST_F(RegistryPublishTest, ACorruptIndexIsNeverOverwritten) {
  for (std::string corrupt : {"format = 1\nmodule = \"physics\"\n[[versions]\n",
                              "format = 1\nmodule = \"physics\"\nmodules = []\n",
                              "format = 2\nmodule = \"physics\"\n"}) {
    fs_.add_file("registry/physics.toml", corrupt);
    auto published = publish(physics_manifest);
    ASSERT_FALSE(published);
    EXPECT_TRUE(published.error().message.starts_with("registry index 'registry/physics.toml' is not valid: line "))
        << published.error().message;
    EXPECT_TRUE(published.error().message.ends_with("; it was left unchanged")) << published.error().message;
    EXPECT_EQ(published.error().kind, RegistryError::Kind::damaged_index);
    EXPECT_EQ(published.error().index_text, corrupt) << "the text, for a caller to show the problem in";
    EXPECT_GT(published.error().span.line, 0u);
    EXPECT_NE(published.error().message.find(fmt::format("line {}, column {}:", published.error().span.line,
                                                         published.error().span.column)),
              std::string::npos)
        << "the span is the first problem's: " << published.error().message;
    EXPECT_FALSE(set_yanked(fs_, "registry", "physics", *semver::parse_version("0.3.0"), true));
    EXPECT_EQ(index_text(), corrupt);
  }
  fs_.add_file("registry/physics.toml", "format = 1\nmodule = \"physics\"\nmodules = []\n");
  EXPECT_EQ(publish(physics_manifest).error().message,
            "registry index 'registry/physics.toml' is not valid: line 3, column 1: unknown key 'modules' in the "
            "registry index; it was left unchanged");
}

TEST_F(RegistryPublishTest, AnIndexOfAnotherModuleIsNeverOverwritten) {
  const std::string other = "format = 1\nmodule = \"ecs\"\n";
  fs_.add_file("registry/physics.toml", other);
  auto published = publish(physics_manifest);
  ASSERT_FALSE(published);
  EXPECT_EQ(published.error().message,
            "registry index 'registry/physics.toml' belongs to module 'ecs', not 'physics'; it was left unchanged");
  EXPECT_EQ(index_text(), other);
}

TEST_F(RegistryPublishTest, RefusesAManifestWhoseEntryWouldNotReadBack) {
  // An option enabling nothing is an error (MB1019) that publishing must not
  // carry into the index, where it would block every later publish.
  auto manifest = parse(std::string(plugin_header) + "[options]\nfast = [\"turbo\"]\n");
  ASSERT_EQ(codes(), "MB1019");
  auto published = publish_version(fs_, "registry", *manifest, "");
  ASSERT_FALSE(published);
  EXPECT_EQ(published.error().message,
            "refusing to write 'registry/physics.toml', the new index would not be valid: option 'fast' enables "
            "'turbo', which is neither an optional dependency nor an option");
  EXPECT_EQ(fs_.type("registry/physics.toml"), support::FileType::missing);
}

TEST_F(RegistryPublishTest, RefusesAManifestWithoutIdentity) {
  auto manifest = parse("[module]\nname = \"physics\"\n");
  ASSERT_FALSE(manifest->identity_valid);
  auto published = publish_version(fs_, "registry", *manifest, "");
  ASSERT_FALSE(published);
  EXPECT_EQ(published.error().message, "the manifest cannot be published without a valid name, version and kind");
}

TEST_F(RegistryPublishTest, ReportsWhatTheFileSystemRefuses) {
  fs_.add_directory("registry/physics.toml");
  auto published = publish(physics_manifest);
  ASSERT_FALSE(published);
  EXPECT_EQ(published.error().message, "could not read 'registry/physics.toml': is a directory");
}

}  // namespace
}  // namespace modbuild::manifest::testing
