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
            "each unit's server starts on every core, waits until each of its worker processes is up, moves onto "
            f"the server's core and is warmed up at full load ({s['warmup']} s, discarded) before its first window. "
            f"A Locust window opens once its clients follow the workload ({s['warmup'] / 2:g} s between workloads) and "
            f"closes after {s['duration']} s, both instants on the monotonic clock, with the CPU times read at the "
            "same instants; an idle Locust client holds no connection, so the server sees as many as wrk opens. A wrk "
            "window is wrk's own run, from its threads' start to their stop; the CPU times, sampled every 10 ms, are "
            "read at the same two instants, and the next window waits until the server has finished what wrk left in "
            "flight. "
            f"A window shorter than {MIN_WINDOW_SHARE:.0%} of that, or with no request for an operation of its "
            "workload, stops the comparison with an error. The measured lengths are in summary.json (window_s).",
        ),
        (
            "Latency",
            "the percentiles are those of the repeats' histograms merged, not medians of per-run percentiles. "
            "In the workload table they are closed-loop latencies at saturation: a client waits for its answer before "
            "sending again, so a server that stalls receives fewer requests while it stalls (coordinated omission); "
            "read them as how each server queues under full load. The latency to compare is at equal offered load "
            "(open loop, Locust): each request's latency counts from its scheduled send time, and a window where "
            "clients fell behind their schedule is flagged. Locust rounds times under 100 ms to whole milliseconds.",
        ),
        (
            "Noise",
            f"every implementation ran {s['repeats']} time(s), in rounds, on a fresh server and database each time; "
            "within each round the order is drawn at random (the seed and the orders are in summary.json). Figures "
            "are medians with min–max. A ratio is the geometric mean of the per-round ratios with a Student-t interval "
            "on their logarithms (its 95 % covers the truth in 95 % of synthetic runs, tests/test_coverage.py). Within "
            "one workload and measure, every pair of implementations is compared, the intervals drawn to hold together "
            "at 95 % (Bonferroni): a winner is named only where it is clearly ahead of each other one, otherwise "
            '"tied for fastest"; where an interval contains 1.0 the report says "no clear difference". Across the '
            "workloads of one report a false difference somewhere is more likely than 5 %: read each workload on "
            "its own.",
        ),
        (
            "The A/A control",
            "one implementation runs a second time in every round under another name, as a contestant of its own. "
            "It must read no clear difference from itself in every workload, its intervals drawn to hold together at "
            "95 %: a control that fails says this run's noise is larger than its intervals claim.",
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
