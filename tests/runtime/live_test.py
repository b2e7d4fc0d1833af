"""The live loop, with real processes, files and sockets.

    live_test.py <modbuild> <modbuild-launch> <engine-modules> <work dir>

A copy of engine-modules/ is built with `modbuild build`; the sandbox runs
under modbuild-launch without end, and `modbuild watch` runs beside it. The
test talks to the engine over its control socket and its console (the
launcher's standard input), edits the ECS system's source and checks that
the engine picks the new build up with the world unchanged, that a broken
edit leaves it running, that the rendering backend swaps mid-run, that bad
input on the socket hurts nothing, that a reloaded module's event
subscriptions move to its new build, and that both processes stop cleanly.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time


class Output:
    """Collects a process's output from a thread, so that it never blocks."""

    def __init__(self, stream):
        self.text = ""
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for raw in iter(lambda: stream.read1(65536), b""):
            with self.lock:
                self.text += raw.decode("utf-8", "replace")

    def wait_for(self, needle, timeout, start=0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                at = self.text.find(needle, start)
                if at >= 0:
                    return at
            time.sleep(0.05)
        raise AssertionError(f"no {needle!r} within {timeout} s; the output was:\n{self.text[-6000:]}")

    def size(self):
        with self.lock:
            return len(self.text)


class Engine:
    """The control socket of a running engine."""

    def __init__(self, path):
        self.path = path

    def ask(self, line, ok=True):
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.path)
            s.sendall(line.encode() + b"\n")
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
        answer = json.loads(reply)
        assert answer["ok"] == ok, f"{line!r} answered {answer}"
        return answer["reply"]

    def world(self):
        return json.loads(self.ask("data ecs::World world"))


def check(condition, message):
    if not condition:
        raise AssertionError(message)


PROCESSES = []


def start(command, **options):
    """A child process that is killed if the test fails."""
    process = subprocess.Popen(command, **options)
    PROCESSES.append(process)
    return process


