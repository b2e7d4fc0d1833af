// A value or an error: modbuild's small stand-in for std::expected.
//
// std::expected needs C++23 and concepts that clang 14 (used for fuzzing and
// libTooling) does not offer with libstdc++ 12, so the libraries use this type.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace modbuild::support {

/// Wraps an error so that Expected<T, E> can be built from it unambiguously.
template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& error) {
  return {std::forward<E>(error)};
}

/// Holds either a T or an E. Accessing the wrong alternative is a bug and asserts.
template <class T, class E>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected<E> error) : storage_(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return storage_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(storage_); }
  const T& value() const& { assert(has_value()); return std::get<0>(storage_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(storage_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const { assert(!has_value()); return std::get<1>(storage_); }

 private:
  std::variant<T, E> storage_;
};

/// Success without a value, or an error.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> error) : error_(std::move(error.error)), failed_(true) {}

  bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  const E& error() const { assert(failed_); return error_; }

 private:
  E error_{};
  bool failed_ = false;
};

}  // namespace modbuild::support
