"""Compile the PLOVER codebook and the CAMEO verb-pattern lexicon into src/redline/data/plover/.

Usage: python tools/compile_plover.py [LEXICON_DIR] [OUT_DIR]

Sources (LEXICON_DIR defaults to ../shared/lexicons):

- plover/PLOVER_MANUAL.tex (openeventdata/PLOVER, CC BY-SA 4.0): event types, quad classes,
  scores, modes, contexts, sector and actor codes -> codebook.json
- plover/CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, CC BY-SA 4.0): CAMEO code -> PLOVER
  event/mode/context -> cameo2plover.json
- petrarch2/CAMEO.2.0.txt (openeventdata/petrarch2, MIT (c) 2014 Open Event Data): verb
  synsets, their forms and patterns -> verbs.json

Hand-written files that live next to the compiled ones and are NOT produced here:
verbs_extra.tsv (redline's own verb patterns/default overrides) and nouns.tsv (the one table of
event nouns, read by the lexicon and the coder; rerunning this tool leaves it as it is).

Corrections applied (all also recorded in the compiled JSON under "notes"):

- ACCUSE's base score is printed as 3 in the manual's score table; it is -3.
- The quad class is taken from each event's own "Quad category" subsection; the manual's
  summary table lists SANCTION as verbal conflict, its section says MATERIAL CONFLICT.
- Modes of the 2021 mapping that v0.8 no longer has are mapped to the nearest v0.8 mode or
  dropped: ban/political -> restrict, assassinate/massacre -> targeted, seize (ASSAULT 1712,
  destroy property) -> destroy, return -> release, ease/cleansing -> dropped; 175's
  "pro_autocracy" (a context written in the mode slot) -> no mode, context repression.
  Contexts: humanitarian -> human_security, democracy -> pro_democracy.
- CAMEO 195 (aerial weapons) -> ASSAULT aerial (mapping says heavy-weapons; v0.8 has aerial).
- CAMEO 163 (impose sanctions) -> SANCTION discontinue (manual: "International ... sanctions
  are coded as 'discontinue'"); the 2021 mapping says COERCE restrict.
- CAMEO 112 (accuse) -> ACCUSE allege (mapping: disapprove; manual: allege = "formally or
  informally accuse").
- CAMEO 0874 (retreat or surrender militarily) -> RETREAT withdraw (mapping: disarm).
- CAMEO 01x (statements) and 02x (appeals) are dropped by PLOVER: event null.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LEX = Path(__file__).resolve().parents[2] / "shared" / "lexicons"
DEFAULT_OUT = ROOT / "src" / "redline" / "data" / "plover"

QUADS = {
    "VERBAL COOPERATION": ("verbal_cooperation", 1),
    "MATERIAL COOPERATION": ("material_cooperation", 2),
    "VERBAL CONFLICT": ("verbal_conflict", 3),
    "MATERIAL CONFLICT": ("material_conflict", 4),
}

SCORE_FIXES = {("ACCUSE", None): -3.0}

MODE_FIXES: dict[tuple[str, str], str | None] = {
    ("THREATEN", "ban"): "restrict",
    ("THREATEN", "political"): "restrict",
    ("COERCE", "ban"): "restrict",
    ("ASSAULT", "assassinate"): "targeted",
    ("ASSAULT", "massacre"): "targeted",
    ("ASSAULT", "seize"): "destroy",
    ("ASSAULT", "cleansing"): None,
    ("RETREAT", "return"): "release",
    ("RETREAT", "ease"): None,
}
CONTEXT_FIXES = {"humanitarian": "human_security", "democracy": "pro_democracy"}
CODE_FIXES: dict[str, tuple[str, str | None, list[str]]] = {
    "195": ("ASSAULT", "aerial", ["military"]),
    "163": ("SANCTION", "discontinue", ["economic"]),
    "175": ("ASSAULT", None, ["repression"]),
    "112": ("ACCUSE", "allege", []),
    "0874": ("RETREAT", "withdraw", ["military"]),
}


# --------------------------------------------------------------------------- codebook


def _tex_clean(s: str) -> str:
    s = re.sub(r"\\hyperref\[[^\]]*\]\{([^}]*)\}", r"\1", s)
    s = re.sub(r"\\cellcolor\{[^}]*\}", "", s)
    s = re.sub(r"\\(?:textit|emph|txt|plcat|plcon|plmod|ti|textbf|texttt)\{([^}]*)\}", r"\1", s)
    s = s.replace("\\_", "_").replace("---", "-").replace("``", '"').replace("''", '"')
    s = s.replace("\\ldots", "...").replace("\\", "")
    return re.sub(r"\s+", " ", s).strip()


def _table_rows(block: str) -> list[list[str]]:
    rows = []
    for line in block.splitlines():
        line = line.strip()
        if not line or line.startswith("%") or "&" not in line:
            continue
        line = line.split("\\\\")[0]
        rows.append([_tex_clean(c) for c in line.split("&")])
    return rows


def parse_codebook(tex: str) -> dict:
    chapter = tex[tex.index("\\chapter{Event Categories}") :]
    chapter = chapter[: chapter.index("\\chapter", 10)]
    sections = re.split(r"\\section\{([A-Z]+)\}", chapter)[1:]
    events: dict[str, dict] = {}
    order: list[str] = []
    for name, body in zip(sections[::2], sections[1::2], strict=True):
        quad = re.search(r"Quad category: ([A-Z ]+)\}", body)
        assert quad, name
        qname, qnum = QUADS[quad.group(1).strip()]
        req = re.search(r"Requires recipient: (Yes|No)", body)
        desc = body.split("\\subsection")[0]
        desc = re.sub(r"\\begin\{itemize\}|\\end\{itemize\}|\\item", " ", desc)
        modes: list[str] = []
        for tab in re.findall(r"\\begin\{tabular\}(.*?)\\end\{tabular\}", body, re.S):
            for row in _table_rows(tab):
                m = row[0].strip()
                if re.fullmatch(r"[a-z][a-z\-]*", m):
                    modes.append(m)
        events[name] = {
            "quad_class": qname,
            "quad_code": qnum,
            "requires_recipient": bool(req and req.group(1) == "Yes"),
            "description": _tex_clean(desc)[:600],
            "modes": {m: None for m in modes},
            "base_score": None,
        }
        order.append(name)

    # score table
    start = tex.index("\\caption{PLOVER conflict--cooperation scores}\n\\hspace")
    tab = tex[start : tex.index("\\end{tabular}", start)]
    for row in _table_rows(tab):
        for label, score in zip(row[::2], row[1::2], strict=False):
            label, score = label.strip(), score.strip()
            if not label or not score or label.startswith("CATEGORY"):
                continue
            ev, _, mode = label.partition(":")
            ev, mode = ev.strip().upper(), mode.strip().lower() or None
            val = SCORE_FIXES.get((ev, mode), float(score))
            if mode is None:
                events[ev]["base_score"] = val
            else:
                events[ev]["modes"][mode] = val
    # contexts
    ctab = tex[tex.index("\\label{tab:general-contexts}") : tex.index("\\end{longtable}")]
    contexts = {}
    for row in _table_rows(ctab):
        name = row[0].strip()
        if re.fullmatch(r"[a-z_]+", name):
            contexts[name] = row[1].strip()
    # sectors
    stab = tex[tex.index("\\label{tab:roles}") :]
    stab = stab[: stab.index("\\end{longtable}")]
    sectors = {}
    for row in _table_rows(stab):
        if re.fullmatch(r"[A-Z]{3}", row[0].strip()):
            sectors[row[0].strip()] = row[1].strip()
    ntab = tex[tex.index("\\caption{International Non-state actor names}") :]
    ntab = ntab[: ntab.index("\\end{tabular}")]
    nonstate = {r[0]: r[1] for r in _table_rows(ntab) if re.fullmatch(r"[A-Z]{3}", r[0])}
    pre = re.search(r"Presently the list of such cases.*?is: (.*?)\.\n", tex, re.S)
    assert pre
    partially = {}
    for item in re.split(r",\s*(?:and\s+)?", pre.group(1)):
        m = re.match(r"(.+?) \((.+)\)", item.strip())
        if m:
            partially[m.group(1).strip()] = m.group(2).strip()
    aux = ["historical", "future", "hypothetical", "negation"]
    for a in aux:
        assert f"\\plcon{{{a}}}" in tex, a
    return {
        "version": "0.8",
        "event_types": order,
        "events": events,
        "aux_modes": aux,
        "contexts": contexts,
        "sectors": sectors,
        "actor_codes": {
            "country": "ISO 3166 alpha-3 code of independent states (COW members + Holy See); "
            "dependencies folded into their controlling state; exceptions with own code: "
            "Antarctica (ATA), Hong Kong (HKG), Palestine (PSE), Kosovo (KOS)",
            "kosovo": "KOS",
            "nonstate": nonstate,
            "partially_recognized": partially,
            "partially_recognized_sector": "PRE",
        },
        "notes": [
            "ACCUSE base score printed as 3 in the manual; corrected to -3.",
            "quad_class from each event's 'Quad category' subsection (SANCTION: material "
            "conflict; the manual's summary table says verbal conflict).",
            "event_score: a recognised mode's score replaces the base score; with several "
            "modes the most extreme (largest magnitude) is used.",
        ],
    }


# --------------------------------------------------------------------------- CAMEO -> PLOVER


def parse_mapping(text: str, valid: dict) -> tuple[dict, list[str]]:
    notes: list[str] = []
    out: dict[str, dict] = {}
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.groups()
        desc = rest.split("#", 1)[1].strip() if "#" in rest else ""
        fields = [f.strip() for f in rest.split("#", 1)[0].split(",")]
        event = fields[0].upper()
        if len(fields) == 1:  # 2-digit header "03: AGREE"
            if code not in out:
                out[code] = {"event": event, "mode": None, "context": [], "desc": desc}
            continue
        mode = fields[1].lower() or None
        ctx = [c.strip().lower() for c in fields[2].split(";")] if len(fields) > 2 else []
        ctx = [CONTEXT_FIXES.get(c, c) for c in ctx if c]
        if mode and (event, mode) in MODE_FIXES:
            new = MODE_FIXES[(event, mode)]
            notes.append(f"{code}: mode {mode} -> {new}")
            mode = new
        if code in CODE_FIXES:
            event, mode, ctx = CODE_FIXES[code]
            notes.append(f"{code}: -> {event}/{mode}/{ctx}")
        if mode and mode not in valid["events"][event]["modes"]:
            notes.append(f"{code}: mode {mode!r} not in v0.8 {event} modes: dropped")
            mode = None
        for c in ctx:
            assert c in valid["contexts"], (code, c)
        out[code] = {"event": event, "mode": mode, "context": ctx, "desc": desc}
    for code in ("01", "02"):
        out[code] = {"event": None, "mode": None, "context": [], "desc": "dropped in PLOVER"}
    return dict(sorted(out.items())), notes


def lookup(mapping: dict, code: str | None) -> dict | None:
    if not code or not code.isdigit():
        return None
    for n in (len(code), 3, 2):
        if code[:n] in mapping:
            return mapping[code[:n]]
    return None


# --------------------------------------------------------------------------- CAMEO verbs


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", phrase.strip().lower()) if w]


def parse_synsets(text: str) -> dict[str, list[list[str]]]:
    syn: dict[str, list[list[str]]] = {}
    cur = None
    for raw in text.splitlines():
        line = raw.split("#")[0].strip()
        if line.startswith("&"):
            cur = line.rstrip("_").lower()
            syn[cur] = []
        elif line.startswith("+") and cur:
            syn[cur].append(_words(line[1:]))
        elif line.startswith("-") or line.startswith("---"):
            cur = None
    return syn


def regular_forms(base: str) -> list[str]:
    b = base.lower()
    if b.endswith("e"):
        forms = [b + "s", b + "d", b[:-1] + "ing"]
    elif b.endswith("y") and len(b) > 2 and b[-2] not in "aeiou":
        forms = [b[:-1] + "ies", b[:-1] + "ied", b + "ing"]
    elif b.endswith(("s", "x", "z", "ch", "sh")):
        forms = [b + "es", b + "ed", b + "ing"]
    else:
        forms = [b + "s", b + "ed", b + "ing"]
    return forms


TOKEN_RE = re.compile(r"[{}()]|[^\s{}()]+")


def parse_pattern(pat: str) -> tuple[list[str], list[str], str | None]:
    """Split a pattern into (pre, post) token lists and the first preposition after the verb."""
    pre: list[str] = []
    post: list[str] = []
    cur = pre
    prep = None
    after_paren = False
    for tok in TOKEN_RE.findall(pat):
        if tok in "{}":
            continue
        if tok == "(":
            after_paren = True
            continue
        if tok == ")":
            continue
        if tok in ("*", "**"):
            cur = post
            continue
        if tok in ("$", "+", "%", "^"):
            cur.append(tok)
            continue
        if tok.startswith("&"):
            cur.append(tok.rstrip("_").lower())
        else:
            for w in _words(tok):
                cur.append(w)
        if after_paren and cur is post and prep is None and not tok.startswith("&"):
            prep = tok.lower()
        after_paren = False
    return pre, post, prep


def parse_verbs(text: str, mapping: dict, synsets: dict) -> dict:
    body = text[text.index("####### VERB PATTERNS") : text.index("######## TRANSFORMATIONS")]
    blocks: list[dict] = []
    entries: list[dict] = []  # raw verb lines
    skipped = 0
    for raw in body.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
            assert m, line
            code = m.group(2).strip()
            blocks.append({"name": m.group(1), "code": None if code == "---" else code, "patterns": []})
            continue
        blk = blocks[-1]
        if line.startswith("-"):
            pat, _, rest = line[1:].partition("[")
            code, _, comment = rest.partition("]")
            origin = comment.split("#", 1)[1] if "#" in comment else ""
            origin_verbs = sorted({w.lower() for w in re.findall(r"[A-Z][A-Z_\-]+", origin.split("<")[0])})
            pre, post, prep = parse_pattern(pat)
            syns = [t for t in pre + post if t.startswith("&")]
            if any(s not in synsets for s in syns):
                skipped += 1
                continue
            code = code.strip()
            blk["patterns"].append(
                {
                    "text": re.sub(r"\s+", " ", pat.strip()),
                    "pre": pre,
                    "post": post,
                    "prep": prep,
                    "code": code,
                    "origin": origin_verbs,
                }
            )
            continue
        # verb line
        text_part = re.split(r"[#;]", line, maxsplit=1)[0]
        m = re.match(r"\s*(\+?)([A-Z][A-Z_'\-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", text_part)
        if not m:
            continue
        multi, word, forms, code = m.groups()
        forms_l = [f.strip("+").lower() for f in re.findall(r"[^\s{},]+", forms or "")]
        code = code.strip("[]").strip() if code else None
        entries.append(
            {
                "block": len(blocks) - 1,
                "word": word.lower(),
                "multi": bool(multi),
                "forms": forms_l,
                "code": code,
            }
        )
    # form -> lemma map (single words only)
    form_map: dict[str, str] = {}
    for e in entries:
        if e["multi"] or "_" in e["word"]:
            continue
        base = e["word"]
        for f in regular_forms(base) + [f for f in e["forms"] if "_" not in f]:
            form_map.setdefault(f, base)
    bases = {e["word"] for e in entries if not e["multi"]}
    # fix entries whose primary word is itself an inflected form (DETERRING, WORRIED ...)
    for e in entries:
        if e["multi"]:
            continue
        w = e["word"]
        for cand in (w[:-3], w[:-3] + "e", w[:-4], w[:-3] + "y", w[:-2], w[:-1], w[:-2] + "y"):
            if len(w) > 5 and w.endswith(("ing", "ed")) and cand in bases and cand != w:
                form_map[w] = cand
                e["word"] = cand
                break
    irregular_be = {"is": "be", "are": "be", "was": "be", "were": "be", "am": "be", "be": "be"}

    def lemma_of(word: str) -> str:
        if word in irregular_be:
            return irregular_be[word]
        return form_map.get(word, word)

    verbs: list[dict] = []
    for e in entries:
        parts = [p for p in e["word"].split("_") if p]
        lemma = lemma_of(parts[0])
        particle = [lemma_of(p) if p in form_map else p for p in parts[1:]]
        blk = blocks[e["block"]]
        code = e["code"] if e["code"] is not None else blk["code"]
        if code == "---":
            code = None
        m = lookup(mapping, code)
        verbs.append(
            {
                "lemma": lemma,
                "particle": particle,
                "block": e["block"],
                "code": code,
                "event": m and m["event"],
                "mode": m and m["mode"],
                "context": m["context"] if m else [],
            }
        )
    patterns: list[dict] = []
    for bi, blk in enumerate(blocks):
        for p in blk["patterns"]:
            code = p["code"]
            reverse = False
            if ":" in code:
                a, b = code.split(":", 1)
                if a:
                    code = a
                else:
                    code, reverse = b, True
            code = code.strip()
            code = None if code in ("---", "") else code
            m = lookup(mapping, code)
            patterns.append(
                {
                    "block": bi,
                    "pre": p["pre"],
                    "post": p["post"],
                    "prep": p["prep"],
                    "code": code,
                    "reverse": reverse,
                    "event": m and m["event"],
                    "mode": m and m["mode"],
                    "context": m["context"] if m else [],
                    "origin": p["origin"],
                    "text": p["text"],
                }
            )
    return {
        "blocks": [{"name": b["name"], "code": b["code"]} for b in blocks],
        "verbs": verbs,
        "patterns": patterns,
        "synsets": {k: v for k, v in sorted(synsets.items())},
        "forms": dict(sorted(form_map.items())),
        "skipped_patterns": skipped,
    }


# --------------------------------------------------------------------------- output


def _dump_lines(obj: dict) -> str:
    """JSON with one list item per line (diffable, compact)."""
    out = ["{"]
    keys = list(obj)
    for i, k in enumerate(keys):
        v = obj[k]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f"  {json.dumps(k)}: [")
            out.extend(
                "    " + json.dumps(x, ensure_ascii=False) + ("," if j < len(v) - 1 else "")
                for j, x in enumerate(v)
            )
            out.append("  ]" + comma)
        else:
            out.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


NOTICE_HEAD = """redline data/plover: provenance and licences
============================================

