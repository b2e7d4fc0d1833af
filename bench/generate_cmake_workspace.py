#!/usr/bin/env python3
"""Writes a buildable workspace of N modules and its plain CMake twin.

Half the modules are Core modules (c0000...: a data struct, a contract function
and a helper), half are systems (s0000...: each implements one Core module's
contract and calls a helper of the next Core module). <out>/workspace is the
modbuild workspace with a CMakeLists.txt calling modbuild_workspace() (without
code generation: the plain twin has none);
<out>/plain is a hand-written CMake project defining the same shared-library
targets with the same settings (sources, include directories, links, hidden
visibility, export headers, output names, RPATH), without modbuild, its export
headers from CMake's GenerateExportHeader as such projects usually do;
<out>/plain-lean is the same with each export header written by one
file(CONFIGURE), as the package writes them.

    generate_cmake_workspace.py <out> [modules]   (default 500)
"""
import os
import sys


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def core_module(root, i):
    name = f"c{i:04d}"
    write(f"{root}/core/{name}/module.toml", f"""[module]
name = "{name}"
version = "1.0.0"
kind = "core"

[contract]
data = ["D{i:04d}"]
api = ["f{i:04d}"]

[build]
sources = ["src/*.cpp"]
include = ["include"]
api-headers = ["include/{name}/{name}.h"]
""")
    write(f"{root}/core/{name}/include/{name}/{name}.h", f"""#pragma once
#include "{name}_export.h"
namespace {name} {{
struct D{i:04d} {{ int value = 0; }};
{name.upper()}_EXPORT int f{i:04d}(const D{i:04d}& data);
{name.upper()}_EXPORT int h{i:04d}();
}}
""")
    write(f"{root}/core/{name}/src/{name}.cpp", f"""#include "{name}/{name}.h"
namespace {name} {{
int h{i:04d}() {{ return {i}; }}
}}
""")


def system_module(root, i, cores):
    name, core, other = f"s{i:04d}", f"c{i:04d}", f"c{(i + 1) % cores:04d}"
    write(f"{root}/systems/{name}/module.toml", f"""[module]
name = "{name}"
version = "1.0.0"
kind = "system"

[implements]
module = "{core}"
version = "^1.0"
api = ["f{i:04d}"]

[core]
{core} = {{ version = "^1.0", data = ["D{i:04d}"] }}
{other} = {{ version = "^1.0", data = ["D{(i + 1) % cores:04d}"] }}

[build]
sources = ["src/*.cpp"]
include = []
""")
    write(f"{root}/systems/{name}/src/{name}.cpp", f"""#include "{core}/{core}.h"
#include "{other}/{other}.h"
namespace {core} {{
int f{i:04d}(const D{i:04d}& data) {{ return data.value + {other}::h{(i + 1) % cores:04d}(); }}
}}
""")


PLAIN_TARGET = """add_library({t} SHARED {sources})
target_include_directories({t} PUBLIC {includes})
target_link_libraries({t} PUBLIC {links})
set_target_properties({t} PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON CXX_EXTENSIONS OFF
  OUTPUT_NAME {t}-1.0.0 LIBRARY_OUTPUT_DIRECTORY ${{CMAKE_BINARY_DIR}}/modules
  BUILD_RPATH_USE_ORIGIN ON BUILD_RPATH "$ORIGIN" INSTALL_RPATH "$ORIGIN")
target_compile_features({t} PUBLIC cxx_std_20)
target_compile_options({t} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
target_link_options({t} PRIVATE LINKER:--no-undefined)
{export_header}
target_include_directories({t} PUBLIC ${{CMAKE_BINARY_DIR}}/export/{t})
"""

GENERATED_EXPORT_HEADER = \
    "generate_export_header({t} BASE_NAME {upper} EXPORT_FILE_NAME ${{CMAKE_BINARY_DIR}}/export/{t}/{t}_export.h)"
CONFIGURED_EXPORT_HEADER = \
    "file(CONFIGURE OUTPUT ${{CMAKE_BINARY_DIR}}/export/{t}/{t}_export.h CONTENT [[#pragma once\n" \
    "#define {upper}_EXPORT __attribute__((visibility(\"default\")))\n" \
    "#define {upper}_NO_EXPORT __attribute__((visibility(\"hidden\")))\n]])"


def plain_project(out, directory, root, cores, export_header):
    parts = [f"cmake_minimum_required(VERSION 3.25)\nproject({directory.replace('-', '_')} LANGUAGES CXX)\n"
             "include(GenerateExportHeader)\n"]

    def target(name, sources, includes, links):
        header = export_header.format(t=name, upper=name.upper())
        parts.append(PLAIN_TARGET.format(t=name, upper=name.upper(), sources=sources, includes=includes, links=links,
                                         export_header=header))

    for i in range(cores):
        name = f"c{i:04d}"
        target(name, f"{root}/core/{name}/src/{name}.cpp", f"{root}/core/{name}/include", "")
    for i in range(cores):
        name = f"s{i:04d}"
        target(name, f"{root}/systems/{name}/src/{name}.cpp", "", f"c{i:04d} c{(i + 1) % cores:04d}")
    write(f"{out}/{directory}/CMakeLists.txt", "".join(parts))


def main():
    out = os.path.abspath(sys.argv[1])
    modules = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    cores = modules // 2
    root = f"{out}/workspace"
    write(f"{root}/modbuild.toml", '[workspace]\nname = "bench"\nmembers = ["core/*", "systems/*"]\n')
    write(f"{root}/CMakeLists.txt", "cmake_minimum_required(VERSION 3.25)\nproject(bench LANGUAGES CXX)\n"
          "find_package(modbuild 0.1 CONFIG REQUIRED)\nmodbuild_workspace(. NO_CODEGEN)\n")
    for i in range(cores):
        core_module(root, i)
        system_module(root, i, cores)
    plain_project(out, "plain", root, cores, GENERATED_EXPORT_HEADER)
    plain_project(out, "plain-lean", root, cores, CONFIGURED_EXPORT_HEADER)


if __name__ == "__main__":
    main()
