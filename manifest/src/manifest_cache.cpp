// The manifest cache (see manifest_cache.h).
//
// Encoding: one transfer() per type, shared by the writer and the reader, so
// that the two cannot drift apart. Integers are 32-bit in host byte order
// (the cache is local to the machine and keyed by the executable's build);
// strings are a length and their bytes; a span says whether it points into
// the manifest itself or nowhere.
#include "manifest_cache.h"

#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "modbuild/support/path.h"
#include "modbuild/support/sha256.h"

namespace modbuild::manifest::detail {
namespace {

constexpr std::string_view cache_magic = "modbuild manifest cache 2\n";
constexpr std::size_t tag_size = 32;  // HMAC-SHA-256

// The layouts the encoding knows; a new field changes a size and stops the
// build here until transfer() below encodes it too. Checked where the sizes
// were measured (x86-64, libstdc++).
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(LocatedString) == 56, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(CoreUse) == 136, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(Dependency) == 144, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(Contract) == 72, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(Implements) == 160, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(ProvidedFeature) == 224, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(RequiredFeature) == 120, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(Option) == 80, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(BuildSpec) == 104, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(Manifest) == 816, "a field was added: encode it in manifest_cache.cpp and update the size");
static_assert(sizeof(LockedModule) == 376, "a field was added: encode it in manifest_cache.cpp and update the size");
#endif

class Writer {
 public:
  explicit Writer(FileId file) : file_(file) {}

  void number(std::uint32_t value) { out_.append(reinterpret_cast<const char*>(&value), sizeof value); }
  void flag(bool value) { out_.push_back(value ? 1 : 0); }
  void text(const std::string& value) {
    number(static_cast<std::uint32_t>(value.size()));
    out_.append(value);
  }
  void span(const SourceSpan& value) {
    // Only spans into the manifest itself (or none) can be re-pointed at the
    // file the manifest is read from next time.
    if (value.file != file_ && value.file != diagnostics::no_file) ok_ = false;
    flag(value.file != diagnostics::no_file);
    for (std::uint32_t part : {value.line, value.column, value.end_line, value.end_column}) number(part);
  }
  void version(const semver::Version& value) { text(value.to_string()); }
  template <typename Enum>
  void enumeration(Enum value) {
    number(static_cast<std::uint32_t>(value));
  }
  template <typename T, typename Each>
  void list(const std::vector<T>& values, Each&& each) {
    number(static_cast<std::uint32_t>(values.size()));
    for (const T& value : values) each(const_cast<T&>(value));  // the writer only reads
  }
  template <typename T, typename Each>
  void optional(const std::optional<T>& value, Each&& each) {
    flag(value.has_value());
    if (value) each(const_cast<T&>(*value));  // the writer only reads
  }

  bool ok() const { return ok_ && out_.size() <= std::numeric_limits<std::uint32_t>::max(); }
  std::string take() { return std::move(out_); }

 private:
  FileId file_;
  std::string out_;
  bool ok_ = true;
};

class Reader {
 public:
  Reader(std::string_view in, FileId file) : in_(in), file_(file) {}

