"""The README's "Set up" and "First steps" blocks, run as written, in order, in one shell, in a fresh clone.

One substitution, stated here: the first command (``python3 -m venv .venv && .venv/bin/pip install -e .``)
would download every dependency from PyPI. The test makes ``.venv`` instead from this interpreter with
the test environment's installed packages visible and the clone first on the path, and writes the
``.venv/bin/pdflet`` launcher pip would write. Every other line runs verbatim, on a terminal (the
password prompt needs one), with port 8000 as the README says.
"""

from __future__ import annotations

import os
import re
import signal
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import pdf_text
from tests.integration.pty_session import PtySession
from tests.integration.test_cli import port_free

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "python3 -m venv .venv && .venv/bin/pip install -e ."


def readme_block(heading: str) -> str:
    """The first ```bash block under ``## heading``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```bash\n(.*?)```", section, re.S).group(1)


def make_venv(clone: Path) -> None:
    """What ``INSTALL`` leaves behind, without the network."""
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(clone / ".venv")], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    pth = clone / ".venv" / "lib" / version / "site-packages" / "pdflet-readme-test.pth"
    lines = [str(clone)] + [f"import site; site.addsitedir({p!r})" for p in site.getsitepackages()]
    pth.write_text("\n".join(lines) + "\n")
    launcher = clone / ".venv" / "bin" / "pdflet"
    launcher.write_text(f"#!{clone / '.venv' / 'bin' / 'python'}\nimport sys\nfrom pdflet.cli import main\n"
                        "if __name__ == '__main__':\n    sys.exit(main())\n")  # as pip writes it
    launcher.chmod(0o755)
    where = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", "import pdflet; print(pdflet.__file__)"],
                           capture_output=True, text=True, check=True, env={"PATH": os.environ.get("PATH", "")},
                           cwd=clone.parent)  # not this checkout: ``python -c`` puts the current folder first
    assert where.stdout.strip() == str(clone / "pdflet" / "__init__.py")  # the clone's code, not an installed copy


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git checkout to clone")
@pytest.mark.skipif(not port_free(8000), reason="the README's port 8000 is taken on this machine")
def test_readme_set_up_and_first_steps_work_verbatim(tmp_path):
    setup, first = readme_block("Set up"), readme_block("First steps")
    assert setup.startswith(INSTALL + "\n"), "the README's install line changed: update this test's substitute"
    clone = tmp_path / "pdflet"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    make_venv(clone)
    script = setup[len(INSTALL) + 1:] + first + "echo README-DONE\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PDFLET_", "VIRTUAL_ENV", "PYTHONPATH"))}
    session = PtySession(["bash", "--noprofile", "--norc", "-e", "-c", script], clone, env)
    try:
        session.expect("Password: ", timeout=90)
        session.send("correct horse battery staple")
        session.expect("Password (again): ")
        session.send("correct horse battery staple")
        before = session.expect("README-DONE", timeout=90)
        assert "created staff user admin@example.com" in before
        assert f"pdflet: database {clone.resolve() / '.pdflet' / 'pdflet.db'}" in before
        assert "admin at http://127.0.0.1:8000/admin/" in before
    finally:
        os.killpg(session.process.pid, signal.SIGTERM)  # the server the README left running with '&'
        session.wait(timeout=30)
    assert "Hello" in pdf_text((clone / "hello.pdf").read_bytes())
    assert [p.name for p in clone.rglob("pdflet.db")] == ["pdflet.db"]  # one database, in ./.pdflet
