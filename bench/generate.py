"""Generate a synthetic site that follows the project's page contract, for the build benchmark.

The site has N topic pages, a ``references.bib`` of M synthetic entries and K citations per page,
and two configurations side by side:

- ``mkdocs.yml``: ``INHERIT`` the project's real ``mkdocs.yml`` (theme, Markdown extensions,
  mkdocs-bibtex, validation, every hook), with only ``nav`` replaced by the generated pages;
- ``baseline.yml``: the same, but with plain Material's plugins (``search``) and no hooks, so the
  citations stay as text;
- ``shipped.yml``: the full configuration without hooks/bibtex_cache.py, i.e. mkdocs-bibtex as
  shipped (to show what the cache saves);
- ``floor.yml``: the full configuration plus bench/preformatted_references.py, which serves the
  reference texts from a file written before the build (what the build would cost if formatting
  were free).

Everything generated here is fake and lives only in the benchmark's output folder: authors, titles,
journals, DOIs (the ``10.5555`` test prefix) and PMIDs are made up, and every title says so.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Folders the project's mkdocs.yml refers to by relative path; the synthetic site links to them.
SHARED_FOLDERS = ("hooks", "includes", "overrides")
# Pages the project's hooks fill in or link to; copied from the real docs/ when they exist.
SUPPORT_PAGES = ("references.md", "evidence/grading.md")
PAGES_PER_SECTION = 10
SECTIONS_PER_PART = 10

# Names are built from syllables so that, as in a real bibliography, most authors are distinct, and
# a third of them carry LaTeX accents; journals repeat. Accents and protected words exercise pybtex
# and latexcodec as real references do.
NAME_STARTS = ("Ka", "Mo", "Lin", "Sa", "Ber", "Tor", "Vi", "Ha", "Do", "Re", "Nov", "Pe", "Gar", "Ok", "Fer", "Sch", "Ri", "Yo", "Ta", "Ek")
NAME_ENDS = ("nen", "rsson", "kowski", "moto", "lli", "ndez", "ford", "ria", "stad", "vic", "tti", "nga", "berg", "son", "ri")
ACCENTED = ("M{\\\"u}", "Garc{\\'\\i}", "Nov{\\'a}", "Sch{\\\"o}", "Pe{\\~n}", "Dvo{\\v{r}}{\\'a}", "Fran{\\c{c}}", "{\\O}ster", "Jo{\\~a}")
GIVEN_NAMES = (
    "Ana", "J{\\\"o}rg", "Ren{\\'e}e", "Tom{\\'a}{\\v{s}}", "Li", "Kwame", "Ingrid", "Marco", "A. B.", "Chlo{\\\"e}",
    "Sofia", "Mateo", "Aisha", "Kenji", "Olga", "Pedro", "Nadia", "Lars", "Mei", "Tunde", "S{\\o}ren", "Zo{\\\"e}",
)
PARTICLES = ("", "", "", "", "", "van der ", "de ", "da ", "Al-")
JOURNALS = tuple(
    f"{kind} {subject}"
    for kind in ("Synthetic Journal of", "Fictional Reports in", "Made-Up Annals of", "Placeholder Reviews in", "Benchmark Archives of")
    for subject in ("Spine Research", "Pain Medicine", "Neuromodulation", "Rehabilitation", "Orthop{\\ae}dics", "Anaesthesia", "Neurosurgery", "Physiotherapy")
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
CERTAINTIES = ("high", "moderate", "low", "very low")
DIRECTIONS = ("benefit", "no clear benefit", "harm", "uncertain")
VERDICTS = ("supported", "overstated", "unsupported", "contradicted", "misattributed")
EVIDENCE = ("systematic review", "RCT", "cohort", "case series", "expert opinion")
FILLER = (
    "People with PLS often describe back or leg pain that persists months after an operation, and the "
    "reasons differ from one person to the next. This synthetic paragraph stands in for the plain, "
    "careful prose of a real page, with its caveats about study size, follow-up and who was included."
)
KEY_PATTERN = re.compile(r"\[@([^\]]+)\]")


@dataclass(frozen=True)
class SiteShape:
    pages: int
    entries: int
    cites_per_page: int
    seed: int = 7


def entry_key(index: int) -> str:
    return f"bench-ref-{index:05d}"


def page_path(index: int) -> str:
    return f"topic-{index // PAGES_PER_SECTION:03d}/page-{index:05d}.md"


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
    options = {
        "topic": rng.choice(TOPICS),
        "certainty": rng.choice(CERTAINTIES),
        "evidence": rng.choice(EVIDENCE),
        "direction": rng.choice(DIRECTIONS),
    }
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
    next_page = page_path((index + 1) % shape.pages)
    this_folder = page_path(index).rsplit("/", 1)[0]
    link = next_page.split("/", 1)[1] if next_page.startswith(this_folder + "/") else f"../{next_page}"

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
        "    - Low-certainty evidence suggests this synthetic treatment may help some people with PLS.",
        "    - Moderate-certainty evidence shows the made-up comparison changed little at one year.",
        "",
        '=== "For patients"',
        "",
        "    A short plain-language explanation of a synthetic topic, written for people living with PLS.",
        "",
        '=== "For clinicians"',
        "",
        "    A short clinical summary of the synthetic evidence, with its limits and its certainty.",
        "",
        "## Clinical detail",
        "",
    ]
    for number, group in enumerate(claims, start=1):
        text = f"In this synthetic comparison {number}, more people improved with the made-up treatment {citation(group)}."
        parts.append(claim_block(f"bench-{index:05d}-{number}", text, rng))
    for number, group in enumerate(prose):
        parts.append(f"{FILLER} Finding {number} of this page rests on {citation(group)}.\n")
        if number == 1:
            parts.append("## Further detail\n")
            parts.append("| Outcome | Synthetic result |\n| --- | --- |\n| Leg pain | 48% vs 9% |\n| Function | no clear change |\n")
    parts.append(f"See also the [next synthetic topic]({link}).\n")
    return "\n".join(parts)


def synthetic_index(shape: SiteShape, reviewed: str) -> str:
    return (
        "---\n"
        'title: "Synthetic benchmark site"\n'
        'description: "A synthetic site generated for the build benchmark; nothing in it is real."\n'
        f"reviewed: {reviewed}\nstatus: approved\naudience: [patients, clinicians]\n---\n\n"
        "# Synthetic benchmark site\n\n"
        f"{shape.pages} synthetic pages, {shape.entries} synthetic references, "
        f"{shape.cites_per_page} citations per page. Start with the [first topic]({page_path(0)}).\n"
    )


# --- The site ----------------------------------------------------------------------------------


def nav(shape: SiteShape, support_pages: list[str]) -> list:
    """Home, then parts of 100 pages in sections of 10 (as a large real site would be organised)."""
    parts: dict[int, dict[int, list[str]]] = {}
    for index in range(shape.pages):
        section = index // PAGES_PER_SECTION
        parts.setdefault(section // SECTIONS_PER_PART, {}).setdefault(section, []).append(page_path(index))
    items: list = [{"Home": "index.md"}]
    for part, sections in parts.items():
        items.append({f"Part {part}": [{f"Section {section}": paths} for section, paths in sections.items()]})
    items.extend(support_pages)
    return items


def project_bib_entries_cited(pages: dict[str, str]) -> str:
    """The project's own entries that the copied support pages cite, so they resolve here too."""
    cited = {key.strip().lstrip("@") for text in pages.values() for group in KEY_PATTERN.findall(text) for key in group.split(";")}
    if not cited:
        return ""
    from pybtex.database import BibliographyData, parse_file

    project = parse_file(str(PROJECT_ROOT / "references.bib"))
    chosen = {key: entry for key, entry in project.entries.items() if key in cited}
    return BibliographyData(entries=chosen).to_string("bibtex")


