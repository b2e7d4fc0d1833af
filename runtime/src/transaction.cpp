// One change of the loaded modules, as a transaction (runtime_impl.h).
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "modbuild/module.h"
#include "runtime_impl.h"
#include "schema_diff.h"

namespace modbuild::runtime {
namespace {

constexpr std::size_t kMaxSchemaBytes = 64u << 20;

Outcome refused(std::string message, std::vector<std::string> details = {}) {
  return Outcome{false, std::move(message), std::move(details)};
}

void append(void* context, const char* bytes, std::size_t size) { static_cast<std::string*>(context)->append(bytes, size); }

std::string read_small_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || static_cast<std::size_t>(info.st_size) > kMaxSchemaBytes) {
    return "";
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string label(const Loaded& m) { return m.indexed.name + " " + m.indexed.version; }

bool text_equals(const char* a, std::string_view b) { return a != nullptr && b == a; }

bool imports_contract(const Loaded& m, std::string_view contract) {
  const ModbuildModuleInfo& info = m.info();
  for (std::uint32_t i = 0; i < info.import_count; ++i) {
    if (text_equals(info.imports[i].contract.contract, contract)) return true;
  }
  return false;
}

// The contracts whose table or data layouts a module was compiled against.
bool built_against(const Loaded& m, std::string_view contract) {
  if (m.contract() != nullptr && text_equals(m.contract()->contract, contract)) return true;
  return imports_contract(m, contract);
}

bool same_data_layouts(const ModbuildModuleInfo& a, const ModbuildModuleInfo& b) {
  if (a.data_type_count != b.data_type_count) return false;
  for (std::uint32_t i = 0; i < a.data_type_count; ++i) {
    if (std::strcmp(a.data_types[i].type, b.data_types[i].type) != 0 ||
        std::strcmp(a.data_types[i].fingerprint, b.data_types[i].fingerprint) != 0) {
      return false;
    }
  }
  return true;
}

// Entries that must hold before anything else of an entry point is read.
std::string identity_problem(const ModbuildModuleInfo& info, const IndexedModule& indexed) {
  if (info.abi_version != MODBUILD_MODULE_ABI_VERSION) {
    return "it was built for module ABI version " + std::to_string(info.abi_version) + ", this runtime reads version " +
           std::to_string(MODBUILD_MODULE_ABI_VERSION) + ": rebuild it with the modbuild this runtime comes with";
  }
  if (info.info_size < sizeof(ModbuildModuleInfo)) return "its entry point describes it in an older, shorter form";
  if (info.module == nullptr || info.version == nullptr || info.kind == nullptr) return "its entry point has no identity";
  if (indexed.name != info.module) {
    return std::string("the library is module '") + info.module + "', not '" + indexed.name + "' as the index says";
  }
  if (indexed.version != info.version || indexed.kind != info.kind) {
    return std::string("the library is ") + info.kind + " " + info.module + " " + info.version + ", the index says " +
           indexed.kind + " " + indexed.name + " " + indexed.version +
           ": the index is stale (configure the build again, then build)";
  }
  if (info.exported != nullptr && (info.exported->contract == nullptr || info.exported->api_fingerprint == nullptr)) {
    return "its entry point names no contract for its table";
  }
  for (std::uint32_t i = 0; i < info.import_count; ++i) {
    if (info.imports[i].contract.contract == nullptr || info.imports[i].slot == nullptr) return "an import of its entry point is empty";
  }
  return "";
}

// The first struct whose layout fingerprint differs between two sides.
std::string differing_struct(const ModbuildContractRef& a, const ModbuildContractRef& b) {
  for (std::uint32_t i = 0; i < a.layout_count; ++i) {
    bool same = false;
    for (std::uint32_t j = 0; j < b.layout_count; ++j) {
      same = same || (std::strcmp(a.layouts[i].type, b.layouts[j].type) == 0 &&
                      std::strcmp(a.layouts[i].fingerprint, b.layouts[j].fingerprint) == 0);
    }
    if (!same) return a.layouts[i].type;
  }
  return "";
}

using Future = std::map<std::string, const Loaded*>;

struct Roles {
  std::map<std::string, const Loaded*> definers;               ///< contract => the module defining it
  std::map<std::string, std::vector<const Loaded*>> fillers;   ///< contract => modules filling its table
  std::map<std::string, std::vector<const Loaded*>> importers;  ///< contract => modules calling it
};

Roles roles_of(const Future& future) {
  Roles roles;
  for (const auto& [name, m] : future) {
    if (const ModbuildContractRef* ref = m->contract()) {
      if (m->fills()) {
        roles.fillers[ref->contract].push_back(m);
      } else {
        roles.definers[ref->contract] = m;
      }
    }
    const ModbuildModuleInfo& info = m->info();
    for (std::uint32_t i = 0; i < info.import_count; ++i) roles.importers[info.imports[i].contract.contract].push_back(m);
  }
  return roles;
}

std::string names_of(const std::vector<const Loaded*>& modules) {
  std::string list;
  for (const Loaded* m : modules) list += (list.empty() ? "" : ", ") + m->indexed.name;
  return list;
}

std::string guarded_failure(const std::optional<Crash>& crash, const std::string& why) {
  return crash ? "crashed with " + crash->describe() : why;
}

}  // namespace

std::vector<Loaded*> by_load_order(const std::map<std::string, std::unique_ptr<Loaded>>& set) {
  std::vector<Loaded*> order;
  for (const auto& [name, m] : set) order.push_back(m.get());
  std::sort(order.begin(), order.end(),
            [](const Loaded* a, const Loaded* b) { return a->indexed.load_index < b->indexed.load_index; });
  return order;
}

Outcome Runtime::Impl::stage(Change& change, const std::string& name) {
  const IndexedModule* indexed = change.next_index.find(name);
  if (indexed == nullptr) {
    return refused("module '" + name + "' is not in the module index " + change.next_index.path +
                   suggestion(name, change.next_index.names()));
  }
  if (indexed->output == "executable") {
    return refused("module '" + name + "' is built as an executable, and the runtime loads libraries: build it with "
                   "`output = \"shared\"` to run it under the runtime");
  }
  Result<std::unique_ptr<Library>> library = Library::open(indexed->artifact, copy_dir, ++serial, indexed->entry);
  if (!library) return refused("refused " + name + " " + indexed->version + ": " + library.error().message);
  if (const std::string problem = identity_problem((*library)->info(), *indexed); !problem.empty()) {
    return refused("refused " + name + " " + indexed->version + " (" + indexed->artifact + "): " + problem);
  }
  auto module = std::make_unique<Loaded>();
  module->indexed = *indexed;
  module->library = std::move(*library);
  module->schema = read_small_file(indexed->schema_path());
  if (!module->schema.empty()) {
    std::vector<std::string>& seen = schema_history[name];
    if (std::find(seen.begin(), seen.end(), module->schema) == seen.end()) seen.push_back(module->schema);
  }
  if (module->library->unique_symbols() > 0) {
    const std::size_t count = module->library->unique_symbols();
    log("warning: " + name + " defines " + std::to_string(count) + " STB_GNU_UNIQUE symbol" + (count == 1 ? "" : "s") +
        " (" + module->library->first_unique_symbol() +
        "), so it can never be unloaded and a reload keeps its old copy mapped: build it with -fno-gnu-unique");
  }
  change.staged[name] = std::move(module);
  return Outcome{true, "", {}};
}

namespace {

// What a module's current build would be compared with: the loaded module
// defining the contract, else the loaded module filling it.
const ModbuildContractRef* loaded_ref(const std::map<std::string, std::unique_ptr<Loaded>>& loaded,
                                      std::string_view contract) {
  const ModbuildContractRef* filler = nullptr;
  for (const auto& [name, m] : loaded) {
    const ModbuildContractRef* ref = m->contract();
    if (ref == nullptr || !text_equals(ref->contract, contract)) continue;
    if (!m->fills()) return ref;
    filler = ref;
  }
  return filler;
}

// The contracts that a staged build changes compared with what is loaded.
std::vector<std::string> changed_contracts(const Loaded& staged,
                                           const std::map<std::string, std::unique_ptr<Loaded>>& loaded) {
  std::vector<std::string> changed;
  if (const ModbuildContractRef* ref = staged.contract()) {
    const ModbuildContractRef* current = loaded_ref(loaded, ref->contract);
    if (current != nullptr && !same_contract(*current, *ref)) changed.push_back(ref->contract);
  }
  if (auto old = loaded.find(staged.indexed.name); old != loaded.end() && staged.info().data_type_count > 0) {
    if (!same_data_layouts(old->second->info(), staged.info()) &&
        std::find(changed.begin(), changed.end(), staged.indexed.name) == changed.end()) {
      changed.push_back(staged.indexed.name);
    }
  }
  return changed;
}

}  // namespace

// Brings in the current build of every loaded module built against a
// contract that a staged build changes, until nothing more changes.
static Outcome close_over_contracts(Runtime::Impl& rt, Change& change) {
  std::set<std::string> examined;
  for (bool grew = true; grew;) {
    grew = false;
    std::vector<std::string> names;
    for (const auto& [name, m] : change.staged) names.push_back(name);
    for (const std::string& name : names) {
      if (!examined.insert(name).second) continue;
      for (const std::string& contract : changed_contracts(*change.staged.at(name), rt.loaded)) {
        for (const auto& [other, m] : rt.loaded) {
          if (change.staged.count(other) != 0 || change.leaving.count(other) != 0 || !built_against(*m, contract)) continue;
          if (Outcome staged = rt.stage(change, other); !staged) return staged;
          change.leaving.insert(other);
          change.brought_in.push_back(other + " (built against " + contract + ")");
          grew = true;
        }
      }
    }
  }
  return Outcome{true, "", {}};
}

namespace {

std::vector<std::pair<std::string, std::string>> layouts_of(const ModbuildContractRef& ref) {
  std::vector<std::pair<std::string, std::string>> layouts;
  for (std::uint32_t i = 0; i < ref.layout_count; ++i) layouts.emplace_back(ref.layouts[i].type, ref.layouts[i].fingerprint);
  return layouts;
}

// Why two sides of a contract disagree, field by field: among the schemas
// of the contract's definer seen so far (and its build on disk now), the one
// each side was built against, compared.
std::vector<std::string> layout_details(const Runtime::Impl& rt, const std::string& contract,
                                        const ModbuildContractRef& a, const ModbuildContractRef& b) {
  std::vector<std::string> candidates;
  if (const auto seen = rt.schema_history.find(contract); seen != rt.schema_history.end()) candidates = seen->second;
  if (const IndexedModule* definer = rt.index.find(contract)) candidates.push_back(read_small_file(definer->schema_path()));
  auto built_against = [&](const ModbuildContractRef& side) -> const std::string* {
    const auto layouts = layouts_of(side);
    for (const std::string& schema : candidates) {
      if (!schema.empty() && schema_matches(schema, layouts)) return &schema;
    }
    return nullptr;
  };
  const std::string* before = built_against(a);
  const std::string* after = built_against(b);
  if (before == nullptr || after == nullptr || *before == *after) return {};
  Result<LayoutDiff> diff = diff_layouts(*before, *after);
  if (!diff) return {};
  const std::string type = differing_struct(a, b);
  std::vector<std::string> lines;
  for (const std::string& line : diff->changes) {
    if (type.empty() || line.find("'" + type + "'") != std::string::npos) lines.push_back(line);
  }
  return lines.empty() ? diff->changes : lines;
}

}  // namespace

std::vector<std::string> Runtime::Impl::contract_details(const std::string& contract, const ModbuildContractRef& a,
                                                         const ModbuildContractRef& b) const {
  return layout_details(*this, contract, a, b);
}

namespace {

Outcome contract_mismatch(const Runtime::Impl& rt, const Loaded& module,
                          const ModbuildContractRef& theirs, const Loaded& other, const ModbuildContractRef& ours,
                          const std::string& why) {
  const std::string type = differing_struct(theirs, ours);
  std::vector<std::string> details = layout_details(rt, theirs.contract, theirs, ours);
  // Which side is behind: the one still matching what is loaded now.
  const ModbuildContractRef* loaded_now = loaded_ref(rt.loaded, theirs.contract);
  const bool module_is_behind = loaded_now != nullptr && same_contract(theirs, *loaded_now);
  const bool other_is_behind = loaded_now != nullptr && same_contract(ours, *loaded_now);
  std::string advice;
  if (module_is_behind && !other_is_behind) {
    advice = "rebuild " + module.indexed.name + " against the new " + std::string(theirs.contract) + ", then reload again";
  } else if (other_is_behind && !module_is_behind) {
    advice = "the new build of " + module.indexed.name + " needs the new " + std::string(theirs.contract) +
             ": build everything, then reload " + std::string(theirs.contract);
  } else {
    advice = "rebuild " + module.indexed.name + " and " + other.indexed.name + ", then reload again";
  }
  details.push_back("help: " + advice);
  return refused("refused " + label(module) + ": it was built against another '" + std::string(theirs.contract) +
                     "' contract than " + label(other) + (type.empty() ? "" : " (struct '" + type + "')") + ": " + why,
                 std::move(details));
}

// Every module's dependencies, directly or through a stand-in.
Outcome check_dependencies(const Change& change, const Future& future) {
  std::map<std::string, std::vector<const Loaded*>> missing;
  for (const auto& [name, m] : future) {
    for (std::string needed : m->indexed.dependencies) {
      if (const auto stand_in = change.stand_ins.find(needed); stand_in != change.stand_ins.end()) {
        needed = stand_in->second;
      }
      if (future.count(needed) == 0) missing[needed].push_back(m);
    }
  }
  if (missing.empty()) return Outcome{true, "", {}};
  const auto& [needed, dependents] = *missing.begin();
  if (change.leaving.count(needed) != 0) {
    return refused("cannot " + change.verb + " " + needed + ": " + names_of(dependents) +
                       (dependents.size() == 1 ? " depends" : " depend") + " on it",
                   {"unload " + std::string(dependents.size() == 1 ? "it" : "them") + " first, or swap " + needed +
                    " for another provider of its features"});
  }
  return refused("cannot " + change.verb + ": " + names_of(dependents) + " " +
                 (dependents.size() == 1 ? "needs " : "need ") + needed + ", which is not loaded");
}

Outcome check_contracts(const Runtime::Impl& rt, const Change& change, const Future& future) {
  const Roles roles = roles_of(future);
  for (const auto& [contract, fillers] : roles.fillers) {
    // A slot holds one table.
    if (fillers.size() > 1) {
      return refused("cannot " + change.verb + ": " + names_of(fillers) + " would all fill '" + contract +
                     "': swap one for another instead");
    }
    const auto definer = roles.definers.find(contract);
    if (definer == roles.definers.end()) continue;
    for (const Loaded* filler : fillers) {
      std::string why;
      if (!same_contract(*filler->contract(), *definer->second->contract(), &why)) {
        return contract_mismatch(rt, *filler, *filler->contract(), *definer->second,
                                 *definer->second->contract(), why);
      }
    }
  }
  // A module may call a contract without a filler loaded (see below); it
  // is still built against its definer's layouts.
  for (const auto& [contract, importers] : roles.importers) {
    const auto definer = roles.definers.find(contract);
    if (definer == roles.definers.end()) continue;
    for (const Loaded* importer : importers) {
      const ModbuildModuleInfo& info = importer->info();
      for (std::uint32_t i = 0; i < info.import_count; ++i) {
        const ModbuildContractRef& wanted = info.imports[i].contract;
        std::string why;
        if (text_equals(wanted.contract, contract) && !same_contract(wanted, *definer->second->contract(), &why)) {
          return contract_mismatch(rt, *importer, wanted, *definer->second, *definer->second->contract(), why);
        }
      }
    }
  }
  for (const auto& [contract, importers] : roles.importers) {
    const auto fillers = roles.fillers.find(contract);
    // Calling a contract nothing fills would crash; a module may import one
    // it calls only with an option (the dependencies check what it needs).
    if (fillers == roles.fillers.end()) continue;
    const Loaded& filler = *fillers->second.front();
    for (const Loaded* importer : importers) {
      const ModbuildModuleInfo& info = importer->info();
      for (std::uint32_t i = 0; i < info.import_count; ++i) {
        const ModbuildContractRef& wanted = info.imports[i].contract;
        if (!text_equals(wanted.contract, contract)) continue;
        std::string why;
        if (!same_contract(wanted, *filler.contract(), &why)) {
          return contract_mismatch(rt, *importer, wanted, filler, *filler.contract(), why);
        }
      }
    }
  }
  return Outcome{true, "", {}};
}

}  // namespace

// Moves every instance of a replaced Core module's data into its new build:
// saved by the old build, loaded by the new one, matched field by field.
static Outcome prepare_migrations(Runtime::Impl& rt, Change& change) {
  for (const auto& [name, staged] : change.staged) {
    const auto old = rt.loaded.find(name);
    if (old == rt.loaded.end() || old->second->info().data_type_count == 0) continue;
    for (const auto& [key, cell] : rt.cells) {
      if (cell->core != name) continue;
      Migration m{cell.get(), nullptr, staged->data_type(cell->type), cell->data.object, cell->ops, cell->core, 0};
      if (m.new_ops == nullptr) {
        return refused("refused " + label(*staged) + ": its build has no data type '" + cell->type +
                       "', which the instance '" + cell->name + "' holds");
      }
      if (std::strcmp(m.new_ops->fingerprint, cell->ops->fingerprint) != 0) {
        if (!old->second->schema.empty() && !staged->schema.empty()) {
          Result<LayoutDiff> diff = diff_layouts(old->second->schema, staged->schema);
          if (diff && !diff->incompatible.empty()) {
            return refused("refused " + label(*staged) + ": its data cannot move to the new layout", diff->incompatible);
          }
        }
        std::string why;
        std::chrono::steady_clock::time_point saved;
        const auto started = std::chrono::steady_clock::now();
        // Into the runtime's own buffer, kept from one migration to the
        // next: its pages are already there.
        std::string& bytes = rt.scratch;
        std::optional<Crash> crash = run_guarded([&] {
          bytes.resize(cell->ops->saved_size(cell->data.object));
          if (cell->ops->save(cell->data.object, bytes.data(), bytes.size(), &append, &why) == 0) return;
          saved = std::chrono::steady_clock::now();
          m.new_object = m.new_ops->create(&append, &why);
          if (m.new_object != nullptr && m.new_ops->load(m.new_object, bytes.data(), bytes.size(), &append, &why) == 0) {
            m.new_ops->destroy(m.new_object);
            m.new_object = nullptr;
          }
        });
        m.save_ms = std::chrono::duration<double, std::milli>(saved - started).count();
        m.load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - saved).count();
        if (crash || m.new_object == nullptr) {
          return refused("refused " + label(*staged) + ": '" + cell->type + "' " + cell->name +
                         " cannot move to the new layout: " + guarded_failure(crash, why));
        }
        m.bytes = bytes.size();
      }
      change.migrations.push_back(m);
    }
  }
  return Outcome{true, "", {}};
}

