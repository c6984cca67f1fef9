"""Gradio's plain HTTP API, as curl uses it: for requests gradio_client will not send (NaN, server paths in a
file payload) and for uploads tried against the app's size cap."""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

from .server import require_loopback


def rest_call(url: str, endpoint: str, data: list, timeout: float = 30.0) -> tuple[str, object]:
    """Call an endpoint over Gradio's plain HTTP API (what curl does), with `data` as the JSON list of inputs
    (json.dumps writes NaN / Infinity literals, which gradio_client refuses to send).
    -> ("complete", outputs) | ("error", message or None) | ("http <code>", body)."""
    require_loopback(url)
    base = url.rstrip("/") + "/gradio_api/call/" + endpoint.strip("/")
    body = json.dumps({"data": data}).encode()
    request = urllib.request.Request(base, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            event_id = json.loads(response.read())["event_id"]
    except urllib.error.HTTPError as error:
        return f"http {error.code}", error.read().decode(errors="replace")
    with urllib.request.urlopen(f"{base}/{event_id}", timeout=timeout) as response:
        stream = response.read().decode(errors="replace")
    event, payload = None, None
    for line in stream.splitlines():  # server-sent events: "event: <name>" then "data: <json>"
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            payload = json.loads(line.split(":", 1)[1])
    if event == "error":
        return "error", (payload or {}).get("error") if isinstance(payload, dict) else payload
    return event or "none", payload


def rest_upload(url: str, path: str | Path, timeout: float = 30.0) -> dict:
    """Upload a file through Gradio's /gradio_api/upload route -> the file payload to pass as an image input
    in `rest_call` data. Raises urllib.error.HTTPError (413 above the app's max_file_size)."""
    require_loopback(url)
    boundary = "genmodels" + hashlib.sha256(str(time.time()).encode()).hexdigest()[:16]
    name = Path(path).name
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + Path(path).read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url.rstrip("/") + "/gradio_api/upload",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        server_path = json.loads(response.read())[0]
    return {"path": server_path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}
