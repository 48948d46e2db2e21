"""`python -m bot run` in a child process, as an operator starts it, against fakes in this one.

The child's memory (RSS) and log lines are its own, so what an attacker or a slow platform
costs the bot can be measured from outside.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import signal
import time
from pathlib import Path

import aiohttp

from .support import PYTHON, bot_env, free_port


class LiveBot:
    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port
        self.stderr: list[str] = []
        self._reader = asyncio.create_task(self._read_stderr())

    @classmethod
    async def start(cls, cwd: Path, open_files: int | None = None, /, **env: str) -> LiveBot:
        # Positional-only: every keyword is an environment variable, so `**env` dicts type-check.
        port = free_port()
        environment = bot_env(
            HTTP_HOST="127.0.0.1",
            HTTP_PORT=str(port),
            DATABASE_PATH=str(cwd / "advisor.sqlite3"),
            **env,
        )

        def limit_files() -> None:
            if open_files is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

        process = await asyncio.create_subprocess_exec(
            PYTHON,
            "-m",
            "bot",
            "run",
            cwd=cwd,
            env=environment,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            preexec_fn=limit_files,
        )
        return cls(process, port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.stderr.append(line.decode(errors="replace").rstrip("\n"))

    async def wait_healthy(self, *, within: float = 90.0) -> None:
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.process.returncode is not None:
                    raise AssertionError("the bot exited:\n" + "\n".join(self.stderr))
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with http.get(self.url + "/healthz", timeout=_timeout(1)) as response:
                        if response.status == 200:
                            return
                await asyncio.sleep(0.1)
        raise AssertionError("never healthy:\n" + "\n".join(self.stderr))

    async def wait_for_line(self, text: str, *, within: float = 90.0) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if any(text in line for line in self.stderr):
                return
            if self.process.returncode is not None:
                break
            await asyncio.sleep(0.05)
        raise AssertionError(f"no line with {text!r}:\n" + "\n".join(self.stderr))

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    async def healthz_seconds(self) -> float:
        """How long /healthz takes on a fresh connection (a load balancer's probe)."""
        started = time.monotonic()
        async with (
            aiohttp.ClientSession() as http,
            http.get(self.url + "/healthz", timeout=_timeout(5)) as response,
        ):
            assert response.status == 200
        return time.monotonic() - started

    def signal(self, signum: int = signal.SIGTERM) -> None:
        self.process.send_signal(signum)

    async def exit_code(self, *, within: float = 30.0) -> int:
        code = await asyncio.wait_for(self.process.wait(), within)
        await self._reader
        return code

    async def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        with contextlib.suppress(Exception):
            await self._reader


def _timeout(seconds: float) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=seconds)
