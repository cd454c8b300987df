"""Alert delivery: stdout, a JSON Lines file, a signed webhook, e-mail; each alert once per channel.

The delivery log (``watch_deliveries``) holds every attempt: an alert is sent to a channel until
one attempt succeeds (at most ``MAX_ATTEMPTS`` cycles), so a watcher killed after the alert fired
but before it was delivered sends it on its next cycle, and never twice after it was sent.
A webhook is a ``POST`` of the alert as JSON, signed with ``X-Redline-Signature: sha256=<hex
HMAC-SHA256 of the body>`` when a secret is configured.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any, TextIO

import httpx

from redline.store.watching import WatchState
from redline.watch.sources import Delivery

MAX_ATTEMPTS = 5
SIGNATURE_HEADER = "X-Redline-Signature"


class DeliveryError(Exception):
    """A channel that did not take an alert (the reason)."""


def signature(secret: str, body: bytes) -> str:
    """The ``X-Redline-Signature`` value of a webhook body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def alert_json(alert: dict[str, Any]) -> str:
    return json.dumps(alert, ensure_ascii=False, sort_keys=True, default=str)


def alert_line(alert: dict[str, Any]) -> str:
    """One human line for stdout and e-mail subjects."""
    return f"ALERT {alert['rule_id']} {alert.get('day') or '-'}: {alert['description']}"


class Deliverer:
    """Sends the store's undelivered alerts to every configured channel."""

    def __init__(
        self,
        channels: list[Delivery],
        stdout: TextIO | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.channels = channels
        self.stdout = stdout
        self.sleep = sleep

    def deliver(self, state: WatchState) -> tuple[int, list[str]]:
        """Deliver what is pending; returns (deliveries made, error messages)."""
        sent = 0
        errors: list[str] = []
        for channel in self.channels:
            since = state.channel_since(channel.name)
            for alert in state.undelivered(channel.name, since, MAX_ATTEMPTS):
                try:
                    self.send(channel, alert)
                    error = None
                    sent += 1
                except DeliveryError as exc:
                    error = str(exc)
                    errors.append(f"deliver {channel.name}: {alert['rule_id']} {alert['key']}: {error}")
                state.delivered(channel.name, alert["rule_id"], alert["key"], error)
        return sent, errors

    def send(self, channel: Delivery, alert: dict[str, Any]) -> None:
        options = channel.options
        if channel.type == "stdout":
            out = self.stdout or sys.stdout
            out.write(alert_line(alert) + "\n")
            out.flush()
        elif channel.type == "jsonl":
            try:
                with open(options["path"], "a", encoding="utf-8") as handle:
                    handle.write(alert_json(alert) + "\n")
            except OSError as exc:
                raise DeliveryError(f"cannot write {options['path']} ({exc})") from exc
        elif channel.type == "webhook":
            self._webhook(options, alert)
        elif channel.type == "email":
            _email(options, alert)
        else:  # pragma: no cover - sources.py admits only the types above
            raise DeliveryError(f"unknown channel type {channel.type}")

    def _webhook(self, options: dict[str, Any], alert: dict[str, Any]) -> None:
        body = alert_json(alert).encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": "redline-watch"}
        secret = options.get("secret") or (
            os.environ.get(options["secret_env"]) if options.get("secret_env") else None
        )
        if options.get("secret_env") and not secret:
            raise DeliveryError(f"${options['secret_env']} (the webhook secret) is not set")
        if secret:
            headers[SIGNATURE_HEADER] = signature(str(secret), body)
        retries = int(options.get("retries", 2))
        backoff = float(options.get("backoff", 1.0))
        problem = ""
        for attempt in range(retries + 1):
            if attempt:
                self.sleep(backoff * 2 ** (attempt - 1))
            try:
                response = httpx.post(
                    options["url"],
                    content=body,
                    headers=headers,
                    timeout=float(options.get("timeout", 10)),
                    follow_redirects=False,
                    trust_env=False,
                )
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if 200 <= response.status_code < 300:
                return
            problem = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                break  # the receiver refuses it: retrying the same body will not help
        raise DeliveryError(f"webhook {options['url']}: {problem}")


def _email(options: dict[str, Any], alert: dict[str, Any]) -> None:
    message = EmailMessage()
    message["From"] = options["from"]
    message["To"] = ", ".join(options["to"])
    message["Subject"] = options.get("subject") or f"[redline] {alert_line(alert)[:150]}"
    lines = [alert_line(alert), ""]
    for event in alert.get("merged_events", []):
        lines.append(
            f"- {event.get('date') or '?'} {event.get('event')} {event.get('actor')} -> "
            f"{event.get('recipient')} ({event.get('sources')} sources): {event.get('best_evidence')}"
        )
    lines += ["", alert_json(alert)]
    message.set_content("\n".join(lines))
    try:
        with smtplib.SMTP(
            options["host"], int(options.get("port", 25)), timeout=float(options.get("timeout", 20))
        ) as smtp:  # noqa: E501
            if options.get("starttls"):
                smtp.starttls()
            if options.get("user"):
                password = os.environ.get(options.get("password_env") or "", "")
                smtp.login(options["user"], password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"e-mail via {options['host']}: {exc}") from exc
