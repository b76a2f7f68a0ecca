#!/usr/bin/env python3
"""dangan's benchmark: one command, peers measured in the same run.

    scripts/bench [--sizes 100000,1000000] [--runs 5] [--quick]

Generates archives of 100,000 and 1,000,000 envelopes once (deterministic, seed 1) under
$DANGAN_BENCH_DIR (default ~/.cache/dangan-bench, outside git), then measures, each beside
its peer:

  open    `dangan ls` and the TUI's first full frame (driven in tmux), warm and cold page cache,
          beside `find` walking the same tree and `lf` / `nnn` opening the archive's folder
  browse  frame times while scrolling a cabinet of ~9,200 envelopes and moving between panes
          (the UI records, per key, the time from the key's arrival to the end of its frame)
  search  `dangan bench-search` in-process (index build, load, per-keystroke latency, memory),
          then whole processes: `dangan search` beside `fzf --filter` and `grep -F`
  lend    a durable loan in-process beside a bare write+fsync+rename of the same size, and the
          same as whole processes
  memory  peak resident memory of every measured process (wait4's ru_maxrss)

Prints a table (median [min–max] of the runs) and writes it, with the machine, to
bench-out/bench-DATE.md and .json. Timing lives here, never in a test's pass or fail.
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "dangan")
CACHE = os.environ.get("DANGAN_BENCH_DIR", os.path.expanduser("~/.cache/dangan-bench"))
GEN_VERSION = "2"  # bump when the generator's output changes
QUERIES = ["zhangwei", "张伟", "zw", "1201", "john"]
ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, stdin=None, env=None, cwd=None):
    """Runs a whole process; returns (seconds, peak RSS in MB, exit status, stdout)."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env or ENV, cwd=cwd)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    if stdin:
        fin.close()
    return dt, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status), out


def stats(values):
    v = sorted(values)
    return {"median": statistics.median(v), "min": v[0], "max": v[-1], "n": len(v)}


def measure(cmd, runs, warmup=1, **kw):
    for _ in range(warmup):
        run(cmd, **kw)
    times, rss = [], []
    for _ in range(runs):
        dt, mb, rc, _ = run(cmd, **kw)
        times.append(dt * 1000)
        rss.append(mb)
    return dict(stats(times), rss_mb=max(rss))


def can_drop_caches():
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("1")
        return True
    except OSError:
        return False


def drop_caches():
    subprocess.run(["sync"])
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3")


def measure_cold(cmd, runs, **kw):
    times, rss = [], []
    for _ in range(runs):
        drop_caches()
        dt, mb, _, _ = run(cmd, **kw)
        times.append(dt * 1000)
        rss.append(mb)
    return dict(stats(times), rss_mb=max(rss))


def archive(n):
    path = os.path.join(CACHE, "a%d" % n)
    marker = os.path.join(path, ".dangan-bench")
    if os.path.exists(marker) and open(marker).read().strip() == GEN_VERSION:
        return path
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(CACHE, exist_ok=True)
    log("generating %d envelopes in %s (once; cached outside git) …" % (n, path))
    t0 = time.perf_counter()
    subprocess.run([BIN, "generate", path, "--envelopes", str(n), "--seed", "1",
                    "--now", "2026-11-20T10:00:00+08:00"], check=True, env=ENV, stdout=subprocess.DEVNULL)
    log("  generated in %.0f s" % (time.perf_counter() - t0))
    with open(marker, "w") as f:
        f.write(GEN_VERSION + "\n")
    return path


class Tmux:
    """A tmux server with one idle pane at a fixed size; commands are respawned into it."""

    def __init__(self, cols=120, rows=40):
        self.sock = "dangan-bench-%d" % os.getpid()
        self.t(["-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", str(cols), "-y", str(rows), "sleep 100000"])
        self.t(["set-option", "-t", "b", "window-size", "manual"])
        self.t(["set-option", "-t", "b", "remain-on-exit", "on"])

    def t(self, args):
        return subprocess.run(["tmux", "-L", self.sock] + args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env=ENV).stdout.decode("utf-8", "replace")

    def capture(self):
        return self.t(["capture-pane", "-t", "b", "-p"])

    def spawn(self, shell_cmd):
        # A command that ends shows EXITED and its status instead of leaving an empty pane.
        self.t(["respawn-pane", "-k", "-t", "b", "env LANG=C.UTF-8 LC_ALL= %s; echo EXITED $?; sleep 100000" % shell_cmd])

    def keys(self, *k):
        self.t(["send-keys", "-t", "b"] + list(k))

    def wait(self, pred, timeout=120):
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            s = self.capture()
            if pred(s):
                return time.perf_counter() - t0, s
            if "EXITED" in s:
                raise RuntimeError("the command ended; screen:\n" + s)
            time.sleep(0.01)  # each poll is a tmux client process: do not crowd the 2 cores
        raise RuntimeError("timed out; screen:\n" + self.capture())

    def idle(self):
        self.t(["respawn-pane", "-k", "-t", "b", "sleep 100000"])
        self.wait(lambda s: s.strip() == "")

    def close(self):
        self.t(["kill-server"])
        # tmux leaves the socket file behind
        sock = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), "tmux-%d" % os.getuid(), self.sock)
        if os.path.exists(sock):
            os.remove(sock)


