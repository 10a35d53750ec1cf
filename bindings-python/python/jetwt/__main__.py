"""``python -m jetwt`` and the ``jetwt`` console script: the jetwt command (the Rust crate jetwt-cli, built
into the extension), the same program as the ``jetwt`` binary and ``npx jetwt``.

This only hands over the arguments and the exit code; what is printed, and whether in colour (stdout a
terminal, ``NO_COLOR`` unset), the command decides. It reads fd 0 and writes fds 1 and 2 itself, so Python's
own buffered streams are flushed first.
"""

from __future__ import annotations

import signal
import sys
from typing import NoReturn

from . import _run_cli


def main() -> NoReturn:
    """Runs the command with ``sys.argv[1:]`` and exits with its code."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe or stream: nothing of ours to lose
                pass
    # Python's SIGINT handler only sets a flag for the interpreter to act on, and the interpreter does not run
    # while the command does: Ctrl-C must stop the process, as it stops the Rust binary.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(_run_cli(sys.argv[1:]))


if __name__ == "__main__":
    main()
