// Semver and signature checks over API schemas (api_check.h).
#include "modbuild/codegen/api_check.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace modbuild::codegen {

namespace {

using Kind = ApiChange::Kind;

template <class T>
std::map<std::string, const T*> by_name(const std::vector<T>& items) {
  std::map<std::string, const T*> out;
  for (const T& item : items) out.emplace(item.qualified_name, &item);
  return out;
}

void compare_functions(const ApiSchema& before, const ApiSchema& after, std::vector<ApiChange>& changes) {
  const auto old_functions = by_name(before.functions);
  const auto new_functions = by_name(after.functions);
  for (const auto& [name, old_function] : old_functions) {
    auto found = new_functions.find(name);
    if (found == new_functions.end()) {
      changes.push_back({Kind::breaking, fmt::format("function '{}' was removed", name), {}, old_function->location});
    } else if (found->second->signature() != old_function->signature()) {
      changes.push_back({Kind::breaking,
                         fmt::format("function '{}' changed its signature from '{}' to '{}'", name,
                                     old_function->signature(), found->second->signature()),
                         found->second->location, old_function->location});
    }
  }
  for (const auto& [name, new_function] : new_functions) {
    if (!old_functions.count(name)) {
      changes.push_back({Kind::addition, fmt::format("function '{}' was added", name), new_function->location, {}});
    }
  }
}

// The changes of one struct's layout, naming the fields involved.
void compare_layout(const Struct& before, const Struct& after, std::vector<ApiChange>& changes) {
  const std::string& name = after.qualified_name;
  auto change = [&](std::string message) {
    changes.push_back({Kind::breaking, std::move(message), after.location, before.location});
  };
  std::map<std::string, const Field*> old_fields;
  for (const Field& f : before.fields) old_fields.emplace(f.name, &f);
  std::map<std::string, const Field*> new_fields;
  for (const Field& f : after.fields) new_fields.emplace(f.name, &f);
  const std::size_t before_count = changes.size();
  for (const Field& f : before.fields) {
    auto found = new_fields.find(f.name);
    if (found == new_fields.end()) {
      change(fmt::format("field '{}' of '{}' was removed", f.name, name));
    } else if (found->second->type != f.type) {
      change(fmt::format("field '{}' of '{}' changed type from '{}' to '{}'", f.name, name, f.type, found->second->type));
    } else if (found->second->offset != f.offset) {
      change(fmt::format("field '{}' of '{}' moved from offset {} to {}", f.name, name, f.offset, found->second->offset));
    }
  }
  for (const Field& f : after.fields) {
    if (!old_fields.count(f.name)) change(fmt::format("field '{}' was added to '{}', changing its layout", f.name, name));
  }
  if (changes.size() > before_count) return;
  if (before.size != after.size || before.align != after.align) {
    change(fmt::format("'{}' changed size or alignment from {}/{} to {}/{}", name, before.size, before.align, after.size,
                       after.align));
  } else if (layout_fingerprint(before) != layout_fingerprint(after)) {
    change(fmt::format("the fields of '{}' changed order", name));
  }
}

void compare_structs(const ApiSchema& before, const ApiSchema& after, std::vector<ApiChange>& changes) {
  const auto old_structs = by_name(before.structs);
  const auto new_structs = by_name(after.structs);
  for (const auto& [name, old_struct] : old_structs) {
    auto found = new_structs.find(name);
    if (found == new_structs.end()) {
      changes.push_back({Kind::breaking, fmt::format("struct '{}' was removed", name), {}, old_struct->location});
    } else {
      compare_layout(*old_struct, *found->second, changes);
    }
  }
  for (const auto& [name, new_struct] : new_structs) {
    if (!old_structs.count(name)) {
      changes.push_back({Kind::addition, fmt::format("struct '{}' was added", name), new_struct->location, {}});
    }
  }
}

void compare_enum(const Enum& before, const Enum& after, std::vector<ApiChange>& changes) {
  const std::string& name = after.qualified_name;
  if (before.underlying_type != after.underlying_type) {
    changes.push_back({Kind::breaking,
                       fmt::format("enum '{}' changed its underlying type from '{}' to '{}'", name, before.underlying_type,
                                   after.underlying_type),
                       after.location, before.location});
  }
  std::map<std::string, std::int64_t> new_values;
  for (const Enumerator& e : after.enumerators) new_values.emplace(e.name, e.value);
  std::map<std::string, std::int64_t> old_values;
  for (const Enumerator& e : before.enumerators) {
    old_values.emplace(e.name, e.value);
    auto found = new_values.find(e.name);
    if (found == new_values.end()) {
      changes.push_back({Kind::breaking, fmt::format("enumerator '{}::{}' was removed", name, e.name), after.location, before.location});
    } else if (found->second != e.value) {
      changes.push_back({Kind::breaking,
                         fmt::format("enumerator '{}::{}' changed value from {} to {}", name, e.name, e.value, found->second),
                         after.location, before.location});
    }
  }
  for (const Enumerator& e : after.enumerators) {
    if (!old_values.count(e.name)) {
      changes.push_back({Kind::addition, fmt::format("enumerator '{}::{}' was added", name, e.name), after.location, before.location});
    }
  }
}

void compare_enums(const ApiSchema& before, const ApiSchema& after, std::vector<ApiChange>& changes) {
  const auto old_enums = by_name(before.enums);
  const auto new_enums = by_name(after.enums);
  for (const auto& [name, old_enum] : old_enums) {
    auto found = new_enums.find(name);
    if (found == new_enums.end()) {
      changes.push_back({Kind::breaking, fmt::format("enum '{}' was removed", name), {}, old_enum->location});
    } else {
      compare_enum(*old_enum, *found->second, changes);
    }
  }
  for (const auto& [name, new_enum] : new_enums) {
    if (!old_enums.count(name)) changes.push_back({Kind::addition, fmt::format("enum '{}' was added", name), new_enum->location, {}});
  }
}

// 1.2.3 -> 1 (major), 0.2.3 -> 2 (minor), 0.0.3 -> 3 (patch): the component
// whose change signals a breaking change, Cargo's rule.
int breaking_component(const semver::Version& v) { return v.major > 0 ? 0 : v.minor > 0 ? 1 : 2; }

std::uint64_t component(const semver::Version& v, int index) { return index == 0 ? v.major : index == 1 ? v.minor : v.patch; }

}  // namespace

