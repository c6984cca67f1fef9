"""The threaded client: every visitor a thread with its own gradio_client.Client; every request timed, its answer
checked and recorded as an Outcome."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from tests.support.uploads import UploadCase

from .answers import check_answer, error_names, fingerprint, read_answer
from .planning import MODEL_OPTIONS, Planned, good_request


@dataclass
class Outcome:
    endpoint: str
    label: str
    bad: bool
    status: str  # "ok", "expected_error", "unexpected_error", "wrong_answer", "queue_full", "lost"
    seconds: float  # from sending the request to its answer (the result event), output files not included
    fetch_seconds: float = 0.0  # reading the answer's output files afterwards
    detail: str = ""
    key: str = ""
    fingerprint: str = ""


def _client(url: str, attempts: int = 3):
    """A visitor's client. Output files are not downloaded by the client (which fetches them one by one on a
    new connection each, and would count that in the answer's latency); `LoadTest.fetch` reads them after.
    Timeouts are longer than httpx's 5 s default: 20 visitors loading the app's config at once on a busy CPU
    take longer, and that is waiting, not failing. Reads between server-sent events may take 120 s."""
    import httpx
    from gradio_client import Client

    for attempt in range(attempts):
        try:
            return Client(
                url, verbose=False, download_files=False, httpx_kwargs={"timeout": httpx.Timeout(60.0, read=120.0)}
            )
        except httpx.TimeoutException:
            if attempt == attempts - 1:
                raise
            time.sleep(1 + attempt)


def _resolve(args: tuple):
    from gradio_client import handle_file

    return [
        handle_file(str(a.path)) if isinstance(a, UploadCase) and a.path else (None if isinstance(a, UploadCase) else a)
        for a in args
    ]


class LoadTest:
    """One run: a plan per visitor, the shared reference answers, the outcomes."""

    def __init__(
        self, url: str, cases: dict, workdir: Path, real_weights: bool = False, request_timeout: float = 120.0
    ):
        self.url, self.cases, self.workdir = url, cases, Path(workdir)
        self.real_weights, self.request_timeout = real_weights, request_timeout
        self.references = {"png": _box_png(cases["png"].path)}
        self.answers: dict[str, str] = {}  # request key -> the first answer's fingerprint
        self.lock = threading.Lock()
        self.outcomes: list[Outcome] = []
        self.probe_problems: list[dict] = []
        self._local = threading.local()

    def fetch(self, url: str) -> bytes:
        """GET an output file on this thread's keep-alive connection; raises on any HTTP or transfer error
        (a truncated body included)."""
        import httpx

        if not hasattr(self._local, "http"):
            self._local.http = httpx.Client(timeout=30)
        response = self._local.http.get(url)
        response.raise_for_status()
        return response.content

    # -- one request ----------------------------------------------------------------------------------------
    def call(self, client, request: Planned, deadline: float | None = None) -> Outcome:
        from gradio_client.exceptions import AppError
        from gradio_client.utils import QueueError

        start = time.perf_counter()
        outcome = Outcome(request.endpoint, request.label or "good", request.bad, "ok", 0.0, key=request.key())
        try:
            job = client.submit(*_resolve(request.args), api_name=request.endpoint)
            result = job.result(timeout=self.request_timeout)
        except AppError as error:
            message = str(error)
            if request.bad and error_names(message, request.error_words):
                outcome.status = "expected_error"
            else:
                outcome.status = "unexpected_error"
            outcome.detail = message[:300]
        except QueueError as error:
            outcome.status, outcome.detail = "queue_full", str(error)
        except TimeoutError:
            outcome.status, outcome.detail = "lost", f"no answer within {self.request_timeout} s"
        except Exception as error:  # noqa: BLE001 - a client-side failure is a result to report, not a crash
            if request.bad and isinstance(error, ValueError) and error_names(str(error), request.error_words):
                outcome.status = "expected_error"
            else:
                outcome.status = "unexpected_error"
            outcome.detail = f"{type(error).__name__}: {str(error)[:300]}"
        else:
            outcome.seconds = time.perf_counter() - start
            if request.bad:
                outcome.status, outcome.detail = "wrong_answer", f"bad input {request.label} was answered"
            else:
                fetched = time.perf_counter()
                try:
                    answer = read_answer(request.endpoint, result, fetch=self.fetch)
                    problem = check_answer(request, answer, self.references, self.real_weights)
                except AssertionError as error:
                    answer, problem = None, str(error)
                except Exception as error:  # noqa: BLE001 - an output file that cannot be read is a wrong answer
                    answer, problem = None, f"output unreadable: {type(error).__name__}: {str(error)[:200]}"
                outcome.fetch_seconds = time.perf_counter() - fetched
                if answer is not None:
                    outcome.fingerprint = fingerprint(answer)
                    with self.lock:
                        first = self.answers.setdefault(outcome.key, outcome.fingerprint)
                    if not problem and first != outcome.fingerprint:
                        problem = "differs from an earlier answer to the same request"
                if problem:
                    outcome.status, outcome.detail = "wrong_answer", problem
        if not outcome.seconds:
            outcome.seconds = time.perf_counter() - start
        with self.lock:
            self.outcomes.append(outcome)
        return outcome

    # -- the warm-up probe ------------------------------------------------------------------------------------
    def available_options(self) -> tuple[dict, dict]:
        """Call every endpoint once per model option; drop the options whose model (or calibration) is
        missing. -> ({endpoint: [options]}, {endpoint option: why dropped})."""
        rng = random.Random(0)
        client = _client(self.url)
        options, dropped = {}, {}
        for endpoint, candidates in MODEL_OPTIONS.items():
            options[endpoint] = []
            for option in candidates:
                outcome = self.call(client, good_request(endpoint, rng, {**self.cases}, option))
                if outcome.status == "ok":
                    options[endpoint].append(option)
                elif "not available" in outcome.detail or "calibration" in outcome.detail:
                    dropped[f"{endpoint} {option}"] = outcome.detail
                else:  # a served model that fails a good request: a problem to report, left out of the mix
                    self.probe_problems.append(asdict(outcome))
        with self.lock:
            self.outcomes.clear()  # the probe is not part of the measurement
        return options, dropped

    # -- two visitors, same request, same moment ----------------------------------------------------------------
    def twins(self, requests: list[Planned]) -> list[dict]:
        """Each request sent by two visitors at the same instant (a barrier releases both threads) -> one
        row per request: identical answers or not."""
        rows = []
        clients = [_client(self.url) for _ in range(2)]
        for request in requests:
            barrier, results = threading.Barrier(2), [None, None]

            def fire(i, barrier=barrier, results=results, request=request):
                barrier.wait()
                results[i] = self.call(clients[i], request)

            threads = [threading.Thread(target=fire, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            rows.append(
                {
                    "request": request.key(),
                    "statuses": [r.status for r in results],
                    "identical": results[0].status == results[1].status == "ok"
                    and results[0].fingerprint == results[1].fingerprint,
                }
            )
        return rows

    # -- the load ------------------------------------------------------------------------------------------------
    def run(self, plans: list[list[Planned]], max_seconds: float) -> float:
        """Every visitor's plan on its own thread and Client; no request starts after max_seconds.
        -> wall seconds."""
        deadline = time.monotonic() + max_seconds

        def visitor(index, requests):
            try:
                client = _client(self.url)
            except Exception as error:  # noqa: BLE001 - the visitor never got the page: its requests are lost
                with self.lock:
                    for request in requests:
                        self.outcomes.append(
                            Outcome(
                                request.endpoint,
                                request.label or "good",
                                request.bad,
                                "lost",
                                0.0,
                                f"could not load the app: {error}",
                            )
                        )
                return
            for request in requests:
                if time.monotonic() > deadline:
                    break
                self.call(client, request)

        threads = [threading.Thread(target=visitor, args=(i, p), name=f"visitor-{i}") for i, p in enumerate(plans)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start


def _box_png(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"))
