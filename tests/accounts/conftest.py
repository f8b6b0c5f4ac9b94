from tests.auth_support import app_client, auth_settings  # noqa: F401
