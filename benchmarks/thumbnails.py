"""Benchmark the thumbnail service against plain Pillow ``thumbnail()`` calls, and its
whole set of image outputs against libvips making the same set.

Usage: python benchmarks/thumbnails.py [--json] [--rounds N]

Generates seeded, photographic-looking images, then times both approaches interleaved in
shuffled rounds, measures each one's peak memory in a fresh child process, and compares the
outputs (PSNR, bytes, dimensions). Then it uploads a small file that decodes huge (a
10000x10000 RGBA PNG of a few hundred KB) through the app, once and 8 times at once, and
measures the process's peak memory. Always exits 0 unless it crashes: it measures, it
doesn't judge.

The peer is libvips (the engine behind sharp, which Strapi, Payload and Directus use),
through pyvips and its binary wheel (the extra ``bench``: ``pip install -e '.[bench]'``).
For each large JPEG, in the same shuffled rounds, both make everything a public site
gets for an image: the four thumbnails in JPEG and in WebP (the same qualities and WebP
effort), a blurred 16-pixel WebP placeholder and a dominant colour. libvips runs two
ways: decoding the whole photo then a cascade of reductions, and its fastest,
``thumbnail_buffer`` (shrink-on-load) then the cascade; the target is against the
faster of the two. Without pyvips the libvips rows read "not measured".
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter


def _load_service():
    """The thumbnail module on its own. Importing it through the package would run the
    package's __init__, which imports Flask: memory that neither approach needs and that
    would blur the peak-memory comparison."""
    path = Path(__file__).resolve().parents[1] / "portfolio_admin" / "services" / "thumbnails.py"
    spec = importlib.util.spec_from_file_location("thumbnails", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["thumbnails"] = module
    spec.loader.exec_module(module)
    return module


_service = _load_service()
JPEG_QUALITY, THUMBNAIL_SIZES = _service.JPEG_QUALITY, _service.THUMBNAIL_SIZES
make_thumbnails = _service.make_thumbnails

MAX_PIXELS = 100_000_000
SEED = 20240607
DEFAULT_ROUNDS = 15
TARGETS = {"speed_12mp": 3.0, "speed_24mp": 4.5, "memory": 1 / 3, "speed_png": 1.6, "psnr": 40.0,
           "upload_memory": 1.5, "vips": 1.0}  # fmt: skip
VIPS_IMAGES = ("12 MP JPEG 4000x3000", "24 MP JPEG 6000x4000")
LARGE_UPLOAD = ("large.png", (10000, 10000))  # RGBA: 400 MB decoded, a few hundred KB stored
CONCURRENT_UPLOADS = 8


def _colour(rnd: random.Random, alpha: int | None = None) -> tuple[int, ...]:
    rgb = tuple(rnd.randrange(256) for _ in range(3))
    return rgb if alpha is None else (*rgb, alpha)


def _noise(rnd: random.Random, size: tuple[int, int]) -> Image.Image:
    return Image.frombytes("L", size, rnd.randbytes(size[0] * size[1]))


def photo(width: int, height: int, seed: int) -> Image.Image:
    """A deterministic RGB image with a photo's mix of gradients, shapes, texture and grain."""
    rnd = random.Random(seed)
    # Composition at 1/16 scale: a two-colour gradient under soft translucent shapes.
    small = (max(width // 16, 8), max(height // 16, 8))
    gradient = Image.linear_gradient("L").resize(small)
    top, bottom = Image.new("RGB", small, _colour(rnd)), Image.new("RGB", small, _colour(rnd))
    img = Image.composite(top, bottom, gradient)
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(40):
        x, y = rnd.randrange(small[0]), rnd.randrange(small[1])
        r = rnd.randrange(2, max(small) // 4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_colour(rnd, rnd.randrange(60, 200)))
    half = (width // 2, height // 2)
    img = img.filter(ImageFilter.GaussianBlur(1)).resize(half, Image.Resampling.BICUBIC)
    # Crisp-edged shapes at 1/2 scale, then texture over all of it with soft light.
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(120):
        corners = rnd.randrange(3, 6)
        points = [(rnd.randrange(half[0]), rnd.randrange(half[1])) for _ in range(corners)]
        if rnd.random() < 0.5:
            draw.polygon(points, fill=_colour(rnd, rnd.randrange(40, 160)))
        else:
            draw.line(points, fill=_colour(rnd, 200), width=rnd.randrange(1, 6))
    # The texture comes in octaves, the coarser the stronger, like a natural scene's spectrum.
    texture = Image.new("L", half, 128)
    for divisor in (4, 16, 64):
        octave = _noise(rnd, (max(width // divisor, 2), max(height // divisor, 2)))
        octave = octave.filter(ImageFilter.GaussianBlur(1)).point(lambda v: 128 + (v - 128) * 4)
        texture = Image.blend(texture, octave.resize(half, Image.Resampling.BICUBIC), 0.5)
    img = ImageChops.soft_light(img, Image.merge("RGB", (texture,) * 3))
    img = img.filter(ImageFilter.GaussianBlur(0.7))  # a lens is never perfectly sharp
    img = img.resize((width, height), Image.Resampling.BICUBIC)
    # Sensor grain at full resolution, about +-8 levels.
    grain = _noise(rnd, (width, height)).point(lambda v: 128 + (v - 128) // 16)
    return ImageChops.add(img, Image.merge("RGB", (grain,) * 3), offset=-128)


IMAGES = {  # name -> (file name, Pillow format, size)
    "12 MP JPEG 4000x3000": ("12mp.jpg", "JPEG", (4000, 3000)),
    "24 MP JPEG 6000x4000": ("24mp.jpg", "JPEG", (6000, 4000)),
    "JPEG 1000x800": ("small.jpg", "JPEG", (1000, 800)),
    "RGBA PNG 1600x1200": ("rgba.png", "PNG", (1600, 1200)),
}


def generate(folder: str) -> None:
    """Write the benchmark's inputs into folder, identical on every run."""
    for seed, (file, fmt, size) in enumerate(IMAGES.values(), SEED):
        img = photo(*size, seed)
        if fmt == "PNG":  # with alpha from a vignette and overlapping translucent discs
            rnd = random.Random(seed)
            alpha = Image.radial_gradient("L").resize(size).point(lambda v: 255 - v)
            draw = ImageDraw.Draw(alpha)
            for _ in range(25):
                x, y, r = rnd.randrange(size[0]), rnd.randrange(size[1]), rnd.randrange(20, 200)
                draw.ellipse((x - r, y - r, x + r, y + r), fill=rnd.randrange(256))
            img.putalpha(alpha.filter(ImageFilter.GaussianBlur(3)))
        img.save(Path(folder) / file, fmt, **({"quality": 90} if fmt == "JPEG" else {}))


def large_png(path: Path, size: tuple[int, int]) -> None:
    """A flat RGBA PNG with a few translucent shapes: tiny on disk, huge once decoded."""
    img = Image.new("RGBA", size, (200, 120, 40, 90))
    draw = ImageDraw.Draw(img)
    rnd = random.Random(SEED)
    for _ in range(12):
        x, y, r = rnd.randrange(size[0]), rnd.randrange(size[1]), rnd.randrange(size[0] // 8)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_colour(rnd, rnd.randrange(256)))
    img.save(path, "PNG")


def plain(source: io.BytesIO | io.BufferedReader, fmt: str) -> list[bytes]:
    """The straightforward way: one decode, then copy() + thumbnail() + save() per size."""
    options = {"quality": JPEG_QUALITY} if fmt == "JPEG" else {}
    with Image.open(source) as im:
        im.load()
        results = []
        for size in THUMBNAIL_SIZES:
            thumb = im.copy()
            thumb.thumbnail((size, size))
            out = io.BytesIO()
            thumb.save(out, fmt, **options)
            results.append(out.getvalue())
    return results


def service(source: io.BytesIO | io.BufferedReader, fmt: str) -> list[bytes]:
    return [t.data for t in make_thumbnails(source, MAX_PIXELS)]


APPROACHES = {"plain": plain, "service": service}


def service_outputs(source: io.BytesIO, _fmt: str) -> list[bytes]:
    """Everything the app makes of an upload: thumbnails in the original format and in
    WebP, the placeholder and the dominant colour (AVIF off, no crops: the defaults)."""
    made = _service.make_image_outputs(source, MAX_PIXELS)
    return [t.data for t in made.thumbnails] + [t.webp for t in made.thumbnails]


def _vips_outputs(top) -> list[bytes]:
    """The same set from libvips, given its largest thumbnail: a cascade down from it,
    each size saved as JPEG and WebP, a blurred 16-pixel placeholder and the mean colour."""
    top = top.copy_memory()  # rendered once; the smaller sizes are made from it
    thumbs = [top]
    for size in sorted(THUMBNAIL_SIZES, reverse=True)[1:]:
        thumbs.append(thumbs[-1].thumbnail_image(size, height=size))
    jpeg = [t.jpegsave_buffer(Q=JPEG_QUALITY, keep="none") for t in thumbs]
    webp = [t.webpsave_buffer(Q=80, effort=4, keep="none") for t in thumbs]
    small = thumbs[-1]
    small.resize(16 / small.width, kernel="linear").gaussblur(0.6).webpsave_buffer(Q=40)
    small.stats()  # per-band means: the colour
    return jpeg[::-1] + webp[::-1]


def vips_decode_all(source: io.BytesIO, _fmt: str) -> list[bytes]:
    """libvips decoding the whole photo, then the cascade."""
    whole = pyvips.Image.new_from_buffer(source.getvalue(), "", access="sequential")
    return _vips_outputs(whole.thumbnail_image(max(THUMBNAIL_SIZES), height=max(THUMBNAIL_SIZES)))


def vips_shrink_on_load(source: io.BytesIO, _fmt: str) -> list[bytes]:
    """libvips at its fastest: ``thumbnail_buffer`` lets the JPEG decoder shrink by 2, 4
    or 8 as it reads, then the cascade."""
    box = max(THUMBNAIL_SIZES)
    return _vips_outputs(pyvips.Image.thumbnail_buffer(source.getvalue(), box, height=box))


try:
    import pyvips
except (ImportError, OSError):  # not installed, or its library is missing
    pyvips = None
OUTPUT_SETS = {"service_all": service_outputs}
if pyvips is not None:
    OUTPUT_SETS |= {"vips_whole": vips_decode_all, "vips_shrink": vips_shrink_on_load}


def psnr(a: bytes, b: bytes) -> float:
    """Peak signal-to-noise ratio in dB between two encoded images of the same size and mode."""
    with Image.open(io.BytesIO(a)) as x, Image.open(io.BytesIO(b)) as y:
        mode = "RGBA" if "A" in x.getbands() else "RGB"
        diff = ImageChops.difference(x.convert(mode), y.convert(mode))
    histogram = diff.histogram()
    squared = sum(count * (i % 256) ** 2 for i, count in enumerate(histogram))
    mse = squared / (diff.width * diff.height * len(mode))
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def psnr_floor(data: bytes, fmt: str, box: int) -> float:
    """PSNR of plain's output against plain's own output from pixels nudged by one level.

    Lossy re-encoding turns even that into visible differences, so no pipeline whose pixels
    are not identical to plain's can expect to score much above this.
    """
    options = {"quality": JPEG_QUALITY} if fmt == "JPEG" else {}
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        im.thumbnail((box, box))
    rnd = random.Random(SEED)
    nudge = _noise(rnd, im.size).point(lambda v: 127 + (0, 1, 1, 2)[v % 4])  # -1, 0, 0 or +1
    nudged = ImageChops.add(im, Image.merge(im.mode, (nudge,) * len(im.getbands())), offset=-128)
    encoded = []
    for pixels in (im, nudged):
        out = io.BytesIO()
        pixels.save(out, fmt, **options)
        encoded.append(out.getvalue())
    return psnr(*encoded)


def child(approach: str, path: str, fmt: str) -> None:
    """Run one approach once in this fresh process and print its peak memory in KiB."""
    Image.init()  # plugin imports belong to the baseline, as the package imports do
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(path, "rb") as source:
        APPROACHES[approach](source, fmt)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_kib": peak, "baseline_kib": baseline}))


def _memory_kib(field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (its peak) of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def upload_child(count: int, path: str) -> None:
    """Upload ``path`` ``count`` times at once through the app, in this fresh process, and
    print its peak memory in KiB, above what the app held after a warm-up upload.

    The app is the real one (API, test client, a fresh SQLite database unless
    ``DATABASE_URL`` is set), with the settings the environment gives. The peak is
    VmHWM, reset before the uploads: unlike ru_maxrss, it owes nothing to the parent.
    """
    from flask_migrate import upgrade

    from portfolio_admin import create_app
    from portfolio_admin.models.base import db
    from portfolio_admin.services import tokens, users

    with tempfile.TemporaryDirectory() as tmp:
        settings = {
            "INSTANCE_PATH": f"{tmp}/instance",
            "SECRET_KEY": "benchmark-" + "k" * 40,
            "MEDIA_ROOT": f"{tmp}/media",
            "RESPONSE_CACHE": False,
        }
        if not os.environ.get("DATABASE_URL"):
            settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp}/benchmark.sqlite3"
        app = create_app(settings)
        with app.app_context():
            upgrade()
            name = f"bench-{os.getpid()}"  # unique on a database that outlives the run
            user = users.create_user(name, "a-sturdy-load-test-key", is_admin=True)
            _, key = tokens.create_token(user, "benchmark")
            db.session.commit()
        headers = {"Authorization": f"Token {key}"}
        data = Path(path).read_bytes()

        def upload(content: bytes, statuses: list) -> None:
            form = {"f": (io.BytesIO(content), Path(path).name)}
            response = app.test_client().post("/api/media/", data=form, headers=headers)
            statuses.append(response.status_code)

        warm_up = io.BytesIO()
        Image.new("RGBA", (600, 400), (1, 2, 3, 4)).save(warm_up, "PNG")
        upload(warm_up.getvalue(), [])
        Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
        baseline = _memory_kib("VmRSS")
        statuses: list[int] = []
        threads = [threading.Thread(target=upload, args=(data, statuses)) for _ in range(count)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        peak = _memory_kib("VmHWM")
        with app.app_context():
            db.engine.dispose()
    with Image.open(path) as im:
        decoded = im.width * im.height * len(im.getbands())
    print(json.dumps({"peak_kib": peak, "baseline_kib": baseline, "decoded_bytes": decoded,
                      "seconds": round(seconds, 2), "statuses": statuses}))  # fmt: skip


def _self(*args: str) -> str:
    command = [sys.executable, __file__, *args]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def run(rounds: int) -> dict:
    started = time.perf_counter()
    report: dict = {"rounds": rounds, "images": {}}
    with tempfile.TemporaryDirectory() as tmp:
        # Linux carries a parent's peak RSS into a child's ru_maxrss, so the children are
        # started while this process is still small: generate and measure memory first.
        _self("--generate", tmp)
        report["generate_s"] = round(time.perf_counter() - started, 2)
        memory = {
            (name, a): json.loads(_self("--child", a, str(Path(tmp) / file), fmt))
            for name, (file, fmt, _) in IMAGES.items()
            for a in APPROACHES
        }
        large = str(Path(tmp) / LARGE_UPLOAD[0])
        report["uploads"] = {
            count: _upload_figures(json.loads(_self("--uploads", str(count), large)))
            for count in (1, CONCURRENT_UPLOADS)
        }
        images = {name: (Path(tmp, f).read_bytes(), fmt) for name, (f, fmt, _) in IMAGES.items()}

    approaches = APPROACHES | OUTPUT_SETS
    pairs = [(name, approach) for name in images for approach in APPROACHES]
    pairs += [(name, approach) for name in VIPS_IMAGES for approach in OUTPUT_SETS]
    times: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
    outputs: dict[tuple[str, str], list[bytes]] = {}
    rnd = random.Random(SEED)
    for round_no in range(rounds + 1):  # round 0 warms caches and is not counted
        rnd.shuffle(pairs)
        for name, approach in pairs:
            data, fmt = images[name]
            t0 = time.perf_counter()
            outputs[name, approach] = approaches[approach](io.BytesIO(data), fmt)
            if round_no:
                times[name, approach].append(time.perf_counter() - t0)

    for name, (data, fmt) in images.items():
        plain_out, service_out = outputs[name, "plain"], outputs[name, "service"]
        plain_ms = statistics.median(times[name, "plain"]) * 1000
        service_ms = statistics.median(times[name, "service"]) * 1000
        # The best round too: on a shared machine, other work slows some rounds, and a
        # parallel encode only helps while a second core is free.
        plain_best, service_best = (min(times[name, a]) * 1000 for a in ("plain", "service"))
        dims_ok = True
        for size, p, s in zip(THUMBNAIL_SIZES, plain_out, service_out, strict=True):
            with Image.open(io.BytesIO(p)) as pi, Image.open(io.BytesIO(s)) as si:
                dims_ok &= pi.size == si.size and max(pi.size) <= size
        plain_mem, service_mem = memory[name, "plain"], memory[name, "service"]
        report["images"][name] = {
            "input_bytes": len(data),
            "plain_ms": round(plain_ms, 1),
            "service_ms": round(service_ms, 1),
            "speedup": round(plain_ms / service_ms, 2),
            "plain_best_ms": round(plain_best, 1),
            "service_best_ms": round(service_best, 1),
            "speedup_best": round(plain_best / service_best, 2),
            "plain_peak_mib": round(plain_mem["peak_kib"] / 1024, 1),
            "service_peak_mib": round(service_mem["peak_kib"] / 1024, 1),
            "plain_net_mib": _net_mib(plain_mem),
            "service_net_mib": _net_mib(service_mem),
            # None where the outputs are identical (infinite PSNR, which JSON cannot carry)
            "psnr_1080_db": _db(psnr(plain_out[3], service_out[3])),
            "psnr_512_db": _db(psnr(plain_out[2], service_out[2])),
            "psnr_floor_1080_db": _db(psnr_floor(data, fmt, 1080)),
            "psnr_floor_512_db": _db(psnr_floor(data, fmt, 512)),
            "plain_bytes": sum(map(len, plain_out)),
            "service_bytes": sum(map(len, service_out)),
            "dimensions_exact": dims_ok,
        }
    report["outputs"] = {name: _output_figures(name, times, outputs) for name in VIPS_IMAGES}
    report["targets"] = targets(report["images"], report["uploads"], report["outputs"])
    report["total_s"] = round(time.perf_counter() - started, 1)
    return report


def _output_figures(name: str, times: dict, outputs: dict) -> dict:
    """The whole set of outputs for ``name``: median milliseconds of the service and of
    libvips each way (None when not measured), and the PSNR of the service's 1080 and
    512 JPEG thumbnails against plain Pillow's."""
    ms = {a: round(statistics.median(times[name, a]) * 1000, 1) if times.get((name, a)) else None
          for a in ("service_all", "vips_whole", "vips_shrink")}  # fmt: skip
    vips = [v for v in (ms["vips_whole"], ms["vips_shrink"]) if v is not None]
    plain_out, service_out = outputs[name, "plain"], outputs[name, "service_all"]
    return {
        "service_ms": ms["service_all"],
        "vips_whole_ms": ms["vips_whole"],
        "vips_shrink_ms": ms["vips_shrink"],
        "ratio_to_vips_best": round(ms["service_all"] / min(vips), 2) if vips else None,
        "psnr_db": _db(min(psnr(plain_out[i], service_out[i]) for i in (2, 3))),
        "webp_bytes": sum(map(len, service_out[len(THUMBNAIL_SIZES) :])),
    }


def _upload_figures(measured: dict) -> dict:
    net = (measured["peak_kib"] - measured["baseline_kib"]) * 1024
    return {
        "decoded_mib": round(measured["decoded_bytes"] / 2**20, 1),
        "peak_mib": round(measured["peak_kib"] / 1024, 1),
        "net_mib": round(net / 2**20, 1),
        "net_per_decoded": round(net / measured["decoded_bytes"], 2),
        "seconds": measured["seconds"],
        "statuses": measured["statuses"],
    }


def _db(value: float) -> float | None:
    return None if math.isinf(value) else round(value, 2)


def _show_db(value: float | None) -> str:
    return "identical" if value is None else f"{value} dB"


def _net_mib(memory: dict[str, int]) -> float:
    return round((memory["peak_kib"] - memory["baseline_kib"]) / 1024, 1)


def targets(images: dict[str, dict], uploads: dict[int, dict], outputs: dict) -> list[dict]:
    big, huge, png = (
        images["12 MP JPEG 4000x3000"],
        images["24 MP JPEG 6000x4000"],
        images["RGBA PNG 1600x1200"],
    )
    scores = [i[key] for i in images.values() for key in ("psnr_1080_db", "psnr_512_db")]
    worst_psnr = min((s for s in scores if s is not None), default=None)
    memory = [i["service_net_mib"] / i["plain_net_mib"] for i in (big, huge)]
    raw = max(i["service_peak_mib"] / i["plain_peak_mib"] for i in (big, huge))
    rows = [
        ("12 MP JPEG >= 3x faster", big["speedup"], big["speedup"] >= TARGETS["speed_12mp"]),
        ("24 MP JPEG >= 4.5x faster", huge["speedup"], huge["speedup"] >= TARGETS["speed_24mp"]),
        (
            f"large JPEG peak memory <= 1/3 of plain, above imports (raw RSS ratio {raw:.2f})",
            round(max(memory), 3),
            max(memory) <= TARGETS["memory"],
        ),
        ("RGBA PNG >= 1.6x faster", png["speedup"], png["speedup"] >= TARGETS["speed_png"]),
        (
            "RGBA PNG output no larger",
            png["service_bytes"] - png["plain_bytes"],
            png["service_bytes"] <= png["plain_bytes"],
        ),
        ("PSNR of 1080 and 512 >= 40 dB", worst_psnr, (worst_psnr or math.inf) >= TARGETS["psnr"]),
        (
            "dimensions exact",
            all(i["dimensions_exact"] for i in images.values()),
            all(i["dimensions_exact"] for i in images.values()),
        ),
        (
            "one large upload's peak memory <= 1.5x its decoded size",
            uploads[1]["net_per_decoded"],
            uploads[1]["net_per_decoded"] <= TARGETS["upload_memory"],
        ),
    ]
    for name, o in outputs.items():
        ratio = o["ratio_to_vips_best"]
        rows.append((f"{name[:5]} all outputs <= 1.0x libvips' best time", ratio,
                     ratio is not None and ratio <= TARGETS["vips"]))  # fmt: skip
        rows.append((f"{name[:5]} all outputs PSNR >= 40 dB", o["psnr_db"],
                     (o["psnr_db"] or math.inf) >= TARGETS["psnr"]))  # fmt: skip
    return [{"target": t, "value": v, "pass": bool(p)} for t, v, p in rows]


def print_report(report: dict) -> None:
    rounds, generated = report["rounds"], report["generate_s"]
    print(f"thumbnail benchmark: {rounds} rounds; inputs generated in {generated} s")
    rows = (
        ("median time (ms)", "plain_ms", "service_ms", "speedup {:.2f}x"),
        ("best time (ms)", "plain_best_ms", "service_best_ms", "speedup {:.2f}x"),
        ("peak RSS (MiB)", "plain_peak_mib", "service_peak_mib", "fresh process ru_maxrss"),
        ("  above imports", "plain_net_mib", "service_net_mib", "ratio {:.3f} (imports alike)"),
        ("output bytes", "plain_bytes", "service_bytes", "difference {:+d}"),
    )
    for name, r in report["images"].items():
        print(f"\n{name} ({r['input_bytes'] / 1e6:.1f} MB)      plain     service")
        for label, plain_key, service_key, note in rows:
            plain_value, service_value = r[plain_key], r[service_key]
            extra = {
                "plain_ms": r["speedup"],
                "plain_best_ms": r["speedup_best"],
                "plain_net_mib": service_value / max(plain_value, 0.1),
                "plain_bytes": service_value - plain_value,
            }.get(plain_key)
            print(f"  {label:<18}{plain_value:>10}  {service_value:>10}   {note.format(extra)}")
        scores = [_show_db(r[f"psnr_{k}_db"]) for k in ("1080", "512", "floor_1080", "floor_512")]
        print(f"  PSNR vs plain       1080: {scores[0]}   512: {scores[1]}")
        print(f"    one-level floor   1080: {scores[2]}   512: {scores[3]}")
        print(f"  dimensions equal plain thumbnail(): {r['dimensions_exact']}")
    print("\nall outputs (4 JPEG + 4 WebP thumbnails, placeholder, colour), median ms")
    for name, o in report["outputs"].items():
        vips = [
            ("libvips whole", o["vips_whole_ms"]),
            ("libvips shrink-on-load", o["vips_shrink_ms"]),
        ]
        shown = "   ".join(f"{label} {'not measured' if v is None else v}" for label, v in vips)
        ratio = o["ratio_to_vips_best"]
        print(f"  {name}: service {o['service_ms']}   {shown}   ratio to best {ratio}")
    print(f"\nuploads of a {LARGE_UPLOAD[1][0]}x{LARGE_UPLOAD[1][1]} RGBA PNG through the app")
    for count, u in report["uploads"].items():
        print(f"  {count} at once: peak RSS {u['peak_mib']} MiB, {u['net_mib']} MiB above the app "
              f"({u['net_per_decoded']}x the {u['decoded_mib']} MiB decoded), "
              f"{u['seconds']} s, statuses {sorted(set(u['statuses']))}")  # fmt: skip
    print("\ntargets")
    for t in report["targets"]:
        print(f"  {'PASS' if t['pass'] else 'FAIL'}  {t['target']}: {t['value']}")
    print(f"\ntotal {report['total_s']} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--uploads", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate)
        large_png(Path(args.generate) / LARGE_UPLOAD[0], LARGE_UPLOAD[1])
        return
    if args.uploads:
        upload_child(int(args.uploads[0]), args.uploads[1])
        return
    if args.child:
        child(*args.child)
        return
    report = run(max(args.rounds, 1))
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
