"""ACLED-style CSV gold: one event per row, its ``notes`` being the text to code.

Columns: event_date, event_type, sub_event_type, actor1, actor2, country, location,
latitude, longitude, notes (others are ignored; ``event_id_cnty`` names the row when
present, else the row is ``row<N>``, N counting data rows from 1). ``event_date`` is the
event's date and serves as the publication date of the text.

Event types map to PLOVER through ``redline/data/acled_plover.json`` (documented there);
ACLED actor names map to PLOVER codes with :func:`normalise_actor`. Scored per row:
- type: the row is a hit when a predicted event has the mapped type (or one of its
  ``also`` types); precision counts every predicted event of a scorable row;
- actor: the country code of actor1 among the actor codes of the row's best event, and
  of actor2 among its recipient codes;
- date: the best event's date equal to / within one day of ``event_date``;
- place: the best event's place in the row's country, and the great-circle distance (km)
  between its coordinates and the row's latitude/longitude (mean and median, and the share
  of rows with coordinates whose best event is placed within 25 km; a row without a placed
  event counts as a miss).
The best event of a row is the first event of an accepted type whose actor matches, else
the first of an accepted type, else the first event.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import statistics
from collections import Counter
from functools import cache
from typing import Any

from redline.annotate.places import haversine_km
from redline.data import load_json
from redline.evaluate.metrics import (
    NONE_LABEL,
    actor_codes,
    class_row,
    confusion,
    event_type,
    f1,
    ratio,
)
from redline.timespans import to_day

COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "location",
           "latitude", "longitude", "notes")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%m/%d/%Y", "%Y/%m/%d")
YEARS_RE = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
PAREN_RE = re.compile(r"\(([^()]*)\)")
NEAR_KM = 25.0


@cache
def acled_mapping() -> dict[str, Any]:
    """The ACLED -> PLOVER table (``redline/data/acled_plover.json``)."""
    return load_json("acled_plover.json")


def map_type(event_type_: str, sub_event_type: str) -> dict[str, Any]:
    """``{"event", "modes", "also"}`` for an ACLED event/sub-event type (event None: not scorable)."""
    table = acled_mapping()
    subs = table["sub_event_types"].get(event_type_.strip(), {})
    hit = subs.get(sub_event_type.strip())
    if hit is None:  # sub-event types are unique across event types
        hit = next((s[sub_event_type.strip()] for s in table["sub_event_types"].values()
                    if sub_event_type.strip() in s), None)
    if hit is None:
        hit = table["event_types"].get(event_type_.strip()) or {"event": None}
    return {"event": hit.get("event"), "modes": list(hit.get("modes") or []),
            "also": list(hit.get("also") or [])}


def parse_date(value: str) -> dt.date | None:
    value = (value or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return to_day(value)


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def normalise_actor(name: str, when: dt.date | None = None, resolver: Any = None) -> dict[str, Any] | None:
    """An ACLED actor name as a PLOVER actor ``{entity_text, code, sector}`` (None for an empty name).

    "Military Forces of Sudan (2019-)" -> SDN MIL (the period in brackets is dropped);
    "Protesters (Kenya)" -> KEN CVL (a bracketed country gives the code when the name has
    none); "Rapid Support Forces" -> SDN REB (the resolver's dictionaries).
    """
    name = " ".join((name or "").split())
    if not name:
        return None
    if resolver is None:
        from redline.actors import ActorResolver

        resolver = ActorResolver.load()
    plain = " ".join(YEARS_RE.sub(" ", name).split())
    bracket_country = None
    for inner in PAREN_RE.findall(plain):
        bracket_country = bracket_country or resolver.country_of(inner.strip())
    base = " ".join(PAREN_RE.sub(" ", plain).split())
    code = sector = None
    for phrase in (base, plain):
        actor = resolver.resolve(phrase, when) if phrase else None
        if actor is not None:
            code, sector = code or actor.code, sector or actor.sector
        if code:
            break
    return {"entity_text": name, "code": code or bracket_country, "sector": sector}


def read_csv(text: str) -> list[dict[str, Any]]:
    """Rows of an ACLED-style CSV text as gold items (pure; raises ValueError on missing columns)."""
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    missing = {"event_date", "event_type", "notes"} - fields
    if missing:
        raise ValueError(f"not an ACLED-style CSV (missing columns: {', '.join(sorted(missing))})")
    rows = []
    for n, raw in enumerate(reader, 1):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        row["id"] = row.get("event_id_cnty") or f"row{n}"
        rows.append(row)
    return rows


def gold_rows(rows: list[dict[str, Any]], resolver: Any = None) -> list[dict[str, Any]]:
    """Gold items with the PLOVER mapping, actor codes, ISO country and coordinates filled in."""
    if resolver is None:
        from redline.actors import ActorResolver

        resolver = ActorResolver.load()
    out = []
    for row in rows:
        when = parse_date(row.get("event_date", ""))
        mapped = map_type(row.get("event_type", ""), row.get("sub_event_type", ""))
        out.append({
            **row,
            "date": when.isoformat() if when else None,
            "plover": mapped,
            "actor1_plover": normalise_actor(row.get("actor1", ""), when, resolver),
            "actor2_plover": normalise_actor(row.get("actor2", ""), when, resolver),
            "country_code": resolver.country_of(row.get("country", "")) if row.get("country") else None,
            "lat": _float(row.get("latitude")),
            "lon": _float(row.get("longitude")),
        })
    return out


def _event_day(ev: dict[str, Any]) -> dt.date | None:
    return to_day(ev.get("date"))


def _code(actor: dict[str, Any] | None) -> str | None:
    return str(actor["code"]).upper() if actor and actor.get("code") else None


def _best(evs: list[dict[str, Any]], accepted: set[str], actor1: str | None) -> dict[str, Any] | None:
    typed = [e for e in evs if event_type(e) in accepted]
    matched = [e for e in typed if actor1 and actor1 in actor_codes(e.get("actor"))]
    return (matched or typed or evs or [None])[0]


def _ev_str(ev: dict[str, Any]) -> str:
    actors = "/".join(sorted(actor_codes(ev.get("actor")))) or "?"
    recips = "/".join(sorted(actor_codes(ev.get("recipient")))) or "-"
    mode = f" {','.join(ev.get('mode') or [])}" if ev.get("mode") else ""
    return f"{event_type(ev)}{mode} {actors}->{recips} {ev.get('date')}"


def score_acled(gold: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Score document records (``id`` = row id) against :func:`gold_rows` items."""
    recs = {str(r.get("id")): r.get("events") or [] for r in records}
    n = len(gold)
    typed_rows = hit = n_pred = n_pred_ok = mode_hit = 0
    a1_n = a1_hit = a2_n = a2_hit = 0
    date_exact = date_near = place_n = place_country = near_n = near_hit = 0
    distances: list[float] = []
    c_hit: Counter = Counter()
    c_gold: Counter = Counter()
    c_right: Counter = Counter()
    c_pred: Counter = Counter()
    pairs: list[tuple[str, str]] = []
    errors: list[dict[str, Any]] = []
    rows_out = []
    for g in gold:
        rid = str(g["id"])
        evs = recs.get(rid, [])
        kinds = [event_type(e) for e in evs]
        mapped = g["plover"]
        gtype = mapped["event"]
        accepted = {gtype, *mapped["also"]} if gtype else set()
        a1, a2 = _code(g["actor1_plover"]), _code(g["actor2_plover"])
        best = _best(evs, accepted, a1)
        evidence = (best or {}).get("event_text") or g.get("notes", "")
        gold_str = (f"{gtype or '(unscored)'}{' ' + '|'.join(mapped['modes']) if mapped['modes'] else ''} "
                    f"{a1 or '?'}->{a2 or '-'} {g['date']}")
        row = {"id": rid, "gold_type": gtype, "pred_types": kinds, "type_hit": None, "actor1_hit": None,
               "actor2_hit": None, "date_exact": False, "date_within_1": False, "place_country": None,
               "distance_km": None}
        if gtype:
            typed_rows += 1
            ok = bool(accepted & set(kinds))
            hit += ok
            row["type_hit"] = ok
            n_pred += len(kinds)
            n_pred_ok += sum(1 for k in kinds if k in accepted)
            c_gold[gtype] += 1
            c_hit[gtype] += ok
            for k in kinds:
                c_pred[k] += 1
                c_right[k] += k in accepted
            pairs.extend((gtype, k) for k in (sorted(set(kinds)) or [NONE_LABEL]))
            modes = set(mapped["modes"])
            if ok and best is not None and (not modes or set(best.get("mode") or []) & modes):
                mode_hit += 1
            if not ok:
                errors.append({"kind": "missed", "doc": rid, "gold": gold_str,
                               "pred": ",".join(kinds) or "-", "evidence": g.get("notes", "")})
            else:
                for k, e in zip(kinds, evs, strict=True):
                    if k not in accepted:
                        errors.append({"kind": "extra", "doc": rid, "gold": gold_str, "pred": _ev_str(e),
                                       "evidence": e.get("event_text") or ""})
        if a1:
            a1_n += 1
            ok1 = best is not None and a1 in actor_codes(best.get("actor"))
            a1_hit += ok1
            row["actor1_hit"] = ok1
        if a2:
            a2_n += 1
            ok2 = best is not None and a2 in actor_codes(best.get("recipient"))
            a2_hit += ok2
            row["actor2_hit"] = ok2
        if best is not None and ((a1 and not row["actor1_hit"]) or (a2 and not row["actor2_hit"])):
            errors.append({"kind": "wrong actor", "doc": rid, "gold": gold_str, "pred": _ev_str(best),
                           "evidence": evidence})
        gday, pday = parse_date(g.get("event_date", "")), _event_day(best) if best else None
        if gday and pday:
            row["date_exact"] = gday == pday
            row["date_within_1"] = abs((gday - pday).days) <= 1
        date_exact += row["date_exact"]
        date_near += row["date_within_1"]
        if best is not None and gday and not row["date_exact"]:
            errors.append({"kind": "wrong date", "doc": rid, "gold": gold_str, "pred": _ev_str(best),
                           "evidence": evidence})
        place = (best or {}).get("place") or {}
        if g.get("country_code"):
            place_n += 1
            pc = str(place.get("country") or "").upper() or None
            row["place_country"] = pc == g["country_code"]
            place_country += row["place_country"]
            if best is not None and not row["place_country"]:
                errors.append({"kind": "wrong place", "doc": rid,
                               "gold": f"{g.get('location')} ({g['country_code']})",
                               "pred": f"{place.get('name') or place.get('text') or '-'} ({pc or '-'})",
                               "evidence": evidence})
        plat, plon = _float(place.get("lat")), _float(place.get("lon"))
        near_n += None not in (g.get("lat"), g.get("lon"))
        if None not in (plat, plon, g.get("lat"), g.get("lon")):
            km = haversine_km(g["lat"], g["lon"], plat, plon)
            row["distance_km"] = round(km, 3)
            distances.append(km)
            near_hit += km <= NEAR_KM
        rows_out.append(row)
    recall = ratio(hit, typed_rows)
    prec = ratio(n_pred_ok, n_pred)
    f = f1(prec, recall)
    head = {
        "type_f1": f, "type_acc": recall, "type_p": prec, "type_mode_acc": ratio(mode_hit, typed_rows),
        "actor1_acc": ratio(a1_hit, a1_n), "actor2_acc": ratio(a2_hit, a2_n),
        "date_exact": ratio(date_exact, n), "date_within_1": ratio(date_near, n),
        "place_country_acc": ratio(place_country, place_n),
        "place_within_25km": ratio(near_hit, near_n),
        "distance_km_mean": statistics.fmean(distances) if distances else None,
        "distance_km_median": statistics.median(distances) if distances else None,
        "rows": n, "typed_rows": typed_rows, "located": len(distances), "predicted": n_pred,
    }
    km = ("-" if not distances else
          f"{head['distance_km_mean']:.1f}/{head['distance_km_median']:.1f} km over {len(distances)}")
    order = {"missed": 0, "wrong actor": 1, "wrong date": 2, "wrong place": 3, "extra": 4}
    errors.sort(key=lambda e: order[e["kind"]])
    return {
        "format": "acled",
        "headline": head,
        "summary": [
            f"rows {n} (type-scored {typed_rows}), predicted events {n_pred}, located {len(distances)}",
            f"acled type-F1={f:.3f} type-acc={recall:.3f} actor1-acc={head['actor1_acc']:.3f} "
            f"actor2-acc={head['actor2_acc']:.3f} date-exact={head['date_exact']:.3f} "
            f"date±1={head['date_within_1']:.3f} place-country={head['place_country_acc']:.3f} "
            f"place≤25km={head['place_within_25km']:.3f} distance mean/median={km}",
        ],
        "per_class": {k: class_row(c_hit[k], c_gold[k], c_right[k], c_pred[k])
                      for k in sorted(set(c_gold) | set(c_pred))},
        "confusion": confusion(pairs),
        "rows": rows_out,
        "errors": errors,
    }
