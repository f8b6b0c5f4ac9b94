"""The one place configuration lives: every ``KAGAMI_*`` environment variable is read here."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings; nothing else in Kagami reads ``os.environ``."""

    model_config = SettingsConfigDict(env_prefix="KAGAMI_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("./kagami-data"),
        description="Where the SQLite file, signing key and caches live.",
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy async URL; default: SQLite file in the data dir."
    )
    redis_url: str | None = Field(
        default=None, description="Redis URL for shared rate limits and caches (optional)."
    )
    host: str = Field(default="127.0.0.1", description="Address `kagami serve` binds to.")
    port: int = Field(default=8000, description="Port `kagami serve` listens on.")
    public_base_url: str | None = Field(
        default=None, description="Base URL clients see (default http://HOST:PORT)."
    )
    workers: int = Field(default=1, ge=1, description="Uvicorn worker processes.")
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        default="info", description="Log level."
    )
    import_bundled_on_start: bool = Field(
        default=True, description="Load the bundled catalogue on first start."
    )
    password_grant_enabled: bool = Field(
        default=True, description="Allow MAL's v0.21 password grant for the built-in client."
    )
    rate_limit: str = Field(
        default="90/minute", description="Per-token/client/IP request limit (`limits` syntax)."
    )

    @cached_property
    def resolved_database_url(self) -> str:
        """The database URL in use: the configured one, or a SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'kagami.sqlite3').resolve()}"

    @property
    def base_url(self) -> str:
        """Public base URL without a trailing slash, used in every absolute link Kagami returns."""
        if self.public_base_url:
            return self.public_base_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    @property
    def is_sqlite(self) -> bool:
        """Whether the configured database is SQLite (drives dialect-specific SQL such as FTS5)."""
        return self.resolved_database_url.startswith("sqlite")


def get_settings() -> Settings:
    """Build settings from the environment (a function so tests can build their own)."""
    return Settings()
