"""Generate a synthetic site that follows the project's page contract, for the build benchmark.

The synthetic site is the real site grown: the project's own ``docs/`` and ``references.bib``, plus
N generated topic pages (front matter, "Key points", patient/clinician tabs, graded claims) with K
citations each into M generated references. Keeping the real pages means whatever the project's
hooks generate, link to or require (the References page, the grading page, the claims register)
is there, so the full build is exactly the project's. Two configurations sit side by side:

- ``mkdocs.yml``: ``INHERIT`` the project's real ``mkdocs.yml`` (theme, Markdown extensions,
  mkdocs-bibtex, validation, every hook), with the generated parts appended to its ``nav``;
- ``baseline.yml``: the same pages with plain Material's plugins (``search``) and no hooks, so the
  citations stay as text (and the nav leaves out pages only a hook would generate);
- ``shipped.yml``: the baseline with mkdocs-bibtex as shipped (its own formatting, on every build),
  configured as the project configures it: what citations alone cost without anything of ours.

Everything generated here is fake and lives only in the benchmark's output folder: authors, titles,
journals, DOIs (the ``10.5555`` test prefix) and PMIDs are made up, and every title says so.
"""

from __future__ import annotations

import argparse
import datetime
import posixpath
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

# The tests' site builder knows the project's layout and reads its mkdocs.yml; reuse it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sitebuilder import PROJECT_ROOT, SHARED_FOLDERS, project_config  # noqa: E402

# The generated pages live under docs/<SYNTHETIC_FOLDER>/, next to the project's own pages.
SYNTHETIC_FOLDER = "synthetic"
PAGES_PER_SECTION = 10
SECTIONS_PER_PART = 10

# Names are built from syllables so that, as in a real bibliography, most authors are distinct, and
# a third of them carry LaTeX accents; journals repeat. Accents and protected words exercise pybtex
# and latexcodec as real references do.
NAME_STARTS = (
    "Ka",
    "Mo",
    "Lin",
    "Sa",
    "Ber",
    "Tor",
    "Vi",
    "Ha",
    "Do",
    "Re",
    "Nov",
    "Pe",
    "Gar",
    "Ok",
    "Fer",
    "Sch",
    "Ri",
    "Yo",
    "Ta",
    "Ek",
)
NAME_ENDS = (
    "nen",
    "rsson",
    "kowski",
    "moto",
    "lli",
    "ndez",
    "ford",
    "ria",
    "stad",
    "vic",
    "tti",
    "nga",
    "berg",
    "son",
    "ri",
)
ACCENTED = (
    'M{\\"u}',
    "Garc{\\'\\i}",
    "Nov{\\'a}",
    'Sch{\\"o}',
    "Pe{\\~n}",
    "Dvo{\\v{r}}{\\'a}",
    "Fran{\\c{c}}",
    "{\\O}ster",
    "Jo{\\~a}",
)
GIVEN_NAMES = (
    "Ana",
    'J{\\"o}rg',
    "Ren{\\'e}e",
    "Tom{\\'a}{\\v{s}}",
    "Li",
    "Kwame",
    "Ingrid",
    "Marco",
    "A. B.",
    'Chlo{\\"e}',
    "Sofia",
    "Mateo",
    "Aisha",
    "Kenji",
    "Olga",
    "Pedro",
    "Nadia",
    "Lars",
    "Mei",
    "Tunde",
    "S{\\o}ren",
    'Zo{\\"e}',
)
PARTICLES = ("", "", "", "", "", "van der ", "de ", "da ", "Al-")
JOURNALS = tuple(
    f"{kind} {subject}"
    for kind in (
        "Synthetic Journal of",
        "Fictional Reports in",
        "Made-Up Annals of",
        "Placeholder Reviews in",
        "Benchmark Archives of",
    )
    for subject in (
        "Spine Research",
        "Pain Medicine",
        "Neuromodulation",
        "Rehabilitation",
        "Orthop{\\ae}dics",
        "Anaesthesia",
        "Neurosurgery",
        "Physiotherapy",
    )
)
TITLE_TOPICS = (
    "spinal cord stimulation after lumbar surgery",
    "exercise therapy for persistent spinal pain",
    "{PRP} injections for post-laminectomy pain",
    "prolotherapy and {FBSS}: a made-up cohort",
    "revision surgery outcomes in {PSPS-T2}",
    "cognitive behavioural therapy for chronic back pain",
    "leg pain at 6--12 months after decompression",
)
DESIGNS = ("RCT", "cohort", "case series", "systematic review", "cross-sectional")
TOPICS = ("Spinal cord stimulation", "Exercise therapy", "Prolotherapy", "PRP", "Revision surgery", "Medication")
# GRADE recipes a claim can be graded by: (certainty, evidence kind, and the GRADE lines that give it).
GRADINGS = (
    ("high", "systematic review", ("design: randomised", "population: direct")),
    ("moderate", "RCT", ("population: direct", "risk-of-bias: down 1 — open-label (benchmark)")),
    (
        "low",
        "RCT",
        (
            "population: indirect — people without prior surgery (benchmark)",
            "indirectness: down 1 — people without prior surgery (benchmark)",
            "imprecision: down 1 — few participants (benchmark)",
        ),
    ),
    ("low", "cohort", ("population: direct",)),
    ("very low", "case series", ("population: direct", "risk-of-bias: down 1 — no comparison group (benchmark)")),
    ("very low", "expert opinion", ("population: direct",)),
)
DIRECTIONS = ("benefit", "no clear benefit", "harm", "uncertain")
VERDICTS = ("supported", "overstated", "unsupported", "contradicted", "misattributed")
FILLER = (
    "People with PLS often describe back or leg pain that persists months after an operation, and the "
    "reasons differ from one person to the next. This synthetic paragraph stands in for the plain, "
    "careful prose of a real page, with its caveats about study size, follow-up and who was included."
)