class _ConfigLoader(yaml.SafeLoader):
    """Reads the project's mkdocs.yml for its hooks; tags such as !ENV are kept as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def project_hooks() -> list[str]:
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return list(config.get("hooks") or [])


def generate_site(destination: Path, shape: SiteShape) -> Path:
    """Write the synthetic site into ``destination`` (replacing it) and return that folder."""
    if destination.exists():
        shutil.rmtree(destination)
    docs = destination / "docs"
    docs.mkdir(parents=True)
    rng = random.Random(shape.seed)
    # Always recent, so no staleness check ever fires on the synthetic pages.
    reviewed = datetime.date.today().isoformat()

    support = {}
    for relative in SUPPORT_PAGES:
        source = PROJECT_ROOT / "docs" / relative
        if source.exists():
            support[relative] = source.read_text(encoding="utf-8")
    for relative, text in support.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")

    (docs / "index.md").write_text(synthetic_index(shape, reviewed), encoding="utf-8")
    for index in range(shape.pages):
        path = docs / page_path(index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic_page(index, shape, rng, reviewed), encoding="utf-8")

    bib = synthetic_bib(shape.entries, random.Random(shape.seed + 1))
    (destination / "references.bib").write_text(bib + "\n" + project_bib_entries_cited(support), encoding="utf-8")

    for folder in SHARED_FOLDERS:
        if (PROJECT_ROOT / folder).exists():
            (destination / folder).symlink_to(PROJECT_ROOT / folder, target_is_directory=True)

    inherit = f"INHERIT: {PROJECT_ROOT / 'mkdocs.yml'}\n"
    site_nav = nav(shape, sorted(support))
    full = {"site_name": "Synthetic benchmark site", "nav": site_nav}
    baseline = {**full, "plugins": ["search"], "hooks": []}
    shipped = {**full, "hooks": [hook for hook in project_hooks() if Path(hook).name != "bibtex_cache.py"]}
    floor = {**full, "hooks": [*project_hooks(), str(Path(__file__).resolve().parent / "preformatted_references.py")]}
    (destination / "mkdocs.yml").write_text(inherit + yaml.safe_dump(full, sort_keys=False), encoding="utf-8")
    (destination / "baseline.yml").write_text(inherit + yaml.safe_dump(baseline, sort_keys=False), encoding="utf-8")
    (destination / "shipped.yml").write_text(inherit + yaml.safe_dump(shipped, sort_keys=False), encoding="utf-8")
    (destination / "floor.yml").write_text(inherit + yaml.safe_dump(floor, sort_keys=False), encoding="utf-8")
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
