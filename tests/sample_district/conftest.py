"""Shared fixtures: generated districts, built once per test session."""

from __future__ import annotations

import pytest

from sample_district import GenerationSummary, generate

from .sd_helpers import EFFECTS, SMALL


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> GenerationSummary:
    return generate(tmp_path_factory.mktemp("small"), **SMALL)


@pytest.fixture(scope="session")
def effects(tmp_path_factory: pytest.TempPathFactory) -> GenerationSummary:
    return generate(tmp_path_factory.mktemp("effects"), **EFFECTS)