@dataclass(frozen=True)
class SiteShape:
    pages: int
    entries: int
    cites_per_page: int
    seed: int = 7


def entry_key(index: int) -> str:
    return f"bench-ref-{index:05d}"


def page_path(index: int) -> str:
    return f"{SYNTHETIC_FOLDER}/topic-{index // PAGES_PER_SECTION:03d}/page-{index:05d}.md"


# --- references.bib ----------------------------------------------------------------------------


def synthetic_surname(rng: random.Random) -> str:
    start = rng.choice(ACCENTED) if rng.random() < 0.3 else rng.choice(NAME_STARTS)
    return f"{rng.choice(PARTICLES)}{start}{rng.choice(NAME_ENDS)}{rng.choice(NAME_ENDS) if rng.random() < 0.5 else ''}"


def synthetic_entry(index: int, rng: random.Random) -> str:
    authors = " and ".join(f"{synthetic_surname(rng)}, {rng.choice(GIVEN_NAMES)}" for _ in range(rng.randint(1, 6)))
    first_page = rng.randint(1, 900)
    fields = {
        "author": authors,
        "title": f"Synthetic benchmark reference {index} (not a real study): {rng.choice(TITLE_TOPICS)}",
        "journal": rng.choice(JOURNALS),
        "year": str(rng.randint(1995, 2025)),
        "volume": str(rng.randint(1, 60)),
        "pages": f"{first_page}--{first_page + rng.randint(3, 20)}",
        "doi": f"10.5555/bench.{index:05d}",
        "pmid": str(99000000 + index),
        "annotation": f"{rng.choice(DESIGNS)}, n = {rng.randint(12, 2400)} (synthetic)",
    }
    if rng.random() < 0.5:
        fields["number"] = str(rng.randint(1, 12))
    body = ",\n".join(f"  {name:<10} = {{{value}}}" for name, value in fields.items())
    return f"@article{{{entry_key(index)},\n{body},\n}}\n"


def synthetic_bib(entries: int, rng: random.Random) -> str:
    return "\n".join(synthetic_entry(index, rng) for index in range(entries))


# --- Pages -------------------------------------------------------------------------------------


def citation(keys: list[str]) -> str:
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def split_citations(keys: list[str], rng: random.Random) -> list[list[str]]:
    """Group a page's keys into citations: mostly single, some `[@a; @b]` pairs."""
    groups: list[list[str]] = []
    remaining = list(keys)
    while remaining:
        size = 2 if len(remaining) >= 2 and rng.random() < 0.3 else 1
        groups.append(remaining[:size])
        remaining = remaining[size:]
    return groups


def claim_block(claim_id: str, text: str, rng: random.Random) -> str:
    certainty, evidence, grade_lines = rng.choice(GRADINGS)
    options = {"topic": rng.choice(TOPICS), "certainty": certainty, "evidence": evidence}
    options.update(line.split(": ", 1) for line in grade_lines)
    options["direction"] = rng.choice(DIRECTIONS)
    if rng.random() < 0.5:
        options["verdict"] = rng.choice(VERDICTS)
        options["claimed-by"] = "A synthetic clinic page (benchmark)"
        options["conflicted"] = "true" if rng.random() < 0.5 else "false"
    lines = "\n".join(f"{name}: {value}" for name, value in options.items())
    return f"/// claim | {claim_id}\n{lines}\n\n{text}\n///\n"


