#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""table.py OUT_DIR: bench/h2/run.sh's markdown table.

Reads OUT_DIR/results.tsv (rep, server, metric, value), OUT_DIR/run.txt and
OUT_DIR/notes.txt; prints per metric each server's median over the
repetitions (error counts: the worst repetition), the ratio
httpbin-c/go-httpbin, then one PASS/MISS line per target of the HTTP/2
issue (GET /get over h2 and over HTTPS HTTP/1.1: >= 1.5x go-httpbin's
req/s).
"""
import re
import statistics
import sys

OURS, GO = "httpbin-c", "go-httpbin"
TARGET = 1.5


def rows(streams):
    """(metric, label, scale, digits, ratio?, worst-instead-of-median?)"""
    out = []
    kinds = [(f"h2_m{m}", f"h2 (TLS, ALPN) GET /get, -m {m}") for m in streams]
    kinds.append(("h1", "HTTPS HTTP/1.1 GET /get (keep-alive)"))
    kinds.append(("hs", "TLS handshakes (new connection per GET)"))
    kinds += [(f"h2c_m{m}", f"h2c (prior knowledge) GET /get, -m {m}") for m in streams]
    for key, name in kinds:
        rate = "handshakes/s" if key == "hs" else "req/s"
        out.append((f"{key}_{'rate' if key == 'hs' else 'rps'}", f"{name}: {rate}", 1, 0, True, False))
        if key.startswith("h2"):
            out.append((f"{key}_mean_ms", f"{name}: mean ms per request", 1, 2, True, False))
        if key == "h1":
            out.append((f"{key}_p50_ms", f"{name}: p50 ms", 1, 2, True, False))
            out.append((f"{key}_p99_ms", f"{name}: p99 ms", 1, 2, True, False))
        out.append((f"{key}_per_cpu_s", f"{name}: {'handshakes' if key == 'hs' else 'requests'} per server CPU-second", 1, 0, True, False))
        out.append((f"{key}_cores", f"{name}: server cores busy", 1, 2, False, False))
        out.append((f"{key}_errors", f"{name}: errors", 1, 0, False, True))
    out += [(f"h2_m{streams[0]}_body_b", "h2 /get answer: body bytes", 1, 0, False, False),
            (f"h2_m{streams[0]}_head_b", "h2 /get answer: header bytes (HPACK)", 1, 1, False, False),
            ("hs_body_b", "HTTP/1.1 /get answer: body bytes", 1, 0, False, False),
            ("peak_rss_kb", "peak RSS (VmHWM) after the runs, MiB", 1 / 1024, 1, True, False),
            ("threads", "threads after the runs", 1, 0, False, False)]
    return out


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


def value(data, server, metric, worst=False):
    vals = data.get((server, metric))
    if not vals:
        return None
    return max(vals) if worst else statistics.median(vals)


def fmt(v, digits, missing="–"):
    return missing if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: table.py OUT_DIR")
    out = sys.argv[1]
    data = load(out)
    try:
        with open(f"{out}/run.txt") as f:
            run = f.read()
    except OSError:
        run = ""
    try:
        with open(f"{out}/notes.txt") as f:
            notes = [line.strip() for line in f if line.strip()]
    except OSError:
        notes = []
    m = re.search(r"streams=([\d ]+?) hs_conns", run)
    streams = m.group(1).split() if m else ["1", "100"]
    go_skipped = any(n.startswith("SKIP go-httpbin") for n in notes)
    go_missing = "SKIP" if go_skipped else "–"

    print("".join(f"    {line}\n" for line in run.splitlines()))
    print(f"| metric | {OURS} | {GO} | {OURS}/{GO} |")
    print("|---|---:|---:|---:|")
    for metric, label, scale, digits, has_ratio, worst in rows(streams):
        a, b = value(data, OURS, metric, worst), value(data, GO, metric, worst)
        if a is None and b is None:
            continue
        a = None if a is None else a * scale
        b = None if b is None else b * scale
        gmiss = "n/a" if metric.startswith("h2c_") else go_missing
        r = ratio(a, b) if has_ratio and b is not None else ""
        print(f"| {label} | {fmt(a, digits)} | {fmt(b, digits, gmiss)} | {r} |")
    print()
    print("Medians over the repetitions; error counts: the worst one. Errors: failed, errored,")
    print("timed-out and non-2xx requests (h2load), socket errors and non-2xx (wrk), failed")
    print("connections (handshakes). Server cores busy: its CPU time over the run's wall time.")
    print()
    targets = [(f"h2_m{m}", f"h2 GET /get (-m {m})") for m in streams]
    targets.append(("h1", "HTTPS HTTP/1.1 GET /get"))
    for key, name in targets:
        a, b = value(data, OURS, f"{key}_rps"), value(data, GO, f"{key}_rps")
        ca, cb = value(data, OURS, f"{key}_per_cpu_s"), value(data, GO, f"{key}_per_cpu_s")
        label = f"{name} >= {TARGET:.1f}x go-httpbin (req/s)"
        if go_skipped:
            print(f"- SKIP: {label}: no go-httpbin")
        elif a is None or not b:
            print(f"- n/a: {label}: not measured")
        else:
            verdict = "PASS" if a / b >= TARGET else "MISS"
            print(f"- {verdict}: {label}: {ratio(a, b)}x (per CPU-second: {ratio(ca, cb)}x)")
    if notes:
        print()
        print("Notes:")
        for line in notes:
            print(f"- {line}")


if __name__ == "__main__":
    main()
