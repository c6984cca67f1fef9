"""The report: per-endpoint counts and latency percentiles, the printed table, and the verdict."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict

from .client import Outcome


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear interpolation; None for no values."""
    if not values:
        return None
    values = sorted(values)
    position = (len(values) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


STATUSES = ("ok", "expected_error", "unexpected_error", "wrong_answer", "queue_full", "lost")


def summarize(outcomes: list[Outcome], planned: int, wall_seconds: float) -> dict:
    by_endpoint = defaultdict(list)
    for outcome in outcomes:
        by_endpoint[outcome.endpoint].append(outcome)
    endpoints = {}
    for endpoint in sorted(by_endpoint):
        rows = by_endpoint[endpoint]
        good = [o.seconds for o in rows if not o.bad and o.status == "ok"]
        bad = [o.seconds for o in rows if o.bad and o.status == "expected_error"]
        endpoints[endpoint] = {
            **{status: sum(o.status == status for o in rows) for status in STATUSES},
            "requests": len(rows),
            "p50_s": percentile(good, 50),
            "p95_s": percentile(good, 95),
            "max_s": max(good) if good else None,
            "bad_p50_s": percentile(bad, 50),
            "bad_max_s": max(bad) if bad else None,
        }
    totals = {status: sum(o.status == status for o in outcomes) for status in STATUSES}
    return {
        "planned": planned,
        "sent": len(outcomes),
        "not_sent_deadline": planned - len(outcomes),
        **totals,
        "good_requests": sum(not o.bad for o in outcomes),
        "bad_requests": sum(o.bad for o in outcomes),
        "wall_s": wall_seconds,
        "throughput_rps": len(outcomes) / wall_seconds if wall_seconds else None,
        "p50_s": percentile([o.seconds for o in outcomes if o.status == "ok"], 50),
        "p95_s": percentile([o.seconds for o in outcomes if o.status == "ok"], 95),
        "fetch_p50_s": percentile([o.fetch_seconds for o in outcomes if o.status == "ok"], 50),
        "endpoints": endpoints,
        "problems": [asdict(o) for o in outcomes if o.status in ("unexpected_error", "wrong_answer", "lost")][:50],
    }


def format_table(summary: dict) -> str:
    def seconds(value):
        return "-" if value is None else f"{value:.2f}"

    head = (
        f"{'endpoint':<18}{'sent':>6}{'ok':>6}{'bad->err':>9}{'unexp':>7}{'wrong':>7}{'q-full':>7}{'lost':>6}"
        f"{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'bad max':>9}"
    )
    lines = [head, "-" * len(head)]
    for endpoint, row in summary["endpoints"].items():
        lines.append(
            f"{endpoint:<18}{row['requests']:>6}{row['ok']:>6}{row['expected_error']:>9}"
            f"{row['unexpected_error']:>7}{row['wrong_answer']:>7}{row['queue_full']:>7}{row['lost']:>6}"
            f"{seconds(row['p50_s']):>8}{seconds(row['p95_s']):>8}{seconds(row['max_s']):>8}{seconds(row['bad_max_s']):>9}"
        )
    s = summary
    lines.append("-" * len(head))
    lines.append(
        f"{'all':<18}{s['sent']:>6}{s['ok']:>6}{s['expected_error']:>9}{s['unexpected_error']:>7}{s['wrong_answer']:>7}"
        f"{s['queue_full']:>7}{s['lost']:>6}{seconds(s['p50_s']):>8}{seconds(s['p95_s']):>8}"
    )
    lines.append(
        f"\n{s['sent']} of {s['planned']} planned requests sent ({s['good_requests']} good, {s['bad_requests']} bad) "
        f"in {s['wall_s']:.1f} s: "
        f"{s['throughput_rps']:.2f} requests/s"
    )
    memory = s.get("memory_mb") or {}
    if memory.get("before") is not None:
        lines.append(
            f"server RSS: {memory['before']:.0f} MiB before, {memory['peak']:.0f} MiB peak, "
            f"{memory['after']:.0f} MiB after "
            f"({memory['after'] - memory['before']:+.0f} MiB)"
        )
    if s.get("twins"):
        same = sum(row["identical"] for row in s["twins"])
        lines.append(
            f"same-seed requests sent by two visitors at once: {same}/{len(s['twins'])} gave identical answers"
        )
    if s.get("dropped_options"):
        lines.append("not tested (model missing): " + ", ".join(s["dropped_options"]))
    for problem in s["problems"][:10]:
        lines.append(
            f"PROBLEM {problem['status']}: {problem['endpoint']} {problem['label']}: {problem['detail'][:200]}"
        )
    return "\n".join(lines)


def passed(summary: dict) -> bool:
    """No request lost, no wrong answer, errors only for the bad inputs, every same-seed pair identical."""
    return (
        summary["lost"] == 0
        and summary["wrong_answer"] == 0
        and summary["unexpected_error"] == 0
        and all(row["identical"] for row in summary.get("twins", []))
        and not summary["problems"]
    )