namespace {

void discard_migrations(Change& change) {
  for (const Migration& m : change.migrations) {
    if (m.new_object != nullptr) run_guarded([&] { m.new_ops->destroy(m.new_object); });
  }
  change.migrations.clear();
}

void rebind_slots(Runtime::Impl& rt) {
  for (auto& [contract, slot] : rt.slots) {
    slot->slot.table = nullptr;
    slot->filled_by.clear();
  }
  for (const auto& [name, m] : rt.loaded) {
    if (!m->fills()) continue;
    auto& slot = rt.slots[m->contract()->contract];
    if (!slot) slot = std::make_unique<SlotRecord>();
    __atomic_store_n(&slot->slot.table, m->info().table, __ATOMIC_RELEASE);
    slot->filled_by = name;
  }
}

void bind_imports(Runtime::Impl& rt, Loaded& m) {
  const ModbuildModuleInfo& info = m.info();
  for (std::uint32_t i = 0; i < info.import_count; ++i) {
    auto& slot = rt.slots[info.imports[i].contract.contract];
    if (!slot) slot = std::make_unique<SlotRecord>();
    *info.imports[i].slot = &slot->slot;
  }
}

// The module's hook, under the guard: "" when it succeeded.
std::string call_on_load(Loaded& m, std::uint32_t reason) {
  if (m.info().hooks.on_load == nullptr) return "";
  int loaded = 1;
  const std::optional<Crash> crash = run_guarded([&] { loaded = m.info().hooks.on_load(&m.host, reason); });
  if (crash) return "crashed in on_load with " + crash->describe();
  return loaded != 0 ? "" : "refused to load in its on_load (see its log above)";
}

std::string call_restore_state(Loaded& m, const std::string& state) {
  if (m.info().hooks.restore_state == nullptr) return "";
  int restored = 1;
  const std::optional<Crash> crash =
      run_guarded([&] { restored = m.info().hooks.restore_state(state.data(), state.size()); });
  if (crash) return "crashed in restore_state with " + crash->describe();
  return restored != 0 ? "" : "its restore_state refused the state of its previous build";
}

void call_on_unload(Runtime::Impl& rt, Loaded& m, std::uint32_t reason) {
  if (m.info().hooks.on_unload == nullptr) return;
  const std::optional<Crash> crash = run_guarded([&] { m.info().hooks.on_unload(&m.host, reason); });
  if (crash) rt.log("warning: " + m.indexed.name + " crashed in on_unload with " + crash->describe());
}

std::string elapsed_ms(std::chrono::steady_clock::time_point since) {
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
  char text[32];
  std::snprintf(text, sizeof text, "%.2f ms", ms);
  return text;
}

std::string event_payload(const Loaded& m, const std::string& extra = "") {
  return "{\"name\":\"" + m.indexed.name + "\",\"version\":\"" + m.indexed.version + "\"" + extra + "}";
}

}  // namespace

