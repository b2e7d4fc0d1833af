// sandbox: drops bouncing balls, simulates them and renders frames: an
// application module that the runtime loads (modbuild-launch runs it), one
// physics step per frame.
//
// Everything it calls goes through the slots the runtime binds, and the data
// it simulates is Core data the runtime owns (the World, the console, the
// window and its render target), so any module, this one included, can be
// rebuilt and reloaded while it runs. Its own state (the balls, the step
// counters) goes to its next build through save_state and restore_state.
//
//   sandbox [steps] [--realtime]
//     steps: physics steps of 1/60 s, 1 to 1000000 (default 240); 0 runs until
//     the console says `quit`, in real time
//
// Console input: `quit`, or a module command for the runtime (`modules`,
// `reload physics`...). The events sandbox.pause and sandbox.resume
// (`publish sandbox.pause` on the control socket) stop and restart the
// simulation, frames going on; sandbox.status writes one line about it.
// It publishes ball.bounced (with the number of bounces) after each step in
// which balls bounced.
#include <charconv>
#include <optional>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "console/console.h"
#include "console_api.h"
#include "console_state.h"
#include "ecs_api.h"
#include "modbuild/module.h"
#include "physics_api.h"
#include "rendering/rendering.h"
#include "rendering_api.h"
#include "scene.h"

namespace {

namespace ecs_api = modbuild_gen::ecs_api;
namespace console_api = modbuild_gen::console_api;
namespace physics_api = modbuild_gen::physics_api;
namespace rendering_api = modbuild_gen::rendering_api;

constexpr int kDefaultSteps = 240;
constexpr int kMaxSteps = 1'000'000;
constexpr double kStepSeconds = 1.0 / 60.0;
// Frames show the start, the middle and the end of a run of `steps`; a run
// without end shows one every kLiveFrameEvery steps.
constexpr int kFrames = 3;
constexpr int kLiveFrameEvery = 30;

/// What the sandbox keeps of its own between frames, and hands to its next build.
struct State {
  std::vector<sandbox::Ball> balls;
  std::int32_t steps = kDefaultSteps;  ///< 0: until `quit`
  bool realtime = false;
  std::int32_t done = 0;
  std::uint64_t bounces = 0;
  std::int32_t next_frame = 0;
  std::int32_t frames_failed = 0;
  double energy_before = 0.0;
  bool paused = false;
};

}  // namespace

template <>
struct modbuild::state::Fields<State> {
  static constexpr std::string_view name = "sandbox::State";
  template <class Visitor, class Struct>
  static void visit(Visitor& visitor, Struct& value) {
    visitor.field("balls", "std::vector<sandbox::Ball>", value.balls);
    visitor.field("steps", "std::int32_t", value.steps);
    visitor.field("realtime", "bool", value.realtime);
    visitor.field("done", "std::int32_t", value.done);
    visitor.field("bounces", "std::uint64_t", value.bounces);
    visitor.field("next_frame", "std::int32_t", value.next_frame);
    visitor.field("frames_failed", "std::int32_t", value.frames_failed);
    visitor.field("energy_before", "double", value.energy_before);
    visitor.field("paused", "bool", value.paused);
  }
};

namespace {

State progress;
const physics::Settings kPhysics;
modbuild::Data<ecs::World> world;
modbuild::Data<console::Console> console_data;
modbuild::Data<rendering::Window> window;
modbuild::Data<rendering::RenderTarget> target;

void say(std::string_view line) { console_api::api().write(*console_data, line); }

bool parse_steps(std::string_view text, std::int32_t& steps) {
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, steps);
  return error == std::errc() && stop == end && steps >= 0 && steps <= kMaxSteps;
}

bool parse_arguments(const modbuild::Host& host) {
  bool have_steps = false;
  for (std::string_view arg : host.args()) {
    if (arg == "--realtime") {
      progress.realtime = true;
    } else if (!have_steps && parse_steps(arg, progress.steps)) {
      have_steps = true;
    } else {
      host.log("usage: sandbox [steps] [--realtime]; steps: physics steps of 1/60 s, 0 to " +
               std::to_string(kMaxSteps) + " (0: until the console says `quit`)");
      return false;
    }
  }
  if (progress.steps == 0) progress.realtime = true;
  return true;
}

template <class T>
bool bind_data(const modbuild::Host& host, modbuild::Data<T>& handle, std::string_view name) {
  std::string error;
  handle = host.data<T>(name, &error);
  if (!handle) host.log("cannot reach " + std::string(name) + ": " + error);
  return bool(handle);
}

