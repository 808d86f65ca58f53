"""Build the forwarder's deployment packages (``make forwarder-zip``, ``make forwarder-layer``).

- ``function``: ``handler.py``, awslogparse and its runtime dependencies; no pyarrow (too big for
  a function zip, and only Parquet output needs it) and no boto3 (the Lambda runtime has it);
- ``layer``: the ``arrow`` extra (pyarrow, zlib-ng) under ``python/``, where Lambda puts layers
  on ``sys.path``.

awslogparse itself is staged from this source tree as its wheel lays it out (pyproject's
``[tool.hatch.build.targets.wheel]``: the package, and ``formats/`` as ``awslogparse/_formats``),
so that step needs neither a build backend nor the network and is tested offline. Third-party
packages come from pip as wheels for Lambda's platform (``--platform``, ``--python-version``),
whatever machine builds. Zips are reproducible: sorted entries, fixed times, so an unchanged build
gives the same bytes and CloudFormation sees no new code.

    python examples/lambda_forwarder/build.py function dist/forwarder.zip
    python examples/lambda_forwarder/build.py layer dist/forwarder-layer.zip
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
LAMBDA_PYTHON = "3.12"
"""The template's runtime (python3.12): compiled wheels must be built for it."""
LAMBDA_PLATFORMS = ("manylinux_2_28_x86_64", "manylinux2014_x86_64")
"""Wheel tags that run on the python3.12 runtime (Amazon Linux 2023, glibc 2.34, x86_64)."""
NOT_IN_FUNCTION = ("pyarrow", "boto3", "botocore")
"""Top-level names the function zip must not hold: the layer's, and the runtime's own."""
LAYER_PRUNED = ("pyarrow/include", "pyarrow/tests", "pyarrow/**/*.pyx", "pyarrow/**/*.pxd",
                "pyarrow/**/*.h", "pyarrow/*flight*", "pyarrow/_pyarrow_cpp_tests*")
"""What Parquet writing never loads (C++ headers, Cython sources, tests, Arrow Flight): about 45
MiB less unzipped, which keeps the layer zip under Lambda's 50 MiB direct upload."""
SKIPPED = ("__pycache__", ".pyc")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TASK_ROOT = {"function": "/var/task", "layer": "/opt"}
"""Where Lambda unzips each kind: the file names compiled into the byte code."""


def wheel_layout(project: Path = PROJECT) -> list[tuple[Path, str]]:
    """(source path, path inside the package folder) for what the project's wheel holds."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    layout = [(project / name, name) for name in wheel["packages"]]
    layout += [(project / src, dest) for src, dest in wheel.get("force-include", {}).items()]
    return layout


def requirements(project: Path = PROJECT, extra: str | None = None) -> list[str]:
    """The project's runtime requirements, or one extra's."""
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    return list(meta["optional-dependencies"][extra] if extra else meta["dependencies"])


def stage_project(target: Path, project: Path = PROJECT) -> None:
    for source, dest in wheel_layout(project):
        shutil.copytree(source, target / dest, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(*(f"*{s}" for s in SKIPPED)))


def pip_install(packages: Sequence[str], target: Path, python: str = LAMBDA_PYTHON) -> None:
    """Wheels of ``packages`` and what they need, for Lambda's platform (needs the network)."""
    if not packages:
        return
    platforms = [arg for tag in LAMBDA_PLATFORMS for arg in ("--platform", tag)]
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target),
                    "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
                    *platforms, *packages], check=True)


def byte_code_python(version: str, given: str | None = None) -> str | None:
    """An interpreter of Lambda's Python ``version`` to compile the zip's byte code with: the
    ``given`` one, else this one when it is that version, else ``python<version>`` on PATH;
    None when none of them runs as that version."""
    if not given and f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    candidates = [given] if given else [shutil.which(f"python{version}")]
    asks = "import sys; print('%d.%d' % sys.version_info[:2])"
    for candidate in filter(None, candidates):
        try:
            said = subprocess.run([candidate, "-c", asks], capture_output=True, text=True,
                                  timeout=60, check=False)
        except OSError:
            continue
        if said.returncode == 0 and said.stdout.strip() == version:
            return candidate
    if given:
        raise SystemExit(f"{given} is not a Python {version} interpreter")
    return None


