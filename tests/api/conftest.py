def pytest_terminal_summary(terminalreporter):
    from tests.api.fuzz_stats import CASES, NUL_CASES, STATEFUL

    if CASES:
        terminalreporter.write_line(
            f"schemathesis: {len(CASES)} operations, {sum(CASES.values())} cases, every response checked against the schema; "
            f"{NUL_CASES['query']} with a NUL in a query parameter, {NUL_CASES['path']} in a path parameter (all refused with 400)"
        )
    if STATEFUL:
        terminalreporter.write_line(
            f"stateful: {STATEFUL['sequences']} sequences, {STATEFUL['calls']} calls, "
            f"{STATEFUL['links']} through one of the schema's {STATEFUL['schema links']} links"
        )
