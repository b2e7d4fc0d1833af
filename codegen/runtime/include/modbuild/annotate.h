// modbuild/annotate.h: marks the declarations modbuild's code generator binds.
//
// The macros expand to [[clang::annotate("modbuild:...")]] only while
// modbuild-gen parses the headers (it defines MODBUILD_GENERATING), so the
// compilers that build the modules see nothing and the headers stay portable.
//
//   struct MODBUILD_DATA World { ... };              Core data: serializable, layout-checked
//   enum class MODBUILD_DATA Mode { ... };           an enum of the API
//   MODBUILD_API Entity spawn_entity(World& world);  an API function: one slot of the table
//   MODBUILD_API MODBUILD_HOT bool is_alive(...);    a hot-path API function
#pragma once

#if defined(MODBUILD_GENERATING)
#define MODBUILD_DATA [[clang::annotate("modbuild:data")]]
#define MODBUILD_API [[clang::annotate("modbuild:api")]]
#define MODBUILD_HOT [[clang::annotate("modbuild:hot")]]
#else
#define MODBUILD_DATA
#define MODBUILD_API
#define MODBUILD_HOT
#endif
