"""The team-insights chart on admins' App Home: a PNG the bot draws, uploaded to Slack as a file
and shown by an image block that names it (`slack_file: {id}`), since the bot serves no public
image URL.

Uploaded with the files upload v2 flow (`files.getUploadURLExternal`, the bytes to the returned
URL, `files.completeUploadExternal`; scope `files:write`) and shared with no channel: the file
stays the bot's own, and Slack shows it in the view the bot publishes. One file per workspace
and period is kept and reused while the figures are the same (`chart_digest`); when they change,
the new chart is uploaded and the old file deleted. Remembered in memory: after a restart the
first Home opened uploads once more.

Any failure leaves the chart out and says why in a short note; the Home tab always opens.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.api_errors import ApiErrors, error_code
from bot.insights.chart import chart_digest, chart_legend, render_png
from bot.insights.report import InsightsReport, chart_alt_text, phrase

log = logging.getLogger(__name__)

FILENAME: Final = "team-insights.png"
SCOPE: Final = "files:write"
# Slack's limit for a file's alt text (files.getUploadURLExternal `alt_txt`).
_ALT_TEXT: Final = 1000
# Codes that mean the app may not upload (an install from before `files:write`, a token type)
# or the workspace forbids uploads: retrying as is cannot help, the note says what to do.
_NOT_PERMITTED: Final = frozenset({"missing_scope", "not_allowed_token_type", "no_permission"})
_UPLOADS_OFF: Final = frozenset(
    {"file_uploads_disabled", "file_uploads_except_images_disabled", "file_type_not_allowed"}
)

Problem = Literal["permission", "uploads_off", "failed"]


@dataclass(frozen=True, kw_only=True)
class HomeChart:
    """The chart for one Home view: a file to show, or the reason there is none."""

    file_id: str | None = None
    title: str = ""
    alt_text: str = ""
    legend: str | None = None  # what the marks of a wordless (Arabic) chart mean
    fresh: bool = False  # uploaded for this view: Slack may still be processing it
    problem: Problem | None = None


class HomeCharts:
    def __init__(
        self,
        *,
        api_errors: ApiErrors | None = None,
        # How long to give Slack to process a file it just received before showing it again.
        processing_wait: float = 1.5,
        # After Slack refused even a new file, how long Home goes without the chart instead of
        # uploading (and pausing) on every open.
        refused_pause: float = 900.0,
    ) -> None:
        self._api_errors = api_errors or ApiErrors()
        self.processing_wait = processing_wait
        self._refused_pause = refused_pause
        self._paused: dict[tuple[str, int], float] = {}  # key -> monotonic time to try again
        # (workspace id, days) -> (digest, file id): one live file per workspace and period.
        self._files: dict[tuple[str, int], tuple[str, str]] = {}
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}

    async def chart_for(
        self,
        client: AsyncWebClient,
        report: InsightsReport,
        *,
        bot_scopes: Sequence[str] | None = None,
    ) -> HomeChart:
        """The chart's file for this report; `bot_scopes` (when known, from Slack's
        X-OAuth-Scopes) spares an upload that cannot succeed."""
        key = (report.workspace.workspace_id, report.days)
        digest = chart_digest(report)
        title = phrase("insights.chart.title", report.language)
        alt_text = chart_alt_text(report)
        legend = chart_legend(report)
        if bot_scopes is not None and SCOPE not in bot_scopes:
            return HomeChart(title=title, alt_text=alt_text, problem="permission")
        if self._paused.get(key, 0.0) > time.monotonic():
            return HomeChart(title=title, alt_text=alt_text, problem="failed")
        # Two admins opening Home together upload one file, not two.
        async with self._locks.setdefault(key, asyncio.Lock()):
            known = self._files.get(key)
            if known is not None and known[0] == digest:
                return HomeChart(file_id=known[1], title=title, alt_text=alt_text, legend=legend)
            try:
                png = await asyncio.to_thread(render_png, report)
                response = await client.files_upload_v2(
                    file=png, filename=FILENAME, title=title, alt_txt=alt_text[:_ALT_TEXT]
                )
                file_id = str((response.get("file") or {}).get("id") or "")
                if not file_id:
                    raise SlackRequestError("files.completeUploadExternal named no file")
            except Exception as exc:
                return HomeChart(title=title, alt_text=alt_text, problem=self._failed(exc))
            self._files[key] = (digest, file_id)
        if known is not None:
            await self._delete(client, known[1])
        log.info("insights chart uploaded", extra={"bytes": len(png)})
        return HomeChart(file_id=file_id, title=title, alt_text=alt_text, legend=legend, fresh=True)

    async def refused(
        self, client: AsyncWebClient, report: InsightsReport, chart: HomeChart
    ) -> None:
        """Slack would not show the chart's file: forget it, so a later Home uploads the chart
        again. A file deleted by someone is replaced at the next open; when even a new file was
        refused, the next opens go without the chart for a while."""
        key = (report.workspace.workspace_id, report.days)
        file_id = chart.file_id or ""
        async with self._locks.setdefault(key, asyncio.Lock()):
            if self._files.get(key, ("", ""))[1] == file_id:
                del self._files[key]
            if chart.fresh:
                self._paused[key] = time.monotonic() + self._refused_pause
        await self._delete(client, file_id)

    def _failed(self, exc: Exception) -> Problem:
        self._api_errors.count(exc)
        code = error_code(exc)
        if code is None and not isinstance(exc, SlackRequestError | SlackApiError):
            log.exception("drawing or uploading the insights chart failed")
        else:
            log.warning("insights chart not uploaded", extra={"error": code or type(exc).__name__})
        if code in _NOT_PERMITTED:
            return "permission"
        if code in _UPLOADS_OFF:
            return "uploads_off"
        return "failed"

    async def _delete(self, client: AsyncWebClient, file_id: str) -> None:
        # Best effort: a file left behind is private to the bot and harms nobody.
        try:
            await client.files_delete(file=file_id)
        except Exception as exc:
            self._api_errors.count(exc)
            log.info("old insights chart not deleted", extra={"error": error_code(exc)})
