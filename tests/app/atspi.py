"""A small AT-SPI client and the desktop it needs, for the screen-reader walk.

A screen reader (Orca) sees an application only through AT-SPI: a D-Bus bus of its own (the
accessibility bus, announced on the session bus by at-spi-bus-launcher) on which every
application publishes a tree of accessible objects, each with a role, a name, states and,
for controls, actions. This module speaks that protocol with jeepney (pure Python, blocking,
every call bounded by a timeout), which is what Orca itself asks of an application:

- `Desktop` starts a private X server (Xvfb), a private session bus and the AT-SPI bus, and
  gives the environment an application must be started in to join them;
- `Node` is one accessible object: `name`, `role`, `states`, `children`, `press()` (the
  Action interface's first action, as a screen reader's "activate"), `grab_focus()`;
- `find` / `wait_for` search an application's tree by accessible name and role.

Nothing here knows the kiosk: the walk in test_atspi_walk.py does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from jeepney import DBusAddress, MessageType, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

BUS_LAUNCHER_PLACES = (
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
)
REGISTRYD_PLACES = ("/usr/libexec/at-spi2-registryd", "/usr/lib/at-spi2-core/at-spi2-registryd")
CALL_TIMEOUT = 10.0  # seconds for one D-Bus call; a hung application fails the test, not CI

_ACCESSIBLE = "org.a11y.atspi.Accessible"
_ACTION = "org.a11y.atspi.Action"
_COMPONENT = "org.a11y.atspi.Component"
_PROPERTIES = "org.freedesktop.DBus.Properties"
_REGISTRY = ("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")
_NULL_PATH = "/org/a11y/atspi/null"

T = TypeVar("T")

# AT-SPI state numbers (atspi-constants.h, AtspiStateType) the walk reads.
STATE_ENABLED = 8
STATE_FOCUSABLE = 11
STATE_FOCUSED = 12
STATE_SHOWING = 25
STATE_VISIBLE = 30


class AtspiError(Exception):
    """The accessibility bus or an application on it did not answer as AT-SPI says."""


def missing_tools(path: str | None = None) -> list[str]:
    """What this machine lacks to run an AT-SPI desktop (empty: it has all of it);
    `path` searches another PATH than this process's."""
    missing = [tool for tool in ("Xvfb", "dbus-daemon") if shutil.which(tool, path=path) is None]
    if _first(BUS_LAUNCHER_PLACES) is None:
        missing.append("at-spi-bus-launcher (at-spi2-core)")
    if _first(REGISTRYD_PLACES) is None:
        missing.append("at-spi2-registryd (at-spi2-core)")
    return missing


def _first(places: tuple[str, ...]) -> str | None:
    return next((place for place in places if os.access(place, os.X_OK)), None)


class Bus:
    """One blocking connection to a D-Bus bus; every call has a timeout."""

    def __init__(self, connection: DBusConnection) -> None:
        self._connection = connection

    @classmethod
    def open(cls, address: str) -> Bus:
        return cls(open_dbus_connection(address))

    def call(
        self, bus_name: str, path: str, interface: str, method: str, signature: str = "", *body: Any
    ) -> tuple[Any, ...]:
        message = new_method_call(
            DBusAddress(path, bus_name=bus_name, interface=interface), method, signature, body
        )
        reply = self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT)
        if reply.header.message_type == MessageType.error:
            raise AtspiError(f"{interface}.{method} on {bus_name}{path}: {reply.body}")
        return reply.body

    def close(self) -> None:
        self._connection.close()