  void number(std::uint32_t& value) {
    if (!take(sizeof value)) return;
    std::memcpy(&value, in_.data() + at_ - sizeof value, sizeof value);
  }
  void flag(bool& value) {
    if (!take(1)) return;
    const char byte = in_[at_ - 1];
    if (byte != 0 && byte != 1) ok_ = false;
    value = byte == 1;
  }
  void text(std::string& value) {
    std::uint32_t size = 0;
    number(size);
    if (!take(size)) return;
    value.assign(in_.data() + at_ - size, size);
  }
  void span(SourceSpan& value) {
    bool in_file = false;
    flag(in_file);
    value.file = in_file ? file_ : diagnostics::no_file;
    for (std::uint32_t* part : {&value.line, &value.column, &value.end_line, &value.end_column}) number(*part);
  }
  void version(semver::Version& value) {
    std::string written;
    text(written);
    if (!ok_) return;
    auto parsed = semver::parse_version(written);
    if (!parsed) {
      ok_ = false;
      return;
    }
    value = std::move(*parsed);
  }
  template <typename Enum>
  void enumeration(Enum& value, Enum last) {
    std::uint32_t raw = 0;
    number(raw);
    if (raw > static_cast<std::uint32_t>(last)) ok_ = false;
    value = static_cast<Enum>(raw);
  }
  template <typename T, typename Each>
  void list(std::vector<T>& values, Each&& each) {
    std::uint32_t size = 0;
    number(size);
    // Every element takes at least one byte: a count beyond what is left is
    // damage, not a reason to allocate.
    if (size > in_.size() - at_) ok_ = false;
    if (!ok_) return;
    values.resize(size);
    for (T& value : values) {
      each(value);
      if (!ok_) return;
    }
  }
  template <typename T, typename Each>
  void optional(std::optional<T>& value, Each&& each) {
    bool present = false;
    flag(present);
    if (present && ok_) each(value.emplace());
  }

  bool ok() const { return ok_; }
  bool at_end() const { return at_ == in_.size(); }

 private:
  bool take(std::size_t size) {
    if (!ok_ || size > in_.size() - at_) {
      ok_ = false;
      return false;
    }
    at_ += size;
    return true;
  }

