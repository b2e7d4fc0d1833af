// modbuild/state.h: the versioned binary form of Core data that survives a reload.
//
// modbuild-gen writes, for every Core data struct (and every struct reached
// through its fields), a specialization of modbuild::state::Fields<T> that
// names each field and its type as the API schema spells it. save() and load()
// below walk those descriptions:
//
//   state    := "MBST" u16(format version) string(root type) struct
//   struct   := u32(field count) { string(name) string(type) u64(size) bytes[size] }*
//   string   := u64(length) bytes
//   vector, deque := u64(count) element*      optional := u8(engaged) [value]
//   variant  := u32(index) value              array<T, N> := N elements
//   arithmetic and enums: fixed width, little-endian; bool: one byte
//
// A non-empty vector or deque of structs (format 2) names the fields once:
//   u64(count) u8(1) u32(field count) { string(name) string(type) u8(width) }*
//   then per element, per field: width bytes (an arithmetic field, width > 0)
//   or u64(size) bytes[size] (width 0: anything else)
// so that 100,000 components cost their data, not 100,000 copies of their
// field names; they are still matched by name when they are loaded.
//
// Fields are matched by name, so a struct that gained a field loads old state
// with the new field's default, and one that lost a field skips it; a field
// whose type spelling changed is refused with a message naming it. Malformed
// input is reported, never trusted: every length is checked against the bytes
// that remain.
//
// describe() writes the same walk as JSON text (fields by name), for people
// and tools that look at Core data: the console's `data` command, tests.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace modbuild::state {

static_assert(std::endian::native == std::endian::little, "the state format is little-endian");

/// Specialized by generated code: `static constexpr std::string_view name`
/// and `template <class V, class S> static void visit(V& visitor, S& value)`
/// calling `visitor.field("name", "type", value.name)` for every field.
template <class T>
struct Fields;

inline constexpr std::uint16_t kFormatVersion = 2;
/// Format 1 (each struct of a container with its field names) still loads.
inline constexpr std::uint16_t kOldestFormatVersion = 1;

/// The outcome of load(): ok, or a message saying which field of which type failed.
struct LoadResult {
  bool ok = true;
  std::string error;
  explicit operator bool() const { return ok; }
};

namespace detail {

template <class T, template <class...> class Template>
inline constexpr bool is_specialization = false;
template <template <class...> class Template, class... Args>
inline constexpr bool is_specialization<Template<Args...>, Template> = true;

template <class T>
inline constexpr bool is_std_array = false;
template <class T, std::size_t N>
inline constexpr bool is_std_array<std::array<T, N>> = true;

template <class T, class = void>
inline constexpr bool has_fields = false;
template <class T>
inline constexpr bool has_fields<T, std::void_t<decltype(Fields<T>::name)>> = true;

// Writes into a buffer of the exact encoded size (encoded_size() below), so
// that saving megabytes of Core data allocates once and copies nothing.
class Writer {
 public:
  Writer(char* begin, std::size_t size) : begin_(begin), at_(begin), end_(begin + size) {}

  template <class T>
  void fixed(T value) {
    put(&value, sizeof(T));
  }
  void text(std::string_view value) {
    fixed<std::uint64_t>(value.size());
    put(value.data(), value.size());
  }
  std::size_t reserve_size() {
    fixed<std::uint64_t>(0);
    return static_cast<std::size_t>(at_ - begin_);
  }
  void patch_size(std::size_t end_of_placeholder) {
    if (overflowed_) return;
    const std::uint64_t size = static_cast<std::size_t>(at_ - begin_) - end_of_placeholder;
    std::memcpy(begin_ + end_of_placeholder - sizeof size, &size, sizeof size);
  }
  void raw(const void* bytes, std::size_t size) { put(bytes, size); }
  /// `size` more bytes to be filled by the caller; null if they do not fit.
  char* grow(std::size_t size) {
    if (size > static_cast<std::size_t>(end_ - at_)) {
      overflowed_ = true;
      return nullptr;
    }
    char* start = at_;
    at_ += size;
    return start;
  }
  /// True when everything fit and the buffer is full.
  bool complete() const { return !overflowed_ && at_ == end_; }

