"""The PLS Evidence Guide's build logic, one module per concern; hooks/pipeline.py runs the steps.

References: references (parse and check references.bib), references_checks (its steps),
bibtex_adapter (the only module that touches mkdocs-bibtex), reference_html, references_page.
Citations: citations (find and diagnose), citations_checks, citations_shield, citations_format.
Claims: claims (its steps), claims_form, claims_model, claims_register, claims_map, claims_json,
claims_references, claims_outcomes (a claim's figures for an option grid), grade (a claim's GRADE
certainty computed from its recorded domains, and the reasons in words).
Option grids: option_grid (a tier page's options side by side, from claims).
Pages: front_matter, drafts, staleness, page_chrome, abbreviations.
Output checks: content_safety, unindexed (parts kept out of the search index).
State: state (the one per-build object every step receives).
"""
