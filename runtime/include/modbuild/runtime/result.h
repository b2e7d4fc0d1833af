// modbuild/runtime/result.h: one value or one error, for the runtime's API.
//
// The runtime's public headers stay C++20 (engines include them), so this
// is a small stand-in for std::expected: a value, or an Error whose message
// names the file or module involved and says what was expected.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace modbuild::runtime {

struct Error {
  std::string message;
};

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit, as std::expected
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  explicit operator bool() const { return state_.index() == 0; }
  T& operator*() { return std::get<0>(state_); }
  const T& operator*() const { return std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace modbuild::runtime
