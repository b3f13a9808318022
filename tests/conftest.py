import pytest

import deinfluence_detect as dd


@pytest.fixture(scope="session")
def det() -> dd.Detector:
    return dd.Detector()


def categories(report) -> set[str]:
    return {f.category for f in report.findings}
