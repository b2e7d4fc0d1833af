// {{name}}: a plugin's public API.
#pragma once

#include <string>

#if defined(_WIN32)
#define {{IDENT}}_EXPORT __declspec(dllexport)
#else
#define {{IDENT}}_EXPORT __attribute__((visibility("default")))
#endif

namespace {{ident}} {

/// A greeting that names the plugin, to show it is loaded.
{{IDENT}}_EXPORT std::string describe();

}  // namespace {{ident}}
