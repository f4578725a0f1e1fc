"""Where the bank-format test fixtures are: valid banks, banks with structural errors (which the
JSON Schema rejects too) and banks with errors only the loader can see."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
STRUCTURAL = sorted((FIXTURES / "structural").glob("*.yaml"))
SEMANTIC = sorted((FIXTURES / "semantic").glob("*.yaml"))
