"""Output that must not drift: a small site compared byte for byte with tests/golden/.
After an intended change run `make golden` and review the diff."""
from __future__ import annotations

import difflib

import pytest

from tests.golden_update import GOLDEN_SITES, HERE, build_golden, golden_files


@pytest.mark.parametrize("name", GOLDEN_SITES)
def test_output_matches_golden(name, tmp_path):
    out = tmp_path / "site"
    build_golden(name, out)
    golden = HERE / "golden" / name
    produced, expected = golden_files(out), golden_files(golden)
    assert produced == expected
    for rel in expected:
        new, old = (out / rel).read_bytes(), (golden / rel).read_bytes()
        if new != old:
            diff = difflib.unified_diff(old.decode(errors="replace").splitlines(), new.decode(errors="replace").splitlines(),
                                        f"golden/{rel}", f"built/{rel}", lineterm="")
            pytest.fail("output drifted from the golden file (run `make golden` if intended):\n" + "\n".join(list(diff)[:80]))
