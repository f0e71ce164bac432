"""Drive a program on a pseudo-terminal, as a person at a keyboard would (getpass needs a terminal)."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import termios
import time


def _take_terminal() -> None:
    """In the child, after setsid: make its stdin (the pty) the controlling terminal, so /dev/tty works."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtySession:
    """A process whose stdin, stdout and stderr are one terminal; ``expect`` waits for text, ``send`` types."""

    def __init__(self, argv: list[str], cwd, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self.process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave,
                                        start_new_session=True, preexec_fn=_take_terminal)
        os.close(slave)
        self.output = ""  # not yet consumed by expect()
        self.transcript = ""  # everything the terminal showed

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the other side closed: the program ended
            return False
        text = data.decode(errors="replace")
        self.output += text
        self.transcript += text
        return bool(data)

    def expect(self, text: str, timeout: float = 60.0) -> str:
        """Wait until ``text`` appears after what was already consumed; returns everything up to it."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if time.monotonic() > deadline or (not self._read(0.2) and self.process.poll() is not None
                                               and not self._read(0)):
                raise AssertionError(f"never saw {text!r}; output so far:\n{self.output}")
        before, _, after = self.output.partition(text)
        self.output = after
        return before + text

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def wait(self, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0):
            pass
        os.close(self.master)
        return self.process.wait(timeout=1)
