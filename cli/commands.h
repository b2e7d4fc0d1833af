// The subcommand table. Each entry adds its subcommand (name, help, options)
// to the parser and returns the function that runs it.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "context.h"

namespace modbuild::cli {

using Runner = std::function<ExitStatus(Context&)>;

struct Command {
  CLI::App* (*define)(CLI::App& parent, Runner& runner);
};

CLI::App* define_build(CLI::App& parent, Runner& runner);
CLI::App* define_check(CLI::App& parent, Runner& runner);
CLI::App* define_explain(CLI::App& parent, Runner& runner);
CLI::App* define_gen(CLI::App& parent, Runner& runner);
CLI::App* define_list(CLI::App& parent, Runner& runner);
CLI::App* define_metadata(CLI::App& parent, Runner& runner);
CLI::App* define_new(CLI::App& parent, Runner& runner);
CLI::App* define_plan(CLI::App& parent, Runner& runner);
CLI::App* define_resolve(CLI::App& parent, Runner& runner);
CLI::App* define_update(CLI::App& parent, Runner& runner);
CLI::App* define_why(CLI::App& parent, Runner& runner);
CLI::App* define_publish(CLI::App& parent, Runner& runner);
CLI::App* define_yank(CLI::App& parent, Runner& runner);
CLI::App* define_tree(CLI::App& parent, Runner& runner);
CLI::App* define_graph(CLI::App& parent, Runner& runner);
CLI::App* define_watch(CLI::App& parent, Runner& runner);

inline constexpr Command commands[] = {
    {define_list},
    {define_check},
    {define_resolve},
    {define_plan},
    {define_build},
    {define_watch},
    {define_update},
    {define_why},
    {define_tree},
    {define_graph},
    {define_publish},
    {define_yank},
    {define_gen},
    {define_metadata},
    {define_new},
    {define_explain},
};

}  // namespace modbuild::cli
