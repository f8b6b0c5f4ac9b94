"""The one place configuration lives: every ``KAGAMI_*`` environment variable is read here."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SyncJob(BaseModel):
    """One configured two-way sync that ``kagami serve`` runs every ``sync_interval_seconds``."""

    user: str
    remote: str
    dialect: Literal["anilist", "mal"]
    token: str = Field(repr=False)


class Settings(BaseSettings):
    """Runtime settings; nothing else in Kagami reads ``os.environ``."""

    model_config = SettingsConfigDict(env_prefix="KAGAMI_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("./kagami-data"),
        description="Where the SQLite file, the signing keys and the session secret live.",
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy async URL; default: SQLite file in the data dir."
    )
    database_pool_size: int = Field(
        default=20,
        ge=1,
        description="Database connections each process keeps open (half as many more on bursts).",
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis URL (redis://host:port/db) where every worker shares the rate limits; "
        "default: each process counts in memory.",
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
    password_hash_profile: Literal["rfc9106_low_memory", "cheapest"] = Field(
        default="rfc9106_low_memory",
        description="argon2id parameters; `cheapest` is for tests only.",
    )
    password_hash_concurrency: int = Field(
        default=4, ge=1, description="Concurrent password hashes (bounds memory at N x 64 MiB)."
    )
    login_max_failures: int = Field(
        default=10, ge=1, description="Failed logins per account or IP before a lock-out."
    )
    login_lockout_seconds: int = Field(
        default=900, ge=1, description="Window and lock-out length for failed logins."
    )
    token_max_failures: int = Field(
        default=50,
        ge=1,
        description="Failed code/PIN/refresh redemptions per IP or client before a lock-out.",
    )
    throttle_max_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=64 * 1024,
        description="Memory budget of each failure throttle (login, token endpoints), in bytes.",
    )
    session_max_age: int = Field(default=30 * 86400, description="Web session lifetime in seconds.")
    secure_cookies: bool | None = Field(
        default=None,
        description="Mark cookies Secure (default: when the public base URL is https).",
    )
    session_secret_path: Path | None = Field(
        default=None, description="File holding the cookie-signing secret (default: data dir)."
    )
    signing_key_path: Path | None = Field(
        default=None, description="PEM file of the JWT signing key (default: data dir)."
    )
    anilist_token_lifetime: int = Field(
        default=31536000, description="AniList v2 access-token lifetime (seconds)."
    )
    anilist_v1_token_lifetime: int = Field(
        default=3600, description="AniList v1 access-token lifetime (seconds)."
    )
    # MAL documents one hour but really answers expires_in 2678400 (31 days); clients see that.
    mal_token_lifetime: int = Field(default=2678400, description="MAL access-token lifetime.")
    mal_refresh_lifetime: int = Field(
        default=62 * 86400, description="MAL refresh-token lifetime (seconds); outlives access."
    )
    code_lifetime: int = Field(
        default=600, le=600, description="Authorization code / PIN lifetime (seconds)."
    )
    implicit_grant_enabled: bool = Field(
        default=True, description="Allow AniList v2's implicit grant (clients may still opt out)."
    )
    cross_dialect_tokens: bool = Field(
        default=True, description="Accept a token issued by one dialect on the others."
    )
    allow_insecure_redirects: bool = Field(
        default=False, description="Allow plain-http non-loopback redirect URIs (dev only)."
    )
    require_https: bool = Field(
        default=False,
        description="Refuse token requests that arrived over plain http (400, never a redirect).",
    )
    max_body_bytes: int = Field(
        default=1 << 20,
        ge=1024,
        description="Largest request body accepted (bytes); larger ones get 413 as they stream in.",
    )
    rate_limit: str = Field(
        default="90/minute",
        description="API requests allowed per token, else OAuth client, else IP (`limits` "
        "syntax, e.g. `90/minute`); going over locks the caller out for a minute.",
    )
    refresh_reuse_grace_seconds: int = Field(
        default=0,
        ge=0,
        description="Seconds after first use in which a replayed MAL refresh token is refused "
        "without revoking its family (a benign client retry); 0 always revokes.",
    )
    v1_query_tokens: bool = Field(
        default=True,
        description="Accept AniList v1's `access_token` URL parameter / header on /api routes.",
    )
    untrusted_client_days: int = Field(
        default=0,
        ge=0,
        description="Clients registered fewer than N days ago get an error page, not a redirect, "
        "for pre-consent errors; 0 trusts every client.",
    )
    jobs_interval_seconds: int = Field(
        default=60,
        ge=0,
        description="How often `kagami serve` runs the periodic jobs (airing, related media); "
        "0 leaves them to `kagami jobs run`.",
    )
    # -- issue #15 items 3 and 4: two-way sync and the catalogue mirror --
    sync_conflict_policy: Literal["latest", "local", "remote"] = Field(
        default="latest",
        description="Who wins when an entry changed on both sides since the last sync: the "
        "later `updatedAt`, always the local side, or always the remote.",
    )
    sync_jobs: list[SyncJob] = Field(
        default_factory=list,
        description='Syncs `kagami serve` runs periodically, as JSON: `[{"user": "alice", '
        '"remote": "https://graphql.anilist.co", "dialect": "anilist", "token": "..."}]`.',
    )
    sync_interval_seconds: int = Field(
        default=900,
        ge=0,
        description="How often `kagami serve` runs the configured `sync_jobs`; 0 never.",
    )
    sync_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        description="Seconds to wait for a remote's answer (sync and catalogue mirror).",
    )
    # Issue #15 (data in and out): the account page's list import upload.
    max_import_upload_bytes: int = Field(
        default=32 << 20,
        ge=1024,
        description="Largest list export the account page accepts for import (bytes, as "
        "uploaded: a gzipped MAL export of 50,000 entries is ~5 MB).",
    )
    # --- issue #16: Kagami as a test double ---
    dev_mode: bool = Field(
        default=False,
        description="Serve POST /_kagami/reset and /_kagami/snapshot for test harnesses "
        "(answered only on a loopback bind, to loopback callers).",
    )

    # -- MAL read performance (#12 item 8) ------------------------------------------------
    mal_detail_cache_bytes: int = Field(
        default=16 << 20,
        ge=0,
        description="Bytes of public MAL detail answers kept in memory per process (0: none).",
    )
    mal_detail_cache_seconds: float = Field(
        default=10.0,
        ge=0,
        description="How long a cached MAL detail answer lives; writes in the same process "
        "refresh it at once, this bounds how late other processes' writes show.",
    )

    # Issue #14 (hardening): rate limits.
    rate_limit_memory_keys: int = Field(
        default=100_000,
        ge=100,
        description="Most rate-limit buckets one process keeps in memory; past it, new callers "
        "share one bucket until old windows expire.",
    )
    # Issue #14 item 2 (SECURITY.md RL-2): AniList's burst limiter.
    rate_limit_burst: int | None = Field(
        default=None,
        ge=0,
        description="API requests one caller may make within one second, whatever is left of "
        "`rate_limit`; going over locks it out for a minute like the limit itself. Unset: a "
        "third of the per-minute limit, at least 10 (30 for `90/minute`); 0: no burst limit.",
    )
    # Issue #14 item 2 (SECURITY.md GQ-5, GQ-8): GraphQL introspection and execution time.
    graphql_introspection: bool = Field(
        default=True,
        description="Answer GraphQL introspection (`__schema`, `__type`), which GraphiQL and "
        'client code generators use; `false` refuses it and drops "Did you mean" hints.',
    )
    graphql_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="Longest a GraphQL request may run; past it the request's database work is "
        "cancelled and rolled back and it is answered 503.",
    )
    # Issue #14 item 2 (SECURITY.md RL-3): sign-ups per address (each costs a password hash).
    register_max_per_ip: int = Field(
        default=20,
        ge=1,
        description="Registration attempts one IP address may make per "
        "`login_lockout_seconds`; more are answered 429 until the window has passed.",
    )

    # Issue #14 item 6 (observability): structured logs and Prometheus metrics.
    log_format: Literal["auto", "json", "console"] = Field(
        default="auto",
        description="Log lines as JSON objects (`json`, for log collectors) or a readable "
        "console view (`console`); `auto` picks the console view when stderr is a terminal.",
    )
    access_log: bool = Field(
        default=True,
        description="Log one line per request (method, redacted path, status, duration, SQL "
        "statements, request id).",
    )
    metrics: bool = Field(
        default=False,
        description="Collect Prometheus metrics and serve `/metrics` (to direct loopback "
        "callers, or to holders of `metrics_token`).",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token that opens `/metrics` on the public port to any caller.",
    )
    metrics_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Also serve the metrics on this separate port (bound to `metrics_host`).",
    )
    metrics_host: str = Field(
        default="127.0.0.1", description="Bind address of the separate metrics port."
    )

    # Issue #14 item 7 (scale-out under load): worker supervision.
    worker_healthcheck_seconds: int = Field(
        default=60,
        ge=1,
        description="With several workers: how long a worker may leave the supervisor's health "
        "ping unanswered before it is killed and replaced (uvicorn's own 5 s killed workers "
        "that were only starved of CPU, with every request they were serving).",
    )

    # Issue #14 item 2 (IV-3): one edge guard for every dialect's input.
    max_value_chars: int = Field(
        default=100_000,
        ge=1_000,
        description="Longest single value (path, query or form value, JSON string) accepted; "
        "longer ones get 400 in the dialect's error format before any route runs.",
    )

    @field_validator("rate_limit")
    @classmethod
    def _parse_rate_limit(cls, value: str) -> str:
        """Refuse at start-up a limit the `limits` library cannot read."""
        from limits import parse

        parse(value)  # raises ValueError, which pydantic reports with the setting's name
        return value

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
    def cookies_secure(self) -> bool:
        """Whether cookies get the Secure flag (and the ``__Host-`` prefix)."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.base_url.startswith("https://")

    @property
    def is_sqlite(self) -> bool:
        """Whether the configured database is SQLite (drives dialect-specific SQL such as FTS5)."""
        return self.resolved_database_url.startswith("sqlite")


def get_settings() -> Settings:
    """Build settings from the environment (a function so tests can build their own)."""
    return Settings()
