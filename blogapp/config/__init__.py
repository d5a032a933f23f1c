"""Configuration: the defaults live here, in one place.

Each value can be overridden, in this order (later wins):

1. ``instance/config.py`` (per deployment, never committed);
2. environment variables prefixed ``BLOGAPP_``, e.g. ``BLOGAPP_SECRET_KEY``
   or ``BLOGAPP_SQLALCHEMY_DATABASE_URI``; values that parse as JSON
   (numbers, ``true``/``false``) are read as such;
3. the ``test_config`` mapping given to ``create_app`` (tests only).

The defaults are written by area, each documented beside its values
(``web``, ``database``, ``site``, ``caching``, ``comments``, ``mail``, ``commenter_mail``,
``privacy``, ``publishing``, ``observability``) and gathered in ``defaults.Defaults``; ``loading`` fills an
app's config from them, and ``production`` refuses to start a deployment
that lacks what production needs; ``secrets`` reads settings from files
(``BLOGAPP_SECRET_KEY_FILE``...) and the conventional ``DATABASE_URL``.
"""

from .defaults import Defaults
from .loading import load_config
from .production import canonical_url_problem, ensure_canonical_url, ensure_secret_key, is_development, refuse_to_start

__all__ = [
    "Defaults",
    "canonical_url_problem",
    "ensure_canonical_url",
    "ensure_secret_key",
    "is_development",
    "load_config",
    "refuse_to_start",
]
