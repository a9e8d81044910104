#!/usr/bin/env python3
"""Lab, not CI (bench/RESULTS.md, step 22): the bare Camel proxy route on Camel's Vert.x platform-http engine, side by
side with nginx proxy_pass, the same route on the bridge's servlet engine, and the bridge, in interleaved rounds.

Run from the repository root after `mvn -q package -DskipTests` (the bridge's jar) and
`mvn -q -f bench/vertx-floor/pom.xml package`: python3 bench/vertx-floor/run.py [--rounds 3] [--duration 8]
"""
import argparse
import glob
import json
import os
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import run as bench  # noqa: E402  (bench/run.py: nginx, wrk and the fixtures, as the benchmark uses them)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=8, help="seconds per wrk measurement")
    ap.add_argument("--warmup", type=int, default=30, help="seconds of c=32 load per JVM target before measuring")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="vertx-floor-")
    procs = bench.Processes()
    try:
        measure(args, work, procs)
    finally:
        procs.stop_all()


def measure(args, work, procs):
    # the delayed upstream is not used here: its port is a placeholder
    upstream, proxy = bench.start_nginx(procs, work, 9)

    with open(os.path.join(work, "provider.json"), "w") as f:
        json.dump({"providers": [{"name": "plain", "base_url": f"http://127.0.0.1:{upstream}/plain/v1",
                                  "models": {"middle": ["bench-model"]}}]}, f)
    routes = bench.floor_routes(work, upstream)
    jvm = bench.pom_jvm_options().split()
    bridge, floor = bench.free_port(), bench.free_port()
    jar = glob.glob(os.path.join(bench.ROOT, "target", "dromedary-*.jar"))[0]
    procs.start(["java"] + jvm + ["-jar", jar, f"--server.port={bridge}", "--server.address=127.0.0.1",
                                  f"--dromedary.provider-config={work}/provider.json",
                                  f"--dromedary.routes.dir={routes}"], os.path.join(work, "bridge.log"))
    classpath = os.path.join(HERE, "target", "lib", "*") + os.pathsep + os.path.join(HERE, "target", "classes")
    procs.start(["java"] + jvm + ["-cp", classpath, "bench.VertxFloor", str(floor), str(upstream)],
                os.path.join(work, "vertx-floor.log"))

    anthropic = os.path.join(bench.FIXTURES, "anthropic-request.json")
    openai = os.path.join(bench.FIXTURES, "openai-request.json")
    targets = {
        "nginx": (proxy, "/plain/v1/chat/completions", openai),
        "servlet engine, camel-http": (bridge, "/bench/camel-floor", openai),
        "Vert.x engine, camel-http": (floor, "/bench/camel-floor", openai),
        "Vert.x engine, vertx-http": (floor, "/bench/vx-floor", openai),
        "dromedary": (bridge, "/v1/messages", anthropic),
    }

    def answers(port, path, body):
        try:
            return bench.post(port, path, body)[0] == 200
        except Exception:
            return False

    for name, (port, path, body) in targets.items():
        bench.wait_for(lambda: answers(port, path, body), 90, name)
    for name, (port, path, body) in targets.items():
        if name != "nginx":
            bench.wrk(port, path, body, 32, args.warmup, 2)

    results = {}
    for r in range(args.rounds):
        for name, (port, path, body) in targets.items():
            for load, connections, threads in (("c1", 1, 1), ("c32", 32, 2)):
                res = bench.wrk(port, path, body, connections, args.duration, threads)
                if res["errors"] or res["bad_status"]:
                    raise SystemExit(f"{name} {load}: {res['errors']} errors, {res['bad_status']} non-2xx")
                results.setdefault((name, load), []).append(res)
                print(f"round {r} {name:28} {load:4} {res['rps']:8.0f} req/s  p50 {res['p50_us'] / 1000:.3f} ms  "
                      f"p99 {res['p99_us'] / 1000:.3f} ms", flush=True)

    med = lambda name, load, key: statistics.median(x[key] for x in results[(name, load)])  # noqa: E731
    nginx = med("nginx", "c32", "rps")
    print("\n| target | c=1 p50 ms | c=32 req/s | c=32 vs nginx | c=32 p99 ms |\n|---|---|---|---|---|")
    for name in targets:
        print(f"| {name} | {med(name, 'c1', 'p50_us') / 1000:.3f} | {med(name, 'c32', 'rps'):.0f} | "
              f"{med(name, 'c32', 'rps') / nginx:.3f} | {med(name, 'c32', 'p99_us') / 1000:.1f} |")


if __name__ == "__main__":
    main()
