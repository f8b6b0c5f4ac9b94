"""Deterministic synthetic data: ``kagami seed --tier tiny|small|medium|large [--seed N]``.

Same seed on the same starting database, same rows (ids included): every phase draws from
its own ``random.Random`` derived from the seed and its name, timestamps come from a fixed
synthetic calendar, and rows are inserted in a fixed order with explicit ids.

Re-runs and interruptions: the whole run is ONE transaction, and the ``synthetic_seed``
marker in ``kagami_meta`` is written inside it. So a database holds either all of the
synthetic data or none of it: an interrupted run leaves nothing behind and may simply be
run again, while a run on an already seeded database changes nothing and says so.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import sqlalchemy as sa

from kagami.db import Base, Database
from kagami.db.meta import get_meta, set_meta
from kagami.importers.synthetic.catalogue import seed_catalogue
from kagami.importers.synthetic.community import seed_recommendations, seed_reviews
from kagami.importers.synthetic.context import SeedContext
from kagami.importers.synthetic.forum import seed_forum
from kagami.importers.synthetic.hashing import content_hash
from kagami.importers.synthetic.links import seed_external_links
from kagami.importers.synthetic.lists import seed_lists
from kagami.importers.synthetic.notifications import seed_notifications
from kagami.importers.synthetic.people import seed_favourites, seed_users
from kagami.importers.synthetic.search_sync import search_documents_deferred
from kagami.importers.synthetic.social import seed_social
from kagami.importers.synthetic.tiers import TIERS, Tier
from kagami.importers.synthetic.trends import seed_trends
from kagami.progress import console, make_progress

META_KEY = "synthetic_seed"

# Order matters: each phase builds on what the previous ones recorded in ``ctx.world``.
PHASES: tuple[Callable[[SeedContext], Awaitable[None]], ...] = (
    seed_catalogue,
    seed_external_links,
    seed_users,
    seed_lists,
    seed_favourites,
    seed_social,
    seed_reviews,
    seed_recommendations,
    seed_forum,
    seed_notifications,
    seed_trends,
)


async def seed_database(
    database: Database, *, tier: str, seed: int, quiet: bool = False, enrich_real: bool = False
) -> dict[str, int]:
    """Add one tier of synthetic data in a single transaction; returns rows inserted per table.

    Real (imported) media are left alone unless ``enrich_real``: synthetic users then list
    them too, and whatever they lack (genres, tags, cast, studios, airing) is made up.
    On an already seeded database nothing is written and an empty dict is returned.
    """
    spec = TIERS[tier]
    with make_progress(quiet=quiet) as progress:
        async with database.session() as session:
            previous = await get_meta(session, META_KEY)
            if previous is not None:
                if not quiet:
                    console.print(
                        f"[yellow]Synthetic data is already present ({previous}); nothing was"
                        " added. Seed a fresh database to use another tier or seed."
                    )
                return {}
            ctx = SeedContext(
                session, tier=spec, seed=seed, progress=progress, enrich_real=enrich_real
            )
            if database.is_sqlite:
                # A bigger page cache for this connection: lists update ~10 indexes per row.
                await session.execute(sa.text("PRAGMA cache_size = -262144"))
                # pysqlite only BEGINs at the first data change; make one now so the search
                # trigger swaps below are inside the transaction and roll back with it.
                await session.execute(sa.text("DELETE FROM kagami_meta WHERE 1 = 0"))
            async with search_documents_deferred(session):
                for phase in PHASES:
                    await phase(ctx)
            if not database.is_sqlite:
                await _sync_sequences(ctx)
            marker = {"tier": tier, "seed": seed, "enrich_real": enrich_real}
            await set_meta(session, META_KEY, json.dumps(marker))
    await database.refresh_statistics()
    return dict(sorted(ctx.counts.items()))


async def _sync_sequences(ctx: SeedContext) -> None:
    """PostgreSQL sequences skip explicit ids: move each past the highest id written."""
    for name in sorted(ctx.counts):
        table = Base.metadata.tables[name]
        if "id" not in table.c or table.c.id.autoincrement is False:
            continue
        await ctx.execute(
            f"SELECT setval(pg_get_serial_sequence(:t, 'id'), max(id)) FROM {name}"
            " HAVING max(id) IS NOT NULL",
            t=name,
        )


__all__ = ["META_KEY", "TIERS", "Tier", "content_hash", "seed_database"]
