"""The knowledge base's data files (entries/*.toml, offtopic.toml), shipped with the package so
an installed `value-advisor` finds them from any folder; read by `bot.knowledge`."""
