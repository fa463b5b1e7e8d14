def pytest_terminal_summary(terminalreporter):
    from tests.api.fuzz_stats import CASES

    if CASES:
        terminalreporter.write_line(
            f"schemathesis: {len(CASES)} operations, {sum(CASES.values())} cases, every response checked against the schema"
        )
