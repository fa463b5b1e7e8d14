import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from innobelt.ops.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def test_a_record_is_one_json_line_with_the_request_id():
    record = logging.LogRecord("innobelt.test", logging.ERROR, __file__, 1, "booking %s refused: 满", ("42",), None)
    record.request_id = "abc123"
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line  # one line per record, the traceback's newlines escaped
    entry = json.loads(line)
    assert entry["message"] == "booking 42 refused: 满" and entry["request_id"] == "abc123"
    assert entry["level"] == "ERROR" and "ValueError: boom" in entry["exception"]


@pytest.mark.django_db
def test_log_format_json_is_what_the_server_writes(tmp_path):
    """LOG_FORMAT=json, as production sets it, puts the JSON formatter on the console handler."""
    code = (
        "import django, logging; django.setup();"
        "h = logging.getLogger().handlers[0]; print(type(h.formatter).__name__)"
    )
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "innobelt.settings", "INNOBELT_EMBEDDED": "true",
           "INNOBELT_VAR_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "JsonFormatter"
    assert Client().get("/healthz")["X-Request-ID"]
