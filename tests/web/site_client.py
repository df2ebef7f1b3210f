"""A gunicorn of the site as a child process, and a plain HTTP client with cookies.

For tests that need the site as it runs in production (settings from the environment,
persistent connections, one worker process) against databases of their own.
"""

import http.client
import os
import secrets
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def site_env(static_root: Path, **settings: str) -> dict:
    """Production settings (DEBUG off) on loopback, plus `settings`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PAGE_CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cableroom.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        RATE_LIMIT_PER_MINUTE="0",
    )
    env.update(settings)
    return env


def manage(env: dict, *commands: list[str]) -> str:
    """Run manage.py commands one after another in one process (Django starts once)."""
    code = (
        "import sys, django; from django.core.management import call_command; "
        "django.setup(); [call_command(*command) for command in eval(sys.argv[1])]"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, repr([list(command) for command in commands])],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {commands} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Site:
    """gunicorn with one worker, so that what it logs is one process's story."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env = env
        self.port = port
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "cableroom.wsgi:application"]
        command += ["--bind", f"{HOST}:{self.port}", "--workers", "1", "--timeout", "120"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_text()}")
            try:
                if Client(self).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log_text()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Response:
    def __init__(self, raw: http.client.HTTPResponse):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read().decode("utf-8", errors="replace")


class Client:
    """One reader: keeps the cookies the site sets (Secure ones too: this is loopback)."""

    def __init__(self, site: Site):
        self.site = site
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]]) -> Response:
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)

    def request(self, method: str, path: str, body=None, headers=None) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(HOST, self.site.port, timeout=60)
        try:
            connection.request(method, path, body, headers)
            response = Response(connection.getresponse())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=Thu, 01 Jan 1970" in header or value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def log_in(self, username: str, password: str) -> None:
        fields = form_fields(self.get("/admin/login/").body, "login-form")
        fields += [("username", username), ("password", password)]
        response = self.post("/admin/login/", fields)
        assert response.status == 302, response.body[:500]


class _FormFields(HTMLParser):
    """What a browser would send for the page's form with method post."""

    def __init__(self, form_id: str | None):
        super().__init__()
        self.form_id = form_id
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = self.form_id in (None, attrs.get("id"))
        elif self.in_form and tag == "input" and attrs.get("name"):
            self._input(attrs)
        elif self.in_form and tag == "select" and attrs.get("name"):
            self.select = (attrs["name"], "multiple" in attrs, [])
        elif self.select is not None and tag == "option":
            self.select[2].append((attrs.get("value", ""), "selected" in attrs))
        elif self.in_form and tag == "textarea" and attrs.get("name"):
            self.textarea, self.text = attrs["name"], ""

    def _input(self, attrs):
        kind = (attrs.get("type") or "text").lower()
        if kind in {"submit", "button", "image", "file", "reset"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in attrs:
            return
        self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # what a browser sends for a single choice
            self.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_fields(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """The fields of the page's post forms, or of the one with id `form_id`."""
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


def replaced(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    assert any(field == name for field, _ in fields), f"the form has no field {name}"
    return [(field, value if field == name else old) for field, old in fields]
