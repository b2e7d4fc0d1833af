// The cache of parsed manifests and lockfiles: encoding round trips over
// every manifest and lockfile of the repository, damaged caches ignored, and
// the loader's and the lockfile reader's use of it (hits, misses after an
// edit, files with findings never cached).
#include "manifest_cache.h"
#include "manifest_fixture.h"

#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"

#include "modbuild/manifest/lockfile.h"
#include "modbuild/support/file_system.h"
#include "modbuild/support/sha256.h"

namespace modbuild::manifest::testing {
namespace {

namespace fs = std::filesystem;

detail::ManifestCache read_cache(std::string_view bytes) {
  return detail::ManifestCache::read(bytes, detail::manifest_cache_key(), detail::cache_secret());
}

std::vector<fs::path> repository_manifests() {
  std::vector<fs::path> found;
  for (const char* dir : {"engine-modules", "tests/workspaces", "tests/cmake"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(MODBUILD_SOURCE_DIR) / dir)) {
      if (entry.path().filename() == "module.toml") found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

TEST(ManifestCacheTest, EveryRepositoryManifestSurvivesEncoding) {
  support::RealFileSystem disk;
  std::size_t encoded_count = 0;
  for (const fs::path& path : repository_manifests()) {
    diagnostics::SourceMap sources;
    diagnostics::DiagnosticList out;
    const FileId file = sources.add(path.string(), *disk.read(path.string()));
    std::optional<Manifest> parsed = parse_module_manifest(sources, file, out);
    if (!parsed) continue;
    std::optional<std::string> encoded = detail::encode_manifest(*parsed);
    ASSERT_TRUE(encoded) << path;
    std::optional<Manifest> decoded = detail::decode_manifest(*encoded, file);
    ASSERT_TRUE(decoded) << path;
    EXPECT_TRUE(*decoded == *parsed) << path;
    ++encoded_count;
  }
  EXPECT_GT(encoded_count, 50u) << "the repository's manifests were not found";
}

TEST(ManifestCacheTest, DamagedEncodingsAreRefusedNotTrusted) {
  diagnostics::SourceMap sources;
  diagnostics::DiagnosticList out;
  const FileId file = sources.add("module.toml", R"([module]
name = "ecs"
version = "1.2.3-beta.1+build"
kind = "core"
[contract]
data = ["Transform"]
[features.provides]
"ecs.world" = "1.0.0"
)");
  const std::string encoded = *detail::encode_manifest(*parse_module_manifest(sources, file, out));
  for (std::size_t size = 0; size < encoded.size(); ++size) {
    EXPECT_FALSE(detail::decode_manifest(std::string_view(encoded).substr(0, size), file)) << "cut at " << size;
  }
  EXPECT_FALSE(detail::decode_manifest(encoded + "x", file)) << "trailing bytes";
  std::string flipped = encoded;
  flipped[0] = '\xff';  // a name longer than the whole encoding
  EXPECT_FALSE(detail::decode_manifest(flipped, file));
}

TEST(ManifestCacheTest, CacheFilesAreReadOnlyUnderTheirKeyAndSecretAndWhole) {
  const detail::Digest digest = support::sha256("text");
  const std::string file = detail::ManifestCache::write("key 1", "secret 1", {{digest, "payload"}});
  detail::ManifestCache cache = detail::ManifestCache::read(file, "key 1", "secret 1");
  ASSERT_EQ(cache.size(), 1u);
  ASSERT_NE(cache.find(digest), nullptr);
  EXPECT_EQ(*cache.find(digest), "payload");
  EXPECT_EQ(cache.find(support::sha256("other")), nullptr);
  EXPECT_EQ(detail::ManifestCache::read(file, "key 2", "secret 1").size(), 0u) << "another build's cache";
  EXPECT_EQ(detail::ManifestCache::read(file, "key 1", "secret 2").size(), 0u) << "written without this secret";
  EXPECT_EQ(detail::ManifestCache::read(file, "key 1", "").size(), 0u) << "no secret, no cache";
  for (std::size_t size = 0; size < file.size(); ++size) {
    EXPECT_EQ(detail::ManifestCache::read(std::string_view(file).substr(0, size), "key 1", "secret 1").size(), 0u)
        << size;
  }
  for (std::size_t at = 0; at < file.size(); ++at) {
    std::string flipped = file;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
    EXPECT_EQ(detail::ManifestCache::read(flipped, "key 1", "secret 1").size(), 0u) << "one bit changed at " << at;
  }
  EXPECT_EQ(detail::ManifestCache::write("key 1", "secret 1", {{digest, "payload"}}), file) << "deterministic";
}

class ManifestCacheLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (detail::manifest_cache_key().empty()) GTEST_SKIP() << "this executable has no GNU build ID to key a cache with";
    if (detail::cache_secret().empty()) GTEST_SKIP() << "no private cache directory to keep the cache's secret in";
    fs_.add_file("/w/modbuild.toml", "[workspace]\nmembers = [\"modules/*\"]\n");
    fs_.add_file("/w/modules/ecs/module.toml", "[module]\nname = \"ecs\"\nversion = \"1.0.0\"\nkind = \"core\"\n");
    fs_.add_file("/w/modules/physics/module.toml", physics_toml("1.0.0"));
  }

  static std::string physics_toml(std::string_view version) {
    return "[module]\nname = \"physics\"\nversion = \"" + std::string(version) +
           "\"\nkind = \"plugin\"\n[dependencies]\necs = \"^1.0\"\n";
  }

  LoadResult load(bool cached = true) {
    LoadOptions options;
    options.threads = 2;
    if (cached) options.cache = &fs_;
    return load_workspace(fs_, "/w", "w", options);
  }

  std::string cache_bytes() {
    auto bytes = fs_.read("/w/.modbuild/cache/manifests");
    return bytes ? *bytes : std::string();
  }

  support::MemoryFileSystem fs_;
};

TEST_F(ManifestCacheLoaderTest, ASecondLoadReadsTheCacheAndGivesTheSameWorkspace) {
  const LoadResult uncached = load(false);
  EXPECT_EQ(cache_bytes(), "") << "no cache unless asked for";
  const LoadResult first = load();
  const std::string written = cache_bytes();
  EXPECT_EQ(read_cache(written).size(), 2u);
  EXPECT_TRUE(fs_.read("/w/.modbuild/cache/.gitignore").has_value());
  const LoadResult second = load();
  EXPECT_EQ(cache_bytes(), written) << "nothing new: the cache is not rewritten";
  ASSERT_EQ(second.workspace.modules.size(), 2u);
  EXPECT_TRUE(second.workspace.modules == uncached.workspace.modules);
  EXPECT_TRUE(second.workspace.modules == first.workspace.modules);
  EXPECT_TRUE(second.diagnostics.empty());
}

TEST_F(ManifestCacheLoaderTest, AnEditedManifestIsParsedAgain) {
  (void)load();
  fs_.add_file("/w/modules/physics/module.toml", physics_toml("1.1.0"));
  const LoadResult edited = load();
  ASSERT_NE(edited.workspace.find("physics"), nullptr);
  EXPECT_EQ(edited.workspace.find("physics")->version.to_string(), "1.1.0");
  // The old entry is dropped: the cache holds what the workspace has now.
  EXPECT_EQ(read_cache(cache_bytes()).size(), 2u);
}

TEST_F(ManifestCacheLoaderTest, AManifestWithFindingsIsNeverCachedAndReportsThemEveryTime) {
  fs_.add_file("/w/modules/physics/module.toml", physics_toml("1.0"));
  for (int run = 0; run < 2; ++run) {
    const LoadResult result = load();
    ASSERT_EQ(result.diagnostics.size(), 1u) << "run " << run;
    EXPECT_EQ(diagnostics::info(result.diagnostics.begin()->code).id, std::string_view("MB1006")) << "run " << run;
  }
  EXPECT_EQ(read_cache(cache_bytes()).size(), 1u);
}

TEST_F(ManifestCacheLoaderTest, ADamagedCacheIsIgnoredAndReplaced) {
  (void)load();
  const std::string good = cache_bytes();
  fs_.add_file("/w/.modbuild/cache/manifests", good.substr(0, good.size() / 2));
  const LoadResult result = load();
  EXPECT_EQ(result.workspace.modules.size(), 2u);
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(cache_bytes(), good);
}

// What a pull request could commit: a cache in the right format, under this
// very binary's build ID, that maps a broken manifest to a valid one. Without
// the secret it cannot be sealed, so the loader parses the text and reports.
TEST_F(ManifestCacheLoaderTest, APlantedEntryCannotMakeABrokenManifestPass) {
  const std::string broken = "this is not TOML [[[\n";
  fs_.add_file("/w/modules/physics/module.toml", broken);
  diagnostics::SourceMap sources;
  diagnostics::DiagnosticList ignored;
  const FileId file = sources.add("module.toml", physics_toml("1.0.0"));
  const std::string encoded = *detail::encode_manifest(*parse_module_manifest(sources, file, ignored));
  for (std::string_view secret : {std::string_view("guessed"), std::string_view()}) {
    fs_.add_file("/w/.modbuild/cache/manifests",
                 detail::ManifestCache::write(detail::manifest_cache_key(), secret,
                                              {{support::sha256(broken), encoded}}));
    const LoadResult result = load();
    EXPECT_TRUE(result.diagnostics.has_errors()) << "a planted entry was trusted";
    EXPECT_EQ(result.workspace.find("physics"), nullptr);
    const LoadResult uncached = load(false);
    EXPECT_EQ(result.diagnostics.size(), uncached.diagnostics.size()) << "the same verdict with and without the cache";
  }
}

// A workspace whose .modbuild, or .modbuild/cache, is a link elsewhere: the
// load must not write through it (it could overwrite any file the user can).
TEST(ManifestCacheLinkTest, ALinkedCacheDirectoryIsNeitherReadNorWritten) {
  if (detail::manifest_cache_key().empty() || detail::cache_secret().empty()) GTEST_SKIP() << "no caching here";
  for (const char* linked : {".modbuild", ".modbuild/cache"}) {
    support::TempDir temp;
    const fs::path root = fs::path(temp.path()) / "w";
    const fs::path elsewhere = fs::path(temp.path()) / "elsewhere";
    fs::create_directories(root / "modules/ecs");
    fs::create_directories(elsewhere);
    fs::create_directories(root / ".modbuild");
    std::ofstream(root / "modbuild.toml") << "[workspace]\nmembers = [\"modules/*\"]\n";
    std::ofstream(root / "modules/ecs/module.toml") << "[module]\nname = \"ecs\"\nversion = \"1.0.0\"\nkind = \"core\"\n";
    if (std::string_view(linked) == ".modbuild") fs::remove(root / ".modbuild");
    fs::create_directory_symlink(elsewhere, root / linked);
    support::RealFileSystem disk;
    LoadOptions options;
    options.cache = &disk;
    const LoadResult result = load_workspace(disk, root.string(), "w", options);
    EXPECT_EQ(result.workspace.modules.size(), 1u) << linked;
    EXPECT_TRUE(fs::is_empty(elsewhere)) << linked << " was written through";
  }
}

std::vector<fs::path> repository_lockfiles() {
  std::vector<fs::path> found;
  for (const char* dir : {"engine-modules", "tests/workspaces", "tests/cmake"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(MODBUILD_SOURCE_DIR) / dir)) {
      if (entry.path().filename() == "modbuild.lock") found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

TEST(LockfileCacheTest, EveryRepositoryLockfileSurvivesEncoding) {
  support::RealFileSystem disk;
  std::size_t encoded_count = 0;
  for (const fs::path& path : repository_lockfiles()) {
    diagnostics::SourceMap sources;
    diagnostics::DiagnosticList out;
    const FileId file = sources.add(path.string(), *disk.read(path.string()));
    std::optional<Lockfile> parsed = parse_lockfile(sources, file, out);
    ASSERT_TRUE(parsed) << path;
    std::optional<std::string> encoded = detail::encode_lockfile(*parsed);
    ASSERT_TRUE(encoded) << path;
    std::optional<Lockfile> decoded = detail::decode_lockfile(*encoded, file);
    ASSERT_TRUE(decoded) << path;
    EXPECT_TRUE(decoded->modules == parsed->modules) << path << ": spans included";
    EXPECT_EQ(write_lockfile(*decoded), write_lockfile(*parsed)) << path;
    for (std::size_t size = 0; size < encoded->size(); size += 7) {
      EXPECT_FALSE(detail::decode_lockfile(std::string_view(*encoded).substr(0, size), file)) << path << " cut at " << size;
    }
    ++encoded_count;
  }
  EXPECT_GE(encoded_count, 3u) << "the repository's lockfiles were not found";
}

class LockfileCacheReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (detail::manifest_cache_key().empty()) GTEST_SKIP() << "this executable has no GNU build ID to key a cache with";
    if (detail::cache_secret().empty()) GTEST_SKIP() << "no private cache directory to keep the cache's secret in";
  }

  static std::string lockfile_text(std::string_view version) {
    return "version = 1\n\n[[module]]\nname = \"ecs\"\nversion = \"" + std::string(version) +
           "\"\nsource = \"workspace:modules/ecs\"\nchecksum = \"sha256:" + std::string(64, 'a') + "\"\n";
  }

  // Reads `text` as the lockfile of the workspace /w, through the cache when `cached`.
  std::optional<Lockfile> read(const std::string& text, diagnostics::DiagnosticList& out, bool cached = true) {
    const FileId file = sources_.add("modbuild.lock", text);
    return parse_lockfile_cached(sources_, file, out, cached ? &fs_ : nullptr, "/w");
  }

  std::string cache_bytes() {
    auto bytes = fs_.read("/w/.modbuild/cache/lockfile");
    return bytes ? *bytes : std::string();
  }

  diagnostics::SourceMap sources_;
  support::MemoryFileSystem fs_;
};

TEST_F(LockfileCacheReaderTest, ASecondReadDecodesWhatTheFirstParsed) {
  diagnostics::DiagnosticList out;
  const std::string text = lockfile_text("1.0.0");
  ASSERT_TRUE(read(text, out, false));
  EXPECT_EQ(cache_bytes(), "") << "no cache unless asked for";
  const std::optional<Lockfile> first = read(text, out);
  ASSERT_TRUE(first);
  ASSERT_NE(cache_bytes(), "");
  EXPECT_TRUE(fs_.read("/w/.modbuild/cache/.gitignore").has_value());

  // Plant another lockfile under the same text's digest: a read that returns
  // it has decoded the cache instead of parsing the text.
  Lockfile planted = *first;
  planted.modules[0].version = *semver::parse_version("9.9.9");
  const std::string planted_bytes = detail::ManifestCache::write(
      detail::manifest_cache_key(), detail::cache_secret(), {{support::sha256(text), *detail::encode_lockfile(planted)}});
  fs_.add_file("/w/.modbuild/cache/lockfile", planted_bytes);
  const std::optional<Lockfile> second = read(text, out);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->modules[0].version.to_string(), "9.9.9");
  EXPECT_TRUE(out.empty());

