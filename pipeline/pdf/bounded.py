"""One call in a child process that the parent can always stop: the time and memory bound.

A hostile PDF can make pdfminer loop forever inside one call (a reference cycle in a
page's /MediaBox), or hold the interpreter in C code where no signal handler runs. A
limit checked by the code doing the work is only as good as that code's willingness to
look at it. So each document is read in a forked child:

- the child caps its own address space (``RLIMIT_AS``): past it, allocation fails with
  ``MemoryError`` (or the child dies), never the machine;
- the parent waits at most ``seconds`` and then kills the child's whole process group
  with SIGKILL, which no code in the child can catch or delay;
- the child asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on
  Linux), so a killed ``portdoc publish`` leaves no workers behind;
- the result (or the exception) comes back pickled through an anonymous temporary
  file, which disappears with its last descriptor: nothing is left on disk.

Forking (not spawning a fresh interpreter) keeps the start-up cost at a few
milliseconds: the child already has every module the parent imported.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import pickle
import resource
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import IO, Any, Generic, TypeVar

from pipeline.model.errors import LimitExceededError, UnusableInputError

T = TypeVar("T")
K = TypeVar("K")

_OUT_OF_MEMORY = 75  # the child's exit status when even reporting a MemoryError failed
_NO_SPACE = 76  # ... when the result could not be written: the temporary folder is full
_POLL = 0.005  # seconds between looks at a running child (doubling up to _POLL_MAX)
_POLL_MAX = 0.05  # where the kernel gives no descriptor to wait on (not Linux >= 5.3)

_in_worker = False


def in_worker() -> bool:
    """True inside a bounded child: work there runs in place, not in a grandchild."""
    return _in_worker


@dataclass(frozen=True)
class Bounds:
    """What one child may use. 0 means no bound."""

    seconds: float
    memory_bytes: int
    name: str  # what the messages call the work, e.g. the file's name

    def timeout_error(self) -> LimitExceededError:
        return LimitExceededError(f"{self.name}: gave up after {self.seconds:g} s (time limit)")

    def memory_error(self) -> LimitExceededError:
        mb = self.memory_bytes / (1024 * 1024)
        return LimitExceededError(
            f"{self.name}: needs more than {mb:g} MB of memory (memory limit)"
        )


def _die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when the parent exits (Linux); elsewhere the
    parent's own cleanup and the process group are the only guard."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _address_space() -> int:
    """This process's virtual size in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _cap_memory(extra: int) -> None:
    """Cap the address space at what the fork inherited plus ``extra`` bytes: the bound
    is on what the work takes, not on what the parent happened to hold."""
    if extra > 0:
        limit = _address_space() + extra
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _portable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling, else a plain RuntimeError with its text (a
    library exception whose constructor takes other arguments than its ``args``)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _run_child(parent: int, bounds: Bounds, out: IO[bytes], call: Callable[[], Any]) -> None:
    """The child's whole life: never returns into the caller's stack."""
    global _in_worker
    code = 0
    try:
        _in_worker = True
        _die_with_parent(parent)
        _cap_memory(bounds.memory_bytes)
        try:
            outcome: tuple[bool, Any] = (True, call())
        except MemoryError:
            outcome = (False, bounds.memory_error())
        except BaseException as e:  # handed to the parent, which raises it
            import traceback

            e.add_note("".join(traceback.format_exception(e)).rstrip())
            outcome = (False, _portable(e))
        pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
    except MemoryError:
        code = _OUT_OF_MEMORY
    except OSError as e:
        code = _NO_SPACE if e.errno in (errno.ENOSPC, errno.EDQUOT) else 1
    except BaseException:
        code = 1
    finally:
        os._exit(code)