  std::string_view in_;
  FileId file_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

template <typename Enum>
void transfer_enum(Writer& w, Enum& value, Enum) {
  w.enumeration(value);
}
template <typename Enum>
void transfer_enum(Reader& r, Enum& value, Enum last) {
  r.enumeration(value, last);
}

template <typename Archive>
void transfer(Archive& a, LocatedString& s) {
  a.text(s.value);
  a.span(s.span);
  a.flag(s.verbatim);
}

template <typename Archive>
void transfer_strings(Archive& a, std::vector<LocatedString>& list) {
  a.list(list, [&](LocatedString& s) { transfer(a, s); });
}

template <typename Archive>
void transfer(Archive& a, Manifest& m) {
  transfer(a, m.name);
  a.version(m.version);
  a.span(m.version_span);
  transfer_enum(a, m.kind, ModuleKind::app);
  a.span(m.kind_span);
  a.text(m.description);
  a.optional(m.contract, [&](Contract& c) {
    transfer_strings(a, c.data);
    transfer_strings(a, c.api);
    a.span(c.span);
  });
  a.optional(m.implements, [&](Implements& i) {
    transfer(a, i.module);
    transfer(a, i.requirement);
    transfer_strings(a, i.api);
    a.span(i.span);
  });
  a.list(m.core, [&](CoreUse& use) {
    transfer(a, use.module);
    transfer(a, use.requirement);
    transfer_strings(a, use.data);
  });
  a.list(m.dependencies, [&](Dependency& dep) {
    transfer(a, dep.module);
    transfer(a, dep.requirement);
    a.flag(dep.optional);
    transfer_strings(a, dep.options);
  });
  transfer_strings(a, m.default_options);
  a.list(m.options, [&](Option& option) {
    transfer(a, option.name);
    transfer_strings(a, option.enables);
  });
  a.list(m.provides, [&](ProvidedFeature& f) {
    transfer(a, f.name);
    a.optional(f.version, [&](semver::Version& v) { a.version(v); });
    a.span(f.version_span);
    a.flag(f.exclusive);
  });
  a.list(m.requires_features, [&](RequiredFeature& f) {
    transfer(a, f.name);
    transfer(a, f.requirement);
    a.flag(f.exclusive);
  });
  transfer_strings(a, m.build.sources);
  transfer_strings(a, m.build.include);
  transfer_strings(a, m.build.api_headers);
  transfer_strings(a, m.build.tests);
  transfer_enum(a, m.build.output, OutputKind::executable);
  a.flag(m.build.defaulted_sources);
  a.flag(m.build.defaulted_include);
  a.flag(m.build.defaulted_tests);
  a.flag(m.identity_valid);
}

template <typename Archive>
void transfer(Archive& a, LockedModule& m) {
  transfer(a, m.name);
  a.version(m.version);
  a.span(m.version_span);
  a.text(m.source);
  a.text(m.checksum);
  a.list(m.dependencies, [&](std::string& name) { a.text(name); });
  a.list(m.options, [&](std::string& name) { a.text(name); });
  a.list(m.features, [&](std::pair<std::string, std::string>& f) {
    a.text(f.first);
    a.text(f.second);
  });
  a.span(m.span);
}

template <typename Archive>
void transfer(Archive& a, Lockfile& lockfile) {
  a.list(lockfile.modules, [&](LockedModule& m) { transfer(a, m); });
}

// A manifest or a lockfile as bytes: nullopt when it holds a span into another file.
template <typename Value>
std::optional<std::string> encode(const Value& value) {
  Writer writer(value.file);
  transfer(writer, const_cast<Value&>(value));  // the writer only reads
  if (!writer.ok()) return std::nullopt;
  return writer.take();
}

// The value back, its spans in `file`; nullopt unless the bytes are one whole encoding.
template <typename Value>
std::optional<Value> decode(std::string_view bytes, FileId file) {
  Reader reader(bytes, file);
  Value value;
  value.file = file;
  transfer(reader, value);
  if (!reader.ok() || !reader.at_end()) return std::nullopt;
  return value;
}

// Reads the main program's NT_GNU_BUILD_ID note, as hex digits.
int read_build_id(dl_phdr_info* info, std::size_t, void* data) {
  auto* out = static_cast<std::string*>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& header = info->dlpi_phdr[i];
    if (header.p_type != PT_NOTE) continue;
    const char* at = reinterpret_cast<const char*>(info->dlpi_addr + header.p_vaddr);
    const char* end = at + header.p_memsz;
    auto aligned = [](std::size_t size) { return (size + 3) & ~std::size_t{3}; };
    while (static_cast<std::size_t>(end - at) >= sizeof(ElfW(Nhdr))) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof note);
      const char* name = at + sizeof note;
      const char* desc = name + aligned(note.n_namesz);
      if (desc > end || static_cast<std::size_t>(end - desc) < aligned(note.n_descsz)) break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        constexpr std::string_view digits = "0123456789abcdef";
        for (std::size_t b = 0; b < note.n_descsz; ++b) {
          const auto byte = static_cast<unsigned char>(desc[b]);
          out->push_back(digits[byte >> 4]);
          out->push_back(digits[byte & 0x0F]);
        }
        return 1;
      }
      at = desc + aligned(note.n_descsz);
    }
  }
  return 1;  // the first object is the main program: stop there
}

}  // namespace

std::optional<std::string> encode_manifest(const Manifest& manifest) { return encode(manifest); }

std::optional<Manifest> decode_manifest(std::string_view bytes, FileId file) { return decode<Manifest>(bytes, file); }

std::optional<std::string> encode_lockfile(const Lockfile& lockfile) { return encode(lockfile); }

std::optional<Lockfile> decode_lockfile(std::string_view bytes, FileId file) { return decode<Lockfile>(bytes, file); }

std::size_t ManifestCache::DigestHash::operator()(const Digest& d) const {
  std::size_t h;
  std::memcpy(&h, d.data(), sizeof h);  // a digest's bytes are already well mixed
  return h;
}

