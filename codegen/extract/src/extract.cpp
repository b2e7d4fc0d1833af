// extract_api(): drives Clang over a module's umbrella translation unit.
#include "modbuild/extract/extract.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/VirtualFileSystem.h>

#include "collector.h"

#ifndef MODBUILD_CLANG_RESOURCE_DIR
#define MODBUILD_CLANG_RESOURCE_DIR ""
#endif

namespace modbuild::extract {

namespace {

// Clang's errors (and the notes that follow them) become compile_error problems.
class ErrorCollector final : public clang::DiagnosticConsumer {
 public:
  explicit ErrorCollector(std::vector<Problem>& problems) : problems_(problems) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    Problem problem{ProblemKind::compile_error, "", 0, 0, std::string(text), {}};
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const clang::PresumedLoc where = info.getSourceManager().getPresumedLoc(info.getLocation());
      if (where.isValid()) {
        problem.file = where.getFilename();
        problem.line = where.getLine();
        problem.column = where.getColumn();
      }
    }
    if (level == clang::DiagnosticsEngine::Note) {
      if (in_error_ && !problems_.empty()) problems_.back().notes.push_back(describe(problem));
      return;
    }
    in_error_ = level >= clang::DiagnosticsEngine::Error;
    if (in_error_) problems_.push_back(std::move(problem));
  }

 private:
  static std::string describe(const Problem& note) {
    if (note.file.empty()) return note.message;
    return note.file + ":" + std::to_string(note.line) + ":" + std::to_string(note.column) + ": " + note.message;
  }

  std::vector<Problem>& problems_;
  bool in_error_ = false;
};

// Runs a Collector over the translation unit once it is parsed, and records
// the files the parse read.
class CollectAction final : public clang::ASTFrontendAction {
 public:
  CollectAction(CollectorOptions options, CollectorOutput& output) : options_(std::move(options)), output_(output) {}

 protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& compiler, llvm::StringRef) override {
    return make_collector(compiler, options_, output_);
  }

 private:
  CollectorOptions options_;
  CollectorOutput& output_;
};

std::string normalized(llvm::StringRef path) {
  llvm::SmallString<256> out(path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

struct ParseResult {
  bool ran = false;  ///< false: Clang reported errors, nothing was collected
};

// One parse of `main_file` (served from memory when `main_text` is given).
ParseResult parse(const ExtractOptions& options, const std::string& main_file, const std::string* main_text,
                  CollectorOptions collector_options, CollectorOutput& output, std::vector<Problem>& problems) {
  auto memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  if (main_text) memory->addFile(main_file, 0, llvm::MemoryBuffer::getMemBufferCopy(*main_text));
  for (const auto& [path, contents] : options.memory_files) {
    memory->addFile(path, 0, llvm::MemoryBuffer::getMemBufferCopy(contents));
  }
  auto overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  overlay->pushOverlay(memory);
  auto files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), overlay);

  std::vector<std::string> command{"modbuild-gen", "-fsyntax-only", "-xc++", "-resource-dir", options.resource_dir,
                                   "-DMODBUILD_GENERATING=1", "-ferror-limit=20", "-Wno-everything",
                                   // also keeps Clang from printing "N errors generated" itself
                                   "-fno-caret-diagnostics"};
  const bool has_standard = std::any_of(options.flags.begin(), options.flags.end(),
                                        [](const std::string& flag) { return flag.rfind("-std=", 0) == 0; });
  if (!has_standard) command.push_back("-std=c++20");
  command.insert(command.end(), options.flags.begin(), options.flags.end());
  command.push_back(main_file);

  const std::size_t problems_before = problems.size();
  ErrorCollector errors(problems);
  clang::tooling::ToolInvocation invocation(
      command, std::make_unique<CollectAction>(std::move(collector_options), output), files.get());
  invocation.setDiagnosticConsumer(&errors);
  const bool ok = invocation.run();
  const bool had_errors = problems.size() > problems_before;
  if (!ok && !had_errors) {
    problems.push_back({ProblemKind::compile_error, "", 0, 0, "Clang could not run on " + main_file, {}});
  }
  return {ok && !had_errors};
}

std::string umbrella_text(const std::vector<std::string>& headers) {
  std::string text = "// modbuild-gen: every API header of the module, parsed once.\n";
  for (const std::string& header : headers) text += "#include \"" + header + "\"\n";
  return text;
}

}  // namespace

ExtractResult extract_api(const ExtractOptions& options) {
  ExtractResult result;
  CollectorOutput output;
  const std::string umbrella = normalized(options.module_dir + "/.modbuild-umbrella.cpp");
  const std::string text = umbrella_text(options.headers);
  CollectorOptions collect{options.module_dir, {}, options.foreign_dirs};
  if (!parse(options, umbrella, &text, collect, output, result.problems).ran) {
    result.problems.insert(result.problems.end(), output.problems.begin(), output.problems.end());
    return result;
  }
  codegen::ApiSchema schema;
  schema.module = options.module;
  schema.version = options.version;
  schema.headers = options.header_names;
  schema.functions = std::move(output.functions);
  schema.structs = std::move(output.structs);
  schema.enums = std::move(output.enums);
  codegen::canonicalize(schema);
  result.problems = std::move(output.problems);

  std::set<std::string> files(output.files_read.begin(), output.files_read.end());
  for (const std::string& source : options.implementation_sources) {
    CollectorOutput definitions;
    CollectorOptions look_for{options.implementation_dir.empty() ? options.module_dir : options.implementation_dir, {}, {}};
    for (const codegen::Function& f : schema.functions) look_for.definitions_of.push_back(f.qualified_name);
    parse(options, normalized(source), nullptr, look_for, definitions, result.problems);
    files.insert(definitions.files_read.begin(), definitions.files_read.end());
    result.definitions.insert(result.definitions.end(), definitions.definitions.begin(), definitions.definitions.end());
  }
  // Files served from memory are no dependency a build could track.
  files.erase(umbrella);
  for (const auto& memory_file : options.memory_files) files.erase(normalized(memory_file.first));
  result.files_read.assign(files.begin(), files.end());
  result.schema = std::move(schema);
  return result;
}

support::Expected<std::string, std::string> find_resource_dir(const std::string& configured) {
  std::string dir = configured;
  std::string source = "--resource-dir";
  if (dir.empty()) {
    if (const char* from_environment = std::getenv("MODBUILD_CLANG_RESOURCE_DIR")) {
      dir = from_environment;
      source = "MODBUILD_CLANG_RESOURCE_DIR";
    }
  }
  if (dir.empty()) {
    dir = MODBUILD_CLANG_RESOURCE_DIR;
    source = "the directory found when modbuild was configured";
  }
  if (dir.empty()) {
    return support::unexpected(std::string(
        "no Clang resource directory is known; pass --resource-dir or set MODBUILD_CLANG_RESOURCE_DIR "
        "(the output of `clang-14 -print-resource-dir`)"));
  }
  if (!llvm::sys::fs::exists(dir + "/include/stddef.h")) {
    return support::unexpected("Clang's resource directory '" + dir + "' (from " + source +
                               ") has no include/stddef.h; install clang-14's headers (libclang-common-14-dev) "
                               "or pass --resource-dir with the output of `clang-14 -print-resource-dir`");
  }
  return dir;
}

}  // namespace modbuild::extract