codebook.json and cameo2plover.json are derived from the PLOVER manual
(PLOVER_MANUAL.tex, v0.8) and the CAMEO to PLOVER conversion table
(CAMEO2PLOVER-2021.txt) of https://github.com/openeventdata/PLOVER,
Copyright (c) 2021 by the Open Event Data Alliance, licensed under the Creative
Commons Attribution-ShareAlike 4.0 International License
(https://creativecommons.org/licenses/by-sa/4.0/). These derived files are
shared under the same licence. Changes: compiled to JSON by
tools/compile_plover.py; ACCUSE base score corrected to -3; modes the 2021
mapping uses but v0.8 lacks mapped to the nearest v0.8 mode or dropped; see
the "notes" entries inside the JSON files.

verbs.json is derived from CAMEO.2.0.txt of
https://github.com/openeventdata/petrarch2 (data/dictionaries/), compiled by
tools/compile_plover.py, with PLOVER codes added from the mapping above. Its
licence:

"""


def main(argv: list[str]) -> int:
    lex = Path(argv[1]) if len(argv) > 1 else DEFAULT_LEX
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    tex = (lex / "plover" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    book = parse_codebook(tex)
    mapping, map_notes = parse_mapping(
        (lex / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8"), book
    )
    cameo_text = (lex / "petrarch2" / "CAMEO.2.0.txt").read_text(encoding="latin-1")
    synsets = parse_synsets(cameo_text)
    verbs = parse_verbs(cameo_text, mapping, synsets)
    (out / "codebook.json").write_text(json.dumps(book, indent=1, ensure_ascii=False) + "\n")
    (out / "cameo2plover.json").write_text(
        json.dumps({"notes": map_notes, "codes": mapping}, indent=1, ensure_ascii=False) + "\n"
    )
    (out / "verbs.json").write_text(_dump_lines(verbs))
    licence = (lex / "petrarch2" / "LICENSE").read_text(encoding="utf-8")
    (out / "NOTICE").write_text(
        NOTICE_HEAD + licence.strip() + "\n\nverbs_extra.tsv and nouns.tsv are "
        "written by the redline authors (MIT, see the project licence).\n"
    )
    print(
        f"codebook: {len(book['events'])} events, {len(book['contexts'])} contexts; "
        f"mapping: {len(mapping)} codes; verbs: {len(verbs['verbs'])} verb entries, "
        f"{len(verbs['patterns'])} patterns ({verbs['skipped_patterns']} skipped), "
        f"{len(verbs['synsets'])} synsets, {len(verbs['forms'])} forms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