@dataclass(frozen=True)
class Node:
    """One accessible object on the accessibility bus (an application, a window, a button)."""

    bus: Bus
    bus_name: str
    path: str

    def _call(self, interface: str, method: str, signature: str = "", *body: Any) -> Any:
        return self.bus.call(self.bus_name, self.path, interface, method, signature, *body)

    def _property(self, interface: str, name: str) -> Any:
        ((_signature, value),) = self._call(_PROPERTIES, "Get", "ss", interface, name)
        return value

    @property
    def name(self) -> str:
        return str(self._property(_ACCESSIBLE, "Name"))

    @property
    def description(self) -> str:
        return str(self._property(_ACCESSIBLE, "Description"))

    @property
    def role(self) -> str:
        """The role as AT-SPI names it: "push button", "heading", "static", "label"..."""
        (role,) = self._call(_ACCESSIBLE, "GetRoleName")
        return str(role)

    @property
    def states(self) -> set[int]:
        """The AT-SPI state numbers set on this object (a 64-bit set sent as two words)."""
        ((low, high),) = self._call(_ACCESSIBLE, "GetState")
        bits = low | (high << 32)
        return {bit for bit in range(64) if bits & (1 << bit)}

    @property
    def showing(self) -> bool:
        return STATE_SHOWING in self.states

    @property
    def children(self) -> list[Node]:
        (children,) = self._call(_ACCESSIBLE, "GetChildren")
        return [Node(self.bus, bus_name, path) for bus_name, path in children if path != _NULL_PATH]

    def actions(self) -> list[str]:
        """The names of this object's actions ("Press", "SetFocus"...); [] without any."""
        try:
            (actions,) = self._call(_ACTION, "GetActions")
        except AtspiError:
            return []
        return [str(action[0]) for action in actions]

    def do_action(self, name: str) -> None:
        """Run the named action through the Action interface, as a screen reader does."""
        actions = self.actions()
        if name not in actions:
            raise AtspiError(f"{self.describe()} has no action {name!r} (it has {actions})")
        (done,) = self._call(_ACTION, "DoAction", "i", actions.index(name))
        if not done:
            raise AtspiError(f"{self.describe()} refused the action {name!r}")

    def press(self) -> None:
        """A screen reader's "activate": the Press action."""
        self.do_action("Press")

    def grab_focus(self) -> bool:
        """Move the keyboard focus here (a screen reader following its review cursor)."""
        (done,) = self._call(_COMPONENT, "GrabFocus")
        return bool(done)

    def describe(self) -> str:
        return f"{self.role} {self.name!r}"

    def walk(self, depth: int = 0, max_depth: int = 60) -> Iterator[tuple[int, Node]]:
        """This object and everything under it, depth first, with each one's depth."""
        yield depth, self
        if depth >= max_depth:
            return
        for child in self.children:
            try:
                yield from child.walk(depth + 1, max_depth)
            except AtspiError:
                continue  # the object went away while being read (a screen changed)


def applications(bus: Bus) -> list[Node]:
    """The applications registered on the accessibility bus."""
    return Node(bus, *_REGISTRY).children


def find_application(bus: Bus, name: str, timeout: float) -> Node:
    """The application called `name`, once it has joined the accessibility bus."""

    def found() -> Node | None:
        for application in applications(bus):
            with contextlib.suppress(AtspiError):
                if application.name == name:
                    return application
        return None

    return wait_for(found, timeout, f"no application {name!r} on the accessibility bus")


def find(
    root: Node, name: str | None = None, role: str | None = None, showing: bool = True
) -> list[Node]:
    """The objects under `root` with this accessible name and/or role (only those on
    screen, by default: a screen reader reads what is showing)."""
    found = []
    for _depth, node in root.walk():
        try:
            if name is not None and node.name != name:
                continue
            if role is not None and node.role != role:
                continue
            if showing and not node.showing:
                continue
        except AtspiError:
            continue
        found.append(node)
    return found


