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

inline constexpr std::uint16_t kFormatVersion = 1;

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

class Writer {
 public:
  template <class T>
  void fixed(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void text(std::string_view value) {
    fixed<std::uint64_t>(value.size());
    out_.append(value);
  }
  std::size_t reserve_size() {
    fixed<std::uint64_t>(0);
    return out_.size();
  }
  void patch_size(std::size_t end_of_placeholder) {
    const std::uint64_t size = out_.size() - end_of_placeholder;
    std::memcpy(out_.data() + end_of_placeholder - sizeof size, &size, sizeof size);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

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
    Reader inner(payload);
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
  } else if constexpr (is_specialization<T, std::vector> || is_specialization<T, std::deque>) {
    out.fixed<std::uint64_t>(value.size());
    for (const auto& element : value) write_value(out, element);
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
  } else if constexpr (is_specialization<T, std::vector> || is_specialization<T, std::deque>) {
    std::uint64_t count = 0;
    if (!in.fixed(count)) return false;
    if (!in.plausible_count(count)) return in.fail("a saved element count exceeds the data");
    value.clear();
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

/// The state of `value` in the versioned binary form.
template <class T>
std::string save(const T& value) {
  detail::Writer out;
  out.fixed<std::uint32_t>(0x5453424d);  // "MBST"
  out.fixed(kFormatVersion);
  out.text(Fields<T>::name);
  detail::write_struct(out, value);
  return out.take();
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
  if (!in.fixed(version) || version != kFormatVersion) {
    return {false, "unsupported state format version " + std::to_string(version)};
  }
  if (!in.text(root)) return {false, in.error()};
  if (root != Fields<T>::name) {
    return {false, "the saved state holds '" + root + "', not '" + std::string(Fields<T>::name) + "'"};
  }
  if (!detail::read_struct(in, value)) return {false, in.error()};
  if (!in.at_end()) return {false, "the saved state has trailing bytes"};
  return {};
}

}  // namespace modbuild::state
