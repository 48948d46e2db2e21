"""The HTTP server `run` uses: `bot.http.WebHost` on aiohttp, registered under the
`value_advisor.web` entry point. It serves the core's /healthz, /readyz, /metrics and every
adapter's routes; no chat adapter imports it (they declare `bot.http.Route`s).

    host.py    AiohttpHost: plain routes served; requests and responses translated
    limits.py  what a reverse proxy would otherwise enforce: connections, timers, body caps
"""