 private:
  void put(const void* bytes, std::size_t size) {
    if (size == 0) return;
    if (size > static_cast<std::size_t>(end_ - at_)) {
      overflowed_ = true;
      return;
    }
    std::memcpy(at_, bytes, size);
    at_ += size;
  }

  char* begin_;
  char* at_;
  char* end_;
  bool overflowed_ = false;
};

class Reader {
 public:
  explicit Reader(std::string_view in, std::uint16_t format = kFormatVersion) : in_(in), format_(format) {}

  std::uint16_t format() const { return format_; }
  /// The next `size` bytes, which this reader skips; null if they are not there.
  const char* take(std::uint64_t size) {
    if (!need(size)) return nullptr;
    const char* at = in_.data() + at_;
    at_ += size;
    return at;
  }

  template <class T>
  bool fixed(T& value) {
    if (!need(sizeof(T))) return false;
    std::memcpy(&value, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  bool text(std::string& value) {
    std::uint64_t size = 0;
    if (!fixed(size) || !need(size)) return false;
    value.assign(in_.substr(at_, size));
    at_ += size;
    return true;
  }
  /// A reader over the next `size` bytes, which this reader skips.
  bool slice(std::uint64_t size, std::string_view& part) {
    if (!need(size)) return false;
    part = in_.substr(at_, size);
    at_ += size;
    return true;
  }
  /// Fails when `count` elements of at least one byte each cannot fit.
  bool plausible_count(std::uint64_t count) const { return count <= in_.size() - at_; }
  std::uint64_t remaining() const { return in_.size() - at_; }
  bool at_end() const { return at_ == in_.size(); }
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  const std::string& error() const { return error_; }
  void adopt_error(const Reader& inner) {
    if (error_.empty()) error_ = inner.error_;
  }

 private:
  bool need(std::uint64_t size) {
    if (size <= in_.size() - at_) return true;
    return fail("the saved state is truncated");
  }

  std::string_view in_;
  std::size_t at_ = 0;
  std::uint16_t format_;
  std::string error_;
};

template <class T>
void write_value(Writer& out, const T& value);
template <class T>
bool read_value(Reader& in, T& value);

struct FieldWriter {
  Writer& out;
  template <class T>
  void field(std::string_view name, std::string_view type, const T& value) {
    out.text(name);
    out.text(type);
    const std::size_t start = out.reserve_size();
    write_value(out, value);
    out.patch_size(start);
  }
};

struct FieldCounter {
  std::uint32_t count = 0;
  template <class T>
  void field(std::string_view, std::string_view, const T&) {
    ++count;
  }
};

template <class S>
void write_struct(Writer& out, const S& value) {
  FieldCounter counter;
  Fields<S>::visit(counter, value);
  out.fixed(counter.count);
  FieldWriter writer{out};
  Fields<S>::visit(writer, value);
}

// Looks for the saved field among the struct's current fields and decodes it there.
template <class S>
struct FieldMatcher {
  std::string_view saved_name;
  std::string_view saved_type;
  std::string_view payload;
  Reader& outer;
  bool matched = false;
  bool ok = true;

  template <class T>
  void field(std::string_view name, std::string_view type, T& value) {
    if (matched || name != saved_name) return;
    matched = true;
    if (type != saved_type) {
      ok = outer.fail("field '" + std::string(name) + "' of '" + std::string(Fields<S>::name) +
                      "' changed type: the saved state has '" + std::string(saved_type) +
                      "', this build has '" + std::string(type) + "'");
      return;
    }
    Reader inner(payload, outer.format());
    if (!read_value(inner, value) || !inner.at_end()) {
      outer.adopt_error(inner);
      ok = outer.fail("field '" + std::string(name) + "' of '" + std::string(Fields<S>::name) +
                      "' does not match its saved size");
    }
  }
};

template <class S>
bool read_struct(Reader& in, S& value) {
  std::uint32_t count = 0;
  if (!in.fixed(count)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string name;
    std::string type;
    std::uint64_t size = 0;
    std::string_view payload;
    if (!in.text(name) || !in.text(type) || !in.fixed(size) || !in.slice(size, payload)) return false;
    // A field the struct no longer has is skipped: its bytes are sized.
    FieldMatcher<S> matcher{name, type, payload, in};
    Fields<S>::visit(matcher, value);
    if (!matcher.ok) return false;
  }
  return true;
}

// The width of a field written packed inside a container of structs:
// arithmetic types and enums have one; anything else is written with its size.
template <class T>
constexpr std::uint8_t packed_width() {
  if constexpr (std::is_same_v<T, bool>) {
    return 1;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return sizeof(T);
  } else if constexpr (std::is_enum_v<T>) {
    return sizeof(std::underlying_type_t<T>);
  } else {
    return 0;
  }
}

struct ShapeWriter {
  Writer& out;
  std::uint32_t count = 0;
  template <class T>
  void field(std::string_view name, std::string_view type, const T&) {
    out.text(name);
    out.text(type);
    out.fixed<std::uint8_t>(packed_width<T>());
  }
};

struct PackedFieldWriter {
  Writer& out;
  template <class T>
  void field(std::string_view, std::string_view, const T& value) {
    if constexpr (packed_width<T>() > 0) {
      write_value(out, value);
    } else {
      const std::size_t start = out.reserve_size();
      write_value(out, value);
      out.patch_size(start);
    }
  }
};

// The size of an element whose fields are all arithmetic, or 0.
struct RecordSize {
  std::size_t bytes = 0;
  bool fixed = true;
  template <class T>
  void field(std::string_view, std::string_view, const T&) {
    bytes += packed_width<T>();
    fixed = fixed && packed_width<T>() > 0;
  }
};

// Writes an element of arithmetic fields into room made for the whole run.
struct RecordWriter {
  char* at;
  template <class T>
  void field(std::string_view, std::string_view, const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      *at = value ? 1 : 0;
    } else if constexpr (std::is_enum_v<T>) {
      const auto raw = static_cast<std::underlying_type_t<T>>(value);
      std::memcpy(at, &raw, sizeof raw);
    } else {
      std::memcpy(at, &value, sizeof value);
    }
    at += packed_width<T>();
  }
};

template <class Container>
void write_packed(Writer& out, const Container& items) {
  using S = typename Container::value_type;
  FieldCounter counter;
  Fields<S>::visit(counter, items.front());
  out.fixed<std::uint8_t>(1);
  out.fixed(counter.count);
  ShapeWriter shape{out};
  Fields<S>::visit(shape, items.front());
  RecordSize record;
  Fields<S>::visit(record, items.front());
  if (record.fixed) {
    char* run = out.grow(items.size() * record.bytes);
    if (run == nullptr) return;
    RecordWriter fields{run};
    for (const S& item : items) Fields<S>::visit(fields, item);
    return;
  }
  PackedFieldWriter fields{out};
  for (const S& item : items) Fields<S>::visit(fields, item);
}

/// A saved field of a packed container, and where the loading struct has it.
struct SavedField {
  std::string name;
  std::string type;
  std::uint8_t width = 0;
  int target = -1;  ///< index among the loading struct's fields, -1: skipped
};

// Matches the saved fields to the struct's own, once per container.
template <class S>
struct ShapeMatcher {
  std::vector<SavedField>& saved;
  Reader& in;
  std::vector<int>& source_of;  ///< per own field: the saved field it loads from, or -1
  int index = 0;
  bool ok = true;
  template <class T>
  void field(std::string_view name, std::string_view type, const T&) {
    source_of.push_back(-1);
    for (std::size_t j = 0; j < saved.size() && ok; ++j) {
      if (saved[j].name != name) continue;
      if (saved[j].type != type) {
        ok = in.fail("field '" + std::string(name) + "' of '" + std::string(Fields<S>::name) +
                     "' changed type: the saved state has '" + saved[j].type + "', this build has '" +
                     std::string(type) + "'");
      } else if (saved[j].width != packed_width<T>()) {
        ok = in.fail("field '" + std::string(name) + "' of '" + std::string(Fields<S>::name) +
                     "' has another width in the saved state");
      } else {
        saved[j].target = index;
        source_of.back() = static_cast<int>(j);
      }
    }
    ++index;
  }
};

// Loads one element's fields from the bytes located for them.
struct PackedFieldReader {
  const std::vector<int>& source_of;
  const std::vector<const char*>& at;
  const std::vector<std::uint64_t>& size;
  Reader& outer;
  int index = 0;
  bool ok = true;
  template <class T>
  void field(std::string_view name, std::string_view, T& value) {
    const int j = source_of[static_cast<std::size_t>(index++)];
    if (j < 0 || !ok) return;
    const char* bytes = at[static_cast<std::size_t>(j)];
    if constexpr (std::is_same_v<T, bool>) {
      // The width was checked against the shape: one byte, 0 or 1.
      if (static_cast<unsigned char>(*bytes) > 1) ok = outer.fail("a saved bool is neither 0 nor 1");
      value = *bytes == 1;
    } else if constexpr (std::is_arithmetic_v<T>) {
      std::memcpy(&value, bytes, sizeof value);
    } else if constexpr (std::is_enum_v<T>) {
      std::underlying_type_t<T> raw{};
      std::memcpy(&raw, bytes, sizeof raw);
      value = static_cast<T>(raw);
    } else {
      Reader inner(std::string_view(bytes, size[static_cast<std::size_t>(j)]), outer.format());
      if (!read_value(inner, value) || !inner.at_end()) {
        outer.adopt_error(inner);
        ok = outer.fail("field '" + std::string(name) + "' does not match its saved size");
      }
    }
  }
};

template <class Container>
bool read_packed(Reader& in, Container& items, std::uint64_t count) {
  using S = typename Container::value_type;
  std::uint8_t tag = 0;
  std::uint32_t field_count = 0;
  if (!in.fixed(tag) || !in.fixed(field_count)) return false;
  if (tag != 1) return in.fail("a saved container of structs has an unknown form");
  if (!in.plausible_count(field_count)) return in.fail("a saved field count exceeds the data");
  std::vector<SavedField> saved(field_count);
  for (SavedField& f : saved) {
    if (!in.text(f.name) || !in.text(f.type) || !in.fixed(f.width)) return false;
  }
  std::vector<int> source_of;
  S probe{};
  ShapeMatcher<S> matcher{saved, in, source_of};
  Fields<S>::visit(matcher, probe);
  if (!matcher.ok) return false;
  std::vector<const char*> at(saved.size());
  std::vector<std::uint64_t> size(saved.size());
  // Elements of arithmetic fields only have one size: their fields sit at
  // the same offsets in each, and the whole run is checked at once.
  std::uint64_t record = 0;
  bool fixed = true;
  for (const SavedField& f : saved) {
    record += f.width;
    fixed = fixed && f.width > 0;
  }
  const char* run = nullptr;
  if (fixed) {
    if (record > 0 && count > in.remaining() / record) return in.fail("the saved state is truncated");
    run = in.take(count * record);
    if (run == nullptr) return false;
  }
  if constexpr (requires { items.reserve(count); }) items.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (fixed) {
      const char* element = run + i * record;
      for (std::size_t j = 0; j < saved.size(); ++j) {
        at[j] = element;
        element += saved[j].width;
      }
    } else {
      for (std::size_t j = 0; j < saved.size(); ++j) {
        size[j] = saved[j].width;
        if (saved[j].width == 0 && !in.fixed(size[j])) return false;
        at[j] = in.take(size[j]);
        if (at[j] == nullptr) return false;
      }
    }
    PackedFieldReader fields{source_of, at, size, in};
    Fields<S>::visit(fields, items.emplace_back());
    if (!fields.ok) return false;
  }
  return true;
}

template <class T>
inline constexpr bool is_bulk_vector = false;
template <class T>
inline constexpr bool is_bulk_vector<std::vector<T>> = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

template <class Variant, std::size_t... I>
bool read_alternative(Reader& in, Variant& value, std::uint32_t index, std::index_sequence<I...>) {
  bool ok = false;
  ((index == I ? (ok = read_value(in, value.template emplace<I>()), true) : false) || ...);
  return ok;
}

template <class T>
void write_value(Writer& out, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    out.fixed<std::uint8_t>(value ? 1 : 0);
  } else if constexpr (std::is_arithmetic_v<T>) {
    out.fixed(value);
  } else if constexpr (std::is_enum_v<T>) {
    out.fixed(static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    out.text(value);
  } else if constexpr (is_bulk_vector<T>) {
    out.fixed<std::uint64_t>(value.size());
    out.raw(value.data(), value.size() * sizeof(typename T::value_type));
  } else if constexpr (is_specialization<T, std::vector> || is_specialization<T, std::deque>) {
    out.fixed<std::uint64_t>(value.size());
    if constexpr (has_fields<typename T::value_type>) {
      if (!value.empty()) write_packed(out, value);
    } else {
      for (const auto& element : value) write_value(out, element);
    }
  } else if constexpr (is_std_array<T>) {
    for (const auto& element : value) write_value(out, element);
  } else if constexpr (is_specialization<T, std::optional>) {
    out.fixed<std::uint8_t>(value ? 1 : 0);
    if (value) write_value(out, *value);
  } else if constexpr (is_specialization<T, std::variant>) {
    out.fixed(static_cast<std::uint32_t>(value.index()));
    std::visit([&](const auto& alternative) { write_value(out, alternative); }, value);
  } else {
    static_assert(has_fields<T>, "no generated modbuild::state::Fields for this type");
    write_struct(out, value);
  }
}

template <class T>
bool read_value(Reader& in, T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    std::uint8_t byte = 0;
    if (!in.fixed(byte)) return false;
    if (byte > 1) return in.fail("a saved bool is neither 0 nor 1");
    value = byte == 1;
    return true;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return in.fixed(value);
  } else if constexpr (std::is_enum_v<T>) {
    std::underlying_type_t<T> raw{};
    if (!in.fixed(raw)) return false;
    value = static_cast<T>(raw);
    return true;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return in.text(value);
  } else if constexpr (is_bulk_vector<T>) {
    std::uint64_t count = 0;
    if (!in.fixed(count)) return false;
    using Element = typename T::value_type;
    if (count > std::numeric_limits<std::uint64_t>::max() / sizeof(Element)) {
      return in.fail("a saved element count exceeds the data");
    }
    const char* bytes = in.take(count * sizeof(Element));
    if (bytes == nullptr) return false;
    value.resize(count);
    if (count > 0) std::memcpy(value.data(), bytes, count * sizeof(Element));
    return true;
  } else if constexpr (is_specialization<T, std::vector> || is_specialization<T, std::deque>) {
    std::uint64_t count = 0;
    if (!in.fixed(count)) return false;
    if (!in.plausible_count(count)) return in.fail("a saved element count exceeds the data");
    value.clear();
    if constexpr (has_fields<typename T::value_type>) {
      if (count > 0 && in.format() >= 2) return read_packed(in, value, count);
    }
    for (std::uint64_t i = 0; i < count; ++i) {
      if (!read_value(in, value.emplace_back())) return false;
    }
    return true;
  } else if constexpr (is_std_array<T>) {
    for (auto& element : value) {
      if (!read_value(in, element)) return false;
    }
    return true;
  } else if constexpr (is_specialization<T, std::optional>) {
    std::uint8_t engaged = 0;
    if (!in.fixed(engaged)) return false;
    if (engaged > 1) return in.fail("a saved optional flag is neither 0 nor 1");
    if (engaged == 0) {
      value.reset();
      return true;
    }
    return read_value(in, value.emplace());
  } else if constexpr (is_specialization<T, std::variant>) {
    std::uint32_t index = 0;
    if (!in.fixed(index)) return false;
    if (index >= std::variant_size_v<T>) return in.fail("a saved variant holds an unknown alternative");
    return read_alternative(in, value, index, std::make_index_sequence<std::variant_size_v<T>>{});
  } else {
    static_assert(has_fields<T>, "no generated modbuild::state::Fields for this type");
    return read_struct(in, value);
  }
}

