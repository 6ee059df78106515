"""The profile split (tests/profile_split.py) runs on both stacks and gives every microsecond a package."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("profile_split.py")


def test_it_prints_a_split_for_each_target_and_path():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--requests", "5", "--posts", "3"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    for heading in ("ninja floor: GET /posts/1", "ninja: GET /api/posts/1", "drf: GET /api/posts?limit=20"):
        assert heading in done.stdout, done.stdout
    assert "  Ninja " in done.stdout and "  DRF " in done.stdout and "implementation code" in done.stdout