class _Child(Generic[K]):
    """A started child: its pid (also its process group), its result file, its deadline."""

    def __init__(self, key: K, call: Callable[[], Any], bounds: Bounds) -> None:
        self.key, self.bounds = key, bounds
        self.out = tempfile.TemporaryFile(prefix="portdoc-result-")  # noqa: SIM115
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        # The child's collector leaves alone what the parent built (modules, validators,
        # a test run's whole session): a full collection there walked every one of them,
        # and touching them copied their pages. The parent collects them again at once.
        gc.freeze()
        try:
            pid = os.fork()
        except BaseException:
            gc.unfreeze()
            raise
        if pid == 0:
            try:
                os.setpgid(0, 0)
            finally:
                _run_child(parent, bounds, self.out, call)
        gc.unfreeze()
        with contextlib.suppress(OSError):  # both sides set it: no window without it
            os.setpgid(pid, pid)
        self.pid = pid
        # A descriptor that turns readable when the child ends: the parent sleeps until
        # then (or the deadline) instead of looking every few milliseconds.
        self.ended_fd: int | None = None
        with contextlib.suppress(AttributeError, OSError):
            self.ended_fd = os.pidfd_open(pid)
        self.started = time.monotonic()
        self.expires = self.started + bounds.seconds if bounds.seconds > 0 else float("inf")
        self.status: int | None = None

    def poll(self) -> bool:
        """True once the child has ended (it is reaped here)."""
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                self._close_ended_fd()
        return self.status is not None

    def _close_ended_fd(self) -> None:
        if self.ended_fd is not None:
            os.close(self.ended_fd)
            self.ended_fd = None

    def kill(self) -> None:
        """SIGKILL the child's process group and reap the child."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                self.status = os.waitpid(self.pid, 0)[1]
        self._close_ended_fd()
        self.out.close()

    def outcome(self) -> Any:
        """The child's return value; its exception, or one saying how it died, raised."""
        assert self.status is not None
        try:
            # The process group may hold what the child started: gone with it.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            self.out.seek(0)
            data = self.out.read()
        finally:
            self.out.close()
        if data and os.WIFEXITED(self.status) and os.WEXITSTATUS(self.status) == 0:
            ok, value = pickle.loads(data)
            if ok:
                return value
            raise value
        if os.WIFEXITED(self.status) and os.WEXITSTATUS(self.status) == _OUT_OF_MEMORY:
            raise self.bounds.memory_error()
        if os.WIFEXITED(self.status) and os.WEXITSTATUS(self.status) == _NO_SPACE:
            raise UnusableInputError(
                f"{self.bounds.name}: no space left in {tempfile.gettempdir()} for the "
                "reader's result (free some, or set TMPDIR to a folder with room)"
            )
        if os.WIFSIGNALED(self.status):
            name = signal.Signals(os.WTERMSIG(self.status)).name
            if self.bounds.memory_bytes > 0 and os.WTERMSIG(self.status) in (
                signal.SIGKILL,
                signal.SIGSEGV,
                signal.SIGABRT,
                signal.SIGBUS,
            ):
                mb = self.bounds.memory_bytes / (1024 * 1024)
                raise UnusableInputError(
                    f"{self.bounds.name}: the reader died ({name}); "
                    f"out of memory (memory limit {mb:g} MB) or a crash"
                )
            raise UnusableInputError(f"{self.bounds.name}: the reader died ({name})")
        raise UnusableInputError(f"{self.bounds.name}: the reader failed (no result)")


def run_many(
    calls: Iterable[tuple[K, Callable[[], T], Bounds]], workers: int = 1
) -> Generator[tuple[K, Callable[[], T]], None, None]:
    """Run each call in its own bounded child, at most ``workers`` at a time; yield
    ``(key, result)`` as they end, where ``result()`` returns the value or raises the
    call's exception (or ``LimitExceededError`` for a child stopped at its time or
    memory limit). Children still running when the caller stops iterating, or when
    anything goes wrong here, are killed."""
    pending = iter(calls)
    running: list[_Child[K]] = []
    wait = _POLL
    try:
        while True:
            while len(running) < max(1, workers):
                item = next(pending, None)
                if item is None:
                    break
                key, call, bounds = item
                running.append(_Child(key, call, bounds))
            if not running:
                return
            ended = [child for child in running if child.poll()]
            now = time.monotonic()
            late = [c for c in running if c not in ended and now > c.expires]
            for child in late:
                child.kill()
                running.remove(child)
                yield child.key, _raiser(child.bounds.timeout_error())
            for child in ended:
                running.remove(child)
                yield child.key, _settled(child)
            if ended or late:
                wait = _POLL
            else:
                soonest = min(child.expires for child in running)
                wait = _wait_for_one(running, max(0.0, soonest - now), wait)
    finally:
        for child in running:
            child.kill()


def _wait_for_one(running: list[_Child[Any]], left: float, wait: float) -> float:
    """Sleep until a child ends or ``left`` seconds pass; return the next polling step
    (used only where a child has no descriptor to wait on)."""
    fds = [child.ended_fd for child in running if child.ended_fd is not None]
    if len(fds) == len(running):
        select.select(fds, [], [], None if left == float("inf") else left)
        return wait
    time.sleep(min(wait, left))
    return min(wait * 2, _POLL_MAX)


def _settled(child: _Child[Any]) -> Callable[[], Any]:
    try:
        value = child.outcome()
    except BaseException as e:
        return _raiser(e)
    return lambda: value


def _raiser(error: BaseException) -> Callable[[], Any]:
    def result() -> Any:
        raise error

    return result


def run_bounded(call: Callable[[], T], bounds: Bounds) -> T:
    """``call()`` in a bounded child (in place when already inside one)."""
    if in_worker():
        return call()
    with contextlib.closing(run_many([(None, call, bounds)])) as results:
        for _key, result in results:
            return result()
    raise AssertionError("run_many yields once per call")