// JSON text of a value, walking the same Fields<> descriptions.
class JsonWriter {
 public:
  template <class T>
  void value(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      out_ += v ? "true" : "false";
    } else if constexpr (std::is_floating_point_v<T>) {
      number(static_cast<double>(v));
    } else if constexpr (std::is_arithmetic_v<T>) {
      out_ += std::to_string(v);
    } else if constexpr (std::is_enum_v<T>) {
      out_ += std::to_string(static_cast<std::underlying_type_t<T>>(v));
    } else if constexpr (std::is_same_v<T, std::string>) {
      text(v);
    } else if constexpr (is_specialization<T, std::vector> || is_specialization<T, std::deque> || is_std_array<T>) {
      out_ += '[';
      bool first = true;
      for (const auto& element : v) {
        if (!first) out_ += ',';
        first = false;
        value(element);
      }
      out_ += ']';
    } else if constexpr (is_specialization<T, std::optional>) {
      if (v) {
        value(*v);
      } else {
        out_ += "null";
      }
    } else if constexpr (is_specialization<T, std::variant>) {
      out_ += "{\"index\":" + std::to_string(v.index()) + ",\"value\":";
      std::visit([&](const auto& alternative) { value(alternative); }, v);
      out_ += '}';
    } else {
      static_assert(has_fields<T>, "no generated modbuild::state::Fields for this type");
      out_ += '{';
      first_field_ = true;
      Fields<T>::visit(*this, v);
      out_ += '}';
    }
  }
  template <class T>
  void field(std::string_view name, std::string_view, const T& v) {
    if (!first_field_) out_ += ',';
    first_field_ = false;
    text(name);
    out_ += ':';
    value(v);
    first_field_ = false;
  }
  std::string take() { return std::move(out_); }

 private:
  // JSON has no NaN or infinity: they are written as strings.
  void number(double v) {
    if (std::isnan(v)) {
      out_ += "\"nan\"";
    } else if (std::isinf(v)) {
      out_ += v > 0 ? "\"inf\"" : "\"-inf\"";
    } else {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.17g", v);
      out_ += buffer;
    }
  }
  void text(std::string_view s) {
    out_ += '"';
    for (char c : s) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (byte < 0x20) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", byte);
        out_ += escape;
      } else {
        out_ += c;
      }
    }
    out_ += '"';
  }

  std::string out_;
  bool first_field_ = true;
};