def wait_for(probe: Callable[[], T | None], timeout: float, what: str) -> T:
    """Poll `probe` until it returns something (not None, not empty) or `timeout` passes.

    Polling is what an AT-SPI client does: the tree belongs to another process."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            value = probe()
            if value:
                return value
        except AtspiError as error:
            last_error = error
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error})" if last_error else ""
            raise AssertionError(f"{what} within {timeout:.0f} s{detail}")
        time.sleep(0.1)


def dump(root: Node, max_depth: int = 60) -> list[str]:
    """The tree as a screen reader would list it: one "role: name" line per object that
    is showing and says something, indented by depth."""
    lines = []
    for depth, node in root.walk(max_depth=max_depth):
        try:
            name, role, showing = node.name, node.role, node.showing
        except AtspiError:
            continue
        if showing and (name or role not in ("filler", "panel", "unknown")):
            lines.append(f"{'  ' * depth}{role}: {name}")
    return lines


class Desktop:
    """A private X display, session bus and AT-SPI bus; `close()` ends all of them.

    `environment()` is what an application needs to join them (with Qt's accessibility
    bridge always on, as it is when a screen reader runs)."""

    def __init__(self, workdir: Path, timeout: float = 20.0) -> None:
        self._workdir = workdir
        self._timeout = timeout
        self._processes: list[subprocess.Popen[bytes]] = []
        workdir.mkdir(parents=True, exist_ok=True)
        self.display = ""
        self.session_address = ""
        self.a11y_address = ""
        self.a11y: Bus | None = None

    def __enter__(self) -> Desktop:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        name = Path(argv[0]).name
        log = (self._workdir / f"{name}.log").open("wb")
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env or self.environment(base=False),
            start_new_session=True,  # its own process group, ended as one in close()
        )
        log.close()
        self._processes.append(process)
        return process

    def _read_line(self, process: subprocess.Popen[bytes], what: str) -> str:
        assert process.stdout is not None
        with _alarm(self._timeout, f"{what} did not start"):
            line = process.stdout.readline().decode().strip()
        if not line:
            raise AtspiError(f"{what} did not start (see {self._workdir})")
        return line

    def _start(self) -> None:
        xvfb = self._spawn(
            ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            env=dict(os.environ),
        )
        self.display = ":" + self._read_line(xvfb, "Xvfb")
        bus = self._spawn(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"], env=dict(os.environ)
        )
        self.session_address = self._read_line(bus, "the session bus")
        env = self.environment(base=False)
        launcher = _first(BUS_LAUNCHER_PLACES)
        registryd = _first(REGISTRYD_PLACES)
        assert launcher and registryd, missing_tools()
        self._spawn([launcher, "--launch-immediately", "--a11y=1"], env=env)
        session = Bus.open(self.session_address)
        try:
            address = wait_for(
                lambda: _a11y_address(session), self._timeout, "the AT-SPI bus did not start"
            )
        finally:
            session.close()
        self.a11y_address = address
        env["AT_SPI_BUS_ADDRESS"] = address
        self._spawn([registryd], env=env)
        self.a11y = Bus.open(address)
        wait_for(lambda: _registry_answers(self.a11y), self._timeout, "no AT-SPI registry")

    def environment(self, base: bool = True) -> dict[str, str]:
        env = dict(os.environ) if base else {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        env.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.session_address,
            QT_QPA_PLATFORM="xcb",
            QT_ACCESSIBILITY="1",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            NO_AT_BRIDGE="0",
            XDG_RUNTIME_DIR=str(self._workdir),
        )
        env.pop("WAYLAND_DISPLAY", None)
        # Ours, never one inherited from the desktop the tests were started from.
        env.pop("AT_SPI_BUS_ADDRESS", None)
        if self.a11y_address:
            env["AT_SPI_BUS_ADDRESS"] = self.a11y_address
        return env

    def close(self) -> None:
        if self.a11y is not None:
            with contextlib.suppress(Exception):
                self.a11y.close()
            self.a11y = None
        for process in reversed(self._processes):
            stop_process(process)
        self._processes.clear()


def _a11y_address(session: Bus) -> str | None:
    try:
        (address,) = session.call("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress")
    except AtspiError:
        return None
    return str(address) or None


def _registry_answers(bus: Bus | None) -> bool:
    assert bus is not None
    Node(bus, *_REGISTRY).children  # noqa: B018 - raises until the registry is up
    return True


def stop_process(process: subprocess.Popen[Any], grace: float = 5.0) -> None:
    """SIGTERM the process's own group, then SIGKILL it if it has not gone in `grace`."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(grace)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@contextlib.contextmanager
def _alarm(seconds: float, what: str) -> Iterator[None]:
    """Bound a blocking read (a pipe has no timeout of its own) with SIGALRM."""

    def expired(signum: int, frame: object) -> None:
        raise AtspiError(f"{what} within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