std::vector<ApiChange> compare_api(const ApiSchema& baseline, const ApiSchema& current) {
  std::vector<ApiChange> changes;
  compare_functions(baseline, current, changes);
  compare_structs(baseline, current, changes);
  compare_enums(baseline, current, changes);
  std::stable_partition(changes.begin(), changes.end(), [](const ApiChange& c) { return c.kind == Kind::breaking; });
  return changes;
}

bool bump_allows(const semver::Version& from, const semver::Version& to, Bump needed) {
  if (needed == Bump::none) return true;
  const int breaking = breaking_component(from);
  // The components before `breaking` are zero in `from`; any rise there is a bigger bump still.
  for (int i = 0; i < breaking; ++i) {
    if (component(to, i) > component(from, i)) return true;
  }
  if (component(to, breaking) > component(from, breaking)) return true;
  if (needed == Bump::breaking || breaking == 2) return false;
  if (component(to, breaking) != component(from, breaking)) return false;
  for (int i = breaking + 1; i < 3; ++i) {
    if (component(to, i) > component(from, i)) return i == breaking + 1;
    if (component(to, i) < component(from, i)) return false;
  }
  return false;
}

semver::Version next_version(const semver::Version& from, Bump needed) {
  semver::Version next;
  next.major = from.major;
  next.minor = from.minor;
  next.patch = from.patch;
  int index = breaking_component(from);
  if (needed == Bump::addition && index < 2) ++index;
  if (needed == Bump::none) index = 2;
  if (index == 0) next = {from.major + 1, 0, 0, {}, {}};
  if (index == 1) next = {from.major, from.minor + 1, 0, {}, {}};
  if (index == 2) next = {from.major, from.minor, from.patch + 1, {}, {}};
  return next;
}

std::vector<SignatureMismatch> signature_mismatches(const ApiSchema& contract, const ApiSchema& system) {
  std::vector<SignatureMismatch> mismatches;
  if (!system.implementation) return mismatches;
  for (const Function& declared : contract.functions) {
    const Function* other = nullptr;
    bool exact = false;
    for (const Function& defined : system.implementation->definitions) {
      if (defined.qualified_name != declared.qualified_name) continue;
      if (defined.signature() == declared.signature()) exact = true;
      if (!other) other = &defined;
    }
    if (other && !exact) mismatches.push_back({declared, *other});
  }
  return mismatches;
}

}  // namespace modbuild::codegen
