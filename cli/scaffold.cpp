// Template instantiation for `modbuild new`.
#include "scaffold.h"

#include <algorithm>
#include <cctype>

#include "modbuild/support/embedded.h"
#include "modbuild/support/path.h"

namespace modbuild::generated {
std::span<const support::EmbeddedFile> module_templates();
}

namespace modbuild::cli {
namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string substitute(std::string text, const ScaffoldRequest& request) {
  const std::string ident = identifier_for(request.name);
  replace_all(text, "{{name}}", request.name);
  replace_all(text, "{{ident}}", ident);
  replace_all(text, "{{IDENT}}", upper(ident));
  replace_all(text, "{{core}}", request.core_contract);
  replace_all(text, "{{core_ident}}", identifier_for(request.core_contract));
  return text;
}

bool directory_is_empty_or_absent(const support::FileSystem& fs, const std::string& dir) {
  switch (fs.type(dir)) {
    case support::FileType::missing: return true;
    case support::FileType::directory: {
      auto entries = fs.list(dir);
      return entries && entries->empty();
    }
    default: return false;
  }
}

}  // namespace

std::string default_module_directory(manifest::ModuleKind kind, const std::string& name) {
  switch (kind) {
    case manifest::ModuleKind::core: return "core/" + name;
    case manifest::ModuleKind::system: return "systems/" + name;
    case manifest::ModuleKind::plugin: return "plugins/" + name;
    case manifest::ModuleKind::app: return "apps/" + name;
  }
  return name;
}

std::string identifier_for(const std::string& name) {
  std::string ident = name;
  std::replace(ident.begin(), ident.end(), '-', '_');
  return ident;
}

support::Expected<std::vector<std::string>, std::string> scaffold_module(support::FileSystem& fs,
                                                                         const ScaffoldRequest& request) {
  if (!directory_is_empty_or_absent(fs, request.directory)) {
    return support::unexpected("'" + request.directory + "' already exists and is not empty");
  }
  const std::string prefix = std::string(manifest::to_string(request.kind)) + "/";
  std::vector<std::string> written;
  for (const support::EmbeddedFile& file : generated::module_templates()) {
    if (!file.path.starts_with(prefix)) continue;
    std::string relative(file.path.substr(prefix.size()));
    replace_all(relative, "__ident__", identifier_for(request.name));
    const std::string path = support::join_path(request.directory, relative);
    if (auto done = fs.write(path, substitute(std::string(file.contents), request)); !done) {
      return support::unexpected("could not write '" + path + "': " + done.error());
    }
    written.push_back(path);
  }
  return written;
}

}  // namespace modbuild::cli