ManifestCache ManifestCache::read(std::string_view file, std::string_view key, std::string_view secret) {
  ManifestCache cache;
  if (secret.empty() || file.size() < cache_magic.size() + tag_size) return cache;
  const std::string_view bytes = file.substr(0, file.size() - tag_size);
  const auto tag = support::hmac_sha256(secret, bytes);
  if (!std::equal(tag.begin(), tag.end(), file.end() - tag_size,
                  [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); })) {
    return cache;
  }
  if (!bytes.starts_with(cache_magic)) return cache;
  Reader reader(bytes.substr(cache_magic.size()), diagnostics::no_file);
  std::string written_key;
  reader.text(written_key);
  if (!reader.ok() || written_key != key) return cache;
  std::uint32_t count = 0;
  reader.number(count);
  std::size_t at = cache_magic.size() + sizeof(std::uint32_t) + written_key.size() + sizeof count;
  for (std::uint32_t i = 0; i < count && reader.ok(); ++i) {
    Digest digest;
    std::uint32_t size = 0;
    if (bytes.size() - at < digest.size() + sizeof size) return {};
    std::memcpy(digest.data(), bytes.data() + at, digest.size());
    std::memcpy(&size, bytes.data() + at + digest.size(), sizeof size);
    at += digest.size() + sizeof size;
    if (bytes.size() - at < size) return {};
    cache.entries_.emplace(digest, bytes.substr(at, size));
    at += size;
  }
  if (!reader.ok() || at != bytes.size()) return {};
  return cache;
}

const std::string_view* ManifestCache::find(const Digest& digest) const {
  auto found = entries_.find(digest);
  return found == entries_.end() ? nullptr : &found->second;
}

std::string ManifestCache::write(std::string_view key, std::string_view secret,
                                 std::vector<std::pair<Digest, std::string_view>> entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                entries.end());
  Writer writer(diagnostics::no_file);
  writer.text(std::string(key));
  writer.number(static_cast<std::uint32_t>(entries.size()));
  std::string out(cache_magic);
  out += writer.take();
  for (const auto& [digest, payload] : entries) {
    out.append(reinterpret_cast<const char*>(digest.data()), digest.size());
    const auto size = static_cast<std::uint32_t>(payload.size());
    out.append(reinterpret_cast<const char*>(&size), sizeof size);
    out.append(payload);
  }
  return seal(std::move(out), secret);
}

std::string ManifestCache::seal(std::string bytes, std::string_view secret) {
  const auto tag = support::hmac_sha256(secret, bytes);
  bytes.append(reinterpret_cast<const char*>(tag.data()), tag.size());
  return bytes;
}

std::string manifest_cache_key() {
  static const std::string key = [] {
    std::string build_id;
    dl_iterate_phdr(read_build_id, &build_id);
    return build_id.empty() ? std::string() : std::string(cache_magic.substr(0, cache_magic.size() - 1)) + " " + build_id;
  }();
  return key;
}

std::optional<std::string> cache_directory(const support::FileSystem& fs, const std::string& workspace_root) {
  std::string dir = support::normalize_path(workspace_root);
  for (std::string_view part : {".modbuild", "cache"}) {
    dir = support::join_path(dir, part);
    if (fs.type(dir) == support::FileType::missing) continue;
    // A link anywhere on the way (or a file where a directory belongs) could
    // send a write to any place the user can write: no cache then.
    auto real = fs.real_path(dir);
    if (!real || fs.type(dir) != support::FileType::directory) return std::nullopt;
    auto real_parent = fs.real_path(support::parent_path(dir));
    if (!real_parent || *real != support::join_path(*real_parent, part)) return std::nullopt;
  }
  return dir;
}

void write_cache_file(support::FileSystem& fs, const std::string& path, std::string_view bytes) {
  if (!fs.write_unsynced(path, bytes)) return;
  // Like other tools' caches: the directory says itself that it is not source.
  const std::string ignore = support::join_path(support::parent_path(path), ".gitignore");
  if (fs.type(ignore) == support::FileType::missing) {
    (void)fs.write_unsynced(ignore, "# Written by modbuild: a cache, safe to delete.\n*\n");
  }
}

}  // namespace modbuild::manifest::detail