def main(modbuild, launch, source, work):
    shutil.rmtree(work, ignore_errors=True)
    workspace = os.path.join(work, "ws")
    build = os.path.join(work, "build")
    shutil.copytree(source, workspace, ignore=shutil.ignore_patterns(".modbuild"))
    step("building a copy of engine-modules")
    subprocess.run([modbuild, "-C", workspace, "-q", "build", "--build-dir", build, "-j", "2"], check=True,
                   stdout=subprocess.DEVNULL)
    index = os.path.join(build, "modules", "engine.modules.json")
    names = [m["name"] for m in json.load(open(index))["modules"]]

    step("the sandbox runs under the launcher without end")
    frames = os.path.join(work, "frames")
    os.makedirs(frames)
    engine_process = start([launch, index, "--", "0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, env=dict(os.environ, RENDER_RASTER_DIR=frames))
    console = Output(engine_process.stdout)
    engine = Engine(os.path.join(build, "modules", "engine.sock"))
    deadline = time.monotonic() + 30
    while not os.path.exists(engine.path):
        check(time.monotonic() < deadline and engine_process.poll() is None,
              f"the engine did not start:\n{console.text}")
        time.sleep(0.05)
    check(oct(os.stat(engine.path).st_mode & 0o777) == "0o600", "the control socket is for its owner only")

    table = engine.ask("modules")
    for name in names:
        check(f" {name} " in table, f"`modules` lacks {name}:\n{table}")
    check(" render-ascii " in table and "alternate" in table, table)

    graph = engine.ask("graph")
    check('"sandbox" -> "physics";' in graph and graph.startswith("digraph loaded {"), graph)
    check("physics, sandbox depend on it" in engine.ask("unload ecs-sparse", ok=False), "unload was not refused")
    check("did you mean 'ecs-sparse'" in engine.ask("why ecs-sprase", ok=False), "no suggestion for a module")

    step("a module command typed in the console")
    engine_process.stdin.write(b"why sandbox\n")
    engine_process.stdin.flush()
    console.wait_for("sandbox 0.1.0 (app, loaded)", 10)

    step("paused, the world stays as it is")
    engine.ask("publish sandbox.pause")
    console.wait_for("sandbox: paused", 10)
    before = engine.world()
    time.sleep(0.3)
    check(engine.world() == before, "the world moved while paused")
    mark = console.size()
    engine.ask("publish sandbox.status")
    console.wait_for("sandbox: 4 entities, 4 balls", 10, mark)

    step("modbuild watch rebuilds an edited system and the engine reloads it")
    watch_process = start([modbuild, "-C", workspace, "watch", "--build-dir", build], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    watch = Output(watch_process.stdout)
    watch.wait_for("watch: watching", 30)
    system = os.path.join(workspace, "systems", "ecs", "src", "ecs_sparse.cpp")
    original = open(system).read()
    edit(system, original.replace("return world.slots.size() - world.free_slots.size();",
                                  "return world.slots.size() - world.free_slots.size() + 1000;"))
    at = watch.wait_for("reloaded ecs-sparse 1.2.0 in ", 180)
    line = watch.text[watch.text.rfind("watch: ", 0, at):watch.text.find("\n", at)]
    check(line.endswith(": ok"), f"the cycle line: {line}")
    check("systems/ecs/src/ecs_sparse.cpp changed; built ecs-sparse in " in line, f"the cycle line: {line}")
    check(engine.world() == before, "the reload changed the world")
    mark = console.size()
    engine.ask("publish sandbox.status")
    console.wait_for("sandbox: 1004 entities, 4 balls", 10, mark)

    step("a broken edit: the compiler's error is shown, the engine keeps the last good build")
    mark = watch.size()
    edit(system, original.replace("return world.slots.size() - world.free_slots.size();", "return not C++;"))
    watch.wait_for("the build failed after", 120, mark)
    shown = watch.text[mark:]
    check("ecs_sparse.cpp:" in shown and "error" in shown, f"the compiler's error is not shown:\n{shown}")
    mark = console.size()
    engine.ask("publish sandbox.status")
    console.wait_for("sandbox: 1004 entities", 10, mark)

    step("bad input on the socket")
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(engine.path)
        s.sendall(b"\xff\xfe\x00\x01 garbage\n")
        check(not json.loads(s.makefile("rb").readline())["ok"], "garbage was accepted")
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(engine.path)
        s.sendall(b"x" * 100000)
        check(b"longer than 4096 bytes" in s.recv(4096), "an overlong line was not refused")
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(engine.path)
        s.sendall(b"reload ecs-spa")  # and gone
    check("did you mean 'reload'" in engine.ask("relaod sandbox", ok=False), "no suggestion for a typo")

    step("a reloaded module's subscriptions move to its new build")
    engine.ask("reload sandbox")
    mark = console.size()
    engine.ask("publish sandbox.status")
    console.wait_for("sandbox: 1004 entities", 10, mark)
    time.sleep(0.3)
    check(console.text[mark:].count("sandbox: 1004 entities") == 1, "the old build still answers an event")

    step("swap the rendering backend mid-run")
    check(engine.ask("swap render.backend render-ascii").startswith("swapped render-raster for render-ascii"), "swap")
    engine.ask("publish sandbox.resume")
    moving = engine.world()
    time.sleep(1.0)
    check(engine.world() != moving, "the world stopped after the swap")
    console.wait_for("+----", 10)  # render-ascii's frame border on the console
    check(engine_process.poll() is None, "the engine died")

    step("stopping")
    watch_process.send_signal(signal.SIGTERM)
    check(watch_process.wait(30) == 0, "watch did not stop cleanly")
    engine_process.send_signal(signal.SIGTERM)
    check(engine_process.wait(30) == 128 + signal.SIGTERM, "the launcher did not stop cleanly")
    check(not os.path.exists(engine.path), "the control socket was left behind")
    print("ok")


def edit(path, text):
    """Writes as editors do: a new file renamed over the old."""
    with open(path + ".new", "w") as file:
        file.write(text)
    os.rename(path + ".new", path)


def step(text):
    print(f"== {text}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    try:
        main(*sys.argv[1:])
    finally:
        for leftover in PROCESSES:
            if leftover.poll() is None:
                leftover.kill()
                leftover.wait()
