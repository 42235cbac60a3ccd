#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""table.py OUT_DIR CORES: bench/run.sh's markdown table.

Reads OUT_DIR/results.tsv (rep, server, metric, value), OUT_DIR/run.txt and
OUT_DIR/notes.txt; prints per metric each server's median over the
repetitions (error counts: the worst repetition), the ratios httpbin-c/bare
and httpbin-c/python, then one PASS/MISS line per target of issue 6.
"""
import re
import statistics
import sys

OURS, BARE, PY = "httpbin-c", "bare", "python"

# (metric, label, scale, digits, ratio?, worst-instead-of-median?)
ROWS = []
for key, name in (("get", "GET /get"), ("headers", "GET /headers"),
                  ("bytes", "GET /bytes/1024"), ("post", "POST /post (1 KiB JSON)")):
    ROWS += [(f"{key}_rps", f"{name}: req/s", 1, 0, True, False),
             (f"{key}_p50_ms", f"{name}: p50 ms", 1, 2, True, False),
             (f"{key}_p99_ms", f"{name}: p99 ms", 1, 2, True, False),
             (f"{key}_errors", f"{name}: errors (socket + non-2xx)", 1, 0, False, True)]
ROWS += [
    ("idle_rss_kb_start", "idle RSS after start, MiB", 1 / 1024, 1, True, False),
    ("idle_pss_kb_start", "idle PSS after start (shared pages split), MiB", 1 / 1024, 1, True, False),
    ("peak_rss_kb", "peak RSS under load (VmHWM), MiB", 1 / 1024, 1, True, False),
    ("threads_start", "threads, idle", 1, 0, False, False),
    ("threads_load", "threads, after load", 1, 0, False, False),
    ("cold_ms", "cold start (exec to first 200), ms", 1, 1, True, False),
    ("delay_wall_s", "{conc} x /delay/1 at once: wall s", 1, 3, True, False),
    ("delay_errors", "{conc} x /delay/1: errors", 1, 0, False, True),
    ("delay_threads", "{conc} x /delay/1: most server threads", 1, 0, False, True),
    ("delay_rss_kb", "{conc} x /delay/1: most RSS, MiB", 1 / 1024, 1, True, False),
    ("drip_wall_s", "{drip} x /drip (10 B over 1 s): wall s", 1, 3, True, False),
    ("drip_errors", "{drip} x /drip: errors", 1, 0, False, True),
    ("idle_held", "{idle} idle keep-alive connections: held", 1, 0, False, False),
    ("idle_rss_kb", "{idle} idle: most RSS, MiB", 1 / 1024, 1, True, False),
    ("idle_cpu_pct", "{idle} idle: server CPU % over the hold", 1, 2, False, False),
    ("idle_threads", "{idle} idle: most threads", 1, 0, False, True),
    ("idle_lean_held", "{idle} idle, lean limits ({lean}): held", 1, 0, False, False),
    ("idle_lean_rss_kb", "{idle} idle, lean limits: most RSS, MiB", 1 / 1024, 1, False, False),
    ("idle_lean_cpu_pct", "{idle} idle, lean limits: server CPU %", 1, 2, False, False),
]


def load(out):
    data = {}
    with open(f"{out}/results.tsv") as f:
        next(f)
        for line in f:
            rep, server, metric, value = line.rstrip("\n").split("\t")
            try:
                data.setdefault((server, metric), []).append(float(value))
            except ValueError:
                pass
    return data


def value(data, server, metric, worst):
    vals = data.get((server, metric))
    if not vals:
        return None
    return max(vals) if worst else statistics.median(vals)


def fmt(v, digits):
    return "–" if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def targets(data, cores, sizes):
    """One (label, verdict, figures) per target of issue 6."""
    def v(server, metric, worst=False):
        return value(data, server, metric, worst)

    def verdict(ok):
        return "n/a" if ok is None else ("PASS" if ok else "MISS")

    out = []
    for key, name, want in (("get", "GET /get", 0.80), ("post", "POST /post", 0.70)):
        a, b = v(OURS, f"{key}_rps"), v(BARE, f"{key}_rps")
        ok = None if a is None or not b else a / b >= want
        out.append((f"{name} >= {want:.2f}x bare", verdict(ok), f"{ratio(a, b)}x"))
    rss = v(OURS, "idle_rss_kb_start")
    out.append(("idle RSS <= 4 MiB", verdict(None if rss is None else rss <= 4096),
                f"{fmt(rss and rss / 1024, 1)} MiB"))
    cold = v(OURS, "cold_ms")
    out.append(("cold start <= 15 ms", verdict(None if cold is None else cold <= 15),
                f"{fmt(cold, 1)} ms"))
    wall, errs, thr = v(OURS, "delay_wall_s"), v(OURS, "delay_errors", True), \
        v(OURS, "delay_threads", True)
    ok = None if None in (wall, errs, thr) else wall <= 1.3 and errs == 0 and thr <= cores + 4
    out.append((f"{sizes['conc']} x /delay/1: <= 1.3 s, 0 errors, <= {cores + 4} threads", verdict(ok),
                f"{fmt(wall, 3)} s, {fmt(errs, 0)} errors, {fmt(thr, 0)} threads"))
    held, irss, cpu = v(OURS, "idle_held"), v(OURS, "idle_rss_kb"), v(OURS, "idle_cpu_pct")
    ok = None if None in (held, irss, cpu) else irss <= 64 * 1024 and cpu <= 1.0
    out.append((f"{sizes['idle']} idle connections: <= 64 MiB, ~0% CPU (<= 1%)", verdict(ok),
                f"{fmt(held, 0)} held, {fmt(irss and irss / 1024, 1)} MiB, {fmt(cpu, 2)}% CPU"))
    held, irss, cpu = v(OURS, "idle_lean_held"), v(OURS, "idle_lean_rss_kb"), \
        v(OURS, "idle_lean_cpu_pct")
    if irss is not None:
        ok = None if None in (held, cpu) else irss <= 64 * 1024 and cpu <= 1.0
        out.append((f"the same with {sizes['lean']}", verdict(ok),
                    f"{fmt(held, 0)} held, {fmt(irss / 1024, 1)} MiB, {fmt(cpu, 2)}% CPU"))
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: table.py OUT_DIR CORES")
    out, cores = sys.argv[1], int(sys.argv[2])
    data = load(out)
    try:
        with open(f"{out}/run.txt") as f:
            run = f.read()
    except OSError:
        run = ""
    print("".join(f"    {line}\n" for line in run.splitlines()))
    sizes = {k: (m.group(1) if (m := re.search(rf"\b{k}=(\d+)", run)) else "N")
             for k in ("conc", "drip", "idle")}
    m = re.search(r"^lean: (.*)$", run, re.M)
    sizes["lean"] = m.group(1) if m else "LEAN_ARGS"
    print(f"| metric | {OURS} | {BARE} | {PY} | {OURS}/{BARE} | {OURS}/{PY} |")
    print("|---|---:|---:|---:|---:|---:|")
    for metric, label, scale, digits, has_ratio, worst in ROWS:
        vals = [value(data, s, metric, worst) for s in (OURS, BARE, PY)]
        if all(x is None for x in vals):
            continue
        vals = [None if x is None else x * scale for x in vals]
        r1 = ratio(vals[0], vals[1]) if has_ratio else ""
        r2 = ratio(vals[0], vals[2]) if has_ratio else ""
        print(f"| {label.format(**sizes)} | " + " | ".join(fmt(x, digits) for x in vals) + f" | {r1} | {r2} |")
    print()
    print("Medians over the repetitions; error counts and most-threads rows: the worst one.")
    print("'–': not measured (see the notes).")
    print()
    for label, verdict, figures in targets(data, cores, sizes):
        print(f"- {verdict}: {label}: {figures}")
    try:
        with open(f"{out}/notes.txt") as f:
            notes = [line.strip() for line in f if line.strip()]
    except OSError:
        notes = []
    if notes:
        print()
        print("Notes:")
        for line in notes:
            print(f"- {line}")


if __name__ == "__main__":
    main()