def dangan_frame(s):
    lines = s.rstrip("\n").split("\n")
    return "? help" in s and "Envelopes" in s and any(re.search(r"\b\d+-\d+ ", l) for l in lines)


def first_frame(tm, shell_cmd, pred, runs, cold=False):
    times = []
    for _ in range(runs):
        tm.idle()
        if cold:
            drop_caches()
        tm.spawn(shell_cmd)
        dt, _ = tm.wait(pred)
        times.append(dt * 1000)
    tm.idle()
    return stats(times)


def browse(tm, path, log_file, warmup=True):
    """Drives the UI key by key and returns the per-key frame times it recorded (a first,
    unmeasured pass reads the envelopes it will show into the page cache: warm frames)."""
    if warmup:
        browse(tm, path, log_file, warmup=False)
    tm.idle()
    if os.path.exists(log_file):
        os.remove(log_file)
    tm.spawn("DANGAN_FRAME_LOG=%s %s --archive %s" % (log_file, BIN, path))
    tm.wait(dangan_frame)
    # (End, not G: an upper-case letter may be the start of a barcode scan and waits 25 ms.)
    keys = ["l"] + ["j"] * 200 + ["End"] + ["k"] * 50 + ["Home"] + ["NPage"] * 10 + ["l", "h"] * 20 + ["h", "h"] + ["j"] * 20 + ["l"] + ["j"] * 50
    for k in keys:
        tm.keys(k)
    tm.keys("q")
    t0 = time.perf_counter()
    while not os.path.exists(log_file) and time.perf_counter() - t0 < 60:
        time.sleep(0.05)
    rows = [line.split() for line in open(log_file) if line.strip()]
    os.remove(log_file)
    tm.idle()

    def summary(v):
        v = sorted(v)
        return {"median": statistics.median(v), "p99": v[min(len(v) - 1, int(len(v) * 0.99))], "max": v[-1], "n": len(v)}
    # Each line: wall ms, CPU ms of the UI thread, key.
    return dict(summary([float(r[0]) for r in rows]), cpu=summary([float(r[1]) for r in rows]))


def fmt(s, unit="ms"):
    if s is None:
        return "n/a"
    return "%.1f %s [%.1f–%.1f]" % (s["median"], unit, s["min"], s["max"])


