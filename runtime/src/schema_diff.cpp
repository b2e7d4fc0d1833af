// Comparing the data layouts of two API schemas.
#include "schema_diff.h"

#include <map>

#include <nlohmann/json.hpp>

namespace modbuild::runtime {
namespace {

using nlohmann::json;

struct FieldLayout {
  std::string type;
  std::uint64_t offset = 0;
};

struct StructLayout {
  std::uint64_t size = 0;
  std::vector<std::string> order;  ///< field names as declared
  std::map<std::string, FieldLayout> fields;
};

using Layouts = std::map<std::string, StructLayout>;

std::string text_of(const json& object, const char* member) {
  const auto it = object.find(member);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint64_t number_of(const json& object, const char* member) {
  const auto it = object.find(member);
  return it != object.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

Result<Layouts> layouts_of(std::string_view text, const char* which) {
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return Error{std::string("the ") + which + " schema is not a JSON object"};
  const auto structs = document.find("structs");
  if (structs == document.end() || !structs->is_array()) return Error{std::string("the ") + which + " schema has no structs"};
  Layouts layouts;
  for (const json& s : *structs) {
    if (!s.is_object()) continue;
    StructLayout layout;
    layout.size = number_of(s, "size");
    const auto fields = s.find("fields");
    if (fields != s.end() && fields->is_array()) {
      for (const json& f : *fields) {
        if (!f.is_object()) continue;
        const std::string name = text_of(f, "name");
        layout.order.push_back(name);
        layout.fields[name] = {text_of(f, "type"), number_of(f, "offset")};
      }
    }
    layouts[text_of(s, "qualified_name")] = std::move(layout);
  }
  return layouts;
}

void compare(const std::string& name, const StructLayout& before, const StructLayout& after, LayoutDiff& diff) {
  for (const std::string& field : before.order) {
    const auto now = after.fields.find(field);
    const FieldLayout& was = before.fields.at(field);
    if (now == after.fields.end()) {
      diff.changes.push_back("field '" + field + "' (" + was.type + ") was removed from '" + name + "'");
    } else if (now->second.type != was.type) {
      std::string change = "field '" + field + "' of '" + name + "' changed type from '" + was.type + "' to '" +
                           now->second.type + "'";
      diff.changes.push_back(change);
      diff.incompatible.push_back(std::move(change));
    } else if (now->second.offset != was.offset) {
      diff.changes.push_back("field '" + field + "' of '" + name + "' moved from offset " + std::to_string(was.offset) +
                             " to " + std::to_string(now->second.offset));
    }
  }
  for (const std::string& field : after.order) {
    if (before.fields.count(field) == 0) {
      diff.changes.push_back("field '" + field + "' (" + after.fields.at(field).type + ") was added to '" + name + "'");
    }
  }
  if (before.size != after.size && diff.changes.empty()) {
    diff.changes.push_back("'" + name + "' changed size from " + std::to_string(before.size) + " to " +
                           std::to_string(after.size) + " bytes");
  }
}

}  // namespace

bool schema_matches(std::string_view schema, const std::vector<std::pair<std::string, std::string>>& layouts) {
  const json document = json::parse(schema, nullptr, false);
  const auto structs = document.is_object() ? document.find("structs") : document.end();
  if (document.is_discarded() || !document.is_object() || structs == document.end() || !structs->is_array()) return false;
  std::map<std::string, std::string> fingerprints;
  for (const json& s : *structs) {
    if (s.is_object()) fingerprints[text_of(s, "qualified_name")] = text_of(s, "fingerprint");
  }
  for (const auto& [type, fingerprint] : layouts) {
    const auto it = fingerprints.find(type);
    if (it == fingerprints.end() || it->second != fingerprint) return false;
  }
  return true;
}

Result<LayoutDiff> diff_layouts(std::string_view before, std::string_view after, std::string_view only) {
  Result<Layouts> old_layouts = layouts_of(before, "older");
  if (!old_layouts) return old_layouts.error();
  Result<Layouts> new_layouts = layouts_of(after, "newer");
  if (!new_layouts) return new_layouts.error();
  LayoutDiff diff;
  for (const auto& [name, layout] : *old_layouts) {
    if (!only.empty() && name != only) continue;
    const auto now = new_layouts->find(name);
    if (now == new_layouts->end()) {
      diff.changes.push_back("struct '" + name + "' was removed");
      continue;
    }
    compare(name, layout, now->second, diff);
  }
  for (const auto& [name, layout] : *new_layouts) {
    if ((only.empty() || name == only) && old_layouts->count(name) == 0) diff.changes.push_back("struct '" + name + "' was added");
  }
  return diff;
}

}  // namespace modbuild::runtime
