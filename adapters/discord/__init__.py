"""The Discord adapter: slash commands, embeds and buttons over the platform-neutral core.

`runtime.create_runtime(settings, core)` is what the runner starts; `cli.main` syncs commands
and prints the invite URL. Setup from the developer portal: docs/discord.md.
"""