// Replies to module commands typed in the console go back to it.
void on_reply(void*, const char*, const char* payload) { say(payload); }

// What the ECS says of the world, through the slot: the current build of
// the system answers.
void on_status(void*, const char*, const char*) {
  char line[160];
  std::snprintf(line, sizeof line, "sandbox: %zu entities, %zu balls, step %d, %s",
                ecs_api::api().entity_count(*world), progress.balls.size(), progress.done,
                progress.paused ? "paused" : "running");
  say(line);
}

void on_pause(void*, const char* event, const char*) {
  progress.paused = std::string_view(event) == "sandbox.pause";
  say(progress.paused ? "sandbox: paused" : "sandbox: resumed");
}

bool frame_is_due(int done) {
  if (progress.steps == 0) return done % kLiveFrameEvery == 0;
  return progress.next_frame < kFrames && done == progress.next_frame * progress.steps / (kFrames - 1);
}

void render(int done) {
  const rendering_api::SlotProxy renderer = rendering_api::api();
  renderer.render_frame(*window, sandbox::draw(*world, progress.balls, *window), *target);
  const auto number = static_cast<std::uint64_t>(progress.steps == 0 ? done / kLiveFrameEvery : progress.next_frame);
  if (!renderer.present(*window, *target, number)) ++progress.frames_failed;
  ++progress.next_frame;
}

void summarize() {
  char line[160];
  std::snprintf(line, sizeof line, "sandbox: %d steps (%.2f s), %zu balls, %llu bounces, %d of %d frames shown",
                progress.done, progress.done * kStepSeconds, progress.balls.size(),
                static_cast<unsigned long long>(progress.bounces), progress.next_frame - progress.frames_failed,
                progress.next_frame);
  say(line);
  for (const std::string& text : sandbox::describe(*world, progress.balls, kPhysics)) say(text);
  std::snprintf(line, sizeof line, "energy: %.1f -> %.1f J/kg", progress.energy_before,
                sandbox::total_energy(*world, progress.balls, kPhysics));
  say(line);
}

// Console input: `quit` ends a run without end; anything else is a module
// command for the runtime.
bool handle_input(const modbuild::Host& host) {
  while (const std::optional<std::string> line = console_api::api().read_line(*console_data)) {
    if (*line == "quit") return false;
    if (!line->empty()) host.command(*line);
  }
  return true;
}

}  // namespace

namespace modbuild::hooks {

bool on_load(Host& host, LoadReason reason) {
  if (!bind_data(host, world, "world") || !bind_data(host, console_data, "console") ||
      !bind_data(host, window, "window") || !bind_data(host, target, "frame")) {
    return false;
  }
  host.subscribe("command.reply", &on_reply, nullptr);
  host.subscribe("sandbox.pause", &on_pause, nullptr);
  host.subscribe("sandbox.resume", &on_pause, nullptr);
  host.subscribe("sandbox.status", &on_status, nullptr);
  if (reason != LoadReason::first) return true;
  if (!parse_arguments(host)) return false;
  if (ecs_api::api().entity_count(*world) == 0) progress.balls = sandbox::make_scene(*world);
  *window = rendering_api::api().create_window(160, 120, "sandbox");
  progress.energy_before = sandbox::total_energy(*world, progress.balls, kPhysics);
  return true;
}

std::string save_state() { return modbuild::state::save(progress); }

bool restore_state(std::string_view bytes) {
  State restored;
  if (!modbuild::state::load(bytes, restored)) return false;
  progress = std::move(restored);
  return true;
}

int frame(Host& host) {
  const auto started = std::chrono::steady_clock::now();
  if (!handle_input(host)) {
    summarize();
    return 0;
  }
  if (!progress.paused) {
    if (frame_is_due(progress.done)) render(progress.done);
    if (progress.steps != 0 && progress.done == progress.steps) {
      summarize();
      return progress.frames_failed > 0 ? 1 : 0;
    }
    const physics::StepStats stats = physics_api::api().step(*world, kPhysics, kStepSeconds, &*console_data);
    progress.bounces += stats.bounces;
    // For whoever listens (a sound module, say): a cold path, so an event.
    if (stats.bounces > 0) host.publish("ball.bounced", std::to_string(stats.bounces));
    ++progress.done;
  }
  if (progress.realtime) {
    std::this_thread::sleep_until(started + std::chrono::duration<double>(kStepSeconds));
  }
  return kContinue;
}

}  // namespace modbuild::hooks