def main():
    ap = argparse.ArgumentParser(description="dangan benchmark (see the module docstring)")
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="fewer runs, no cold-cache rows")
    args = ap.parse_args()
    runs = 2 if args.quick else args.runs
    sizes = [int(x) for x in args.sizes.split(",")]

    log("building the release binary …")
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    have = {t: shutil.which(t) is not None for t in ["tmux", "fzf", "lf", "nnn", "find", "grep"]}
    missing = [t for t, ok in have.items() if not ok]
    if missing:
        log("peers not installed (rows will say n/a): %s — apt-get install %s" % (", ".join(missing), " ".join(missing)))
    cold = can_drop_caches() and not args.quick
    if not cold:
        log("cold-cache rows skipped (writing /proc/sys/vm/drop_caches needs root)" if not args.quick else "quick: no cold-cache rows")

    machine = {
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor()),
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30, 1),
        "kernel": platform.release(),
        "swift": subprocess.run(["swift", "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout.decode().split("\n")[0],
    }
    results = {"machine": machine, "sizes": {}}
    tm = Tmux() if have["tmux"] else None
    try:
        for n in sizes:
            path = archive(n)
            r = {}
            results["sizes"][n] = r
            log("== %d envelopes: %s" % (n, path))
            run([BIN, "ls", "--archive", path])  # cache current
            run([BIN, "search", "zhangwei", "--archive", path])  # search index saved

            log("open: dangan ls / find")
            r["ls_warm"] = measure([BIN, "ls", "--archive", path], runs)
            fruns = 1 if n >= 1_000_000 else runs
            r["find_warm"] = measure(["find", os.path.join(path, "cabinets")], fruns) if have["find"] else None
            if tm:
                log("open: first frame in tmux (dangan, lf, nnn)")
                r["frame_warm"] = first_frame(tm, "%s --archive %s" % (BIN, path), dangan_frame, runs)
                if have["lf"]:
                    r["lf_warm"] = first_frame(tm, "lf -single %s" % path, lambda s: "journal" in s and "cabinets" in s, runs)
                if have["nnn"]:
                    r["nnn_warm"] = first_frame(tm, "nnn %s" % path, lambda s: "journal" in s and "cabinets" in s, runs)
                # Memory with the archive open in the UI: the frame run's peak, measured by wait4.
                dt, mb, _, _ = run(["script", "-qc", "DANGAN_EXIT_AFTER_FIRST_FRAME=1 TERM=xterm %s --archive %s" % (BIN, path), "/dev/null"])
                r["ui_open_rss_mb"] = mb
                log("browse: frame times")
                r["browse"] = browse(tm, path, os.path.join(tempfile.gettempdir(), "dangan-frames-%d.txt" % os.getpid()))
            _, mb, rc, out = run([BIN, "bench-browse", "--archive", path])
            r["browse_inproc"] = json.loads(out.decode())

            log("search: in-process keystrokes, then whole processes beside fzf and grep")
            with tempfile.TemporaryDirectory() as tmp:
                names = os.path.join(tmp, "names.txt")
                _, mb, rc, out = run([BIN, "bench-search", "--archive", path, "--json", "--names-out", names, "--builds", "3"])
                r["search_inproc"] = json.loads(out.decode())
                r["search_inproc"]["rss_mb"] = mb
                r["search"] = {}
                for q in QUERIES:
                    row = {"dangan": measure([BIN, "search", q, "--archive", path, "--limit", "20"], runs)}
                    row["fzf"] = measure(["fzf", "--filter", q], runs, stdin=names) if have["fzf"] else None
                    row["grep"] = measure(["grep", "-F", q], runs, stdin=names) if have["grep"] else None
                    r["search"][q] = row

            log("lend: in-process and whole process")
            _, mb, rc, out = run([BIN, "bench-lend", "--archive", path, "--rounds", "20"])
            lend = json.loads(out.decode())
            r["lend_inproc"] = lend
            doc = lend["document"]
            times_b, times_r, rss = [], [], []
            for _ in range(runs):
                dt, m1, rc1, _ = run([BIN, "borrow", doc, "--to", "赵磊", "--purpose", "基准测试", "--archive", path])
                dt2, m2, rc2, _ = run([BIN, "return", doc, "--archive", path])
                if rc1 != 0 or rc2 != 0:
                    raise RuntimeError("borrow/return failed (%d, %d)" % (rc1, rc2))
                times_b.append(dt * 1000); times_r.append(dt2 * 1000); rss.append(max(m1, m2))
            r["lend_process"] = dict(stats(times_b), rss_mb=max(rss))
            r["return_process"] = stats(times_r)
            peer_dir = tempfile.mkdtemp(dir=os.path.join(path, ".dangan"))
            try:
                r["write_process"] = measure([BIN, "bench-write", peer_dir, str(lend["entry_bytes"])], runs)
            finally:
                shutil.rmtree(peer_dir, ignore_errors=True)

            if cold:  # last: dropping the page cache would make the warm rows above cold
                log("open, cold page cache")
                r["ls_cold"] = measure_cold([BIN, "ls", "--archive", path], 3)
                r["find_cold"] = measure_cold(["find", os.path.join(path, "cabinets")], 1) if have["find"] else None
                if tm:
                    r["frame_cold"] = first_frame(tm, "%s --archive %s" % (BIN, path), dangan_frame, 2, cold=True)
                    if have["lf"]:
                        r["lf_cold"] = first_frame(tm, "lf -single %s" % path, lambda s: "journal" in s and "cabinets" in s, 2, cold=True)
    finally:
        if tm:
            tm.close()

    report = render(results, cold)
    print(report)
    out_dir = os.path.join(ROOT, "bench-out")
    os.makedirs(out_dir, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M")
    with open(os.path.join(out_dir, "bench-%s.md" % stamp), "w") as f:
        f.write(report + "\n")
    with open(os.path.join(out_dir, "bench-%s.json" % stamp), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False, default=str)
    log("written: bench-out/bench-%s.md and .json" % stamp)


def render(res, cold):
    m = res["machine"]
    out = ["# dangan benchmark", "",
           "Machine: %s, %s cores, %s GiB, Linux %s, %s. %s." % (m["cpu"], m["cores"], m["memory_gb"], m["kernel"], m["swift"], m["date"]),
           "Figures: median [min–max] over the runs; memory is the peak resident size of the process.", ""]
    for n, r in res["sizes"].items():
        out += ["## %s envelopes" % format(int(n), ","), "", "| what | dangan | peer (same run) | target |", "|---|---|---|---|"]
        def row(what, d, p, target=""):
            out.append("| %s | %s | %s | %s |" % (what, d, p, target))
        big = int(n) >= 1_000_000
        row("open: `dangan ls`, warm", fmt(r["ls_warm"]) + ", %.0f MB" % r["ls_warm"]["rss_mb"],
            ("`find` walking the tree: " + fmt(r.get("find_warm"))) if r.get("find_warm") else "n/a")
        if cold:
            row("open: `dangan ls`, cold cache", fmt(r.get("ls_cold")), ("`find`: " + fmt(r.get("find_cold"))) if r.get("find_cold") else "n/a")
        if "frame_warm" in r:
            peers = "; ".join("%s %s" % (k, fmt(r.get(k + "_warm"))) for k in ["lf", "nnn"] if r.get(k + "_warm"))
            row("open: TUI first full frame (tmux), warm", fmt(r["frame_warm"]), peers or "n/a", "≤ 2 s" if big else "≤ 300 ms")
            if cold:
                row("open: TUI first full frame, cold cache", fmt(r.get("frame_cold")), ("lf " + fmt(r.get("lf_cold"))) if r.get("lf_cold") else "n/a")
            row("memory: UI open on the archive", "%.0f MB" % r["ui_open_rss_mb"], "", "≤ 1 GiB")
            b = r["browse"]
            c = b["cpu"]
            row("browse: frame time in tmux (key → frame on the terminal), %d keys" % b["n"],
                "median %.2f ms, p99 %.2f ms, max %.2f ms (CPU of the UI thread: median %.2f, p99 %.2f, max %.2f ms)"
                % (b["median"], b["p99"], b["max"], c["median"], c["p99"], c["max"]), "", "≤ 5 ms")
        if "browse_inproc" in r:
            bi = r["browse_inproc"]
            row("browse: frame compute in-process (key + render to the screen buffer), %d keys, cabinet of %d" % (bi["keys"], bi["cabinet_envelopes"]),
                "median %.2f ms, p99 %.2f ms, max %.2f ms" % (bi["median_ms"], bi["p99_ms"], bi["max_ms"]), "", "≤ 5 ms")
        s = r["search_inproc"]
        row("search: index rebuilt from scratch (ready to query)", "%.0f ms [%.0f–%.0f], +%.0f MB while building" % (s["build_ms"], s["build_min_ms"], s["build_max_ms"], s["build_peak_rss_mb"]), "", "≤ 5 s at 1M")
        row("search: … and saved to `.dangan/` (on another thread; the wait after the build)", "+%.0f ms" % s["save_ms"], "", "")
        row("search: saved index load", "%.1f ms (max %.1f), file %.0f MB" % (s["load_ms"], s["load_max_ms"], s["index_mb"]), "", "≤ 0.5 s at 1M")
        row("search: per keystroke (%d keys, in-process)" % s["keys"], "median %.3f ms, p99 %.2f ms, max %.2f ms" % (s["key_median_ms"], s["key_p99_ms"], s["key_max_ms"]), "fzf: 40–100 ms per keystroke at 1M (issue)", "≤ 1 ms / ≤ 10 ms at 1M")
        row("search: memory added by the index", "%.0f MB" % s["search_rss_mb"], "", "≤ 250 MB")
        for q, x in r["search"].items():
            peer = []
            if x.get("fzf"): peer.append("fzf --filter %s, %.0f MB" % (fmt(x["fzf"]), x["fzf"]["rss_mb"]))
            if x.get("grep"): peer.append("grep -F %s" % fmt(x["grep"]))
            row("search: `dangan search %s` whole process" % q, fmt(x["dangan"]) + ", %.0f MB" % x["dangan"]["rss_mb"], "; ".join(peer), "beat fzf")
        l = r["lend_inproc"]
        row("lend: borrow in-process (durable)", "%.2f ms [%.2f–%.2f]" % (l["borrow_ms"]["median"], l["borrow_ms"]["min"], l["borrow_ms"]["max"]),
            "write+fsync+rename %.2f ms [%.2f–%.2f] (%d bytes)" % (l["peer_ms"]["median"], l["peer_ms"]["min"], l["peer_ms"]["max"], l["entry_bytes"]),
            "≤ 2× peer (%.2f×)" % (l["borrow_ms"]["median"] / l["peer_ms"]["median"]))
        row("lend: return in-process", "%.2f ms" % l["return_ms"]["median"], "", "")
        row("lend: `dangan borrow` whole process", fmt(r["lend_process"]) + ", %.0f MB" % r["lend_process"]["rss_mb"],
            "`dangan bench-write` (a process doing only the durable write) " + fmt(r["write_process"]))
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main()