def compile_byte_code(folder: Path, python: str, root: str) -> None:
    """Byte code for every module under ``folder``, for the interpreter ``python``.

    Lambda's ``/var/task`` is read-only, so a zip without ``.pyc`` files makes every cold start
    compile every module it imports (three times the cold start of awslogparse's first parse:
    see docs/benchmarks_lambda.md). The files are ``unchecked-hash`` byte code, which the
    interpreter loads without comparing the source's time (zips keep times to two seconds), with
    file names as Lambda will see them (``root``) and no time of the build inside, so the zip
    stays reproducible."""
    for cache in [p for p in folder.rglob("__pycache__") if p.is_dir()]:
        shutil.rmtree(cache)  # (pip's, for the building interpreter)
    subprocess.run([python, "-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash",
                    "-s", str(folder), "-p", root, str(folder)], check=True)


def write_zip(folder: Path, out: Path, *, byte_code: bool = False) -> Path:
    """Every file under ``folder``, in sorted order with fixed times and modes; ``.pyc`` files
    only with ``byte_code``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    skipped = () if byte_code else SKIPPED
    files = sorted(p for p in folder.rglob("*") if p.is_file()
                   and not any(part in skipped or part.endswith(skipped) for part in p.parts))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return out


def _byte_code(stage: Path, python: str, compiler: str | None, kind: str) -> bool:
    found = byte_code_python(python, compiler)
    if found is None:
        print(f"warning: no Python {python} interpreter found (pass --byte-code-python): the "
              f"{kind} zip holds no byte code, so every cold start compiles what it imports",
              file=sys.stderr)
        return False
    compile_byte_code(stage, found, TASK_ROOT[kind] + ("/python" if kind == "layer" else ""))
    return True


def build_function(out: Path, *, dependencies: bool = True, python: str = LAMBDA_PYTHON,
                   project: Path = PROJECT, byte_code: bool = True,
                   compiler: str | None = None) -> Path:
    """The function zip; ``dependencies=False`` leaves out the third-party packages (offline);
    ``byte_code``: with ``.pyc`` files for Lambda's Python (compiled by ``compiler``, else one
    :func:`byte_code_python` finds; none found: a warning, and a zip without them)."""
    with tempfile.TemporaryDirectory() as folder:
        stage = Path(folder)
        shutil.copy2(HERE / "handler.py", stage / "handler.py")
        stage_project(stage, project)
        if dependencies:
            pip_install(requirements(project), stage, python)
        unwanted = [name for name in NOT_IN_FUNCTION if (stage / name).exists()]
        if unwanted:
            raise SystemExit(f"the function zip would hold {', '.join(unwanted)}: a requirement "
                             "pulled them in; they belong to the layer or the runtime")
        compiled = byte_code and _byte_code(stage, python, compiler, "function")
        return write_zip(stage, out, byte_code=compiled)


def build_layer(out: Path, *, python: str = LAMBDA_PYTHON, project: Path = PROJECT,
                byte_code: bool = True, compiler: str | None = None) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        stage = Path(folder) / "python"
        pip_install(requirements(project, "arrow"), stage, python)
        for pattern in LAYER_PRUNED:
            for path in list(stage.glob(pattern)):
                if path.is_dir():
                    shutil.rmtree(path)
                elif path.exists():
                    path.unlink()
        compiled = byte_code and _byte_code(stage, python, compiler, "layer")
        return write_zip(stage.parent, out, byte_code=compiled)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["function", "layer"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--python", default=LAMBDA_PYTHON, help="Lambda's Python version")
    parser.add_argument("--no-dependencies", action="store_true",
                        help="function zip without third-party packages (no network needed)")
    parser.add_argument("--byte-code-python", metavar="PYTHON",
                        help="a Python of Lambda's version to compile the .pyc files with "
                        "(default: this one if it is that version, else python<version>)")
    parser.add_argument("--no-byte-code", action="store_true",
                        help="no .pyc files (every cold start then compiles what it imports)")
    args = parser.parse_args(argv)
    byte_code = not args.no_byte_code
    if args.kind == "function":
        out = build_function(args.out, dependencies=not args.no_dependencies, python=args.python,
                             byte_code=byte_code, compiler=args.byte_code_python)
    else:
        out = build_layer(args.out, python=args.python, byte_code=byte_code,
                          compiler=args.byte_code_python)
    with zipfile.ZipFile(out) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    print(f"{out}: {out.stat().st_size / 2**20:.2f} MiB zipped, {unpacked / 2**20:.2f} MiB "
          "unzipped (Lambda: 50 MiB zipped upload, 250 MiB unzipped with layers)")


if __name__ == "__main__":
    main()
