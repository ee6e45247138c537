"""Peak memory of large image uploads through the API, measured in a fresh process by
``benchmarks/thumbnails.py --uploads`` (ru_maxrss above the app's own): one upload holds
little more than its decoded pixels, and concurrent ones take turns
(``IMAGE_DECODE_CONCURRENCY``) instead of each holding its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
SIZE = (4000, 4000)  # RGBA: 61 MiB decoded, a few dozen KB stored
WITHIN = 1.5  # times the decoded size


def large_png(path: Path) -> Path:
    image = Image.new("RGBA", SIZE, (200, 120, 40, 90))
    ImageDraw.Draw(image).ellipse((500, 500, 2500, 3000), fill=(20, 30, 40, 200))
    image.save(path, "PNG")
    return path


def peak_per_decoded(count: int, image: Path, database_uri: str, **settings: str) -> float:
    """Upload ``image`` ``count`` times at once; the peak memory above the app's, as a
    multiple of one decoded image."""
    result = subprocess.run(
        [sys.executable, "benchmarks/thumbnails.py", "--uploads", str(count), str(image)],
        cwd=ROOT, env=os.environ | {"DATABASE_URL": database_uri, **settings},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert measured["statuses"] == [201] * count
    return (measured["peak_kib"] - measured["baseline_kib"]) * 1024 / measured["decoded_bytes"]


def test_one_large_upload_peaks_within_1_5x_its_decoded_size(app, database_uri, tmp_path):
    assert peak_per_decoded(1, large_png(tmp_path / "large.png"), database_uri) <= WITHIN


def test_concurrent_large_uploads_take_turns_instead_of_adding_up(app, database_uri, tmp_path):
    image = large_png(tmp_path / "large.png")
    ratio = peak_per_decoded(4, image, database_uri, IMAGE_DECODE_CONCURRENCY="1")
    assert ratio <= WITHIN
