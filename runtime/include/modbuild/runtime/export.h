// modbuild/runtime/export.h: what libmodbuild_runtime exports.
//
// The library builds with hidden visibility, so that its internals (and the
// JSON reader it compiles in) never meet an engine's own symbols; the public
// API is marked with MODBUILD_RUNTIME_EXPORT.
#pragma once

#if defined(_WIN32)
#define MODBUILD_RUNTIME_EXPORT
#else
#define MODBUILD_RUNTIME_EXPORT __attribute__((visibility("default")))
#endif
