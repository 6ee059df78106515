"""What a report's figures show and what they do not: the text at the top of every report."""

from __future__ import annotations

from typing import Any

from bench.stats import MIN_WINDOW_SHARE, SATURATED_CPU_PCT


def reading(summary: dict[str, Any]) -> list[tuple[str, str]]:
    s, results = summary["settings"], summary["results"]
    users = results["default_level"].partition("/")[0]
    wrk = summary.get("generators", {}).get("wrk")
    return [
        (
            "What it measures",
            f"{users} closed-loop clients on the same machine, over loopback, each sending its next "
            "request as soon as the last one is answered (no think time), so every server runs as fast as it can. "
            "Throughput is the requests completed inside a measured window divided by that window's length; CPU per "
            "request is the CPU time of the server's whole process tree inside the window divided by the same requests "
            "(it does not depend on how many requests the server takes at once, and it is steadier than req/s on a "
            "shared machine).",
        ),
        (
            "The window",
            f"each window opens once every client has started and a warm-up has passed ({s['warmup']} s "
            f"on a new server, {s['warmup'] / 4:g} s between workloads), and closes after {s['duration']} s; both "
            "instants are taken by the runner on the monotonic clock, with the CPU times read at the same instants. "
            f"A window shorter than {MIN_WINDOW_SHARE:.0%} of that, or with no request for an operation of its "
            "workload, stops the comparison with an error. The measured lengths are in summary.json (window_s).",
        ),
        (
            "Latency",
            "the percentiles are those of the repeats' histograms merged, not medians of per-run percentiles. "
            "They are closed-loop latencies at saturation: a client waits for its answer before sending again, so "
            "a server that stalls receives fewer requests while it stalls (coordinated omission), and the tail is "
            "understated against a fixed arrival rate. Read them as how each server queues under full load. Locust "
            "rounds times under 100 ms to whole milliseconds.",
        ),
        (
            "Noise",
            f"every implementation ran {s['repeats']} time(s), interleaved in rounds (A B C, A B C, ...) on a "
            "fresh server and database each time. Figures are medians with min–max. A ratio is the geometric mean of "
            "the per-round ratios with a 95 % bootstrap interval; where the interval contains 1.0 the report says "
            '"no clear difference".',
        ),
        (
            "The generators",
            "Locust (FastHttpUser) sends every workload; its ceiling is measured in the same run, "
            "against a canned responder on the server's core, and should be at least twice the fastest result. "
            + (
                "wrk, written in C, measures the single-operation workloads and the framework floors again on the same "
                "cores: where the two generators agree, the figure is the server's. "
                if wrk
                else "wrk was not found on this machine (Debian package wrk): no second generator measured, "
                "and the floors were measured by Locust. "
            )
            + f"A result whose generator used {SATURATED_CPU_PCT:.0f} % of its core inside the window, or for which "
            "Locust warned about its CPU, is a lower bound and is marked so.",
        ),
        (
            "Floors",
            "each framework also ran bare on its implementation's server and worker policy: a constant JSON "
            "answer, and one row read by primary key through the same ORM. getPost's fraction of the row floor shows "
            "what the contract's rules and the idiomatic code cost on top of the framework.",
        ),
        (
            "Correctness",
            "an implementation that failed the contract suite in this run is still shown, but ranked "
            "nowhere: no ratio is computed for it or against it.",
        ),
        (
            "What it does not",
            "a network, TLS, a reverse proxy, several machines, or other load on the database. "
            f"Absolute figures describe this machine and its core split ({summary['pinning']}) as much as the "
            "frameworks: compare ratios within one report, not figures across reports or machines.",
        ),
    ]
