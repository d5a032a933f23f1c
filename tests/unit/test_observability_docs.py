"""Every observability setting, and every secret that may come from a file, is in the operators' table."""

from __future__ import annotations

from pathlib import Path

from blogapp.config.observability import ObservabilityDefaults
from blogapp.config.secrets import SECRET_FILES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_each_setting_is_documented_for_operators():
    deploy, operations = (DOCS / "deploy.md").read_text(), (DOCS / "operations.md").read_text()
    settings = [name for name in vars(ObservabilityDefaults) if name.isupper()]
    assert settings
    for name in [*settings, *SECRET_FILES, "PROMETHEUS_MULTIPROC_DIR"]:
        assert f"`{name}`" in deploy or f"`BLOGAPP_{name}`" in deploy, f"docs/deploy.md does not describe {name}"
    for name in ("METRICS_ALLOWED", "METRICS_TOKEN", "BLOGAPP_LOG_FORMAT", "/livez", "/readyz"):
        assert name in operations, f"docs/operations.md does not describe {name}"
