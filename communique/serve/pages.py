"""The HTML pages: server-rendered Jinja2 templates over the same queries as the API.

Document text is untrusted.  Templates autoescape, nothing from a document is ever marked safe,
and highlighted text is rendered piece by piece (each piece escaped).  Charts are inline SVG
whose geometry is computed here.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from communique.serve import queries as q
from communique.serve.api import (
    ActorKind,
    CountryQ,
    DateFromQ,
    DateToQ,
    PageQ,
    TypeQ,
    search_filters,
)

router = APIRouter(include_in_schema=False)

# One colour per event type (Tableau-like, readable on white) and per entity kind.
TYPE_COLORS = {
    "meeting": "#4e79a7",
    "phone_call": "#a0cbe8",
    "visit": "#f28e2b",
    "consultations": "#ffbe7d",
    "summit": "#59a14f",
    "conference": "#8cd17d",
    "round_table": "#b6992d",
    "seminar": "#f1ce63",
    "press_event": "#499894",
    "signing": "#e15759",
    "credentials": "#ff9d9a",
    "award": "#79706e",
    "cultural_event": "#d37295",
    "aid": "#b07aa1",
    "other": "#bab0ac",
}
KIND_COLORS = {"person": "#4e79a7", "organization": "#f28e2b", "country": "#59a14f", "location": "#b07aa1"}


def setup_templates(templates: Jinja2Templates) -> None:
    env = templates.env
    env.globals.update(
        type_colors=TYPE_COLORS, kind_colors=KIND_COLORS, qs=qs, flag=flag, country_name=country_name
    )
    env.filters["label"] = lambda s: (s or "").replace("_", " ")
    env.filters["marked"] = marked_pieces
    env.filters["http_url"] = http_url
    env.filters["entity_name"] = lambda ref, ents: (ents.get(ref) or {}).get("name", ref)


def http_url(url: str | None) -> str:
    """A document's URL if it is plain http(s); anything else (javascript:, data:) becomes ""."""
    if not url or not isinstance(url, str):
        return ""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def qs(base: dict[str, Any] | None = None, **changes: Any) -> str:
    """A query string: `base` with `changes` applied, empty values dropped."""
    params = {**(base or {}), **changes}
    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)}, doseq=True)


_COUNTRY_NAMES: dict[str, str] = {}


def country_name(code: str | None) -> str:
    if not code:
        return ""
    if code not in _COUNTRY_NAMES:
        try:
            import pycountry

            c = pycountry.countries.get(alpha_2=code.upper())
            _COUNTRY_NAMES[code] = getattr(c, "common_name", None) or c.name if c else code
        except Exception:  # pragma: no cover - pycountry missing or odd code
            _COUNTRY_NAMES[code] = code
    return _COUNTRY_NAMES[code]


def flag(code: str | None) -> str:
    """The regional-indicator flag of a country code (plain text, no markup)."""
    if not code or len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code.upper())


def marked_pieces(text: str, marks: list[list[int]]) -> list[tuple[str, bool]]:
    """A snippet cut into (text, is_hit) pieces; the template escapes each."""
    out, pos = [], 0
    for s, e in marks:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


# -- charts -----------------------------------------------------------------------------------


def month_histogram(
    months: list[dict[str, Any]], base: dict[str, Any], *, width: int = 260, height: int = 70
) -> dict[str, Any]:
    """Bars of documents per month, each a link narrowing the search to its month."""
    if not months:
        return {"bars": [], "width": width, "height": height}
    peak = max(m["count"] for m in months) or 1
    step = width / len(months)
    bars = []
    for i, m in enumerate(months):
        h = max(1.0, (height - 14) * m["count"] / peak)
        bars.append(
            {
                "x": round(i * step + 0.5, 1),
                "w": round(max(1.0, step - 1), 1),
                "y": round(height - 14 - h, 1),
                "h": round(h, 1),
                "label": m["value"],
                "count": m["count"],
                "href": "/search?" + qs(base, date_from=m["value"], date_to=m["value"], page=None),
            }
        )
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "first": months[0]["value"],
        "last": months[-1]["value"],
    }


def stacked_months(per_month: list[dict[str, Any]], *, width: int = 860, height: int = 220) -> dict[str, Any]:
    """Stacked bars of events per month by type."""
    left, bottom, top = 34, 22, 8
    if not per_month:
        return {"bars": [], "width": width, "height": height, "ticks": [], "labels": []}
    peak = max(m["total"] for m in per_month) or 1
    inner_w, inner_h = width - left - 6, height - bottom - top
    step = inner_w / len(per_month)
    bars = []
    for i, m in enumerate(per_month):
        y = top + inner_h
        x = left + i * step
        for t in TYPE_COLORS:
            c = m["counts"].get(t, 0)
            if not c:
                continue
            h = inner_h * c / peak
            y -= h
            bars.append(
                {
                    "x": round(x + 0.5, 1),
                    "y": round(y, 1),
                    "w": round(max(1.0, step - 1.5), 1),
                    "h": round(h, 1),
                    "color": TYPE_COLORS[t],
                    "title": f"{m['month']}: {c} {t}",
                }
            )
    nice = _nice_ticks(peak)
    ticks = [{"y": round(top + inner_h - inner_h * v / peak, 1), "v": v} for v in nice]
    every = max(1, round(len(per_month) / 10))
    labels = [
        {"x": round(left + i * step + step / 2, 1), "text": m["month"]}
        for i, m in enumerate(per_month)
        if i % every == 0
    ]
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "ticks": ticks,
        "labels": labels,
        "left": left,
        "base": top + inner_h,
    }