// The exact size of write_value()'s output, so that save() allocates once:
// a copy of megabytes of Core data into an ever-growing buffer costs more
// than walking the data twice.
template <class T>
std::size_t encoded_size(const T& value);

struct FieldSizer {
  std::size_t total = 4;  // the field count
  template <class T>
  void field(std::string_view name, std::string_view type, const T& value) {
    total += 8 + name.size() + 8 + type.size() + 8 + encoded_size(value);
  }
};

struct ShapeSizer {
  std::size_t shape = 1 + 4;  // tag and field count
  std::size_t record = 0;     // arithmetic fields of an element
  bool fixed = true;
  template <class T>
  void field(std::string_view name, std::string_view type, const T&) {
    shape += 8 + name.size() + 8 + type.size() + 1;
    record += packed_width<T>();
    fixed = fixed && packed_width<T>() > 0;
  }
};

struct PackedSizer {
  std::size_t total = 0;
  template <class T>
  void field(std::string_view, std::string_view, const T& value) {
    total += packed_width<T>() > 0 ? packed_width<T>() : 8 + encoded_size(value);
  }
};

template <class T>
std::size_t encoded_size(const T& value) {
  if constexpr (packed_width<T>() > 0) {
    return packed_width<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return 8 + value.size();
  } else if constexpr (is_bulk_vector<T>) {
    return 8 + value.size() * sizeof(typename T::value_type);
  } else if constexpr (is_specialization<T, std::vector> || is_specialization<T, std::deque> || is_std_array<T>) {
    std::size_t total = is_std_array<T> ? 0 : 8;
    if constexpr (has_fields<typename T::value_type> && !is_std_array<T>) {
      if (value.empty()) return total;
      ShapeSizer shape;
      Fields<typename T::value_type>::visit(shape, value.front());
      total += shape.shape;
      if (shape.fixed) return total + value.size() * shape.record;
      PackedSizer elements;
      for (const auto& element : value) Fields<typename T::value_type>::visit(elements, element);
      return total + elements.total;
    } else {
      for (const auto& element : value) total += encoded_size(element);
      return total;
    }
  } else if constexpr (is_specialization<T, std::optional>) {
    return 1 + (value ? encoded_size(*value) : 0);
  } else if constexpr (is_specialization<T, std::variant>) {
    return 4 + std::visit([](const auto& alternative) { return encoded_size(alternative); }, value);
  } else {
    FieldSizer fields;
    Fields<T>::visit(fields, value);
    return fields.total;
  }
}

}  // namespace detail