// Puts back what a committed change replaced: used when a new build fails
// during the commit and when it crashes during its probation.
static void undo(Runtime::Impl& rt, Probation& p, const std::vector<std::string>& loaded_fine) {
  for (auto it = loaded_fine.rbegin(); it != loaded_fine.rend(); ++it) {
    if (auto m = rt.loaded.find(*it); m != rt.loaded.end()) call_on_unload(rt, *m->second, MODBUILD_LOAD_ROLLBACK);
  }
  std::map<std::string, std::unique_ptr<Loaded>> arrived;
  for (const std::string& name : p.arrived) {
    rt.remove_subscriptions(name);
    if (auto m = rt.loaded.find(name); m != rt.loaded.end()) {
      arrived[name] = std::move(m->second);
      rt.loaded.erase(m);
    }
  }
  for (Migration& m : p.migrations) {
    if (m.new_object != nullptr) {
      const void* object = m.new_object;
      const ModbuildDataType* ops = m.new_ops;
      if (run_guarded([&] { ops->destroy(const_cast<void*>(object)); })) rt.log("warning: freeing migrated data crashed");
      m.cell->data.object = m.old_object;
    }
    m.cell->ops = m.old_ops;
    m.cell->core = m.old_core;
  }
  p.migrations.clear();
  // Data the new builds created (a data type only they have) goes with them.
  for (auto it = rt.cells.begin(); it != rt.cells.end();) {
    const auto owner = arrived.find(it->second->core);
    const bool theirs = owner != arrived.end() && owner->second->data_type(it->second->type) == it->second->ops;
    if (!theirs) {
      ++it;
      continue;
    }
    Cell& cell = *it->second;
    if (run_guarded([&] { cell.ops->destroy(cell.data.object); })) rt.log("warning: freeing " + cell.name + " crashed");
    it = rt.cells.erase(it);
  }
  for (auto& [name, m] : p.previous) rt.loaded[name] = std::move(m);
  rt.stand_ins = p.stand_ins;
  rebind_slots(rt);
  for (Loaded* m : by_load_order(rt.loaded)) {
    if (p.previous.count(m->indexed.name) == 0) continue;
    const auto state = p.saved_states.find(m->indexed.name);
    if (state != p.saved_states.end()) {
      if (std::string failed = call_restore_state(*m, state->second); !failed.empty()) {
        rt.log("warning: " + m->indexed.name + " " + failed + " during the rollback");
      }
    }
    if (std::string failed = call_on_load(*m, MODBUILD_LOAD_ROLLBACK); !failed.empty()) {
      rt.log("warning: " + m->indexed.name + " " + failed + " during the rollback");
    }
  }
  p.previous.clear();
  std::vector<std::string> warnings;
  for (auto& [name, m] : arrived) rt.release(std::move(m), warnings);
  for (const std::string& warning : warnings) rt.log("warning: " + warning);
}