def _nice_ticks(peak: int) -> list[int]:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if peak / step <= 5:
            return list(range(0, peak + 1, step))
    return [0, peak]


def hbars(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    peak = max((r[key] for r in rows), default=0) or 1
    return [{**r, "pct": round(100 * r[key] / peak, 1)} for r in rows]


# -- pages ------------------------------------------------------------------------------------


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request):
    with request.app.state.db.connect() as conn:
        data = q.overview(conn)
    return render(
        request,
        "overview.html",
        {
            "page": "overview",
            "data": data,
            "chart": stacked_months(data["events_per_month"]),
            "actors": hbars(data["top_actors"], "documents"),
            "countries": hbars(data["top_countries"], "documents"),
            "sources": hbars(data["sources"], "documents"),
            "types": [t for t in TYPE_COLORS if any(x["type"] == t for x in data["event_types"])],
        },
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q_: Annotated[str, Query(alias="q", max_length=500)] = "",
    source: Annotated[str | None, Query(max_length=200)] = None,
    event_type: TypeQ = None,
    country: CountryQ = None,
    actor: Annotated[str | None, Query(max_length=60)] = None,
    date_from: DateFromQ = None,
    date_to: DateToQ = None,
    page: PageQ = 1,
):
    f = search_filters(q_, source, event_type, country, actor, date_from, date_to)
    base = {
        "q": f.q,
        "source": f.source,
        "event_type": f.event_type,
        "country": f.country,
        "actor": f.actor,
        "date_from": f.date_from,
        "date_to": f.date_to,
    }
    with request.app.state.db.connect() as conn:
        result = q.search(conn, f, page=page, per_page=20, index=request.app.state.db.search_index(conn))
        actor_name = None
        if f.actor:
            try:
                actor_name = q.actor(conn, f.actor, limit=1)["name"]
            except q.NotFound:
                actor_name = f.actor
    return render(
        request,
        "search.html",
        {
            "page": "search",
            "r": result,
            "base": base,
            "actor_name": actor_name,
            "hist": month_histogram(result["facets"]["month"], base),
        },
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: Annotated[str, Path(max_length=80)]):
    with request.app.state.db.connect() as conn:
        rec = q.document(conn, doc_id)
    ents = {e["id"]: e for e in rec["entities"]}
    return render(
        request,
        "document.html",
        {
            "page": "document",
            "rec": rec,
            "ents": ents,
            "segments": q.highlight_segments(rec),
            "people": [e for e in rec["entities"] if e.get("kind") == "person"],
            "others": [e for e in rec["entities"] if e.get("kind") != "person"],
        },
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    event_type: TypeQ = None,
    country: CountryQ = None,
    actor: Annotated[str | None, Query(max_length=60)] = None,
    date_from: DateFromQ = None,
    date_to: DateToQ = None,
    page: PageQ = 1,
):
    base = {
        "event_type": event_type,
        "country": country,
        "actor": actor,
        "date_from": date_from,
        "date_to": date_to,
    }
    with request.app.state.db.connect() as conn:
        result = q.list_events(conn, page=page, per_page=50, **{k: v for k, v in base.items()})
        choices = q.facet_values(conn)
    return render(request, "events.html", {"page": "events", "r": result, "base": base, "choices": choices})


@router.get("/events/{doc_id}/{event_id}", response_class=HTMLResponse)
def event_page(
    request: Request,
    doc_id: Annotated[str, Path(max_length=80)],
    event_id: Annotated[str, Path(max_length=20)],
):
    with request.app.state.db.connect() as conn:
        ev = q.event(conn, doc_id, event_id)
    return render(request, "event.html", {"page": "event", "ev": ev})


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    q_: Annotated[str, Query(alias="q", max_length=200)] = "",
    kind: Annotated[ActorKind | None, Query()] = None,
    country: CountryQ = None,
    page: PageQ = 1,
):
    base = {"q": q_, "kind": kind, "country": country}
    with request.app.state.db.connect() as conn:
        result = q.list_actors(conn, q=q_, kind=kind, country=country, page=page, per_page=50)
    return render(request, "actors.html", {"page": "actors", "r": result, "base": base})


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: Annotated[str, Path(max_length=60)]):
    with request.app.state.db.connect() as conn:
        a = q.actor(conn, actor_id)
    return render(
        request, "actor.html", {"page": "actor", "a": a, "counterparts": hbars(a["counterparts"], "events")}
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    date_from: DateFromQ = None,
    date_to: DateToQ = None,
    country: CountryQ = None,
    event_type: TypeQ = None,
):
    with request.app.state.db.connect() as conn:
        choices = q.facet_values(conn)
    base = {"date_from": date_from, "date_to": date_to, "country": country, "event_type": event_type}
    return render(request, "network.html", {"page": "network", "base": base, "choices": choices})


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs_page(request: Request):
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": op.get("parameters", []),
                    "responses": sorted(op.get("responses", {}).keys()),
                }
            )
    return render(
        request,
        "api_docs.html",
        {"page": "api", "ops": ops, "title": schema["info"]["title"], "version": schema["info"]["version"]},
    )
