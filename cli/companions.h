// Where modbuild finds its companions: the code generator, modbuild-gen, and
// the runtime headers that generated code includes (modbuild/module_abi.h...).
//
// An installed prefix keeps them beside the executable (bin/modbuild-gen,
// include/modbuild/); a build tree has them where it built or found them.
#pragma once

#include <string>

namespace modbuild::cli {

/// $MODBUILD_GEN, else modbuild-gen beside this executable, else the one of
/// the build tree this executable comes from; "" when there is none (modbuild
/// built without Clang).
std::string find_generator();

/// <prefix>/include beside an installed executable, else this source tree's
/// runtime headers; "" when neither holds modbuild/module_abi.h.
std::string find_runtime_include_dir();

}  // namespace modbuild::cli
