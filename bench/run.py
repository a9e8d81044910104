#!/usr/bin/env python3
"""Dromedary's benchmark: the bridge side by side with the upstream direct and with nginx proxy_pass.

Everything runs on loopback and stops by itself. Targets are measured interleaved (direct, nginx, Dromedary; three
rounds) and reported as medians and ratios, because the machine is shared and noisy. Run it with bench/run.sh.
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import jvm_watch

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
FIXTURES = os.path.join(BENCH, "fixtures")

TARGETS = {
    # name: (what the figure means, what is compared)
    "latency_added_p50_ms": ("non-streaming added latency at concurrency 1, p50", "<= 0.5"),
    "latency_added_p99_ms": ("non-streaming added latency at concurrency 1, p99", "<= 2"),
    "throughput_c32_vs_nginx": ("requests/s at concurrency 32, Dromedary / nginx proxy_pass", ">= 0.35"),
    "ttft_added_p50_ms": ("streaming added time to first token, p50", "<= 1"),
    "streams_complete": ("concurrent streams completed correctly", "== all"),
    "streams_stalled": ("concurrent streams stalled", "== 0"),
    "streams_total_p99_ms": ("concurrent streams, p99 total time (ideal ~1000)", "<= 1300"),
    "peak_rss_mb": ("peak RSS of the bridge (VmHWM)", "<= 400"),
    "startup_ms": ("process start to first answered request (extracted jar + AOT cache + Spring AOT; smoke: plain jar)", "<= 4000"),
}


def pom_jvm_options():
    """The JVM options users run the bridge with: the dromedary.jvm.options property of pom.xml."""
    with open(os.path.join(ROOT, "pom.xml")) as f:
        m = re.search(r"<dromedary\.jvm\.options>(.*?)</dromedary\.jvm\.options>", f.read(), re.S)
    return " ".join(m.group(1).split()) if m else ""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {what}")


def port_open(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def post(port, path, body_file, timeout=5):
    with open(body_file, "rb") as f:
        data = f.read()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                 headers={"content-type": "application/json", "anthropic-version": "2023-06-01"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


class Processes:
    """Every process the run starts; all are stopped at the end, whatever happens."""

    def __init__(self):
        self.procs = []

    def start(self, cmd, log, **kw):
        p = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def stop_all(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def rss_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return 0
    return 0


def wrk(port, path, body, connections, duration, threads):
    env = dict(os.environ, BENCH_BODY=body)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                          "-s", os.path.join(BENCH, "post.lua"), f"http://127.0.0.1:{port}{path}"],
                         env=env, capture_output=True, text=True, timeout=duration + 60)
    m = re.search(r"BENCH_JSON (\{.*\})", out.stdout)
    if not m:
        raise SystemExit("wrk gave no summary:\n" + out.stdout + out.stderr)
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    return r


def stream_client(classes, port, path, kind, concurrency, repeat, stall_ms, body, warmup=200, retries=0):
    out = subprocess.run(["java", f"-Dwarmup={warmup}", f"-Dretries={retries}", "-cp", classes, "StreamClient",
                          "127.0.0.1", str(port), path, kind,
                          str(concurrency), str(repeat), str(stall_ms), body],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit("stream client failed:\n" + out.stdout + out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_nginx(procs, work, delayed_port):
    """nginx from bench/nginx.conf.template: the fake upstream and proxy_pass to it. Returns both ports."""
    upstream_port, proxy_port = free_port(), free_port()
    with open(os.path.join(BENCH, "nginx.conf.template")) as f:
        conf = f.read()
    with open(os.path.join(FIXTURES, "chat.json")) as f:
        chat = f.read()
    with open(os.path.join(FIXTURES, "stream.sse")) as f:
        sse = f.read()
    conf = (conf.replace("{{dir}}", work).replace("{{upstream_port}}", str(upstream_port))
            .replace("{{delayed_port}}", str(delayed_port))
            .replace("{{proxy_port}}", str(proxy_port)).replace("{{chat_json}}", chat).replace("{{stream_sse}}", sse))
    with open(os.path.join(work, "nginx.conf"), "w") as f:
        f.write(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    procs.start([nginx, "-p", work, "-c", os.path.join(work, "nginx.conf")], os.path.join(work, "nginx.out"))
    wait_for(lambda: port_open(upstream_port) and port_open(proxy_port), 10, "nginx")
    return upstream_port, proxy_port


def floor_routes(work, upstream_port):
    """A routes directory holding bench/camel-floor.camel.yaml aimed at the fake upstream."""
    routes_dir = os.path.join(work, "routes")
    os.makedirs(routes_dir)
    with open(os.path.join(BENCH, "camel-floor.camel.yaml")) as f:
        floor = f.read().replace("{{upstream_port}}", str(upstream_port))
    with open(os.path.join(routes_dir, "camel-floor.camel.yaml"), "w") as f:
        f.write(floor)
    return routes_dir


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--smoke", action="store_true", help="a short run that checks correctness only (CI)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=8, help="seconds per wrk measurement")
    ap.add_argument("--streams", type=int, default=2000, help="concurrent streams in the stream test")
    ap.add_argument("--chunks", type=int, default=20, help="chunks per delayed stream")
    ap.add_argument("--delay-ms", type=int, default=50, help="delay between chunks of a delayed stream")
    ap.add_argument("--cc-streams", type=int, default=500,
                    help="concurrent streams with Claude Code's real 49 KB request, clients retrying a 529")
    ap.add_argument("--ttft-requests", type=int, default=300)
    ap.add_argument("--warmup-max", type=int, default=60, help="longest warm-up of the bridge, seconds")
    ap.add_argument("--warmup-jit-share", type=float, default=0.1,
                    help="the warm-up ends once the JIT compilers use less than this share of a core")
    ap.add_argument("--jvm-opts", default=os.environ.get("BENCH_JVM_OPTS", pom_jvm_options()),
                    help="options for the bridge's JVM (default: dromedary.jvm.options of pom.xml)")
    ap.add_argument("--out", default=os.path.join(BENCH, "results", "latest.json"))
    args = ap.parse_args()
    if args.smoke:
        args.rounds, args.duration, args.streams, args.ttft_requests, args.cc_streams = 1, 2, 100, 20, 20

    jars = [j for j in os.listdir(os.path.join(ROOT, "target")) if j.startswith("dromedary-") and j.endswith(".jar")]
    if not jars:
        raise SystemExit("no jar in target/: run mvn package first")
    jar = os.path.join(ROOT, "target", jars[0])
    work = tempfile.mkdtemp(prefix="dromedary-bench-")
    procs = Processes()
    try:
        return run(args, jar, work, procs)
    finally:
        procs.stop_all()
        shutil.rmtree(work, ignore_errors=True)


def run(args, jar, work, procs):
    started = time.monotonic()
    # the Java helpers, compiled once
    classes = os.path.join(work, "classes")
    subprocess.run(["javac", "-d", classes, os.path.join(BENCH, "StreamClient.java"),
                    os.path.join(BENCH, "DelayedUpstream.java")], check=True)

    # the delayed upstream for the concurrent-stream test
    port_file = os.path.join(work, "delayed.port")
    procs.start(["java", "-Xss256k", "-cp", classes, "DelayedUpstream", port_file, str(args.chunks),
                 str(args.delay_ms)], os.path.join(work, "delayed.out"))
    wait_for(lambda: os.path.exists(port_file) and os.path.getsize(port_file) > 0, 20, "delayed upstream")
    with open(port_file) as f:
        delayed_port = int(f.read())

    # nginx: the cheap upstream and the proxy floor
    upstream_port, proxy_port = start_nginx(procs, work, delayed_port)

    providers = {"providers": [
        {"name": "plain", "base_url": f"http://127.0.0.1:{upstream_port}/plain/v1",
         "models": {"big": ["bench-model"], "middle": ["bench-model"], "small": ["bench-model"]}},
        {"name": "streamer", "base_url": f"http://127.0.0.1:{upstream_port}/stream/v1",
         "models": {"big": ["stream-model"]}},
        {"name": "delayed", "base_url": f"http://127.0.0.1:{delayed_port}/v1", "timeout": 60,
         "models": {"big": ["delayed-model"]}}]}
    with open(os.path.join(work, "provider.json"), "w") as f:
        json.dump(providers, f)

    # the bridge: start to first answered request, with the plain jar and (full runs) with the fast-start launch
    bridge_port = free_port()
    request = os.path.join(FIXTURES, "anthropic-request.json")
    # the Camel floor: a route file with a bare platform-http -> camel-http proxy to the same upstream, loaded into
    # the bridge like any operator's route; what Camel's HTTP in and out cost before any of the bridge's own work
    routes_dir = floor_routes(work, upstream_port)
    common = [f"--server.port={bridge_port}", "--server.address=127.0.0.1",
              f"--dromedary.provider-config={os.path.join(work, 'provider.json')}",
              f"--dromedary.routes.dir={routes_dir}"]
    jvm = args.jvm_opts.split()
    gc_log = os.path.join(work, "bridge-gc.log")

    def start_bridge(launch, log):
        t0 = time.monotonic()
        proc = procs.start(["java"] + jvm + [jvm_watch.gc_log_option(gc_log)] + launch + common,
                           os.path.join(work, log))

        def answered():
            try:
                return post(bridge_port, "/v1/messages", request)[0] == 200
            except Exception:
                return False

        wait_for(answered, 60, "the bridge's first answer")
        return proc, (time.monotonic() - t0) * 1000

    bridge, startup_plain_ms = start_bridge(["-jar", jar], "bridge-plain.log")
    print(f"plain jar answered {startup_plain_ms:.0f} ms after start", flush=True)
    startup_ms = startup_plain_ms
    if not args.smoke:
        os.killpg(bridge.pid, signal.SIGTERM)
        bridge.wait(timeout=30)
        out = subprocess.run(["bash", os.path.join(ROOT, "bin", "aot-cache.sh"), os.path.join(work, "aot")],
                             capture_output=True, text=True, env=dict(os.environ, JVM_OPTIONS=args.jvm_opts))
        if out.returncode != 0:
            raise SystemExit("AOT cache preparation failed:\n" + out.stdout + out.stderr)
        app, cache = out.stdout.split()[-2:]
        bridge, startup_ms = start_bridge(["-Dspring.aot.enabled=true", f"-XX:AOTCache={cache}", "-jar", app],
                                          "bridge.log")
        print(f"extracted jar with AOT cache answered {startup_ms:.0f} ms after start (pid {bridge.pid})", flush=True)

    # peak memory is sampled throughout; VmHWM gives the kernel's own peak at the end
    rss_samples = []
    sampling = threading.Event()

    def sample():
        while not sampling.is_set():
            rss_samples.append(rss_kb(bridge.pid, "VmRSS"))
            time.sleep(0.1)

    threading.Thread(target=sample, daemon=True).start()

    plain_direct = ("/plain/v1/chat/completions", os.path.join(FIXTURES, "openai-request.json"))
    targets = {
        "direct": (upstream_port,) + plain_direct,
        "nginx": (proxy_port,) + plain_direct,
        "camel": (bridge_port, "/bench/camel-floor", plain_direct[1]),
        "dromedary": (bridge_port, "/v1/messages", request),
    }
    stream_targets = {
        "direct": (upstream_port, "/stream/v1/chat/completions", "openai",
                   os.path.join(FIXTURES, "openai-stream-request.json")),
        "nginx": (proxy_port, "/stream/v1/chat/completions", "openai",
                  os.path.join(FIXTURES, "openai-stream-request.json")),
        "dromedary": (bridge_port, "/v1/messages", "anthropic", os.path.join(FIXTURES, "anthropic-stream-request.json")),
    }

    # warm-up, not measured: pools, and the JIT until it has settled. Its compiler threads take a core's worth of CPU
    # for tens of seconds of load, and each burst of theirs delays requests on these two cores (RESULTS, step 17)
    warm_steps = 1 if args.smoke else args.warmup_max // 5
    warm_started = time.monotonic()
    warm_jit = []
    for step in range(warm_steps):
        with jvm_watch.Window(bridge.pid, gc_log) as w:
            wrk(bridge_port, "/v1/messages", request, 32, 2 if args.smoke else 5, 2)
        jit = w.figures()["jit_cpu_share"]
        warm_jit.append(jit)
        print(f"warm-up {step + 1}: JIT compilers {jit:.0%} of a core", flush=True)
        if jit < args.warmup_jit_share:
            break
    warmup_s = time.monotonic() - warm_started
    wrk(bridge_port, "/bench/camel-floor", plain_direct[1], 32, 2 if args.smoke else 5, 2)
    # the streaming path is code of its own (the relay, the stream translation, Jetty's asynchronous requests): it
    # too is warmed until its JIT has settled, or the time to first token measures the compilers (RESULTS, step 18)
    stream_warm_started = time.monotonic()
    for step in range(1 if args.smoke else 1000):
        with jvm_watch.Window(bridge.pid, gc_log) as w:
            stream_client(classes, bridge_port, "/v1/messages", "anthropic", 4, 5 if args.smoke else 2000, 5000,
                          stream_targets["dromedary"][3], warmup=0)
        jit = w.figures()["jit_cpu_share"]
        warm_jit.append(jit)
        print(f"stream warm-up {step + 1}: JIT compilers {jit:.0%} of a core", flush=True)
        if jit < args.warmup_jit_share or time.monotonic() - stream_warm_started > args.warmup_max:
            break
    stream_warmup_s = time.monotonic() - stream_warm_started

    loads = [("c1", 1, 1), ("c32", 32, 2), ("c128", 128, 2)]
    raw = {"wrk": [], "ttft": []}
    for r in range(args.rounds):
        for name, (port, path, body) in targets.items():
            for load, conns, threads in loads:
                with jvm_watch.Window(bridge.pid, gc_log) as w:
                    res = wrk(port, path, body, conns, args.duration, threads)
                res.update(round=r, target=name, load=load)
                jvm_events = ""
                if port == bridge_port:
                    res.update(w.figures())
                    jvm_events = (f"  | JIT {res['jit_cpu_share']:4.0%}, GC {res['gc_young']} young "
                                  f"{res['gc_full']} full, longest {res['gc_max_pause_ms']:.1f} ms")
                raw["wrk"].append(res)
                print(f"round {r} {name:9} {load:4} {res['rps']:9.0f} req/s  p50 {res['p50_us'] / 1000:7.3f} ms  "
                      f"p99 {res['p99_us'] / 1000:7.3f} ms  errors {res['errors']} non-2xx {res['bad_status']}"
                      + jvm_events, flush=True)
        for name, (port, path, kind, body) in stream_targets.items():
            with jvm_watch.Window(bridge.pid, gc_log) as w:
                res = stream_client(classes, port, path, kind, 1, args.ttft_requests, 5000, body)
            res.update(round=r, target=name)
            if port == bridge_port:
                res.update(w.figures())
            raw["ttft"].append(res)
            print(f"round {r} {name:9} ttft p50 {res['ttft_p50_ms']:.3f} ms p99 {res['ttft_p99_ms']:.3f} ms "
                  f"complete {res['complete']}/{res['requests']}", flush=True)

    # K concurrent slow streams: direct first (the reference), nginx proxy_pass (the floor for any proxy on these
    # two cores), then through the bridge
    delayed_body = os.path.join(FIXTURES, "anthropic-delayed-request.json")
    openai_stream = os.path.join(FIXTURES, "openai-stream-request.json")
    direct_streams = stream_client(classes, delayed_port, "/v1/chat/completions", "openai", args.streams, 1, 5000,
                                   openai_stream)
    print(f"direct   {args.streams} streams: {json.dumps(direct_streams)}", flush=True)
    nginx_streams = stream_client(classes, proxy_port, "/delayed/v1/chat/completions", "openai", args.streams, 1,
                                  5000, openai_stream)
    print(f"nginx    {args.streams} streams: {json.dumps(nginx_streams)}", flush=True)
    # the peak so far: what the request load alone needed, before the stream burst adds its own
    rss_before_streams_mb = rss_kb(bridge.pid, "VmHWM") / 1024
    bridge_streams = stream_client(classes, bridge_port, "/v1/messages", "anthropic", args.streams, 1, 5000,
                                   delayed_body)
    print(f"bridge   {args.streams} streams: {json.dumps(bridge_streams)}", flush=True)
    sampling.set()
    peak_rss_mb = max(rss_kb(bridge.pid, "VmHWM"), max(rss_samples or [0])) / 1024

    # Claude Code-sized streams, after the peak above was taken: `claude -p`'s real 49 KB request (12 tools), K at
    # once, each client sending a 529 again after its retry-after as the SDKs do. Not a target: it shows what the
    # request-body budget does with a burst of real requests, and that nothing stalls or runs out of memory.
    cc_body = os.path.join(FIXTURES, "claude-code-delayed-request.json")
    with jvm_watch.Window(bridge.pid, gc_log) as w:
        cc_streams = stream_client(classes, bridge_port, "/v1/messages", "anthropic", args.cc_streams, 1, 10000,
                                   cc_body, warmup=0, retries=20)
    cc_streams.update(w.figures(), peak_rss_mb=rss_kb(bridge.pid, "VmHWM") / 1024)
    print(f"bridge   {args.cc_streams} Claude Code streams: {json.dumps(cc_streams)}", flush=True)

    def med(target, load, key):
        return median([w[key] for w in raw["wrk"] if w["target"] == target and w["load"] == load])

    def med_ttft(target, key):
        return median([t[key] for t in raw["ttft"] if t["target"] == target])

    summary = {
        "latency_added_p50_ms": (med("dromedary", "c1", "p50_us") - med("direct", "c1", "p50_us")) / 1000,
        "latency_added_p99_ms": (med("dromedary", "c1", "p99_us") - med("direct", "c1", "p99_us")) / 1000,
        "throughput_c32_vs_nginx": med("dromedary", "c32", "rps") / med("nginx", "c32", "rps"),
        "throughput_c128_vs_nginx": med("dromedary", "c128", "rps") / med("nginx", "c128", "rps"),
        "throughput_c32_camel_floor_vs_nginx": med("camel", "c32", "rps") / med("nginx", "c32", "rps"),
        "ttft_added_p50_ms": med_ttft("dromedary", "ttft_p50_ms") - med_ttft("direct", "ttft_p50_ms"),
        "streams_complete": bridge_streams["complete"],
        "streams_requested": args.streams,
        "streams_stalled": bridge_streams["stalled"],
        "streams_total_p50_ms": bridge_streams["total_p50_ms"],
        "streams_total_p99_ms": bridge_streams["total_p99_ms"],
        "streams_direct_total_p99_ms": direct_streams["total_p99_ms"],
        "streams_nginx_total_p99_ms": nginx_streams["total_p99_ms"],
        "streams_nginx_complete": nginx_streams["complete"],
        "peak_rss_mb": peak_rss_mb,
        "peak_rss_before_streams_mb": rss_before_streams_mb,
        "startup_ms": startup_ms,
        "startup_plain_jar_ms": startup_plain_ms,
        "warmup_s": warmup_s,
        "stream_warmup_s": stream_warmup_s,
        # what the bridge's JVM did while the time to first token was measured
        "ttft_rounds": [{k: t[k] for k in ("ttft_p50_ms", "jit_cpu_share", "gc_young", "gc_full", "gc_max_pause_ms")}
                        for t in raw["ttft"] if t["target"] == "dromedary"],
        # what the bridge's JVM did in each c=1 round: the tail is made of these events
        "c1_rounds": [{k: w[k] for k in ("p99_us", "jit_cpu_share", "gc_young", "gc_full", "gc_max_pause_ms")}
                      for w in raw["wrk"] if w["target"] == "dromedary" and w["load"] == "c1"],
    }
    table = {t: {load: {"rps": med(t, load, "rps"), "p50_ms": med(t, load, "p50_us") / 1000,
                        "p99_ms": med(t, load, "p99_us") / 1000} for load, _, _ in loads} for t in targets}
    ttft = {t: {"p50_ms": med_ttft(t, "ttft_p50_ms"), "p99_ms": med_ttft(t, "ttft_p99_ms")} for t in stream_targets}
    errors = sum(w["errors"] + w["bad_status"] for w in raw["wrk"])
    incomplete = sum(t["requests"] - t["complete"] for t in raw["ttft"])

    verdicts = {}
    for key, (_, rule) in TARGETS.items():
        value = summary[key]
        op, limit = rule.split()
        if limit == "all":
            ok = value == args.streams
        else:
            limit = float(limit)
            ok = {"<=": value <= limit, ">=": value >= limit, "==": value == limit}[op]
        verdicts[key] = ok

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "settings": {k: v for k, v in vars(args).items() if k != "out"},
        "summary": summary, "targets_met": verdicts, "wrk_medians": table, "ttft_medians": ttft,
        "streams": {"direct": direct_streams, "nginx": nginx_streams, "dromedary": bridge_streams,
                    "dromedary_claude_code": cc_streams},
        "errors": errors, "incomplete_ttft_streams": incomplete,
        "wall_seconds": time.monotonic() - started, "raw": raw,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(markdown(result))
    print(f"results written to {args.out}")

    if args.smoke:
        # the smoke run checks that the harness and the bridge work, never speed
        problems = []
        if errors:
            problems.append(f"{errors} failed or non-2xx requests")
        if incomplete:
            problems.append(f"{incomplete} incomplete TTFT streams")
        if bridge_streams["complete"] != args.streams or bridge_streams["stalled"]:
            problems.append(f"streams: {bridge_streams}")
        if nginx_streams["complete"] != args.streams:
            problems.append(f"streams through nginx: {nginx_streams}")
        if cc_streams["complete"] != args.cc_streams or cc_streams["stalled"]:
            problems.append(f"Claude Code-sized streams: {cc_streams}")
        # a fresh JVM compiles and collects under load: zeros mean the harness no longer reads them
        if not any(w["gc_young"] + w["gc_full"] for w in raw["wrk"] if "gc_young" in w):
            problems.append("no collection found in the bridge's GC log during its measurements")
        if not any(warm_jit):
            problems.append("no JIT compiler CPU found for the bridge during its warm-up")
        if problems:
            print("SMOKE FAILED: " + "; ".join(problems))
            return 1
        print("Benchmark smoke run: every request through nginx, the upstreams and the bridge answered correctly")
    return 0


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    with open("/proc/meminfo") as f:
        total = int(f.readline().split()[1]) // 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    nginx = subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-v"], capture_output=True,
                           text=True).stderr.strip()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_mb": total, "kernel": platform.release(), "java": java,
            "nginx": nginx}


def markdown(r):
    s, t, ttft = r["summary"], r["wrk_medians"], r["ttft_medians"]
    lines = [f"### Run of {r['when']} ({r['machine']['cpus']} cores, {r['machine']['cpu']}, {r['machine']['java']})",
             "", f"Medians of {r['settings']['rounds']} interleaved rounds, {r['settings']['duration']} s per "
                 f"measurement; {r['settings']['streams']} concurrent streams of {r['settings']['chunks']} chunks "
                 f"{r['settings']['delay_ms']} ms apart.", "",
             "| target | c=1 p50 ms | c=1 p99 ms | c=32 req/s | c=32 p99 ms | c=128 req/s | c=128 p99 ms | TTFT p50 ms |",
             "|---|---|---|---|---|---|---|---|"]
    for name in ("direct", "nginx", "camel", "dromedary"):
        row = t[name]
        lines.append(f"| {name} | {row['c1']['p50_ms']:.3f} | {row['c1']['p99_ms']:.3f} | {row['c32']['rps']:.0f} | "
                     f"{row['c32']['p99_ms']:.2f} | {row['c128']['rps']:.0f} | {row['c128']['p99_ms']:.2f} | "
                     + (f"{ttft[name]['p50_ms']:.3f} |" if name in ttft else "– |"))
    lines += ["", "| figure | value | target | met |", "|---|---|---|---|"]
    for key, (what, rule) in TARGETS.items():
        value = s[key]
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        if key == "streams_complete":
            shown = f"{value} / {s['streams_requested']}"
        lines.append(f"| {what} | {shown} | {rule} | {'yes' if r['targets_met'][key] else 'NO'} |")
    lines.append(f"| (also) c=128 throughput vs nginx | {s['throughput_c128_vs_nginx']:.3f} | | |")
    lines.append(f"| (also) c=32 throughput of a bare Camel proxy route in the same process vs nginx "
                 f"| {s['throughput_c32_camel_floor_vs_nginx']:.3f} | | |")
    lines.append(f"| (also) concurrent streams p50 total ms | {s['streams_total_p50_ms']:.1f} | | |")
    lines.append(f"| (also) the same streams without the bridge, p99 total ms: direct / through nginx "
                 f"| {s['streams_direct_total_p99_ms']:.1f} / {s['streams_nginx_total_p99_ms']:.1f} "
                 f"({s['streams_nginx_complete']} complete via nginx) | | |")
    lines.append(f"| (also) peak RSS before the stream test (the request load alone) | "
                 f"{s['peak_rss_before_streams_mb']:.0f} MB | | |")
    lines.append(f"| (also) start to first answer, plain `java -jar` | {s['startup_plain_jar_ms']:.0f} ms | | |")
    cc = r["streams"]["dromedary_claude_code"]
    lines.append(f"| (also) {r['settings']['cc_streams']} concurrent streams with Claude Code's 49 KB request, "
                 f"clients retrying 529: complete, stalled, retried; p50 / p99 total ms; full collections; peak RSS "
                 f"after | {cc['complete']} / {cc['requests']}, {cc['stalled']} stalled, {cc['retried']} retried "
                 f"({cc['retries']} retries); {cc['total_p50_ms']:.0f} / {cc['total_p99_ms']:.0f}; {cc['gc_full']}; "
                 f"{cc['peak_rss_mb']:.0f} MB | | |")
    rounds = "; ".join(f"{c['p99_us'] / 1000:.2f} ms (JIT {c['jit_cpu_share']:.0%} of a core, {c['gc_young']} young "
                       f"and {c['gc_full']} full collections, longest {c['gc_max_pause_ms']:.1f} ms)"
                       for c in s["c1_rounds"])
    lines.append(f"| (also) the bridge's c=1 p99 by round | {rounds} | | |")
    lines.append(f"| (also) the bridge's warm-up (c=32 until its JIT compilers use under "
                 f"{r['settings']['warmup_jit_share']:.0%} of a core, at most {r['settings']['warmup_max']} s) "
                 f"| {s['warmup_s']:.0f} s | | |")
    lines.append(f"| (also) the bridge's stream warm-up (batches of 2000 streams until its JIT compilers use under "
                 f"{r['settings']['warmup_jit_share']:.0%} of a core) | {s['stream_warmup_s']:.0f} s | | |")
    rounds = "; ".join(f"{t['ttft_p50_ms']:.3f} ms (JIT {t['jit_cpu_share']:.0%} of a core, {t['gc_young']} young "
                       f"and {t['gc_full']} full collections)" for t in s["ttft_rounds"])
    lines.append(f"| (also) the bridge's TTFT p50 by round | {rounds} | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
