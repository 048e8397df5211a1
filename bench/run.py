"""Build-time benchmark: what our checks and mkdocs-bibtex cost against plain Material, and how it scales.

Run from the project folder: ``make bench`` (or ``.venv/bin/python bench/run.py``; ``--quick`` for a
smoke run, ``--repeat R`` for more runs). It prints, and writes to ``bench/out/results.md``:

1. full / baseline at N=300 pages, M=2000 references, K=10 citations a page: the synthetic site
   (bench/generate.py) built with the project's whole configuration, and with plain Material and
   the same Markdown extensions (no mkdocs-bibtex, no hooks), alternating, medians of R runs; the
   full build twice: warm (the reference cache, hooks/pls/reference_cache.py, filled by an untimed
   build first, as on an editor's machine or a CI run with a cached folder) and cold (an empty
   cache for every run, as on a first build);
2. the full build at N=100, 300 and 1000 (M=2000), t(1000) / t(100), and the baseline's, to tell
   our non-linearity from the theme's; peak memory (max RSS) of the N=1000 build;
3. the real site's strict build;
4. one page edit under ``mkdocs serve`` (a copy of the N=300 synthetic site on 127.0.0.1): from the
   save to the server's "Reloading browsers" log line.

Every build is a separate ``mkdocs build --strict`` process: wall time, CPU time (user + system,
from ``os.wait4``, steadier than wall time on a shared machine) and max RSS are measured the same
way for both sides. A build that fails stops the benchmark with its log.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
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
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import PROJECT_ROOT, SiteShape, generate_site  # noqa: E402

OUT = PROJECT_ROOT / "bench" / "out"
# Targets (issue #13): full / baseline with a warm reference cache and with a cold one; t(1000) / t(100).
WARM_TARGET = 1.15
COLD_TARGET = 2.0
SCALING_TARGET = 11.0
# Not copied into the temporary copy of the real site served for the edit measurement.
NOT_SITE_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "site", "out", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"
)


@dataclass(frozen=True)
class Plan:
    ratio_shape: SiteShape
    scaling_pages: tuple[int, ...]
    repeat: int
    # The ratio is the figure with a target, and its two sides take seconds, not minutes: more
    # alternating runs there make its medians steadier on a shared machine.
    ratio_repeat: int
    serve_edits: int


FULL_PLAN = Plan(SiteShape(300, 2000, 10), (100, 300, 1000), repeat=3, ratio_repeat=5, serve_edits=3)
QUICK_PLAN = Plan(SiteShape(30, 200, 10), (10, 30, 100), repeat=1, ratio_repeat=1, serve_edits=1)


@dataclass
class Sample:
    wall: float
    cpu: float
    max_rss_mb: float


# --- Measuring one build -----------------------------------------------------------------------


def build_env(cache_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    if cache_dir is not None:
        env["PLS_CACHE_DIR"] = str(cache_dir)
    return env


def timed_build(
    project: Path, config_file: str, site_dir: Path, log_file: Path, cache_dir: Path | None = None
) -> Sample:
    """Run ``mkdocs build --strict`` in its own process; stop the benchmark if it fails."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", config_file, "-d", str(site_dir)]
    with open(log_file, "w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=build_env(cache_dir), stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log_file.read_text(encoding="utf-8").splitlines()[-30:])
        sys.exit(f"bench: build failed: {' '.join(command)} (in {project})\n{tail}\nFull log: {log_file}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(samples: list[Sample], field: str) -> float:
    return statistics.median(getattr(sample, field) for sample in samples)


# --- The benchmark steps -----------------------------------------------------------------------


def site_for(shape: SiteShape, cache: dict[SiteShape, Path]) -> Path:
    if shape not in cache:
        destination = OUT / f"site-n{shape.pages}-m{shape.entries}-k{shape.cites_per_page}"
        started = time.perf_counter()
        cache[shape] = generate_site(destination, shape)
        print(
            f"  generated {shape.pages} pages, {shape.entries} references in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    return cache[shape]


def run_builds(project: Path, config_file: str, label: str, count: int, cache_dir: Path | None = None) -> list[Sample]:
    samples = []
    for run in range(count):
        samples.append(
            timed_build(project, config_file, OUT / "built" / label, OUT / "logs" / f"{label}-{run}.log", cache_dir)
        )
    return samples


def warm_cache(project: Path, label: str) -> Path:
    """A reference cache filled by one untimed full build of `project`."""
    cache_dir = OUT / "cache" / label
    shutil.rmtree(cache_dir, ignore_errors=True)
    timed_build(
        project, "mkdocs.yml", OUT / "built" / f"warm-up-{label}", OUT / "logs" / f"warm-up-{label}.log", cache_dir
    )
    return cache_dir


def cold_cache(label: str, run: int) -> Path:
    """An empty reference cache for one build."""
    cache_dir = OUT / "cache" / f"cold-{label}-{run}"
    shutil.rmtree(cache_dir, ignore_errors=True)
    return cache_dir


def measure_ratio(plan: Plan, sites: dict) -> dict:
    project = site_for(plan.ratio_shape, sites)
    label = f"n{plan.ratio_shape.pages}"
    warm = warm_cache(project, label)
    order = [("full", "mkdocs.yml"), ("cold", "mkdocs.yml"), ("baseline", "baseline.yml"), ("shipped", "shipped.yml")]
    results: dict[str, list[Sample]] = {side: [] for side, _ in order}
    # Alternate, and alternate who goes first, so drift in the machine's load hits every side.
    for run in range(plan.ratio_repeat):
        for side, config_file in order if run % 2 == 0 else reversed(order):
            cache_dir = {"full": warm, "cold": cold_cache(label, run)}.get(side)
            sample = timed_build(
                project,
                config_file,
                OUT / "built" / f"{side}-{label}",
                OUT / "logs" / f"{side}-{label}-{run}.log",
                cache_dir,
            )
            results[side].append(sample)
            print(
                f"  {side:<8} N={plan.ratio_shape.pages}: {sample.wall:6.2f} s wall, {sample.cpu:6.2f} s CPU",
                flush=True,
            )
    return results


def measure_bib_parse(plan: Plan, sites: dict) -> dict[str, float]:
    """CPU time of the two parses of the synthetic references.bib a full build makes.

    The pipeline parses it with bibtexparser (line numbers, checks); mkdocs-bibtex parses it again
    with pybtex, through its own code.
    """
    from pybtex.database import parse_file

    sys.path.insert(0, str(PROJECT_ROOT / "hooks"))
    from pls import references

    bib = site_for(plan.ratio_shape, sites) / "references.bib"
    steps: dict[str, list[float]] = {"checked": [], "pybtex": []}
    for _ in range(plan.repeat):
        started = time.process_time()
        references.load_references(bib)
        steps["checked"].append(time.process_time() - started)
        started = time.process_time()
        parse_file(str(bib))
        steps["pybtex"].append(time.process_time() - started)
    return {step: statistics.median(times) for step, times in steps.items()}


def measure_scaling(plan: Plan, sites: dict, ratio_samples: dict) -> dict:
    results: dict[str, dict[int, list[Sample]]] = {"full": {}, "baseline": {}}
    results["full"][plan.ratio_shape.pages] = ratio_samples["full"]
    results["baseline"][plan.ratio_shape.pages] = ratio_samples["baseline"]
    for pages in plan.scaling_pages:
        if pages in results["full"]:
            continue
        shape = SiteShape(pages, plan.ratio_shape.entries, plan.ratio_shape.cites_per_page)
        project = site_for(shape, sites)
        warm = warm_cache(project, f"n{pages}")
        for side, config_file in (("full", "mkdocs.yml"), ("baseline", "baseline.yml")):
            samples = run_builds(
                project, config_file, f"{side}-n{pages}", plan.repeat, warm if side == "full" else None
            )
            results[side][pages] = samples
            print(
                f"  {side:<8} N={pages}: median {median(samples, 'wall'):6.2f} s wall, {median(samples, 'cpu'):6.2f} s CPU, {median(samples, 'max_rss_mb'):5.0f} MB",
                flush=True,
            )
    return results


def measure_real_site(plan: Plan) -> list[Sample]:
    samples = run_builds(PROJECT_ROOT, "mkdocs.yml", "real-site", plan.repeat)
    print(f"  real site: median {median(samples, 'wall'):.2f} s wall", flush=True)
    return samples


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_nav_page(project: Path) -> Path:
    """A content page of the real site to edit: the first .md under docs/ other than index.md."""
    pages = sorted(p for p in (project / "docs").rglob("*.md") if p.name != "index.md")
    return pages[0] if pages else project / "docs" / "index.md"


def measure_serve_edit(plan: Plan, sites: dict) -> dict:
    """Edit one page of a copy of the N=300 synthetic site under ``mkdocs serve``; time save -> reload."""
    workdir = Path(tempfile.mkdtemp(prefix="pls-bench-serve-"))
    project = workdir / "site-src"
    shutil.copytree(site_for(plan.ratio_shape, sites), project, ignore=NOT_SITE_SOURCES, symlinks=True)
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command,
        cwd=project,
        env=build_env(workdir / "cache"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    log: list[str] = []

    def read_log() -> None:
        for line in server.stdout:
            lines.put((time.monotonic(), line))
        lines.put((time.monotonic(), None))

    threading.Thread(target=read_log, daemon=True).start()

    def wait_for(pattern: str, timeout: float = 120) -> tuple[float, list[str]]:
        """Wait for a log line matching ``pattern``; return its time and the lines read until then."""
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while time.monotonic() < deadline:
            try:
                stamp, line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            log.append(line)
            seen.append(line)
            if re.search(pattern, line):
                return stamp, seen
        raise RuntimeError(f"mkdocs serve: no '{pattern}' within {timeout} s; log:\n{''.join(log[-30:])}")

    reloads: list[float] = []
    built_in: list[float] = []
    page = first_nav_page(project)
    try:
        wait_for(r"Serving on http://127\.0\.0\.1", timeout=600)
        for edit in range(plan.serve_edits):
            time.sleep(1.0)  # let the watcher settle between edits
            with open(page, "a", encoding="utf-8") as handle:
                handle.write(f"\nThis sentence was added by the build benchmark (edit {edit}).\n")
            saved = time.monotonic()
            reloaded, seen = wait_for(r"Reloading browsers")
            reloads.append(reloaded - saved)
            # MkDocs drops a log line identical to the previous one, so "built in" may be missing.
            durations = [
                float(found.group(1)) for line in seen if (found := re.search(r"built in ([0-9.]+) seconds", line))
            ]
            built_in.extend(durations[-1:])
            own = f" (build {durations[-1]:.2f} s)" if durations else ""
            print(f"  serve edit {edit}: reload {reloads[-1]:.2f} s after save{own}", flush=True)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return {"page": str(page.relative_to(project)), "save_to_reload": reloads, "build": built_in}


# --- Report ------------------------------------------------------------------------------------


def verdict(value: float, limit: float) -> str:
    return "meets target" if value <= limit else "MISSES target"


def report(plan: Plan, ratio: dict, scaling: dict, real: list[Sample], serve: dict, elapsed: float) -> str:
    shape = plan.ratio_shape
    full_wall, base_wall = median(ratio["full"], "wall"), median(ratio["baseline"], "wall")
    full_cpu, base_cpu = median(ratio["full"], "cpu"), median(ratio["baseline"], "cpu")
    cold_wall, cold_cpu = median(ratio["cold"], "wall"), median(ratio["cold"], "cpu")
    shipped_cpu = median(ratio["shipped"], "cpu")
    small, large = min(plan.scaling_pages), max(plan.scaling_pages)

    def scale(side: str, field: str) -> float:
        return median(scaling[side][large], field) / median(scaling[side][small], field)

    def extra(pages: int) -> float:
        return median(scaling["full"][pages], "cpu") - median(scaling["baseline"][pages], "cpu")

    rows = [
        ("Build", "median wall", "median CPU", "max RSS"),
        (
            f"full, warm cache, N={shape.pages} M={shape.entries} K={shape.cites_per_page}",
            f"{full_wall:.2f} s",
            f"{full_cpu:.2f} s",
            f"{median(ratio['full'], 'max_rss_mb'):.0f} MB",
        ),
        (
            "full, cold cache, same pages",
            f"{cold_wall:.2f} s",
            f"{cold_cpu:.2f} s",
            f"{median(ratio['cold'], 'max_rss_mb'):.0f} MB",
        ),
        (
            "baseline, same pages",
            f"{base_wall:.2f} s",
            f"{base_cpu:.2f} s",
            f"{median(ratio['baseline'], 'max_rss_mb'):.0f} MB",
        ),
        (
            "baseline + mkdocs-bibtex as shipped, same pages",
            f"{median(ratio['shipped'], 'wall'):.2f} s",
            f"{shipped_cpu:.2f} s",
            f"{median(ratio['shipped'], 'max_rss_mb'):.0f} MB",
        ),
    ]
    for pages in sorted(scaling["full"]):
        if pages == shape.pages:
            continue
        for side in ("full", "baseline"):
            samples = scaling[side][pages]
            rows.append(
                (
                    f"{side}{', warm cache' if side == 'full' else ''}, N={pages}",
                    f"{median(samples, 'wall'):.2f} s",
                    f"{median(samples, 'cpu'):.2f} s",
                    f"{median(samples, 'max_rss_mb'):.0f} MB",
                )
            )
    rows.append(
        (
            "real site, strict",
            f"{median(real, 'wall'):.2f} s",
            f"{median(real, 'cpu'):.2f} s",
            f"{median(real, 'max_rss_mb'):.0f} MB",
        )
    )
    table = "\n".join("| " + " | ".join(row) + " |" for row in [rows[0], ("---",) * 4, *rows[1:]])

    lines = [
        f"Runs per figure: {plan.ratio_repeat} for the ratio, {plan.repeat} for the others; "
        f"{os.cpu_count()} CPUs; load average at the end: " + ", ".join(f"{value:.1f}" for value in os.getloadavg()),
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; total {elapsed / 60:.1f} min",
        "",
        table,
        "",
        f"- full / baseline at N={shape.pages}, warm cache: **{full_wall / base_wall:.2f}** wall, "
        f"**{full_cpu / base_cpu:.2f}** CPU (target <= {WARM_TARGET}: {verdict(full_cpu / base_cpu, WARM_TARGET)} on CPU time)",
        f"- full / baseline at N={shape.pages}, cold cache: **{cold_wall / base_wall:.2f}** wall, "
        f"**{cold_cpu / base_cpu:.2f}** CPU (target <= {COLD_TARGET}: {verdict(cold_cpu / base_cpu, COLD_TARGET)} on CPU time)",
        f"- mkdocs-bibtex as shipped / baseline: **{shipped_cpu / base_cpu:.2f}** CPU; full / mkdocs-bibtex as shipped: "
        f"**{full_cpu / shipped_cpu:.2f}** warm, **{cold_cpu / shipped_cpu:.2f}** cold (CPU)",
        f"- extra CPU time of the full build over the baseline at N={shape.pages}: {full_cpu - base_cpu:.2f} s warm, "
        f"{cold_cpu - base_cpu:.2f} s cold",
        f"- parsing references.bib ({shape.entries} entries), twice in every full build: "
        f"{ratio['bib_parse']['checked']:.2f} s CPU with line numbers and checks (bibtexparser), "
        f"{ratio['bib_parse']['pybtex']:.2f} s by mkdocs-bibtex (pybtex)",
        f"- full t({large}) / t({small}): **{scale('full', 'wall'):.2f}** wall, **{scale('full', 'cpu'):.2f}** CPU "
        f"(target <= {SCALING_TARGET:.0f}: {verdict(scale('full', 'cpu'), SCALING_TARGET)}); "
        f"baseline: {scale('baseline', 'wall'):.2f} wall, {scale('baseline', 'cpu'):.2f} CPU; "
        f"the full build's extra CPU time over the baseline: {extra(large):.2f} s at N={large}, "
        f"{extra(small):.2f} s at N={small} (**{extra(large) / extra(small):.2f}** times)",
        f"- peak memory, full build at N={large}: **{max(s.max_rss_mb for s in scaling['full'][large]):.0f} MB** max RSS "
        f"(baseline {max(s.max_rss_mb for s in scaling['baseline'][large]):.0f} MB)",
        f"- real site strict build: **{median(real, 'wall'):.2f} s** wall (median)",
        f'- mkdocs serve at N={shape.pages}, edit {serve["page"]}: save to "Reloading browsers" **{statistics.median(serve["save_to_reload"]):.2f} s** '
        f"(median of {len(serve['save_to_reload'])}; mkdocs' own build time {statistics.median(serve['build'] or [float('nan')]):.2f} s)",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Build-time benchmark (see bench/README.md).")
    parser.add_argument("--quick", action="store_true", help="small sites, one run each: a smoke test of the benchmark")
    parser.add_argument("--repeat", type=int, help="runs per figure (default 3; 1 with --quick)")
    args = parser.parse_args()
    plan = QUICK_PLAN if args.quick else FULL_PLAN
    if args.repeat:
        plan = Plan(
            plan.ratio_shape,
            plan.scaling_pages,
            args.repeat,
            max(plan.ratio_repeat, args.repeat),
            max(plan.serve_edits, args.repeat),
        )

    started = time.perf_counter()
    for folder in ("built", "logs"):
        shutil.rmtree(OUT / folder, ignore_errors=True)
        (OUT / folder).mkdir(parents=True)
    sites: dict[SiteShape, Path] = {}
    print(
        f"1. full / baseline at N={plan.ratio_shape.pages}, M={plan.ratio_shape.entries}, K={plan.ratio_shape.cites_per_page}",
        flush=True,
    )
    ratio = measure_ratio(plan, sites)
    ratio["bib_parse"] = measure_bib_parse(plan, sites)
    print(f"2. scaling, N={', '.join(map(str, plan.scaling_pages))}", flush=True)
    scaling = measure_scaling(plan, sites, ratio)
    print("3. the real site's strict build", flush=True)
    real = measure_real_site(plan)
    print(f"4. one page edit under mkdocs serve, N={plan.ratio_shape.pages}", flush=True)
    serve = measure_serve_edit(plan, sites)

    shutil.rmtree(OUT / "built", ignore_errors=True)  # the N=1000 sites alone are about 1 GB
    text = report(plan, ratio, scaling, real, serve, time.perf_counter() - started)
    print("\n" + text)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    raw = {"ratio": ratio, "scaling": scaling, "real": real, "serve": serve}
    (OUT / "results.json").write_text(
        json.dumps(raw, default=lambda o: asdict(o) if isinstance(o, Sample) else str(o), indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
