"""A small HTTP/1.1 load generator: N clients on keep-alive connections, for T seconds.

Standard library only (asyncio streams), so it needs no virtualenv of its own and costs
little CPU next to the server it measures. Each client sends one request at a time,
with no think time, and follows a redirect as a browser would (both requests count).
Latency is measured from sending the request line to reading the last body byte.
"""

import asyncio
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class Sample:
    """One request: its kind in the traffic mix, status (0: failed), seconds, bytes."""

    kind: str
    status: int
    seconds: float
    size: int


@dataclass
class Run:
    """Every sample of a run, and the wall-clock time the clients were sending."""

    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0
    failures: dict[str, int] = field(default_factory=dict)


class Connection:
    """One keep-alive connection; reopened after the server closes it or an error."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, dict[str, str], int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "User-Agent: cableroom-load\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n"
        )
        self.writer.write(request.encode("latin-1"))
        await self.writer.drain()
        status, headers = await self._head()
        size = await self._body(headers)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, size

    async def _head(self) -> tuple[int, dict[str, str]]:
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed before the status line")
        status = int(status_line.split()[1])
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers

    async def _body(self, headers: dict[str, str]) -> int:
        if "content-length" in headers:
            return len(await self.reader.readexactly(int(headers["content-length"])))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return await self._chunks()
        body = await self.reader.read()  # no length: the body runs to the close
        await self.close()
        return len(body)

    async def _chunks(self) -> int:
        size = 0
        while True:
            length = int((await self.reader.readline()).split(b";")[0], 16)
            if length == 0:
                await self.reader.readline()
                return size
            size += len(await self.reader.readexactly(length))
            await self.reader.readline()

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


async def _client(base_url: str, next_request, deadline: float, run: Run, rng) -> None:
    parts = urlsplit(base_url)
    connection = Connection(parts.hostname, parts.port or 80)
    while time.monotonic() < deadline:
        kind, path = next_request(rng)
        for _hop in range(3):  # follow up to two redirects, as a browser would
            location = await _measure(connection, kind, path, run)
            if location is None:
                break
            path = urlsplit(location).path + (
                "?" + urlsplit(location).query if urlsplit(location).query else ""
            )
    await connection.close()


async def _measure(connection: Connection, kind: str, path: str, run: Run) -> str | None:
    started = time.perf_counter()
    try:
        status, headers, size = await asyncio.wait_for(connection.get(path), REQUEST_TIMEOUT)
    except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError) as error:
        await connection.close()
        name = type(error).__name__
        run.failures[name] = run.failures.get(name, 0) + 1
        run.samples.append(Sample(kind, 0, time.perf_counter() - started, 0))
        return None
    run.samples.append(Sample(kind, status, time.perf_counter() - started, size))
    if status in (301, 302, 303, 307, 308) and "location" in headers:
        return headers["location"]
    return None


def drive(
    base_url: str,
    next_request: Callable[[random.Random], tuple[str, str]],
    *,
    clients: int,
    seconds: float,
    seed: int = 1,
) -> Run:
    """Run `clients` concurrent clients for `seconds`; each asks `next_request` what to get."""
    run = Run()

    async def main() -> None:
        deadline = time.monotonic() + seconds
        generators = [random.Random(seed + number) for number in range(clients)]
        started = time.monotonic()
        await asyncio.gather(
            *(_client(base_url, next_request, deadline, run, rng) for rng in generators)
        )
        run.seconds = time.monotonic() - started

    asyncio.run(main())
    return run


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]