static Outcome commit(Runtime::Impl& rt, Change& change) {
  Probation p;
  p.stand_ins = rt.stand_ins;
  const std::uint32_t reason = change.reason;
  // Their own state, before anything is switched: a failure here still
  // changes nothing.
  for (const std::string& name : change.leaving) {
    Loaded& old = *rt.loaded.at(name);
    if (change.staged.count(name) == 0 || !old.defines(MODBUILD_HOOK_SAVE_STATE) ||
        old.info().hooks.save_state == nullptr) {
      continue;
    }
    std::string state;
    int saved = 1;
    const std::optional<Crash> crash = run_guarded([&] { saved = old.info().hooks.save_state(&append, &state); });
    if (crash || saved == 0) {
      discard_migrations(change);
      return refused("refused the " + change.verb + ": " + label(old) + " " +
                     (crash ? "crashed in save_state with " + crash->describe() : "could not save its state"));
    }
    p.saved_states[name] = std::move(state);
  }
  std::map<std::string, std::unique_ptr<Loaded>> leaving;
  for (const std::string& name : change.leaving) {
    leaving[name] = std::move(rt.loaded.at(name));
    rt.loaded.erase(name);
  }
  const std::vector<Loaded*> unloading = by_load_order(leaving);
  for (auto it = unloading.rbegin(); it != unloading.rend(); ++it) {
    call_on_unload(rt, **it, change.staged.count((*it)->indexed.name) != 0 ? reason : MODBUILD_LOAD_FIRST);
    rt.remove_subscriptions((*it)->indexed.name);
  }
  p.previous = std::move(leaving);
  for (Migration& m : change.migrations) {
    if (m.new_object != nullptr) m.cell->data.object = m.new_object;
    m.cell->ops = m.new_ops;
  }
  p.migrations = std::move(change.migrations);
  for (auto& [name, m] : change.staged) {
    rt.attach_host(*m);
    p.arrived.push_back(name);
    rt.loaded[name] = std::move(m);
  }
  rt.stand_ins = change.stand_ins;
  rebind_slots(rt);
  std::vector<Loaded*> arrived;
  for (Loaded* m : by_load_order(rt.loaded)) {
    if (std::find(p.arrived.begin(), p.arrived.end(), m->indexed.name) != p.arrived.end()) arrived.push_back(m);
  }
  for (Loaded* m : arrived) bind_imports(rt, *m);
  std::vector<std::string> loaded_fine;
  for (Loaded* m : arrived) {
    const bool replaces = p.previous.count(m->indexed.name) != 0;
    std::string failed;
    if (const auto state = p.saved_states.find(m->indexed.name); state != p.saved_states.end()) {
      failed = call_restore_state(*m, state->second);
    }
    if (failed.empty()) failed = call_on_load(*m, replaces ? reason : MODBUILD_LOAD_FIRST);
    if (!failed.empty()) {
      const std::string who = label(*m);
      const bool replaced = !p.previous.empty();
      undo(rt, p, loaded_fine);
      rt.events.emplace_back("module.refused", "{\"name\":\"" + who + "\"}");
      return refused("rolled back the " + change.verb + ": " + who + " " + failed,
                     {replaced ? "the previous modules run again; Core data is as it was before the " + change.verb
                               : "nothing of it stays loaded"});
    }
    loaded_fine.push_back(m->indexed.name);
  }
  Outcome done{true, "", {}};
  for (const Migration& m : p.migrations) {
    if (m.new_object != nullptr) {
      char timing[96];
      std::snprintf(timing, sizeof timing, "; saved in %.2f ms, loaded in %.2f ms", m.save_ms, m.load_ms);
      done.details.push_back("migrated '" + m.cell->type + "' " + m.cell->name + " to the new layout (" +
                             std::to_string(m.bytes) + " bytes of state" + timing + ")");
    }
  }
  for (const std::string& brought : change.brought_in) done.details.push_back("also reloaded " + brought);
  const char* event = change.verb == "swap" ? "module.swapped" : change.verb == "reload" ? "module.reloaded" : "module.loaded";
  for (Loaded* m : arrived) rt.events.emplace_back(change.verb == "unload" ? "module.unloaded" : event, event_payload(*m));
  for (const auto& [name, m] : p.previous) {
    if (rt.loaded.count(name) == 0) rt.events.emplace_back("module.unloaded", event_payload(*m));
  }
  done.message = change.summary + " in " + elapsed_ms(change.started);
  if (!p.previous.empty()) {
    p.frames_left = rt.options.probation_frames;
    p.what = change.verb;
    rt.probation = std::move(p);
    // Nothing new runs after an unload: there is no new code to watch.
    if (rt.probation->arrived.empty()) rt.finish_probation();
  }
  return done;
}

