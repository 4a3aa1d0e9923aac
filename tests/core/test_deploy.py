"""`naikkelas manage check --deploy` passes with the production variables of docs/deploy.md."""

import os
import subprocess
import sys


def _deploy_check(**values):
    """Run the deployment check in a fresh process with ``values`` in its environment
    (an empty value removes the variable)."""
    env = {**os.environ, **values}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    env.pop("DATABASE_URL", None)
    for name, value in values.items():
        if value == "":
            env.pop(name)
    command = [
        sys.executable,
        "-m",
        "naikkelas",
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = _deploy_check(
        SECRET_KEY="a" * 20 + "-production-secret-key-for-the-check-only-" + "z" * 20,
        DEBUG="false",
        NAIKKELAS_HTTPS="true",
        ALLOWED_HOSTS="naikkelas.surakarta.go.id",
        SITE_URL="https://naikkelas.surakarta.go.id",
        NAIKKELAS_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https_settings(tmp_path):
    result = _deploy_check(
        NAIKKELAS_DATA_DIR=str(tmp_path), NAIKKELAS_HTTPS="", DEBUG="", SECRET_KEY=""
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def _database_options(**values):
    env = {**os.environ, "DATABASE_URL": "postgres://naikkelas@db.internal:5432/naikkelas"}
    env.pop("DATABASE_PREPARED", None)
    env.update(values)
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'naikkelas.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(sorted(settings.DATABASES['default'].get('OPTIONS', {}).items()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_prepares_statements_unless_turned_off():
    assert _database_options() == "[('prepare_threshold', 5), ('server_side_binding', True)]"
    assert _database_options(DATABASE_PREPARED="off") == "[]"
