"""Settings are safe by default, and production refuses to start half configured."""

import os
import subprocess
import sys

from cryptography.fernet import Fernet
from django.db import connection

from minsheng import dbserver


def run_minsheng(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from minsheng.cli import main; main()", *args],
        # The test process allows async-unsafe calls for Playwright; production must not.
        env={k: v for k, v in {**os.environ, **env}.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_environment() -> dict[str, str]:
    settings = connection.settings_dict
    host = settings["HOST"] or dbserver.ensure_running()  # the embedded server's socket
    url = f"postgresql://{settings['USER']}:@/{settings['NAME']}?host={host}"
    if settings["PORT"]:
        url = url.replace("?host=", f"?port={settings['PORT']}&host=")
    return {
        "MINSHENG_PRODUCTION": "1",
        "DATABASE_URL": os.environ.get("DATABASE_URL", url),
        "MINSHENG_SECRET_KEY": "k" * 20 + "-production-secret-key-0123456789abcdefghijklmnop",
        "MINSHENG_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "MINSHENG_ALLOWED_HOSTS": "minsheng.example.org",
    }


def test_check_deploy_is_clean_under_production_settings():
    result = run_minsheng(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_keys_stops_with_a_sentence_not_a_traceback():
    env = production_environment()
    del env["MINSHENG_SECRET_KEY"]
    result = run_minsheng("check", env={**env, "MINSHENG_SECRET_KEY": ""})
    assert result.returncode == 2
    assert "MINSHENG_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_encryption_key_is_a_system_check_error():
    env = {**production_environment(), "MINSHENG_ENCRYPTION_KEY": "not-a-key"}
    result = run_minsheng("check", env=env)
    assert result.returncode != 0
    assert "minsheng.E002" in result.stderr


def test_the_help_lists_the_projects_commands():
    result = run_minsheng("--help", env={})
    assert "import-regions" in result.stdout
    assert "migrate" in result.stdout


def test_map_tiles_from_another_site_are_allowed_as_images_only():
    tiles = "https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}"
    show = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"
    answer = run_minsheng("shell", "-c", show, env={"MINSHENG_MAP_TILES": tiles})
    assert answer.returncode == 0, answer.stderr[-2000:]
    policy = answer.stdout.strip().splitlines()[-1]
    assert "img-src 'self' data: https://*.tianditu.gov.cn;" in policy
    assert policy.count("tianditu") == 1  # scripts, styles and connections stay on this site
    plain = run_minsheng("shell", "-c", show, env={"MINSHENG_MAP_TILES": ""})
    assert "img-src 'self' data:;" in plain.stdout
