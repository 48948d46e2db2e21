"""Slack adapter: bolt's AsyncApp translating Slack events into core calls, and core replies
into Block Kit.

    runtime.py       create_runtime(settings, core): HTTP, Socket Mode or OAuth; start/stop
    app.py           builds the AsyncApp and registers the listeners
    conversation.py  what each listener does, in Slack terms (ask, reply, vote, profile)
    blocks.py        replies rendered as Block Kit, within Slack's limits
    modal.py         the profile form: build the modal, parse a submission
    safety.py        user text made inert (no @channel, no pings)
    installation.py  OAuth installation and state stores in SQLite
    reminders.py     the weekly reminder poster
    admins.py        who may edit (users.info: admins and owners), briefly cached
    inflight.py      work still running after the ack: bounded, and drained on stop
    restarting.py    acks while starting or stopping: 503 for events, a notice otherwise
    api_errors.py    failed Web API calls counted for /metrics, by Slack's error code
    manifest.yaml    the app manifest (docs/slack.md walks through it)
"""
