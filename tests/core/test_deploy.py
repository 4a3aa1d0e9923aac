"""`naikkelas manage check --deploy` passes with the production variables of docs/deploy.md."""

import os
import subprocess
import sys


def _environment(**values):
    env = {**os.environ, **values}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    env.pop("DATABASE_URL", None)
    return env


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = _environment(
        **{
            "SECRET_KEY": "a" * 20 + "-production-secret-key-for-the-check-only-" + "z" * 20,
            "DEBUG": "false",
            "NAIKKELAS_HTTPS": "true",
            "ALLOWED_HOSTS": "naikkelas.surakarta.go.id",
            "SITE_URL": "https://naikkelas.surakarta.go.id",
            "NAIKKELAS_DATA_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "naikkelas",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https_settings(tmp_path):
    env = {**os.environ, "NAIKKELAS_DATA_DIR": str(tmp_path), "NAIKKELAS_HTTPS": "", "DEBUG": ""}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "naikkelas",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