def synthetic_page(index: int, shape: SiteShape, rng: random.Random, reviewed: str) -> str:
    title = f"Synthetic topic {index}"
    keys = [entry_key(i) for i in rng.sample(range(shape.entries), min(shape.cites_per_page, shape.entries))]
    groups = split_citations(keys, rng)
    claims = groups[:2]
    prose = groups[2:]
    link = posixpath.relpath(page_path((index + 1) % shape.pages), posixpath.dirname(page_path(index)))

    parts = [
        "---",
        f'title: "{title}"',
        f'description: "A synthetic page for the build benchmark, number {index}."',
        f"reviewed: {reviewed}",
        "status: approved",
        "audience: [patients, clinicians]",
        "---",
        "",
        f"# {title}",
        "",
        '!!! abstract "Key points"',
        "    - This made-up treatment may help some people. We are not sure.",
        "    - The made-up test found little change at one year.",
        "",
        '=== "For patients"',
        "",
        "    This page is made up. It is here to test the site. It says a few short things in plain words.",
        "",
        '=== "For clinicians"',
        "",
        "    A short clinical summary of the synthetic evidence, with its limits and its certainty.",
        "",
        "## Clinical detail",
        "",
    ]
    for number, group in enumerate(claims, start=1):
        text = (
            f"In this synthetic comparison {number}, more people improved with the made-up treatment {citation(group)}."
        )
        parts.append(claim_block(f"bench-{index:05d}-{number}", text, rng))
    for number, group in enumerate(prose):
        parts.append(f"{FILLER} Finding {number} of this page rests on {citation(group)}.\n")
        if number == 1:
            parts.append("## Further detail\n")
            parts.append(
                "| Outcome | Synthetic result |\n| --- | --- |\n| Leg pain | 48% vs 9% |\n| Function | no clear change |\n"
            )
    parts.append(f"See also the [next synthetic topic]({link}).\n")
    return "\n".join(parts)


# --- The site ----------------------------------------------------------------------------------


def synthetic_nav(shape: SiteShape) -> list:
    """Parts of 100 pages in sections of 10, as a large real site would be organised."""
    parts: dict[int, dict[int, list[str]]] = {}
    for index in range(shape.pages):
        section = index // PAGES_PER_SECTION
        parts.setdefault(section // SECTIONS_PER_PART, {}).setdefault(section, []).append(page_path(index))
    return [
        {f"Synthetic part {part}": [{f"Synthetic section {section}": paths} for section, paths in sections.items()]}
        for part, sections in parts.items()
    ]


def existing_pages_only(items: list, docs: Path) -> list:
    """The nav without entries for pages that are not files in ``docs`` (ones a hook generates)."""
    kept: list = []
    for item in items:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, list):
            value = existing_pages_only(value, docs)
            if not value:
                continue
        elif isinstance(value, str) and not value.startswith(("http://", "https://")) and not (docs / value).is_file():
            continue
        kept.append({title: value} if title is not None else value)
    return kept


def generate_site(destination: Path, shape: SiteShape) -> Path:
    """Write the synthetic site into ``destination`` (replacing it) and return that folder."""
    if destination.exists():
        shutil.rmtree(destination)
    docs = destination / "docs"
    docs.mkdir(parents=True)
    rng = random.Random(shape.seed)
    # Always recent, so no staleness check ever fires on the synthetic pages.
    reviewed = datetime.date.today().isoformat()

    shutil.copytree(PROJECT_ROOT / "docs", docs, dirs_exist_ok=True)
    for index in range(shape.pages):
        path = docs / page_path(index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic_page(index, shape, rng, reviewed), encoding="utf-8")

    bib = synthetic_bib(shape.entries, random.Random(shape.seed + 1))
    project_bib = (PROJECT_ROOT / "references.bib").read_text(encoding="utf-8")
    (destination / "references.bib").write_text(bib + "\n" + project_bib, encoding="utf-8")

    for folder in SHARED_FOLDERS:
        if (PROJECT_ROOT / folder).exists():
            (destination / folder).symlink_to(PROJECT_ROOT / folder, target_is_directory=True)

    inherit = f"INHERIT: {PROJECT_ROOT / 'mkdocs.yml'}\n"
    project = project_config()
    project_nav = project.get("nav") or []
    full = {"nav": [*project_nav, *synthetic_nav(shape)]}
    baseline = {
        "nav": [*existing_pages_only(project_nav, docs), *synthetic_nav(shape)],
        "plugins": ["search"],
        "hooks": [],
        # The project's pages link to files only a hook writes (evidence/claims.md to claims.json):
        # without hooks those links are reported as info, not warnings. The check itself still runs.
        # Pages link to claims' anchors (#claim-...), which only the claims hook writes: info as well.
        "validation": {"links": {"not_found": "info", "anchors": "info"}},
    }
    bibtex_plugin = next(plugin for plugin in project["plugins"] if isinstance(plugin, dict) and "bibtex" in plugin)
    shipped = {**baseline, "plugins": ["search", bibtex_plugin]}
    for name, settings in (
        ("mkdocs.yml", full),
        ("baseline.yml", baseline),
        ("shipped.yml", shipped),
    ):
        (destination / name).write_text(inherit + yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return destination


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--cites", type=int, default=10)
    args = parser.parse_args()
    site = generate_site(args.destination, SiteShape(args.pages, args.entries, args.cites))
    print(f"generated {site}: build with 'mkdocs build --strict' (full) or '-f baseline.yml' (baseline)")


if __name__ == "__main__":
    main()
