"""Structured logs: one JSON object per line (LOG_FORMAT=json, for a log collector), with the request id
that the X-Request-ID response header and the access log carry, so one request is followed across them."""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "status_code")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
