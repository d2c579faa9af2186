"""Setup promises: the two dependency lists agree, the wheel carries the data, the README is current."""
import re
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# conda-forge names that differ from PyPI's
CONDA_TO_PYPI = {"python-build": "build"}


def _name_and_spec(requirement: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
    return m.group(1).lower().replace("_", "-"), m.group(3).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += [r for r in extra if not r.startswith(project["name"])]
    return dict(_name_and_spec(r) for r in reqs)


def environment_requirements() -> dict[str, str]:
    deps = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+)([<>=!~].*)?$", line)
        if m and m.group(1) not in {"python", "pip"}:
            deps[CONDA_TO_PYPI.get(m.group(1), m.group(1))] = (m.group(2) or "").replace(" ", "")
    return deps


def test_environment_yml_agrees_with_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_coverage_table_is_current():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_readme_coverage.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


@pytest.mark.slow
def test_wheel_ships_the_data_and_loads_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    [wheel] = dist.glob("*.whl")
    # A fresh environment that borrows this one's packages (pandas) through a .pth file, listed after
    # its own site-packages, and never sees the source tree.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    own_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
    Path(own_site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet",
                    "--ignore-installed", str(wheel)], check=True, capture_output=True)
    code = (
        "import dprk_china, dprk_china._io as io\n"
        "where = str(io.package_data_dir())\n"
        "assert 'site-packages' in where, where\n"
        "tables = [dprk_china.load_exchanges(), dprk_china.load_reports(), dprk_china.load_occasions(),\n"
        "          dprk_china.load_events(), dprk_china.load_lexicon(), dprk_china.load_message_phrases(),\n"
        "          dprk_china.load_titles()]\n"
        "assert all(len(t) for t in tables)\n"
        "dprk_china.validate()\n"
        "import pathlib; assert (pathlib.Path(where) / 'datapackage.json').exists()\n"
        "from dprk_china import render; assert 'site-packages' in str(render.LIVE_CHART_JS)\n"
        "assert 'updateInPlace' in render.LIVE_CHART_JS.read_text()\n"   # the live charts' front end ships
        "print(len(tables[0]))\n"
    )
    out = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"})
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 80
