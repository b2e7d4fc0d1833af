// The AST walk of collector.h.
#include "collector.h"

#include <map>
#include <optional>
#include <set>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/QualTypeNames.h>
#include <clang/AST/RecordLayout.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace modbuild::extract {

namespace {

using codegen::StructRole;

constexpr llvm::StringLiteral kData = "modbuild:data";
constexpr llvm::StringLiteral kApi = "modbuild:api";
constexpr llvm::StringLiteral kHot = "modbuild:hot";

bool has_annotation(const clang::Decl* decl, llvm::StringRef annotation) {
  for (const auto* attr : decl->specific_attrs<clang::AnnotateAttr>()) {
    if (attr->getAnnotation() == annotation) return true;
  }
  return false;
}

std::string absolute(llvm::StringRef path) {
  llvm::SmallString<256> out(path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

// The path a diagnostic names. Lexically normalized, as the module's own
// files are given; but the driver reaches the standard library through
// symbolic links (/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12 on
// a merged-/usr system), where removing ".." lexically names a file that does
// not exist, so such a file is named by its real path.
std::string displayed(llvm::StringRef path) {
  std::string lexical = absolute(path);
  if (llvm::sys::fs::exists(lexical)) return lexical;
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(path, real)) return lexical;  // served from memory
  return std::string(real);
}

class Collector final : public clang::ASTConsumer, public clang::RecursiveASTVisitor<Collector> {
 public:
  Collector(const CollectorOptions& options, CollectorOutput& output)
      : options_(options), output_(output), definitions_of_(options.definitions_of.begin(), options.definitions_of.end()) {}

  void HandleTranslationUnit(clang::ASTContext& context) override {
    context_ = &context;
    record_files_read();
    // After an error the AST is partial; Clang's errors are what to report.
    if (context.getDiagnostics().hasErrorOccurred()) return;
    policy_ = std::make_unique<clang::PrintingPolicy>(context.getLangOpts());
    policy_->SuppressUnwrittenScope = true;
    policy_->SuppressTagKeyword = true;
    policy_->AnonymousTagLocations = false;
    policy_->Bool = true;
    TraverseDecl(context.getTranslationUnitDecl());
    drain_nested();
  }

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(clang::FunctionDecl* function) {
    if (!definitions_of_.empty()) {
      collect_definition(function);
    } else if ((has_annotation(function, kApi) || has_annotation(function, kHot)) && !is_foreign(function)) {
      add_function(function);
    }
    return true;
  }

  bool VisitCXXRecordDecl(clang::CXXRecordDecl* record) {
    if (definitions_of_.empty() && has_annotation(record, kData) && !is_foreign(record)) add_annotated_record(record);
    return true;
  }

  bool VisitEnumDecl(clang::EnumDecl* decl) {
    if (definitions_of_.empty() && has_annotation(decl, kData) && !is_foreign(decl)) add_enum(decl);
    return true;
  }

 private:
  // ---- locations and problems ----

  // Declared in another module's headers: part of that module's API.
  bool is_foreign(const clang::Decl* decl) const {
    if (options_.foreign_dirs.empty()) return false;
    const clang::PresumedLoc at = presumed(decl->getLocation());
    if (at.isInvalid()) return false;
    const std::string file = displayed(at.getFilename());
    for (const std::string& dir : options_.foreign_dirs) {
      if (file.rfind(dir + "/", 0) == 0) return true;
    }
    return false;
  }

  clang::PresumedLoc presumed(clang::SourceLocation where) const {
    const clang::SourceManager& sources = context_->getSourceManager();
    return sources.getPresumedLoc(sources.getFileLoc(where));
  }

  codegen::Location location(clang::SourceLocation where) const {
    const clang::PresumedLoc at = presumed(where);
    if (at.isInvalid()) return {};
    std::string file = displayed(at.getFilename());
    const std::string prefix = options_.module_dir + "/";
    if (file.rfind(prefix, 0) == 0) file = file.substr(prefix.size());
    return {file, at.getLine(), at.getColumn()};
  }

  std::string where_text(clang::SourceLocation where) const {
    const clang::PresumedLoc at = presumed(where);
    if (at.isInvalid()) return "<unknown>";
    return displayed(at.getFilename()) + ":" + std::to_string(at.getLine()) + ":" + std::to_string(at.getColumn());
  }

  Problem& unsupported(clang::SourceLocation where, std::string message) {
    Problem problem{ProblemKind::unsupported, "", 0, 0, std::move(message), {}};
    const clang::PresumedLoc at = presumed(where);
    if (at.isValid()) {
      problem.file = displayed(at.getFilename());
      problem.line = at.getLine();
      problem.column = at.getColumn();
    }
    output_.problems.push_back(std::move(problem));
    return output_.problems.back();
  }

  // Real paths: the driver finds the standard library through symbolic
  // links (/lib/gcc/.../../../../include on a merged-/usr system), where
  // removing ".." lexically would name files that do not exist, and a build
  // tool would then consider the outputs out of date forever.
  void record_files_read() {
    const clang::SourceManager& sources = context_->getSourceManager();
    for (auto it = sources.fileinfo_begin(); it != sources.fileinfo_end(); ++it) {
      llvm::SmallString<256> real;
      if (llvm::sys::fs::real_path(it->first->getName(), real)) {
        output_.files_read.push_back(absolute(it->first->getName()));  // served from memory
      } else {
        output_.files_read.push_back(std::string(real));
      }
    }
  }

  // ---- types ----

  std::string spell(clang::QualType type) const {
    return clang::TypeName::getFullyQualifiedName(type, *context_, *policy_, /*WithGlobalNsPrefix=*/false);
  }

  // Why a parameter or return type cannot go through a table slot, if it cannot.
  std::optional<std::string> unbindable(clang::QualType type) const {
    clang::QualType target = type;
    if (type->isReferenceType() || type->isPointerType()) target = type->getPointeeType();
    if (target->isVoidType() || !target->isIncompleteType()) return std::nullopt;
    if (target->isArrayType()) return std::nullopt;
    // A specialization that nothing has instantiated yet (std::optional<T>
    // as a return type) is complete wherever the generated code uses it.
    if (const auto* specialization =
            llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(target->getAsCXXRecordDecl())) {
      const clang::ClassTemplateDecl* pattern = specialization->getSpecializedTemplate();
      llvm::SmallVector<clang::ClassTemplatePartialSpecializationDecl*, 4> partial;
      const_cast<clang::ClassTemplateDecl*>(pattern)->getPartialSpecializations(partial);
      if (pattern->getTemplatedDecl()->hasDefinition() || !partial.empty()) return std::nullopt;
    }
    return "'" + spell(type) + "' refers to an incomplete type, whose layout is unknown to the generated code";
  }

  // Why a field's type cannot be serialized, if it cannot. Structs it reaches
  // are queued as nested structs.
  std::optional<std::string> unserializable(clang::QualType type, const clang::Decl* reached_from) {
    const clang::QualType canonical = type.getCanonicalType();
    if (const auto* enum_type = canonical->getAs<clang::EnumType>()) {
      add_enum(enum_type->getDecl());
      return std::nullopt;
    }
    if (canonical->isBooleanType() || (canonical->isArithmeticType() && !canonical->isAnyComplexType())) {
      return std::nullopt;
    }
    if (canonical->isPointerType() || canonical->isReferenceType() || canonical->isMemberPointerType()) {
      return "'" + spell(type) + "' is a pointer or reference, which does not survive a reload; store an index or a handle";
    }
    if (canonical->isArrayType()) return "C arrays are not serialized; use std::array";
    const clang::CXXRecordDecl* record = canonical->getAsCXXRecordDecl();
    if (!record) return "'" + spell(type) + "' cannot be serialized";
    if (record->isInStdNamespace()) return unserializable_standard(type, record, reached_from);
    if (!record->getDefinition()) return "'" + spell(type) + "' is an incomplete type";
    queue_nested(record->getDefinition(), reached_from);
    return std::nullopt;
  }

  std::optional<std::string> unserializable_standard(clang::QualType type, const clang::CXXRecordDecl* record,
                                                     const clang::Decl* reached_from) {
    const auto* specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record);
    const std::string name = record->getName().str();
    static const std::set<std::string> containers = {"basic_string", "vector", "deque", "optional", "variant", "array"};
    if (!specialization || !containers.count(name)) {
      return "'" + spell(type) + "' cannot be serialized (supported: arithmetic types, enums, std::string, "
             "std::vector, std::deque, std::optional, std::variant, std::array and plain structs of those)";
    }
    const clang::TemplateArgumentList& arguments = specialization->getTemplateArgs();
    if (name == "basic_string") {
      const clang::QualType character = arguments[0].getAsType().getCanonicalType();
      if (!character->isSpecificBuiltinType(clang::BuiltinType::Char_S) &&
          !character->isSpecificBuiltinType(clang::BuiltinType::Char_U)) {
        return "only std::string among the string types is serialized";
      }
      return std::nullopt;
    }
    if (name == "vector" && arguments[0].getAsType().getCanonicalType()->isBooleanType()) {
      return "std::vector<bool> packs its bits and has no element references to load into; use std::vector<std::uint8_t>";
    }
    if (name == "variant") {
      for (const clang::TemplateArgument& alternative : arguments[0].pack_elements()) {
        if (auto why = unserializable(alternative.getAsType(), reached_from)) return why;
      }
      return std::nullopt;
    }
    return unserializable(arguments[0].getAsType(), reached_from);
  }

  // ---- functions ----

  void add_function(const clang::FunctionDecl* function) {
    if (!seen_.insert(function->getFirstDecl()).second) return;
    const std::string name = function->getQualifiedNameAsString();
    if (!is_bindable(function, name)) return;
    // The table has one slot per unqualified name.
    auto [slot, fresh] = slots_.try_emplace(function->getNameAsString(), function);
    if (!fresh) {
      unsupported(function->getLocation(), "'" + name + "' and '" + slot->second->getQualifiedNameAsString() +
                                               "' would share the table slot '" + slot->first + "'; rename one")
          .notes.push_back(where_text(slot->second->getLocation()) + ": the other one is declared here");
      return;
    }
    codegen::Function entry = describe(function);
    entry.hot = has_annotation(function, kHot);
    output_.functions.push_back(std::move(entry));
  }

  bool is_bindable(const clang::FunctionDecl* function, const std::string& name) {
    const clang::SourceLocation at = function->getLocation();
    if (function->getDescribedFunctionTemplate() || function->isFunctionTemplateSpecialization()) {
      unsupported(at, "function template '" + name + "' cannot be bound: a table slot holds one address; "
                      "annotate a non-template function that calls it");
      return false;
    }
    if (llvm::isa<clang::CXXMethodDecl>(function)) {
      unsupported(at, "member function '" + name + "' cannot be bound: API functions are free functions "
                      "taking the Core data as a parameter");
      return false;
    }
    if (function->isVariadic()) {
      unsupported(at, "variadic function '" + name + "' cannot be bound: the table needs a fixed signature");
      return false;
    }
    if (function->isDeleted() || function->isConsteval()) {
      unsupported(at, "function '" + name + "' has no address to put in the table");
      return false;
    }
    if (!check_overloads(function, name)) return false;
    bool ok = true;
    if (auto why = unbindable(function->getReturnType())) {
      unsupported(at, "the return type of '" + name + "': " + *why);
      ok = false;
    }
    for (const clang::ParmVarDecl* parameter : function->parameters()) {
      if (auto why = unbindable(parameter->getType())) {
        unsupported(parameter->getLocation(), parameter_text(parameter) + " of '" + name + "': " + *why);
        ok = false;
      }
    }
    return ok;
  }

  static std::string parameter_text(const clang::ParmVarDecl* parameter) {
    if (parameter->getIdentifier()) return "parameter '" + parameter->getNameAsString() + "'";
    return "parameter " + std::to_string(parameter->getFunctionScopeIndex() + 1);
  }

  bool check_overloads(const clang::FunctionDecl* function, const std::string& name) {
    std::vector<const clang::Decl*> others;
    for (const clang::NamedDecl* found : function->getDeclContext()->getRedeclContext()->lookup(function->getDeclName())) {
      const clang::Decl* other = found;
      if (const auto* as_template = llvm::dyn_cast<clang::FunctionTemplateDecl>(found)) other = as_template->getTemplatedDecl();
      if (llvm::isa<clang::FunctionDecl>(other) && other->getCanonicalDecl() != function->getCanonicalDecl()) {
        others.push_back(other);
      }
    }
    if (others.empty()) return true;
    Problem& problem = unsupported(function->getLocation(),
                                   "'" + name + "' is overloaded: a table slot holds one function; give each overload its own name");
    for (const clang::Decl* other : others) problem.notes.push_back(where_text(other->getLocation()) + ": another overload is declared here");
    return false;
  }

  codegen::Function describe(const clang::FunctionDecl* function) const {
    codegen::Function entry;
    entry.name = function->getNameAsString();
    entry.qualified_name = function->getQualifiedNameAsString();
    entry.return_type = spell(function->getReturnType());
    for (const clang::ParmVarDecl* parameter : function->parameters()) {
      entry.parameters.push_back({parameter->getNameAsString(), spell(parameter->getType())});
    }
    entry.location = location(function->getLocation());
    return entry;
  }

  void collect_definition(const clang::FunctionDecl* function) {
    if (!function->isThisDeclarationADefinition()) return;
    if (!context_->getSourceManager().isInMainFile(function->getLocation())) return;
    if (!definitions_of_.count(function->getQualifiedNameAsString())) return;
    output_.definitions.push_back(describe(function));
  }

  // ---- structs and enums ----

  void add_annotated_record(const clang::CXXRecordDecl* record) {
    if (auto why = not_core_data(record)) {
      if (seen_.insert(record->getCanonicalDecl()).second) unsupported(record->getLocation(), *why);
      return;
    }
    add_struct(record->getDefinition(), StructRole::data, nullptr);
  }

  // Why an annotated record cannot be Core data, if it cannot: the generated
  // code names it and Clang lays it out, so it must be one type, declared
  // where a header can name it, and defined.
  static std::optional<std::string> not_core_data(const clang::CXXRecordDecl* record) {
    const std::string name = record->getQualifiedNameAsString();
    if (record->getDescribedClassTemplate() || llvm::isa<clang::ClassTemplatePartialSpecializationDecl>(record)) {
      return "class template '" + name + "' cannot be Core data: annotate the structs that use it; their fields' "
             "specializations are serialized with them";
    }
    if (record->isDependentContext()) {
      return declared_name(record) + " is declared inside template '" + enclosing_template(record) +
             "', so it has a layout only in each specialization: annotate the structs that use it; their fields' "
             "types are serialized with them";
    }
    if (const clang::FunctionDecl* function = record->isLocalClass()) {
      return "'" + name + "' is local to function '" + function->getQualifiedNameAsString() +
             "', where the generated code cannot name it; declare it at namespace scope";
    }
    if (!record->getDefinition()) return "'" + name + "' is marked MODBUILD_DATA but not defined in the API headers";
    return std::nullopt;
  }

  static std::string declared_name(const clang::CXXRecordDecl* record) {
    if (record->getIdentifier()) return "'" + record->getNameAsString() + "'";
    return record->isUnion() ? "an anonymous union" : "an anonymous struct";
  }

  // The template a record inside a template belongs to, named as written
  // (the qualified name of a partial specialization's member spells its
  // arguments as 'type-parameter-0-1').
  static std::string enclosing_template(const clang::CXXRecordDecl* record) {
    for (const clang::DeclContext* context = record->getParent(); context; context = context->getParent()) {
      if (const auto* partial = llvm::dyn_cast<clang::ClassTemplatePartialSpecializationDecl>(context)) {
        return partial->getSpecializedTemplate()->getQualifiedNameAsString();
      }
      if (const auto* outer = llvm::dyn_cast<clang::CXXRecordDecl>(context); outer && outer->getDescribedClassTemplate()) {
        return outer->getQualifiedNameAsString();
      }
      if (const auto* function = llvm::dyn_cast<clang::FunctionDecl>(context); function && function->getDescribedFunctionTemplate()) {
        return function->getQualifiedNameAsString();
      }
    }
    return record->getQualifiedNameAsString();
  }

  void queue_nested(const clang::CXXRecordDecl* record, const clang::Decl* reached_from) {
    if (!seen_.count(record->getCanonicalDecl())) nested_.push_back({record, reached_from});
  }

  void drain_nested() {
    // Annotated structs win over being reached: a struct both annotated and
    // used as a field stays `data`, whatever the order of the headers.
    for (std::size_t i = 0; i < nested_.size(); ++i) {
      const auto [record, reached_from] = nested_[i];
      if (has_annotation(record, kData) && !record->getDescribedClassTemplate()) continue;
      add_struct(record, StructRole::nested, reached_from);
    }
  }

  void add_struct(const clang::CXXRecordDecl* record, StructRole role, const clang::Decl* reached_from) {
    if (!seen_.insert(record->getCanonicalDecl()).second) return;
    const std::string name = spell(context_->getRecordType(record));
    const std::size_t problems_before = output_.problems.size();
    check_struct_shape(record, name);
    for (const clang::FieldDecl* field : record->fields()) check_field(field, name);
    if (output_.problems.size() > problems_before) {
      if (reached_from) {
        for (std::size_t i = problems_before; i < output_.problems.size(); ++i) {
          output_.problems[i].notes.push_back(where_text(reached_from->getLocation()) + ": '" + name +
                                              "' is serialized because of this field");
        }
      }
      return;
    }
    output_.structs.push_back(layout_of(record, name, role));
  }

  void check_struct_shape(const clang::CXXRecordDecl* record, const std::string& name) {
    const clang::SourceLocation at = record->getLocation();
    if (record->isUnion()) {
      unsupported(at, "union '" + name + "' cannot be serialized: which member is active is unknown");
    } else if (!record->getIdentifier() && !record->getTypedefNameForAnonDecl()) {
      unsupported(at, "an anonymous struct cannot be serialized: give it a name");
    }
    if (record->getNumBases() > 0) unsupported(at, "'" + name + "' has base classes; Core data structs must be plain structs");
    if (record->isPolymorphic()) unsupported(at, "'" + name + "' has virtual functions; Core data structs must be plain structs");
  }

  void check_field(const clang::FieldDecl* field, const std::string& struct_name) {
    const std::string field_name = struct_name + "::" + field->getNameAsString();
    if (field->isBitField()) {
      unsupported(field->getLocation(), "bit-field '" + field_name + "' cannot be serialized or checked with offsetof");
      return;
    }
    if (field->isAnonymousStructOrUnion()) {
      unsupported(field->getLocation(), anonymous_member_problem(field, struct_name));
      return;
    }
    if (field->getAccess() != clang::AS_public) {
      unsupported(field->getLocation(), "field '" + field_name + "' is not public; the generated serializer cannot reach it");
      return;
    }
    if (auto why = unserializable(field->getType(), field)) {
      unsupported(field->getLocation(), "field '" + field_name + "': " + *why);
    }
  }

  // The members of an anonymous struct or union are the enclosing struct's
  // own, so the member itself is the problem, not a nested struct to name.
  static std::string anonymous_member_problem(const clang::FieldDecl* field, const std::string& struct_name) {
    const clang::RecordDecl* member = field->getType()->getAsRecordDecl();
    std::string names;
    for (const clang::FieldDecl* inner : member->fields()) {
      if (inner->getIdentifier()) names += (names.empty() ? "'" : ", '") + inner->getNameAsString() + "'";
    }
    const std::string what = (member->isUnion() ? "the anonymous union " : "the anonymous struct ") +
                             (names.empty() ? "" : "of " + names + " ") + "in '" + struct_name + "'";
    if (member->isUnion()) return what + " cannot be serialized: which member is active is unknown";
    return what + " cannot be serialized: give it a name";
  }

  codegen::Struct layout_of(const clang::CXXRecordDecl* record, const std::string& name, StructRole role) const {
    const clang::ASTRecordLayout& layout = context_->getASTRecordLayout(record);
    codegen::Struct entry;
    entry.qualified_name = name;
    entry.role = role;
    entry.size = static_cast<std::uint64_t>(layout.getSize().getQuantity());
    entry.align = static_cast<std::uint64_t>(layout.getAlignment().getQuantity());
    for (const clang::FieldDecl* field : record->fields()) {
      const clang::QualType type = field->getType();
      entry.fields.push_back(
          {field->getNameAsString(), spell(type),
           static_cast<std::uint64_t>(context_->toCharUnitsFromBits(layout.getFieldOffset(field->getFieldIndex())).getQuantity()),
           static_cast<std::uint64_t>(context_->getTypeSizeInChars(type).getQuantity()),
           static_cast<std::uint64_t>(context_->getTypeAlignInChars(type).getQuantity())});
    }
    entry.location = location(record->getLocation());
    return entry;
  }

  void add_enum(const clang::EnumDecl* decl) {
    const clang::EnumDecl* definition = decl->getDefinition() ? decl->getDefinition() : decl;
    if (!seen_.insert(definition->getCanonicalDecl()).second) return;
    codegen::Enum entry;
    entry.qualified_name = spell(context_->getEnumType(definition));
    entry.underlying_type = spell(definition->getIntegerType());
    for (const clang::EnumConstantDecl* item : definition->enumerators()) {
      entry.enumerators.push_back({item->getNameAsString(), item->getInitVal().getSExtValue()});
    }
    entry.location = location(definition->getLocation());
    output_.enums.push_back(std::move(entry));
  }

  const CollectorOptions& options_;
  CollectorOutput& output_;
  std::set<std::string> definitions_of_;
  clang::ASTContext* context_ = nullptr;
  std::unique_ptr<clang::PrintingPolicy> policy_;
  std::set<const clang::Decl*> seen_;
  std::map<std::string, const clang::FunctionDecl*> slots_;
  std::vector<std::pair<const clang::CXXRecordDecl*, const clang::Decl*>> nested_;
};

// The consumer owns the collector; the collector is both.
class CollectorConsumer final : public clang::ASTConsumer {
 public:
  CollectorConsumer(const CollectorOptions& options, CollectorOutput& output) : collector_(options, output) {}
  void HandleTranslationUnit(clang::ASTContext& context) override { collector_.HandleTranslationUnit(context); }

 private:
  Collector collector_;
};

}  // namespace

std::unique_ptr<clang::ASTConsumer> make_collector(clang::CompilerInstance&, const CollectorOptions& options,
                                                   CollectorOutput& output) {
  return std::make_unique<CollectorConsumer>(options, output);
}

}  // namespace modbuild::extract