/// `value` as JSON text: structs as objects of their fields by name,
/// containers as arrays, an empty optional as null, a variant as
/// {"index": i, "value": v}, enums as numbers, NaN and infinities as the
/// strings "nan", "inf" and "-inf". Strings are written byte for byte
/// (control characters escaped), so text that is not UTF-8 stays so.
template <class T>
std::string describe(const T& value) {
  detail::JsonWriter writer;
  writer.value(value);
  return writer.take();
}

/// The size of save(value)'s bytes.
template <class T>
std::size_t saved_size(const T& value) {
  return 4 + 2 + 8 + Fields<T>::name.size() + detail::encoded_size(value);
}

/// Writes the state of `value` into `buffer`, which must hold exactly
/// saved_size(value) bytes; false if it does not.
template <class T>
bool save_into(const T& value, char* buffer, std::size_t size) {
  detail::Writer out(buffer, size);
  out.fixed<std::uint32_t>(0x5453424d);  // "MBST"
  out.fixed(kFormatVersion);
  out.text(Fields<T>::name);
  detail::write_struct(out, value);
  return out.complete();
}

/// The state of `value` in the versioned binary form.
template <class T>
std::string save(const T& value) {
  std::string bytes(saved_size(value), '\0');
  save_into(value, bytes.data(), bytes.size());
  return bytes;
}

/// Restores `value` from save()'s bytes. Fields missing from the bytes keep
/// the value they had (start from a default-constructed object to get the
/// defaults). On failure `value` may be partly written.
template <class T>
LoadResult load(std::string_view bytes, T& value) {
  detail::Reader in(bytes);
  std::uint32_t magic = 0;
  std::uint16_t version = 0;
  std::string root;
  if (!in.fixed(magic) || magic != 0x5453424d) return {false, "not modbuild state data"};
  if (!in.fixed(version) || version < kOldestFormatVersion || version > kFormatVersion) {
    return {false, "unsupported state format version " + std::to_string(version)};
  }
  in = detail::Reader(bytes, version);
  in.take(sizeof magic + sizeof version);
  if (!in.text(root)) return {false, in.error()};
  if (root != Fields<T>::name) {
    return {false, "the saved state holds '" + root + "', not '" + std::string(Fields<T>::name) + "'"};
  }
  if (!detail::read_struct(in, value)) return {false, in.error()};
  if (!in.at_end()) return {false, "the saved state has trailing bytes"};
  return {};
}

}  // namespace modbuild::state
