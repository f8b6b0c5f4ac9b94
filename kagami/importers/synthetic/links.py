"""External links phase: the known external sites, and a few links from media to them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from kagami.catalogue.models import ExternalLinkSource, MediaExternalLink
from kagami.importers.synthetic.context import SeedContext
from kagami.importers.synthetic.vocab import EXTERNAL_SITES

_LINKED_SHARE = 0.3  # of media without links, how many get some


async def seed_external_links(ctx: SeedContext) -> None:
    """Add the sites the catalogue lacks, then 1-2 links to media that have none."""
    rng = ctx.rng("links")
    table = ExternalLinkSource.__table__
    known = dict((await ctx.session.execute(sa.select(table.c.site, table.c.id))).all())
    missing = [site for site in EXTERNAL_SITES if site[0] not in known]
    first = await ctx.allocate(table, len(missing))
    sources: list[dict[str, Any]] = [
        {"id": first + n, "site": site, "url": url, "type": kind, "media_type": media_type,
         "language": language, "color": color, "icon": None, "is_disabled": False}
        for n, (site, url, kind, media_type, language, color) in enumerate(missing)
    ]  # fmt: skip
    await ctx.insert(table, sources)
    linked = set(
        (await ctx.session.execute(sa.select(MediaExternalLink.media_id).distinct())).scalars()
    )
    by_type = {
        kind: [s for s in sources if s["media_type"] in (kind, None) and s["url"]]
        for kind in ("ANIME", "MANGA")
    }
    rows: list[dict[str, Any]] = []
    for media in ctx.world.media:
        pool = by_type.get(media.type, [])
        if media.id in linked or not pool or rng.random() >= _LINKED_SHARE:
            continue
        for source in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
            rows.append(
                {"media_id": media.id, "site_id": source["id"],
                 "url": f"{source['url']}/title/{media.id}", "site": source["site"],
                 "type": source["type"], "language": source["language"],
                 "color": source["color"], "icon": None, "notes": None, "is_disabled": False}
            )  # fmt: skip
    first_link = await ctx.allocate(MediaExternalLink.__table__, len(rows))
    for offset, row in enumerate(rows):
        row["id"] = first_link + offset
    await ctx.insert(MediaExternalLink.__table__, rows)
