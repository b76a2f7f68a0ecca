#!/usr/bin/env python3
"""dangan's benchmark: one command, peers measured in the same run.

    scripts/bench [--sizes 1000,100000,1000000] [--loans 1000,100000] [--runs 5] [--quick]

Generates archives of 1,000, 100,000 and 1,000,000 envelopes once (deterministic, seed 1) under
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
  one     one-envelope commands as whole processes (show, borrow, renew, return, envelope edit)
          beside `dangan bench-write`, and each against its own time at the smallest size
  loans   archives of 3,000 envelopes whose register holds 1,000 and 100,000 past loans (--loans):
          the same one-envelope commands, to show that they do not grow with the register
  memory  peak resident memory of every measured process (wait4's ru_maxrss)

Prints a table (median [min–max] of the runs) and writes it, with the machine, to
bench-out/bench-DATE.md and .json. Timing lives here, never in a test's pass or fail.
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# DANGAN_BENCH_BIN: measure another build of dangan (then nothing is built).
BIN = os.environ.get("DANGAN_BENCH_BIN") or os.path.join(ROOT, ".build", "release", "dangan")
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


def act_as_archivist(path):
    """Maps this login to the generated archive's archivist (李敏), as its owner may when no login
    is mapped yet: lending, returns and edits need the archivist's role."""
    _, _, rc, out = run([BIN, "whoami", "--archive", path])
    if rc == 0 and "→" not in out.decode("utf-8", "replace"):
        import getpass
        _, _, rc, _ = run([BIN, "staff", "edit", "李敏", "--login", getpass.getuser(), "--archive", path])
        if rc != 0:
            raise RuntimeError("could not map this login to the archivist of %s" % path)


def archive(n, loans=0):
    """The archive of `n` envelopes (and `loans` past loans), generated once. Returns its path and
    the generation (seconds, peak MB) when it was generated in this run, else None."""
    path = os.path.join(CACHE, "a%d" % n + ("-l%d" % loans if loans else ""))
    marker = os.path.join(path, ".dangan-bench")
    if os.path.exists(marker) and open(marker).read().strip() == GEN_VERSION:
        act_as_archivist(path)
        return path, None
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(CACHE, exist_ok=True)
    log("generating %d envelopes%s in %s (once; cached outside git) …" % (n, " and %d loans" % loans if loans else "", path))
    cmd = [BIN, "generate", path, "--envelopes", str(n), "--seed", "1", "--now", "2026-11-20T10:00:00+08:00"]
    if loans:
        cmd += ["--loans", str(loans)]
    dt, mb, rc, _ = run(cmd)
    if rc != 0:
        raise RuntimeError("generate failed (%d)" % rc)
    log("  generated in %.0f s, %.0f MB" % (dt, mb))
    with open(marker, "w") as f:
        f.write(GEN_VERSION + "\n")
    act_as_archivist(path)
    return path, {"seconds": dt, "rss_mb": mb}


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


def one_envelope(path, runs):
    """Whole processes on one envelope: show, borrow, renew, return, envelope edit (each run
    lends, renews and returns the same document, and edits a phone back and forth), beside
    `dangan bench-write` (the durable write alone) in the same run."""
    _, _, rc, out = run([BIN, "bench-lend", "--archive", path, "--rounds", "1"])
    lend = json.loads(out.decode())
    doc, env = lend["document"], lend["envelope"]
    t = {k: [] for k in ["show", "borrow", "renew", "return", "edit"]}
    rss = {k: 0.0 for k in t}

    def timed(k, cmd):
        dt, mb, rc, out = run(cmd)
        if rc != 0:
            raise RuntimeError("%s failed (%d)" % (" ".join(cmd[1:3]), rc))
        t[k].append(dt * 1000)
        rss[k] = max(rss[k], mb)
        return out
    for i in range(runs + 1):  # the first round warms the page cache and is not kept
        timed("show", [BIN, "show", env, "--archive", path])
        out = timed("borrow", [BIN, "borrow", doc, "--to", "赵磊", "--purpose", "基准测试", "--approver", "王建国", "--json", "--archive", path])
        loan = json.loads(out.decode())["loan"][0]["id"]
        timed("renew", [BIN, "renew", loan, "--archive", path])
        timed("return", [BIN, "return", doc, "--archive", path])
        timed("edit", [BIN, "envelope", "edit", env, "--phone", "1390000%04d" % (i % 2), "--archive", path])
        if i == 0:
            for k in t:
                t[k] = []
    peer_dir = tempfile.mkdtemp(dir=os.path.join(path, ".dangan"))
    try:
        peer = measure([BIN, "bench-write", peer_dir, str(lend["entry_bytes"])], runs)
    finally:
        shutil.rmtree(peer_dir, ignore_errors=True)
    return {"commands": {k: dict(stats(v), rss_mb=rss[k]) for k, v in t.items()}, "write_process": peer}


