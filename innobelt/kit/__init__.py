"""The kit: small helpers every app may import (docs/architecture.md, ADR 0013).

The kit imports Django and third-party libraries only, never an innobelt app: api_auth and
api_errors (the API's authentication and error shape), forms (domain errors onto a form),
request (the client's address, the request id, the loopback guard), admin_scoping (the
operator-scoped admin base, ADR 0008) and spreadsheets (CSV and XLSX downloads, formulas neutralised);
docs/architecture.md lists the rest.
"""
