// greeting: Core data of a greeting and the API its systems implement.
#pragma once

#include <string>

#include "greeting_export.h"
#include "modbuild/annotate.h"

namespace greeting {

/// Whom to greet.
struct MODBUILD_DATA Greeting {
  std::string name;
};

/// The contract, implemented by a system such as greeting-en: the greeting
/// for `who`, e.g. "hello, world".
MODBUILD_API GREETING_EXPORT std::string greet(const Greeting& who);

/// A helper of the Core module itself: `text` in capitals.
GREETING_EXPORT std::string shout(std::string text);

}  // namespace greeting
