"""The rehearsal: the bot against the built-in Discord sandbox, playing a shoot day (``make demo``)."""
