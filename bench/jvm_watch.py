"""What the bridge's JVM did during a measurement: CPU of its JIT compiler threads (from /proc) and its collections
(from its GC log). A c=1 tail is made of such events, so every bridge measurement reports them next to its figures,
and the warm-up lasts until the JIT has settled."""
import datetime
import os
import re
import time

HZ = os.sysconf("SC_CLK_TCK")
# -Xlog:gc with the wall-clock decoration: [2026-12-04T17:39:35.225+0000] GC(59) Pause Young (...) 79M->47M(82M) 2.438ms
PAUSE = re.compile(r"\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4})\] GC\(\d+\) Pause (Young|Full).* ([\d.]+)ms$")


def gc_log_option(path):
    """The JVM option that writes the log read by gc_pauses (wall-clock times, so windows can be cut out of it)."""
    return f"-Xlog:gc:file={path}:time"


def compiler_cpu_ms(pid):
    """CPU time used so far by the JIT compiler threads (C1 and C2) of a process."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return 0.0
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                if "CompilerThre" not in f.read():
                    continue
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return total * 1000 / HZ


def gc_pauses(log_path, start, end):
    """The collections logged between two time.time() instants: count, full ones, longest pause in ms."""
    young = full = 0
    longest = 0.0
    try:
        with open(log_path) as f:
            for line in f:
                m = PAUSE.match(line.strip())
                if not m:
                    continue
                when = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
                if start <= when <= end:
                    if m.group(2) == "Full":
                        full += 1
                    else:
                        young += 1
                    longest = max(longest, float(m.group(3)))
    except FileNotFoundError:
        pass
    return {"gc_young": young, "gc_full": full, "gc_max_pause_ms": longest}


class Window:
    """Wraps one measurement of the bridge: what its JIT and its collector did meanwhile."""

    def __init__(self, pid, gc_log):
        self.pid, self.gc_log = pid, gc_log

    def __enter__(self):
        self.t0, self.jit0 = time.time(), compiler_cpu_ms(self.pid)
        return self

    def __exit__(self, *exc):
        self.t1 = time.time()
        self.jit_ms = compiler_cpu_ms(self.pid) - self.jit0
        return False

    def figures(self):
        seconds = max(self.t1 - self.t0, 1e-3)
        return {"jit_cpu_share": self.jit_ms / 1000 / seconds, **gc_pauses(self.gc_log, self.t0, self.t1)}
