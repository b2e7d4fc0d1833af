// modbuild/module_abi.h: what a module's generated entry point returns, and
// what the host gives a module in return.
//
// Every module's shared library exports one extern "C" function,
// modbuild_module_<name>(), returning a ModbuildModuleInfo: who the module is;
// the contract whose table it fills, if any, with the fingerprints of that
// contract's API and Core data layouts as the module was compiled; the
// contracts it calls (its imports), each with the fingerprints it was
// compiled against and the place where the host stores the slot it calls
// through; for a Core module, the operations on its data types (create,
// destroy, save, load, describe) that let a host move data from one layout
// to another; and its lifecycle hooks. A host compares every fingerprint
// with what is loaded before it binds anything, so a module built against
// another layout is refused instead of crashing.
//
// Plain C types only: the two sides may come from different compilers, and
// no C++ exception or object crosses this boundary.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bumped when ModbuildModuleInfo or ModbuildHost changes shape. Version 1
/// had no imports, data types or hooks; a host refuses modules of another
/// version before reading anything past `abi_version`.
#define MODBUILD_MODULE_ABI_VERSION 2u

typedef struct ModbuildLayoutFingerprint {
  const char* type;         /* qualified C++ name, e.g. "ecs::World" */
  const char* fingerprint;  /* 16 hex digits over size, alignment, field names, types and offsets */
} ModbuildLayoutFingerprint;

/* A contract as one side was compiled against it: the module that defines
 * the API (a Core module, or a plugin for its own API), the fingerprints of
 * its API and data layouts, and the size of its table. */
typedef struct ModbuildContractRef {
  const char* contract;
  const char* contract_version;
  const char* api_fingerprint;
  uint32_t layout_count;
  const ModbuildLayoutFingerprint* layouts;
  uint32_t table_size;
} ModbuildContractRef;

/* Host-owned: the table currently bound to one contract. Callers read it on
 * every call (the generated SlotProxy), so one store switches them all. */
typedef struct ModbuildSlot {
  const void* table;
} ModbuildSlot;

/* A contract the module calls. Before the module's on_load, the host points
 * `*slot` (a variable inside the module) at the contract's slot. */
typedef struct ModbuildImport {
  ModbuildContractRef contract;
  const ModbuildSlot** slot;
} ModbuildImport;

/* Receives bytes: saved state, JSON text, an error message. */
typedef void (*ModbuildSink)(void* context, const char* bytes, size_t size);

/* The operations of one Core data type, compiled into the Core module with
 * its layout. Each returns 1 on success and 0 on failure, with the reason
 * written to `error`. save() writes the versioned state of modbuild/state.h
 * into a buffer of exactly saved_size() bytes, which the host owns (and
 * reuses); load() matches it field by field, so that bytes saved by one
 * build of the Core module load into another build's layout. */
typedef struct ModbuildDataType {
  const char* type;         /* "ecs::World" */
  const char* fingerprint;  /* its layout fingerprint in this build */
  void* (*create)(ModbuildSink error, void* context);
  void (*destroy)(void* object);
  size_t (*saved_size)(const void* object);
  int (*save)(const void* object, char* buffer, size_t size, ModbuildSink error, void* context);
  int (*load)(void* object, const char* bytes, size_t size, ModbuildSink error, void* context);
  int (*describe)(const void* object, ModbuildSink out, void* out_context, ModbuildSink error, void* context);
} ModbuildDataType;

/* Host-owned: one named instance of Core data. `object` belongs to the Core
 * module that created it and changes when a reload migrates the data to a
 * new layout: read it each time, never keep the pointer across frames. */
typedef struct ModbuildData {
  void* object;
  const char* type;
  const char* name;
} ModbuildData;

/* Why on_load or on_unload runs. */
#define MODBUILD_LOAD_FIRST 0u    /* on_load: loaded for the first time; on_unload: unloaded for good */
#define MODBUILD_LOAD_RELOAD 1u   /* a new build replaces (or replaced) an older one */
#define MODBUILD_LOAD_ROLLBACK 2u /* the previous build is restored after the new one failed */
#define MODBUILD_LOAD_SWAP 3u     /* another implementation of the contract replaces (or replaced) this one */

typedef void (*ModbuildEventHandler)(void* user, const char* event, const char* payload);

/* What the host offers a module; each module gets its own, so that the host
 * knows who asks. Valid from on_load to on_unload. */
typedef struct ModbuildHost {
  uint32_t abi_version;
  void* context;
  /* The application's arguments (after `--` on the launcher's command line). */
  int argc;
  const char* const* argv;
  /* The named instance of a Core data type, created by its Core module on
   * first use; NULL (with the reason in `error`) when no loaded Core module
   * has the type or the caller was built against another layout of it. */
  ModbuildData* (*data)(void* context, const char* type, const char* fingerprint, const char* name,
                        ModbuildSink error, void* error_context);
  void (*log)(void* context, const char* message);
  /* Events for cold paths, delivered on the main thread between frames.
   * subscribe() returns a nonzero id; a module's subscriptions end when it
   * is unloaded or replaced. */
  uint64_t (*subscribe)(void* context, const char* event, ModbuildEventHandler handler, void* user);
  void (*unsubscribe)(void* context, uint64_t subscription);
  void (*publish)(void* context, const char* event, const char* payload);
  /* Queues a module command ("modules", "reload ecs-sparse", ...) as typed
   * in the console; it runs after the current frame, and its reply is
   * published as the event "command.reply". */
  void (*command)(void* context, const char* line);
} ModbuildHost;

/* Returned by a frame hook to keep the application running. */
#define MODBUILD_FRAME_CONTINUE (-1)

/* Bits of ModbuildHooks::defined: which hooks the module's code defines. */
#define MODBUILD_HOOK_ON_LOAD 1u
#define MODBUILD_HOOK_ON_UNLOAD 2u
#define MODBUILD_HOOK_SAVE_STATE 4u
#define MODBUILD_HOOK_RESTORE_STATE 8u
#define MODBUILD_HOOK_FRAME 16u

/* The module's lifecycle (modbuild/module.h declares the C++ functions a
 * module defines; the generated entry point wraps them). */
typedef struct ModbuildHooks {
  uint32_t (*defined)(void);
  /* 1 when the module is ready; 0 refuses the load, the reason logged. */
  int (*on_load)(const ModbuildHost* host, uint32_t reason);
  void (*on_unload)(const ModbuildHost* host, uint32_t reason);
  /* The module's own state (not Core data), handed to its next build. */
  int (*save_state)(ModbuildSink out, void* context);
  int (*restore_state)(const char* bytes, size_t size);
  /* Applications: one frame; MODBUILD_FRAME_CONTINUE or the exit status. */
  int (*frame)(const ModbuildHost* host);
} ModbuildHooks;

typedef struct ModbuildModuleInfo {
  uint32_t abi_version; /* MODBUILD_MODULE_ABI_VERSION of the module's build: always first */
  uint32_t info_size;   /* sizeof(ModbuildModuleInfo) in the module's build */
  const char* module;   /* the module's name */
  const char* version;  /* the module's version */
  const char* kind;     /* "core", "system", "plugin" or "app" */
  /* The contract the module defines or fills: with `table`, the one whose
   * table it fills (a system's Core contract, a plugin's own API); without,
   * the contract a Core module defines, which the systems fill. NULL if none. */
  const ModbuildContractRef* exported;
  const void* table;
  uint32_t import_count;
  const ModbuildImport* imports;
  uint32_t data_type_count;
  const ModbuildDataType* data_types;
  ModbuildHooks hooks;
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