  // The same entry sealed without the secret, as a workspace could carry it.
  fs_.add_file("/w/.modbuild/cache/lockfile",
               detail::ManifestCache::write(detail::manifest_cache_key(), "guessed",
                                            {{support::sha256(text), *detail::encode_lockfile(planted)}}));
  const std::optional<Lockfile> third = read(text, out);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->modules[0].version.to_string(), "1.0.0") << "a planted entry was trusted";
}

TEST_F(LockfileCacheReaderTest, AnEditedLockfileIsParsedAgain) {
  diagnostics::DiagnosticList out;
  (void)read(lockfile_text("1.0.0"), out);
  const std::optional<Lockfile> edited = read(lockfile_text("1.1.0"), out);
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->modules[0].version.to_string(), "1.1.0");
  EXPECT_EQ(read_cache(cache_bytes()).size(), 1u)
      << "the cache holds the lockfile as it is now";
}

TEST_F(LockfileCacheReaderTest, ALockfileWithFindingsIsNeverCachedAndReportsThemEveryTime) {
  for (int run = 0; run < 2; ++run) {
    diagnostics::DiagnosticList out;
    (void)read(lockfile_text("1.0"), out);
    ASSERT_EQ(out.size(), 1u) << "run " << run;
    EXPECT_EQ(diagnostics::info(out.begin()->code).id, std::string_view("MB1006")) << "run " << run;
  }
  EXPECT_EQ(cache_bytes(), "");
}

TEST_F(LockfileCacheReaderTest, ADamagedCacheIsIgnoredAndReplaced) {
  diagnostics::DiagnosticList out;
  const std::string text = lockfile_text("1.0.0");
  (void)read(text, out);
  const std::string good = cache_bytes();
  fs_.add_file("/w/.modbuild/cache/lockfile", good.substr(0, good.size() / 2));
  const std::optional<Lockfile> lockfile = read(text, out);
  ASSERT_TRUE(lockfile);
  EXPECT_EQ(lockfile->modules[0].version.to_string(), "1.0.0");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(cache_bytes(), good);
}

}  // namespace
}  // namespace modbuild::manifest::testing
