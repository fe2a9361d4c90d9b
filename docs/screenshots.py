"""The README's screenshots: the seeds in a throw-away SQLite database, served by Django's
development server, each page shot by Debian's Chromium at desktop (1280x900) and phone
(390x844) width into docs/screenshots/<name>-<width>.png.

    make screenshots

Only the seeds appear: no made-up wording in a picture a reader could take for the record."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "overview": "/",
    "matrix": "/matrix/",
    "provision": "/provisions/isf-mandate/",
    "party": "/parties/USA/",
    "vote": "/negotiations/us-draft-gaza-2025/projection/",
    "timeline": "/negotiations/us-draft-gaza-2025/timeline/",
    "drafts": "/negotiations/us-draft-gaza-2025/drafts/",
    "methodology": "/methodology/",
    "changes": "/changes/",
    "search": "/search/?q=force",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(database: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input", "-v0"], ["load_seeds"]):
        subprocess.run(manage + command, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The development server did not start.")


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = serve(str(Path(folder) / "shots.sqlite3"), port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                    args=["--no-sandbox", "--disable-gpu"],
                )
                for name in names or list(PAGES):
                    for width, viewport in WIDTHS.items():
                        page = browser.new_page(viewport=viewport)
                        response = page.goto(f"http://127.0.0.1:{port}{PAGES[name]}")
                        if response is None or response.status != 200:
                            print(f"{name}: {response and response.status}, not shot")
                            page.close()
                            break
                        page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=False)
                        page.close()
                        print(f"docs/screenshots/{name}-{width}.png")
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main(sys.argv[1:])
