"""The Pacer on its own clock: turns spaced 1/rate apart, no catch-up burst after a
stall, a request counted until a second after its answer, a late answer or a global 429
holding the turns after it, and every request through the HTTP session taking a turn."""

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from scheduler.pacing import Pacer


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def pacer_on(clock: Clock, rate: float, limit: int) -> Pacer:
    return Pacer(rate, limit=limit, clock=clock, sleep=clock.sleep)


async def request(pacer: Pacer, clock: Clock, latency: float = 0.0) -> float:
    """One request answered `latency` later; returns how long its turn took to come."""
    before = clock.now
    key = await pacer.acquire()
    waited = clock.now - before
    clock.now += latency
    pacer.finished(key)
    return waited


async def test_turns_are_spaced_and_a_quiet_spell_gives_no_burst() -> None:
    clock = Clock()
    pacer = pacer_on(clock, 10, 50)
    assert [await request(pacer, clock) for _ in range(5)] == pytest.approx([0, *[0.1] * 4])
    clock.now += 100
    assert [await request(pacer, clock) for _ in range(2)] == pytest.approx([0, 0.1])


async def test_a_stall_delays_the_sends_after_it_instead_of_bunching_them() -> None:
    clock = Clock()
    pacer = pacer_on(clock, 10, 50)
    await request(pacer, clock)
    clock.now += 0.35  # the process did not run for three turns' worth
    starts = []
    for _ in range(4):
        await request(pacer, clock)
        starts.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps == pytest.approx([0.1, 0.1, 0.1]), "the missed turns are not made up"


async def test_a_request_counts_until_a_second_after_its_answer() -> None:
    clock = Clock()
    pacer = pacer_on(clock, 100, 11)  # window of 10 (one below the limit)
    keys = []
    for _ in range(10):
        keys.append(await pacer.acquire())
        clock.now += 0.01
    assert clock.now == pytest.approx(0.1)
    for key in keys:  # every answer comes at 0.1 (the oldest first: no late-answer hold)
        pacer.finished(key)
    before = clock.now
    await request(pacer, clock)
    # Counted from its start, the first request would have left the window at 1.0.
    assert before + 1.0 == pytest.approx(clock.now)


async def test_an_answer_later_than_usual_holds_the_next_turns() -> None:
    clock = Clock()
    pacer = pacer_on(clock, 10, 13)  # no room beyond the two kept requests: no slack
    for _ in range(3):
        await request(pacer, clock, latency=0.01)
    await request(pacer, clock, latency=0.31)  # the server sat on it: 0.3 s late
    answered = clock.now
    assert await request(pacer, clock) == pytest.approx(0.3)
    assert clock.now == pytest.approx(answered + 0.3)
    assert pacer.stalls == 1


async def test_the_headroom_absorbs_small_delays() -> None:
    clock = Clock()
    pacer = pacer_on(clock, 46.5, 50)  # at most 47 sends a second; 1 of 3 spare: 21.5 ms
    for _ in range(3):
        await request(pacer, clock, latency=0.001)
    await request(pacer, clock, latency=0.015)
    assert await request(pacer, clock) <= pacer.interval + 1e-9
    assert pacer.stalls == 0


async def test_a_global_429_holds_every_turn_for_its_retry_after() -> None:
    clock = Clock()
    pacer = pacer_on(clock, 10, 50)
    await request(pacer, clock)
    clock.now += 100
    pacer.rate_limited(2.0)
    assert await request(pacer, clock) == pytest.approx(2.0)
    assert pacer.rate_limits == 1


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response({})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_every_request_of_the_session_waits_for_a_turn(server: str) -> None:
    """Whoever makes it (an announcement, discord.py retrying a 429 or a 5xx, logging in)
    a request takes one turn; interaction replies are outside the global limit."""
    rate = 50.0
    pacer = Pacer(rate)
    async with aiohttp.ClientSession(trace_configs=[pacer.trace_config()]) as session:
        started = time.monotonic()
        for _ in range(10):
            async with session.post(f"{server}/api/v10/channels/1/messages") as response:
                assert response.status == 200
        paced = time.monotonic() - started
        started = time.monotonic()
        replies = [session.post(f"{server}/api/v10/interactions/1/tok/callback") for _ in range(20)]
        for reply in await asyncio.gather(*replies):
            reply.release()
        free = time.monotonic() - started
    assert paced >= 9 / rate - 0.01
    assert pacer.requests == 10
    assert free < paced
