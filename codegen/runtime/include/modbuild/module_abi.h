// modbuild/module_abi.h: what a module's generated entry point returns.
//
// A system's shared library exports one extern "C" function,
// modbuild_module_<name>(), returning a ModbuildModuleInfo: who the module is,
// which contract its table implements, and the fingerprints of that
// contract's API and Core data layouts as this module was compiled. A host
// compares them with its own generated constants before it binds the table,
// so a module built against another layout is refused instead of crashing.
// Plain C types only: both sides may come from different compilers.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bumped when ModbuildModuleInfo itself changes shape.
#define MODBUILD_MODULE_ABI_VERSION 1u

typedef struct ModbuildLayoutFingerprint {
  const char* type;         /* qualified C++ name, e.g. "ecs::World" */
  const char* fingerprint;  /* 16 hex digits over size, alignment, field names, types and offsets */
} ModbuildLayoutFingerprint;

typedef struct ModbuildModuleInfo {
  uint32_t abi_version;          /* MODBUILD_MODULE_ABI_VERSION of the module's build */
  const char* module;            /* the module's name */
  const char* version;           /* the module's version */
  const char* contract;          /* the Core module whose API the table implements */
  const char* contract_version;  /* the Core module's version the table was generated from */
  const char* api_fingerprint;   /* over the contract's function names and signatures */
  uint32_t layout_count;
  const ModbuildLayoutFingerprint* layouts;
  uint32_t table_size;           /* sizeof the table, a last guard against mismatched headers */
  const void* table;             /* the contract's generated table of function pointers */
} ModbuildModuleInfo;

#ifdef __cplusplus
}
#endif

/* The entry point of a module, named by the module's identifier ("-" and "."
 * as "_"): MODBUILD_MODULE_ENTRY(render_raster) is modbuild_module_render_raster.
 * The argument may itself be a macro, such as the MODBUILD_PROVIDER_<FEATURE>
 * definitions the CMake package gives a module for each feature it requires,
 * naming the provider the workspace chose. */
#define MODBUILD_MODULE_ENTRY(identifier) MODBUILD_MODULE_ENTRY_NAME_(identifier)
#define MODBUILD_MODULE_ENTRY_NAME_(identifier) modbuild_module_##identifier

/* Declares a module's entry point, for a host that links the module. */
#ifdef __cplusplus
#define MODBUILD_DECLARE_MODULE_ENTRY(identifier) \
  extern "C" const ModbuildModuleInfo* MODBUILD_MODULE_ENTRY(identifier)(void)
#else
#define MODBUILD_DECLARE_MODULE_ENTRY(identifier) \
  const ModbuildModuleInfo* MODBUILD_MODULE_ENTRY(identifier)(void)
#endif