Outcome Runtime::Impl::apply(Change change) {
  if (Outcome closed = close_over_contracts(*this, change); !closed) return closed;
  Future future;
  for (const auto& [name, m] : loaded) {
    if (change.leaving.count(name) == 0) future[name] = m.get();
  }
  for (const auto& [name, m] : change.staged) future[name] = m.get();
  if (Outcome ok = check_dependencies(change, future); !ok) return ok;
  if (Outcome ok = check_contracts(*this, change, future); !ok) return ok;
  if (Outcome ok = prepare_migrations(*this, change); !ok) {
    discard_migrations(change);
    return ok;
  }
  return commit(*this, change);
}

void Runtime::Impl::release(std::unique_ptr<Loaded> module, std::vector<std::string>& warnings) {
  if (!module) return;
  if (std::string warning = module->library->close(); !warning.empty()) warnings.push_back(warning);
}

void Runtime::Impl::finish_probation() {
  if (!probation) return;
  Probation p = std::move(*probation);
  probation.reset();
  // The old objects go with the old builds' code, while it is still mapped.
  for (const Migration& m : p.migrations) {
    if (m.new_object != nullptr && m.old_object != nullptr) {
      if (run_guarded([&] { m.old_ops->destroy(m.old_object); })) log("warning: freeing the old data of " + m.cell->name + " crashed");
    }
  }
  // Data of Core modules that left for good goes with them.
  for (auto it = cells.begin(); it != cells.end();) {
    if (p.previous.count(it->second->core) != 0 && loaded.count(it->second->core) == 0) {
      Cell& cell = *it->second;
      if (run_guarded([&] { cell.ops->destroy(cell.data.object); })) log("warning: freeing " + cell.name + " crashed");
      it = cells.erase(it);
    } else {
      ++it;
    }
  }
  std::vector<std::string> warnings;
  for (auto& [name, m] : p.previous) release(std::move(m), warnings);
  for (const std::string& warning : warnings) log("warning: " + warning);
}

Outcome Runtime::Impl::roll_back_probation(const std::string& why) {
  if (!probation) return refused("nothing to roll back");
  Probation p = std::move(*probation);
  probation.reset();
  const std::string what = p.what;
  std::vector<std::string> names = p.arrived;
  undo(*this, p, names);
  events.emplace_back("module.rolled-back", "{\"reason\":\"" + what + "\"}");
  return Outcome{true, "rolled back the " + what + " of " + [&] {
                   std::string list;
                   for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
                   return list;
                 }() + ": " + why,
                 {}};
}

}  // namespace modbuild::runtime
