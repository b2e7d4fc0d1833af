// The checks that read API schemas: semver against a baseline, and the
// signatures a system gives the functions of the contract it implements.
//
// Both are pure: schemas in, differences out. `modbuild check` turns them
// into diagnostics (MB5006, MB5007, MB5008) with the header lines on both sides.
#pragma once

#include <string>
#include <vector>

#include "modbuild/codegen/schema.h"
#include "modbuild/semver/version.h"

namespace modbuild::codegen {

/// One difference between a module's previous API and its current one.
struct ApiChange {
  enum class Kind {
    breaking,  ///< removed or changed function, struct or enumerator; changed struct layout
    addition,  ///< new function, struct, field-free addition such as a new enum
  };
  Kind kind = Kind::breaking;
  std::string message;  ///< "field 'y' of 'ecs::Transform' changed type from 'double' to 'float'"
  Location current;     ///< where it is now; empty file when it was removed
  Location baseline;    ///< where it was; empty file when it was added
  friend bool operator==(const ApiChange&, const ApiChange&) = default;
};

/// Every difference, breaking ones first, each group in name order.
/// Changes of nested structs count like those of data structs: they are part
/// of the data's layout.
std::vector<ApiChange> compare_api(const ApiSchema& baseline, const ApiSchema& current);

/// The version bump a set of changes needs, Cargo's way: a breaking change
/// needs a new major version (the minor for 0.y.z, the patch for 0.0.z), an
/// addition a new minor version (the patch for 0.y.z).
enum class Bump { none, addition, breaking };
/// Whether going from `from` to `to` is a bump of at least `needed`.
bool bump_allows(const semver::Version& from, const semver::Version& to, Bump needed);
/// The smallest version after `from` that allows `needed`, e.g. 1.2.3 -> 2.0.0.
semver::Version next_version(const semver::Version& from, Bump needed);

/// A contract function that a system defines with another signature.
struct SignatureMismatch {
  Function declared;  ///< in the contract's headers
  Function defined;   ///< in the system's sources
};

/// Contract functions defined by the system (ApiSchema::implementation) only
/// with signatures that differ from the contract's. Functions the system does
/// not define at all are left to the manifest rules (MB3006).
std::vector<SignatureMismatch> signature_mismatches(const ApiSchema& contract, const ApiSchema& system);

}  // namespace modbuild::codegen