def ui_after_search(tm, path, query="zhangwei", expect="张伟"):
    """Peak resident size of the UI opened on the archive, after a search typed into it."""
    out = os.path.join(tempfile.gettempdir(), "dangan-ui-rss-%d.txt" % os.getpid())
    if os.path.exists(out):
        os.remove(out)
    tm.idle()
    tm.spawn("/usr/bin/time -f %%M -o %s %s --archive %s" % (out, BIN, path))
    tm.wait(dangan_frame)
    tm.keys("/")
    tm.keys("-l", query)
    tm.wait(lambda s: s.count(expect) >= 2)
    tm.keys("Escape")
    time.sleep(0.2)
    tm.keys("q")
    t0 = time.perf_counter()
    while (not os.path.exists(out) or not open(out).read().strip()) and time.perf_counter() - t0 < 30:
        time.sleep(0.05)
    tm.idle()
    try:
        return int(open(out).read().split()[-1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None
    finally:
        if os.path.exists(out):
            os.remove(out)


def fmt(s, unit="ms"):
    if s is None:
        return "n/a"
    return "%.1f %s [%.1f–%.1f]" % (s["median"], unit, s["min"], s["max"])


def main():
    ap = argparse.ArgumentParser(description="dangan benchmark (see the module docstring)")
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--loans", default="1000,100000", help="past loans in the register of a 3,000-envelope archive; empty: none")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="fewer runs, no cold-cache rows")
    ap.add_argument("--skip", default="", help="rows to leave out, comma-separated: find (the walks), browse (tmux)")
    args = ap.parse_args()
    runs = 2 if args.quick else args.runs
    sizes = [int(x) for x in args.sizes.split(",")]
    loan_sizes = [int(x) for x in args.loans.split(",") if x.strip()]
    skip = set(x.strip() for x in args.skip.split(",") if x.strip())

    if not os.environ.get("DANGAN_BENCH_BIN"):
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
    results = {"machine": machine, "sizes": {}, "loans": {}}
    tm = Tmux() if have["tmux"] else None
    try:
        for n in sizes:
            path, gen = archive(n)
            r = {"generate": gen}
            results["sizes"][n] = r
            log("== %d envelopes: %s" % (n, path))
            run([BIN, "ls", "--archive", path])  # cache current
            run([BIN, "search", "zhangwei", "--archive", path])  # search index saved

            log("open: dangan ls / find")
            r["ls_warm"] = measure([BIN, "ls", "--archive", path], runs)
            fruns = 1 if n >= 1_000_000 else runs
            r["find_warm"] = measure(["find", os.path.join(path, "cabinets")], fruns) if have["find"] and "find" not in skip else None
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
                r["ui_search_rss_mb"] = ui_after_search(tm, path)
                if "browse" not in skip:
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
                dt, m1, rc1, _ = run([BIN, "borrow", doc, "--to", "赵磊", "--purpose", "基准测试", "--approver", "王建国", "--archive", path])
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

            log("one-envelope commands as whole processes")
            r["one"] = one_envelope(path, runs)

            if cold:  # last: dropping the page cache would make the warm rows above cold
                log("open, cold page cache")
                r["ls_cold"] = measure_cold([BIN, "ls", "--archive", path], 3)
                r["find_cold"] = measure_cold(["find", os.path.join(path, "cabinets")], 1) if have["find"] and "find" not in skip else None
                if tm:
                    r["frame_cold"] = first_frame(tm, "%s --archive %s" % (BIN, path), dangan_frame, 2, cold=True)
                    if have["lf"]:
                        r["lf_cold"] = first_frame(tm, "lf -single %s" % path, lambda s: "journal" in s and "cabinets" in s, 2, cold=True)
        for nl in loan_sizes:
            path, gen = archive(3000, loans=nl)
            log("== 3,000 envelopes, %d past loans: %s" % (nl, path))
            run([BIN, "ls", "--archive", path])  # cache current
            r = {"generate": gen, "ls_warm": measure([BIN, "ls", "--archive", path], runs)}
            r["loans_all"] = measure([BIN, "loans", "--all", "--archive", path], 1 if nl >= 100_000 else runs)
            r["one"] = one_envelope(path, runs)
            results["loans"][nl] = r
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
            row("open: TUI first full frame (tmux), warm", fmt(r["frame_warm"]), peers or "n/a", "≤ 1.3× at 1,000; ≤ lf")
            if cold:
                row("open: TUI first full frame, cold cache", fmt(r.get("frame_cold")), ("lf " + fmt(r.get("lf_cold"))) if r.get("lf_cold") else "n/a",
                    "≤ 1 s at 1M")
            row("memory: UI open on the archive", "%.0f MB" % r["ui_open_rss_mb"], "", "≤ 150 MB at 1M")
            if r.get("ui_search_rss_mb"):
                row("memory: UI open, after a search typed into it", "%.0f MB" % r["ui_search_rss_mb"], "", "≤ 300 MB at 1M")
        if r.get("browse"):
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
        if r.get("one"):
            one_rows(row, r["one"])
        if r.get("generate"):
            g = r["generate"]
            row("set-up: `dangan generate` (this run)", "%.0f s, %.0f MB" % (g["seconds"], g["rss_mb"]), "", "≤ 3 min at 1M")
        out.append("")
    sizes = sorted(res["sizes"], key=int)
    if len(sizes) >= 2:
        lo = res["sizes"][sizes[0]]
        out += ["## Against the smallest archive (%s envelopes), same run" % format(int(sizes[0]), ","), "",
                "| what | " + " | ".join(format(int(n), ",") for n in sizes[1:]) + " | target |", "|---|" + "---|" * len(sizes)]
        def ratio(a, b):
            return "%.1f ms (%.2f×)" % (a["median"], a["median"] / b["median"]) if a and b else "n/a"
        if lo.get("frame_warm"):
            out.append("| TUI first full frame, warm (%.1f ms at %s) | %s | ≤ 1.3× |" % (
                lo["frame_warm"]["median"], format(int(sizes[0]), ","),
                " | ".join(ratio(res["sizes"][n].get("frame_warm"), lo["frame_warm"]) for n in sizes[1:])))
        if lo.get("one"):
            for k in ["show", "borrow", "renew", "return", "edit"]:
                b = lo["one"]["commands"][k]
                out.append("| `%s` whole process (%.1f ms at %s) | %s | ≤ 1.3× |" % (
                    CMD_NAMES[k], b["median"], format(int(sizes[0]), ","),
                    " | ".join(ratio(res["sizes"][n].get("one", {}).get("commands", {}).get(k), b) for n in sizes[1:])))
        out.append("")
    if res.get("loans"):
        ls = sorted(res["loans"], key=int)
        out += ["## A register with many past loans (3,000 envelopes)", "",
                "| what | " + " | ".join("%s loans" % format(int(n), ",") for n in ls) + " |", "|---|" + "---|" * len(ls)]
        def cell(x):
            return "%s, %.0f MB" % (fmt(x), x["rss_mb"]) if x else "n/a"
        out.append("| `dangan ls` whole process | " + " | ".join(cell(res["loans"][n]["ls_warm"]) for n in ls) + " |")
        for k in ["show", "borrow", "renew", "return", "edit"]:
            cells = []
            for n in ls:
                c = res["loans"][n]["one"]
                x = c["commands"][k]
                cells.append("%s, %.0f MB (%.1f× bench-write)" % (fmt(x), x["rss_mb"], x["median"] / c["write_process"]["median"]))
            out.append("| `%s` whole process | %s |" % (CMD_NAMES[k], " | ".join(cells)))
        out.append("| `dangan bench-write` (peer) | " + " | ".join(fmt(res["loans"][n]["one"]["write_process"]) for n in ls) + " |")
        out.append("| `dangan loans --all` (reads the whole past) | " + " | ".join(cell(res["loans"][n]["loans_all"]) for n in ls) + " |")
        gens = ["%.0f s" % res["loans"][n]["generate"]["seconds"] if res["loans"][n].get("generate") else "(earlier run)" for n in ls]
        out.append("| set-up: `dangan generate --loans` | " + " | ".join(gens) + " |")
        out.append("")
    return "\n".join(out)


CMD_NAMES = {"show": "dangan show", "borrow": "dangan borrow", "renew": "dangan renew", "return": "dangan return",
             "edit": "dangan envelope edit"}


def one_rows(row, one):
    peer = one["write_process"]
    for k in ["show", "borrow", "renew", "return", "edit"]:
        x = one["commands"][k]
        row("one envelope: `%s` whole process" % CMD_NAMES[k], fmt(x) + ", %.0f MB" % x["rss_mb"],
            "`dangan bench-write` %s" % fmt(peer), "≤ 3× peer (%.1f×)" % (x["median"] / peer["median"]))


if __name__ == "__main__":
    main()
